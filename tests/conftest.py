"""Fixtures shared by the whole suite. Storage-touching tests run once on SQLite and once on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.storage.database import Database
from tests.support.console_driver import ConsoleDriver
from tests.support.databases import MigratedTemplates, scratch_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
async def empty_database_url(database_kind: str, tmp_path: Path) -> AsyncIterator[str]:
    async with scratch_database(database_kind, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def migrated_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MigratedTemplates]:
    templates = MigratedTemplates(tmp_path_factory.mktemp("templates"))
    yield templates
    asyncio.run(templates.close())


@pytest.fixture
async def database(
    database_kind: str, tmp_path: Path, migrated_templates: MigratedTemplates
) -> AsyncIterator[Database]:
    """A database of its own for this test, already at the newest schema."""
    url = await migrated_templates.copy(database_kind, tmp_path)
    db = Database(url)
    try:
        yield db
    finally:
        await db.close()
        await migrated_templates.drop(database_kind, url)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def console(database: Database, clock: ManualClock) -> ConsoleDriver:
    return ConsoleDriver(database=database, clock=clock)
