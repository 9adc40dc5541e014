"""The core as the composition root builds it, for tests: the real registry, turns, Kindling and due work."""

from __future__ import annotations

from bot.clock import Clock
from bot.settings import Settings
from bot.storage.database import Database
from kindling_cli.wiring import Core, build_core


def test_core(database: Database, clock: Clock, **settings: object) -> Core:
    return build_core(Settings(database_url=database.url, **settings), database=database, clock=clock)  # type: ignore[arg-type]


test_core.__test__ = False  # type: ignore[attr-defined]  # a builder, not a test
