"""Scratch databases for tests: a fresh SQLite file or a fresh PostgreSQL database, each migrated to head.

PostgreSQL comes from KINDLING_TEST_POSTGRES_URL. Without it the PostgreSQL half of the suite is skipped,
except under CI=true, where its absence fails the run: CI must prove both engines.
"""

from __future__ import annotations

import os
import shutil
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


class MigratedTemplates:
    """One database per engine migrated to head once per test session; each test gets a copy.

    Copying (PostgreSQL's CREATE DATABASE ... TEMPLATE, or a file copy for SQLite) is several times
    faster than migrating every test's database from empty."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._sqlite: Path | None = None
        self._postgres: str | None = None

    async def copy(self, kind: str, tmp_path: Path) -> str:
        if kind == "sqlite":
            if self._sqlite is None:
                self._sqlite = await self._migrate_sqlite()
            target = tmp_path / f"kindling-{uuid.uuid4().hex[:8]}.db"
            shutil.copyfile(self._sqlite, target)
            return f"sqlite+aiosqlite:///{target}"
        base = postgres_base_url()
        assert base is not None
        if self._postgres is None:
            self._postgres = await self._migrate_postgres(base)
        name = f"kindling_test_{uuid.uuid4().hex[:12]}"
        admin = await asyncpg.connect(_asyncpg_dsn(base), timeout=10)
        try:
            await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self._postgres}"')
        finally:
            await admin.close()
        return make_url(base).set(database=name).render_as_string(hide_password=False)

    async def drop(self, kind: str, url: str) -> None:
        if kind == "postgres":
            await _drop_postgres(make_url(url).database or "")

    async def close(self) -> None:
        if self._postgres is not None:
            await _drop_postgres(self._postgres)

    async def _migrate_sqlite(self) -> Path:
        from bot.storage.database import Database

        path = self.directory / "template.db"
        database = Database(f"sqlite+aiosqlite:///{path}")
        await database.upgrade()
        await database.close()
        return path

    async def _migrate_postgres(self, base: str) -> str:
        from bot.storage.database import Database

        name = f"kindling_template_{uuid.uuid4().hex[:12]}"
        admin = await asyncpg.connect(_asyncpg_dsn(base), timeout=10)
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        database = Database(make_url(base).set(database=name).render_as_string(hide_password=False))
        await database.upgrade()
        await database.close()
        return name


async def _drop_postgres(name: str) -> None:
    base = os.environ.get(POSTGRES_ENV)
    if not base or not name:
        return
    admin = await asyncpg.connect(_asyncpg_dsn(base), timeout=10)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
