"""Start and stop Kindling on Discord: the gateway client, and the platform the outbox delivers through (the
composition root runs the outbox worker for it)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import discord

from adapters.discord.client import KindlingClient, ShardedKindlingClient
from adapters.discord.endpoints import pointed_at
from adapters.discord.invite import invite_url
from adapters.discord.platform import DiscordPlatform
from bot.intake import Intake
from bot.registry import Registry
from bot.settings import Settings

log = logging.getLogger(__name__)

PLATFORM = "discord"
SHUTDOWN_TIMEOUT = 10.0


def build_client(*, settings: Settings, intake: Intake, registry: Registry, **options: Any) -> KindlingClient:
    """`AutoShardedClient` when a shard count or shard ids are configured; the plain client otherwise."""
    if settings.discord_shard_count is not None or settings.discord_shard_ids is not None:
        return ShardedKindlingClient(
            intake=intake,
            registry=registry,
            shard_count=settings.discord_shard_count,
            shard_ids=settings.discord_shard_ids,
            **options,
        )
    return KindlingClient(intake=intake, registry=registry, **options)


def _token(settings: Settings) -> str:
    if settings.discord_token is None:
        raise ValueError("KINDLING_DISCORD_TOKEN is not set")
    return settings.discord_token.get_secret_value()


class DiscordAdapter:
    """The client and its platform, built once; `run` connects until `stop` is set (then closes cleanly) or
    the gateway fails for good (then raises why). `guild_ready_timeout` is how long discord.py waits for
    more guilds after READY before `on_ready`."""

    def __init__(
        self, *, settings: Settings, intake: Intake, registry: Registry, guild_ready_timeout: float = 2.0
    ) -> None:
        self.settings = settings
        self.intake = intake
        self._token = _token(settings)
        with pointed_at(settings):
            self.client = build_client(
                settings=settings, intake=intake, registry=registry, guild_ready_timeout=guild_ready_timeout
            )
        self.platform = DiscordPlatform(self.client)
        #: Set once logged in: from then on the platform can deliver.
        self.ready = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        with pointed_at(self.settings):
            async with self.client:
                await self.client.login(self._token)
                self.ready.set()
                gateway = asyncio.create_task(self.client.connect(), name="kindling-discord-gateway")
                stopping = asyncio.create_task(stop.wait(), name="kindling-discord-stop")
                try:
                    await asyncio.wait({gateway, stopping}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    stopping.cancel()
                    await self.client.close()
                    await self.intake.close()
                    await _finish(gateway, stopping)
                if stop.is_set():
                    return
                # The gateway ended on its own: surface why.
                error = gateway.exception() if gateway.done() and not gateway.cancelled() else None
                if error is not None:
                    raise error
                raise RuntimeError("the Discord gateway closed")


async def _finish(*tasks: asyncio.Task[Any]) -> None:
    _done, pending = await asyncio.wait(tasks, timeout=SHUTDOWN_TIMEOUT)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=1.0)
    for task in tasks:
        if task.done() and not task.cancelled():
            with contextlib.suppress(Exception):
                task.exception()  # retrieved: asyncio does not log it as "never retrieved"


async def fetch_invite_url(settings: Settings) -> str:
    """Log in with the token just long enough to read the application id (GET /oauth2/applications/@me)."""
    token = _token(settings)
    with pointed_at(settings):
        async with discord.Client(intents=discord.Intents.none()) as client:
            await client.login(token)  # reads the application (GET /oauth2/applications/@me)
            application = client.application or await client.application_info()
    return invite_url(str(application.id))
