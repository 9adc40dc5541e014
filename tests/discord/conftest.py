"""Fixtures for the Discord adapter's tests: the fake Discord (REST + gateway on 127.0.0.1) and the spec."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.storage.database import Database
from tests.discord.harness import Adapter, running_adapter, spec_problems
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.discord_spec import SPEC_PATH, DiscordSpec, discord_spec_or_skip, load_discord_spec


@pytest.fixture
async def loop_errors() -> AsyncIterator[list[dict[str, Any]]]:
    """Anything reported to the loop's exception handler (e.g. 'Unclosed client session')."""
    loop = asyncio.get_running_loop()
    errors: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    yield errors
    loop.set_exception_handler(previous)


@pytest.fixture
async def fake(loop_errors: list[dict[str, Any]]) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as fake_discord, fake_discord.patch_discord_py():
        yield fake_discord
    assert fake_discord.handler_errors == []
    if SPEC_PATH.is_file():  # every request any test made matches Discord's OpenAPI description
        assert spec_problems(load_discord_spec(), fake_discord.requests) == []
    gc.collect()
    await asyncio.sleep(0)
    assert loop_errors == [], loop_errors
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
    assert leftovers == [], leftovers


@pytest.fixture
def spec() -> DiscordSpec:
    return discord_spec_or_skip()


@pytest.fixture
async def adapter(fake: FakeDiscord, database: Database, clock: ManualClock) -> AsyncIterator[Adapter]:
    async with running_adapter(fake, database=database, clock=clock) as running:
        yield running
