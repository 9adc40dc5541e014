"""The Discord adapter stays up: a first gateway connect that fails is retried with backoff, a server whose
command sync fails does not keep /kindling from the others, and only a misconfiguration ends the run."""

from __future__ import annotations

import asyncio
import logging

import discord
import discord.backoff
import pytest
from pydantic import SecretStr

from adapters.discord.runtime import DiscordAdapter
from adapters.discord.supervisor import Backoff, is_fatal
from bot import metrics
from bot.clock import ManualClock
from bot.settings import Settings
from bot.storage.database import Database
from tests.discord.harness import GUILD_COMMANDS, WAIT, running_adapter, settings_for
from tests.fakes.discord_server import FakeDiscord, default_guild
from tests.support.core import test_core

QUICK = Backoff(base=0.01, cap=0.05)


def _adapter(settings: Settings, database: Database, clock: ManualClock) -> DiscordAdapter:
    core = test_core(database, clock)
    return DiscordAdapter(
        settings=settings,
        intake=core.intake("discord"),
        registry=core.registry,
        guild_ready_timeout=0.05,
        backoff=QUICK,
    )


def _reconnects() -> float:
    return (
        metrics.REGISTRY.get_sample_value("kindling_gateway_reconnects_total", {"platform": "discord"}) or 0.0
    )


@pytest.fixture
def no_library_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """discord.py waits up to 2 s (at random) before its own retry; the failure that follows is the same."""
    monkeypatch.setattr(discord.backoff.ExponentialBackoff, "delay", lambda _self: 0.0)


async def test_a_first_gateway_connect_that_fails_is_retried_and_kindling_keeps_running(
    fake: FakeDiscord,
    database: Database,
    clock: ManualClock,
    no_library_backoff: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake.refuse_gateway(times=2)  # discord.py then reads `self.ws.sequence` with `ws` still None
    before = _reconnects()
    stop = asyncio.Event()
    with caplog.at_level(logging.WARNING, logger="adapters.discord.supervisor"):
        adapter = _adapter(settings_for(fake), database, clock)
        running = asyncio.create_task(adapter.run(stop))
        try:
            await fake.wait_for_requests("PUT", GUILD_COMMANDS, 1, timeout=WAIT)
            assert not running.done()
        finally:
            stop.set()
            await asyncio.wait_for(running, timeout=WAIT)
    assert running.result() is None
    assert [c.get("refused") for c in fake.gateway_connects] == ["503", "503", None]
    assert _reconnects() == before + 2
    assert any("'NoneType' object has no attribute 'sequence'" in r.getMessage() for r in caplog.records)


async def test_a_refused_token_ends_the_run_with_the_reason(
    fake: FakeDiscord, database: Database, clock: ManualClock
) -> None:
    settings = settings_for(fake).model_copy(update={"discord_token": SecretStr("not-the-token")})
    with pytest.raises(discord.LoginFailure):
        await asyncio.wait_for(_adapter(settings, database, clock).run(asyncio.Event()), timeout=WAIT)


def test_only_misconfiguration_is_fatal() -> None:
    assert is_fatal(discord.LoginFailure("bad token"))
    assert is_fatal(discord.PrivilegedIntentsRequired(None))
    assert not is_fatal(AttributeError("'NoneType' object has no attribute 'sequence'"))
    assert not is_fatal(TypeError("int() argument must be a string, not 'NoneType'"))


def test_the_backoff_grows_to_its_cap_with_jitter() -> None:
    backoff = Backoff(base=1.0, cap=60.0)
    assert 0.5 <= backoff.delay(0) <= 1.0
    assert 4.0 <= backoff.delay(3) <= 8.0
    assert 30.0 <= backoff.delay(40) <= 60.0


async def test_one_server_whose_sync_answer_cannot_be_read_does_not_skip_the_others(
    database: Database, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    guilds = [default_guild(), default_guild(guild_id=300_000_000_000_000_002, name="Second")]
    async with FakeDiscord(guilds=guilds) as fake, fake.patch_discord_py():
        # The first sync's answer lacks the commands' ids: discord.py raises KeyError: 'id'.
        fake.answer_next("PUT", GUILD_COMMANDS, body=[{"name": "kindling", "type": 1}])
        with caplog.at_level(logging.WARNING, logger="adapters.discord.client"):
            async with running_adapter(fake, database=database, clock=clock) as adapter:
                synced = {r.path.split("/")[4] for r in fake.requests_to("PUT", GUILD_COMMANDS)}
                assert synced == {str(g.id) for g in guilds}
                assert len(adapter.client._synced) == 1  # the failed one is tried again on the next READY
    assert any("KeyError" in r.getMessage() for r in caplog.records)
