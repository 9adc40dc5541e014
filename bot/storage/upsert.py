"""INSERT ... ON CONFLICT in the dialect of the session's database (SQLite and PostgreSQL both have it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


def insert_for(session: AsyncSession) -> Any:
    """`sqlalchemy.dialects.<dialect>.insert` for this session: both have `on_conflict_do_*`."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
