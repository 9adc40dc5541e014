"""Kindling's real Discord adapter wired to the core, running against the fake Discord."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from adapters.discord.client import KindlingClient
from adapters.discord.platform import DiscordPlatform
from adapters.discord.runtime import PLATFORM, build_client
from bot.clock import ManualClock
from bot.events import Event
from bot.intake import Intake
from bot.kindling import Kindling
from bot.outbox_worker import OutboxWorker
from bot.settings import Settings
from bot.storage.database import Database
from kindling_cli.wiring import Core
from tests.fakes.discord_server import FakeDiscord, FakeInteraction, Member, RecordedRequest
from tests.fakes.discord_spec import DiscordSpec, validate_request
from tests.support.core import test_core

MESSAGES = "/channels/{channel_id}/messages"
DM_CREATE = "/users/@me/channels"
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
FOLLOWUP = "/webhooks/{webhook_id}/{webhook_token}"
GUILD_COMMANDS = "/applications/{application_id}/guilds/{guild_id}/commands"
WAIT = 5.0


def settings_for(fake: FakeDiscord, **overrides: object) -> Settings:
    return Settings(
        discord_token=fake.token,
        discord_api_url=fake.api_url,
        discord_gateway_url=fake.gateway_url,
        **overrides,  # type: ignore[arg-type]
    )


class Recorder:
    """Wraps `Kindling.handle` so a test knows when the adapter's events have been handled."""

    def __init__(self, kindling: Kindling) -> None:
        self._kindling = kindling
        self.events: list[Event] = []
        self.errors: list[BaseException] = []
        self._changed = asyncio.Condition()

    async def __call__(self, event: Event) -> None:
        try:
            await self._kindling.handle(event)
        except Exception as error:
            self.errors.append(error)
            raise
        finally:
            self.events.append(event)
            async with self._changed:
                self._changed.notify_all()

    async def wait_for(self, count: int, timeout: float = WAIT) -> list[Event]:  # noqa: ASYNC109
        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(lambda: len(self.events) >= count)
        except TimeoutError:
            raise AssertionError(f"handled {len(self.events)} of {count} events: {self.events}") from None
        if self.errors:
            raise AssertionError(f"the core failed: {self.errors!r}")
        return self.events


@dataclass
class Adapter:
    fake: FakeDiscord
    client: KindlingClient
    platform: DiscordPlatform
    worker: OutboxWorker
    kindling: Kindling
    recorder: Recorder
    core: Core
    guild_id: int = field(init=False)

    def __post_init__(self) -> None:
        self.guild_id = self.fake.guilds[0].id

    async def deliver(self) -> None:
        await self.worker.run_until_idle()


@contextlib.asynccontextmanager
async def running_adapter(
    fake: FakeDiscord, *, database: Database, clock: ManualClock
) -> AsyncIterator[Adapter]:
    """Log in, connect, wait (bounded) until ready and /kindling is synced to every guild; close after."""
    core = test_core(database, clock)
    kindling = core.kindling
    recorder = Recorder(kindling)
    client = build_client(
        settings=settings_for(fake),
        intake=Intake(handle=recorder),
        registry=core.registry,
        guild_ready_timeout=0.05,
    )
    platform = DiscordPlatform(client)
    worker = core.worker(Settings(), platform_name=PLATFORM, chat=platform)
    async with client:
        await client.login(fake.token)
        runner = asyncio.create_task(client.connect())
        try:
            await fake.wait_for_requests("PUT", GUILD_COMMANDS, len(fake.guilds), timeout=WAIT)
            await asyncio.wait_for(client.wait_until_ready(), timeout=WAIT)
            yield Adapter(fake, client, platform, worker, kindling, recorder, core)
        finally:
            await client.close()
            await asyncio.wait_for(runner, timeout=WAIT)


def spec_problems(spec: DiscordSpec, requests: list[RecordedRequest]) -> list[str]:
    return [problem for request in requests for problem in validate_request(spec, request)]


async def kindling_command(
    adapter: Adapter, who: str, *path: str, **values: str | int | bool | Member
) -> FakeInteraction:
    """`/kindling <path...>` with string, integer, boolean and member options, as a member of the default
    guild."""
    return await edited_kindling_command(adapter, None, who, *path, **values)


async def edited_kindling_command(
    adapter: Adapter,
    edit: Callable[[dict[str, Any]], None] | None,
    who: str,
    *path: str,
    **values: str | int | bool | Member,
) -> FakeInteraction:
    """`kindling_command`, with `edit` changing the payload before it is sent (a field left out)."""
    config = adapter.fake.guilds[0]
    leaves: list[dict[str, Any]] = []
    resolved: dict[str, Any] = {"users": {}, "members": {}}
    for name, value in values.items():
        if isinstance(value, Member):
            leaves.append({"name": name, "type": 6, "value": str(value.id)})
            resolved["users"][str(value.id)] = value.user.payload()
            resolved["members"][str(value.id)] = {**value.payload(), "user": None, "permissions": "0"}
            del resolved["members"][str(value.id)]["user"]
        else:
            kind = 5 if isinstance(value, bool) else 4 if isinstance(value, int) else 3
            leaves.append({"name": name, "type": kind, "value": value})
    node: list[dict[str, Any]] = leaves
    for depth, part in enumerate(reversed(path)):
        node = [{"name": part, "type": 1 if depth == 0 else 2, "options": node}]
    return await adapter.fake.slash_command(
        config.id,
        config.home_channel.id,
        config.member_by_name(who),
        "kindling",
        node,
        resolved=resolved if resolved["users"] else None,
        edit=edit,
    )
