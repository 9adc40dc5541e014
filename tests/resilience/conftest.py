"""Fixtures for the resilience tests: one migrated database on the engine CI uses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.database import Database
from tests.resilience.support import crash_database


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    """PostgreSQL when KINDLING_TEST_POSTGRES_URL is set (as in CI), else SQLite; migrated to head."""
    async with crash_database(tmp_path) as url:
        db = Database(url)
        await db.upgrade()
        try:
            yield db
        finally:
            await db.close()
