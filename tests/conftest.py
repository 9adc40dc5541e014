"""Fixtures shared by the whole suite. Storage-touching tests run once on SQLite and once on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.storage.database import Database
from tests.support.console_driver import ConsoleDriver
from tests.support.databases import scratch_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
async def empty_database_url(database_kind: str, tmp_path: Path) -> AsyncIterator[str]:
    async with scratch_database(database_kind, tmp_path) as url:
        yield url


@pytest.fixture
async def database(empty_database_url: str) -> AsyncIterator[Database]:
    db = Database(empty_database_url)
    await db.upgrade()
    try:
        yield db
    finally:
        await db.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def console(database: Database, clock: ManualClock) -> ConsoleDriver:
    return ConsoleDriver(database=database, clock=clock)
