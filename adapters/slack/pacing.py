"""Slack allows about one message per second per channel (chat.postMessage, "special" rate limit): space
the outbox's posts to one channel that far apart instead of running into 429s."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

DEFAULT_INTERVAL = 1.0


class ChannelPacer:
    def __init__(
        self,
        *,
        interval: float = DEFAULT_INTERVAL,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.interval = interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._next: dict[str, float] = {}

    async def wait_turn(self, channel_key: str) -> None:
        """Return when a message to `channel_key` may go out; reserves that slot before waiting."""
        now = self._monotonic()
        at = max(now, self._next.get(channel_key, now))
        self._next[channel_key] = at + self.interval
        if len(self._next) > 10_000:
            self._next = {k: v for k, v in self._next.items() if v > now}
        if at > now:
            await self._sleep(at - now)
