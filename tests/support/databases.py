"""Scratch databases for tests: a fresh SQLite file or a fresh PostgreSQL database, each migrated to head.

PostgreSQL comes from KINDLING_TEST_POSTGRES_URL. Without it the PostgreSQL half of the suite is skipped,
except under CI=true, where its absence fails the run: CI must prove both engines.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

POSTGRES_ENV = "KINDLING_TEST_POSTGRES_URL"


def postgres_base_url() -> str | None:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail(f"{POSTGRES_ENV} is not set: under CI the suite must run on PostgreSQL too")
    pytest.skip(f"{POSTGRES_ENV} not set: PostgreSQL half of the suite skipped")


def _asyncpg_dsn(sqlalchemy_url: str) -> str:
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


@asynccontextmanager
async def scratch_postgres() -> AsyncIterator[str]:
    base = postgres_base_url()
    assert base is not None
    name = f"kindling_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = await asyncpg.connect(_asyncpg_dsn(base), timeout=10)
    except (OSError, asyncpg.PostgresError) as error:
        pytest.fail(f"PostgreSQL at {POSTGRES_ENV} is not reachable: {error}")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        admin = await asyncpg.connect(_asyncpg_dsn(base), timeout=10)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@asynccontextmanager
async def scratch_database(kind: str, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of an empty database of `kind` ("sqlite" or "postgres"), removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / f'kindling-{uuid.uuid4().hex[:8]}.db'}"
        return
    async with scratch_postgres() as url:
        yield url
