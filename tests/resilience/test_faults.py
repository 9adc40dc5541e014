"""Fault injection: a wave of joins while the fake platform answers 10% of requests with 429, 5% with 500
and drops 2% of connections. Kindling's real adapters run in-process against the fakes; every newcomer
must get exactly one welcome DM, on Slack and on Discord.

The outbox runs on a manual clock, so its backoff between attempts costs no wall-clock time; the client
libraries' own short retry sleeps (slack-sdk's handlers, discord.py's 5xx loop) are shortened for the same
reason. Which failures are retried, and how often, is unchanged.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import discord.http
import pytest
from slack_sdk.http_retry import builtin_async_handlers
from slack_sdk.http_retry.handler import default_interval_calculator
from slack_sdk.http_retry.jitter import Jitter

from bot.clock import ManualClock
from bot.outbox_worker import OutboxWorker
from bot.storage import outbox
from bot.storage.database import Database
from tests.discord.harness import FOLLOWUP, running_adapter
from tests.fakes import discord_server, slack_api
from tests.fakes.discord_server import FakeDiscord, User, default_guild
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_signing import team_join_event
from tests.resilience.support import discord_welcome_dms, slack_welcome_dms
from tests.slack.harness import BOT_TOKEN, SlackCommunity, SlackHarness, settings_for

JOINS = 200
GOAL = "We help new referees grow. Share one match situation a week."
RATE_LIMIT, SERVER_ERROR, DROP = 0.10, 0.05, 0.02
#: Beyond the outbox's longest backoff: every message that failed is due again.
CLOCK_STEP = timedelta(minutes=16)
MAX_ROUNDS = 12


async def drain(worker: OutboxWorker, database: Database, clock: ManualClock) -> dict[str, int]:
    """Deliver everything due, move the clock past the backoff, repeat until nothing waits (bounded)."""
    for _ in range(MAX_ROUNDS):
        await worker.run_until_idle()
        async with database.transaction() as session:
            counts = await outbox.count_by_status(session, platform=worker.platform_name)
        if counts.get("pending", 0) + counts.get("sending", 0) == 0:
            return counts
        clock.advance(CLOCK_STEP)
    raise AssertionError(f"the outbox did not drain in {MAX_ROUNDS} rounds: {counts}")


class _NoJitter(Jitter):
    def recalculate(self, duration: float) -> float:
        return duration


class _NoRandom:
    @staticmethod
    def random() -> float:
        return 0.0


class _QuickAsyncio:
    """discord.http's view of asyncio with its retry sleeps cut to a twentieth."""

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(seconds: float) -> None:
        await asyncio.sleep(min(seconds / 20, 0.05))


async def test_slack_wave_under_faults(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(builtin_async_handlers, "random", _NoRandom())
    monkeypatch.setattr(default_interval_calculator, "backoff_factor", 0.01)
    monkeypatch.setattr(default_interval_calculator, "jitter", _NoJitter())
    clock = ManualClock()
    joins = [f"U0FAULT{n:04d}" for n in range(JOINS)]
    async with FakeSlackApi(bot_tokens=[BOT_TOKEN]) as slack:
        settings = settings_for(slack, mode="http", outbox_max_attempts=8)
        async with SlackHarness(slack, database, clock, settings) as harness:
            community = SlackCommunity(harness)
            await community.make_organiser("ann")
            await community.command("ann", f"goal {GOAL}")
            await community.settle()
            slack.faults = slack_api.Faults(
                rate_limit=RATE_LIMIT, server_error=SERVER_ERROR, drop=DROP, seed=11
            )
            for member in joins:
                ack = await harness.event(team_join_event(member, name=member.lower()))
                assert ack.status == 200
            await harness.runtime.intake.idle(timeout=30)
            counts = await drain(harness.worker, database, clock)
    faulted = [c.fault for c in slack.calls if c.fault]
    dms = slack_welcome_dms(slack, joins)
    print(
        f"\nslack faults: {JOINS} joins, {len(slack.calls)} calls, {faulted.count('ratelimited')} 429s, "
        f"{faulted.count('server_error')} 500s, {faulted.count('dropped')} drops; outbox {counts}"
    )
    assert {"ratelimited", "server_error", "dropped"} <= set(faulted)
    assert [m for m, keys in dms.items() if not keys] == [], "welcomes lost"
    assert {m: keys for m, keys in dms.items() if len(keys) > 1} == {}, "welcomes duplicated"
    assert counts.get("dead", 0) == 0, counts


async def test_discord_wave_under_faults(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discord.http, "asyncio", _QuickAsyncio())
    clock = ManualClock()
    guild = default_guild()
    newcomers = [User(id=700_000_000_000_000_000 + n, username=f"faulty{n}") for n in range(JOINS)]
    async with (
        FakeDiscord(guilds=[guild]) as fake,
        fake.patch_discord_py(),
        running_adapter(fake, database=database, clock=clock) as adapter,
    ):
        alice = guild.member_by_name("alice")
        text = [{"name": "text", "type": 3, "value": GOAL}]
        goal = [{"name": "goal", "type": 2, "options": [{"name": "set", "type": 1, "options": text}]}]
        await fake.slash_command(guild.id, guild.home_channel.id, alice, "kindling", goal)
        await adapter.recorder.wait_for(1)
        await adapter.deliver()
        await fake.wait_for_requests("POST", FOLLOWUP, 1, timeout=5)
        fake.faults = discord_server.Faults(
            rate_limit=RATE_LIMIT, server_error=SERVER_ERROR, drop=DROP, seed=12
        )
        for user in newcomers:
            await fake.member_add(guild.id, user)
        await adapter.recorder.wait_for(1 + JOINS, timeout=30)
        counts = await drain(adapter.worker, database, clock)
        fake.faults = None
    dms = discord_welcome_dms(fake, newcomers)
    print(
        f"\ndiscord faults: {JOINS} joins, {len(fake.requests)} requests, {fake.rate_limited_count} 429s, "
        f"{fake.server_error_count} 500s, {fake.dropped_count} drops; outbox {counts}"
    )
    assert fake.rate_limited_count and fake.server_error_count and fake.dropped_count
    assert [u for u, (n, _) in dms.items() if n == 0] == [], "welcomes lost"
    assert {u: n for u, (n, _) in dms.items() if n > 1} == {}, "welcomes duplicated"
    assert all(len(nonces) == 1 for _, nonces in dms.values())
    assert counts.get("dead", 0) == 0, counts
    assert fake.handler_errors == []
