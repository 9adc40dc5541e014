"""Start and stop Kindling on Discord: the gateway client, and the platform the outbox delivers through (the
composition root runs the outbox worker for it). A failed login or connect is tried again with backoff
(`adapters.discord.supervisor`); only a refused token or a misconfigured application ends the run."""

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
from adapters.discord.rate_limits import rate_limit_trace
from adapters.discord.supervisor import Backoff, keep_connected, log_in
from bot.intake import Intake
from bot.registry import Registry
from bot.settings import Settings

log = logging.getLogger(__name__)

PLATFORM = "discord"
SHUTDOWN_TIMEOUT = 5.0
#: From 1 s to a minute between attempts while Discord cannot be reached.
RECONNECT_BACKOFF = Backoff(base=1.0, cap=60.0)


def build_client(*, settings: Settings, intake: Intake, registry: Registry, **options: Any) -> KindlingClient:
    """`AutoShardedClient` when a shard count or shard ids are configured; the plain client otherwise."""
    options.setdefault("http_trace", rate_limit_trace())
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
    more guilds after READY before `on_ready`; `backoff` spaces the attempts while Discord cannot be
    reached."""

    def __init__(
        self,
        *,
        settings: Settings,
        intake: Intake,
        registry: Registry,
        guild_ready_timeout: float = 2.0,
        backoff: Backoff = RECONNECT_BACKOFF,
    ) -> None:
        self.settings = settings
        self.intake = intake
        self._token = _token(settings)
        self._backoff = backoff
        with pointed_at(settings):
            self.client = build_client(
                settings=settings, intake=intake, registry=registry, guild_ready_timeout=guild_ready_timeout
            )
        self.platform = DiscordPlatform(self.client)
        #: Set once logged in: from then on the platform can deliver.
        self.ready = asyncio.Event()

    def accepting(self) -> bool:
        """The gateway session is up and discord.py has read every guild (`/readyz`)."""
        return self.client.is_ready() and not self.client.is_closed()

    async def run(self, stop: asyncio.Event) -> None:
        async def gateway() -> None:
            await log_in(self.client, self._token, backoff=self._backoff)
            self.ready.set()
            await keep_connected(self.client, backoff=self._backoff)

        with pointed_at(self.settings):
            async with self.client:
                connecting = asyncio.create_task(gateway(), name="kindling-discord-gateway")
                stopping = asyncio.create_task(stop.wait(), name="kindling-discord-stop")
                try:
                    await asyncio.wait({connecting, stopping}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    stopping.cancel()
                    await self.client.close()
                    await self.intake.close()
                    await _finish(connecting, stopping)
                if stop.is_set():
                    return
                # The gateway ended on its own (a refused token, a misconfiguration): surface why.
                error = connecting.exception() if connecting.done() and not connecting.cancelled() else None
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
