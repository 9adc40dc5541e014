"""Start and stop Kindling on Discord: the gateway client and an outbox worker for platform "discord"."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Any

import discord

from adapters.discord.client import Handle, KindlingClient, ShardedKindlingClient
from adapters.discord.endpoints import pointed_at
from adapters.discord.invite import invite_url
from adapters.discord.platform import DiscordPlatform
from bot.clock import Clock
from bot.kindling import Kindling
from bot.outbox_worker import OutboxWorker
from bot.settings import Settings
from bot.storage.database import Database

log = logging.getLogger(__name__)

PLATFORM = "discord"
SHUTDOWN_TIMEOUT = 10.0


def build_client(*, settings: Settings, handle: Handle, **options: Any) -> KindlingClient:
    """`AutoShardedClient` when a shard count or shard ids are configured; the plain client otherwise."""
    if settings.discord_shard_count is not None or settings.discord_shard_ids is not None:
        return ShardedKindlingClient(
            handle=handle,
            shard_count=settings.discord_shard_count,
            shard_ids=settings.discord_shard_ids,
            **options,
        )
    return KindlingClient(handle=handle, **options)


def _token(settings: Settings) -> str:
    if settings.discord_token is None:
        raise ValueError("KINDLING_DISCORD_TOKEN is not set")
    return settings.discord_token.get_secret_value()


async def run_discord(
    *,
    settings: Settings,
    kindling: Kindling,
    database: Database,
    clock: Clock,
    stop: asyncio.Event,
    guild_ready_timeout: float = 2.0,
) -> None:
    """Run until `stop` is set (then close cleanly) or the gateway fails for good (then raise why).

    `guild_ready_timeout` is how long discord.py waits for more guilds after READY before `on_ready`.
    """
    token = _token(settings)
    with pointed_at(settings):
        client = build_client(
            settings=settings, handle=kindling.handle, guild_ready_timeout=guild_ready_timeout
        )
        worker = OutboxWorker(
            database=database,
            platform_name=PLATFORM,
            chat=DiscordPlatform(client),
            clock=clock,
            max_attempts=settings.outbox_max_attempts,
            lease=timedelta(seconds=settings.outbox_lease_seconds),
        )
        kindling.notify_on_queued(worker.wake)
        async with client:
            await client.login(token)
            worker_stop = asyncio.Event()
            gateway = asyncio.create_task(client.connect(), name="kindling-discord-gateway")
            delivering = asyncio.create_task(worker.run(worker_stop), name="kindling-discord-outbox")
            stopping = asyncio.create_task(stop.wait(), name="kindling-discord-stop")
            try:
                await asyncio.wait({gateway, delivering, stopping}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                worker_stop.set()
                stopping.cancel()
                await client.close()
                await _finish(gateway, delivering, stopping)
            if stop.is_set():
                return
            # The gateway (or the worker) ended on its own: surface why.
            for task in (gateway, delivering):
                error = task.exception() if task.done() and not task.cancelled() else None
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
