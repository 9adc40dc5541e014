"""Keep the Discord connection alive: log in and connect, and when either fails, start again with backoff.

discord.py's `Client.connect()` retries network trouble itself, but gives up for good in cases that are
not the bot's fault: when the very first gateway connect fails its retry reads `self.ws.sequence` while
`ws` is still `None` (`AttributeError`, discord.py issue #10520), and anything a parser or the handshake
raises ends it too. Here any such end is logged, counted (`kindling_gateway_reconnects_total`) and followed
by a fresh login or connect after a growing, jittered delay. Only what no retry can fix ends the run: a
refused token, privileged intents not enabled for the application, a close code Discord uses for a
misconfigured client (4004, 4010-4014).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import discord

from bot import metrics

log = logging.getLogger(__name__)

PLATFORM = "discord"
#: Close codes after which connecting again cannot help (authentication failed, invalid shard, sharding
#: required, invalid API version, invalid or disallowed intents).
FATAL_CLOSE_CODES = frozenset({4004, 4010, 4011, 4012, 4013, 4014})
#: A connection that lasted this long was healthy: the next failure starts the backoff from the beginning.
HEALTHY_AFTER = 60.0


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delays of `base * 2**n` seconds, at most `cap`, each shortened by up to half at random (so replicas
    that lost the gateway together do not all come back in the same second)."""

    base: float = 1.0
    cap: float = 60.0

    def delay(self, failures: int) -> float:
        longest: float = min(self.cap, self.base * 2.0 ** min(failures, 32))
        return longest * random.uniform(0.5, 1.0)


def is_fatal(error: BaseException) -> bool:
    if isinstance(error, discord.LoginFailure | discord.PrivilegedIntentsRequired):
        return True
    return isinstance(error, discord.ConnectionClosed) and error.code in FATAL_CLOSE_CODES


async def log_in(client: discord.Client, token: str, *, backoff: Backoff) -> None:
    """`client.login`, again after a delay while Discord cannot be reached (a wrong token ends it)."""
    failures = 0
    while True:
        try:
            await client.login(token)
            return
        except Exception as error:
            if is_fatal(error):
                raise
            await client.http.close()  # login opened a session before it failed: do not leak it
            delay = backoff.delay(failures)
            failures += 1
            log.warning("could not log in to Discord (%s); trying again in %.1fs", _describe(error), delay)
            await asyncio.sleep(delay)


async def keep_connected(
    client: discord.Client,
    *,
    backoff: Backoff,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Run the gateway until the client is closed (returns) or fails for good (raises why)."""
    now = clock or asyncio.get_running_loop().time
    failures = 0
    while not client.is_closed():
        started = now()
        try:
            await client.connect(reconnect=True)
        except Exception as error:
            if client.is_closed() or is_fatal(error):
                raise
            if now() - started >= HEALTHY_AFTER:
                failures = 0
            delay = backoff.delay(failures)
            failures += 1
            metrics.RECONNECTS.labels(PLATFORM).inc()
            log.warning(
                "the Discord gateway connection ended (%s); connecting again in %.1fs",
                _describe(error),
                delay,
            )
            await _drop_socket(client)
            await sleep(delay)


async def _drop_socket(client: discord.Client) -> None:
    """Close a gateway socket the failed `connect()` left open (its heartbeat thread stops with it)."""
    socket = client.ws
    if socket is not None:
        with contextlib.suppress(Exception):
            await socket.close(code=4000)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
