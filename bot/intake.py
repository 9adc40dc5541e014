"""Where every adapter hands the core its events: one ingestion path for every platform.

An adapter submits work (translating a payload into a core event, which may ask the platform who someone
is) under a key (the workspace or guild); jobs of one key run in arrival order, so Slack's `team_join` and
`member_joined_channel` for the same person never race each other. `accept` returns once the event is
handled and committed (bounded, so an acknowledgement stays inside the platform's deadline); `idle()` lets
tests and shutdown wait for everything accepted. An intake named after its platform counts what passes
through it (`bot.metrics`: events by type, failures, how many wait and for how long).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from prometheus_client import Counter

from bot import metrics
from bot.events import Event

log = logging.getLogger(__name__)
#: How long an acknowledgement may wait for the event to be stored (Slack's deadline is 3 s).
ACK_WAIT = 2.0

Translate = Callable[[], Awaitable[Event | None]]
Handle = Callable[[Event], Awaitable[None]]


class Intake:
    def __init__(self, *, handle: Handle, ack_wait: float = ACK_WAIT, platform: str | None = None) -> None:
        self._handle = handle
        self._ack_wait = ack_wait
        self._platform = platform
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: dict[asyncio.Task[None], float] = {}  # each with when it was accepted
        self._idle = asyncio.Event()
        self._idle.set()
        if platform is not None:
            metrics.declare_platform(platform)
            metrics.INBOX_PENDING.labels(platform).set_function(lambda: self.pending)
            metrics.INBOX_LAG.labels(platform).set_function(self.lag)

    @property
    def pending(self) -> int:
        return len(self._tasks)

    def lag(self) -> float:
        """Seconds the oldest accepted event has been waiting or handled (0 when there is none)."""
        oldest = min(self._tasks.values(), default=None)
        return time.monotonic() - oldest if oldest is not None else 0.0

    def submit(self, key: str, translate: Translate) -> asyncio.Task[None]:
        """Accept the work now (synchronously: it counts as pending before any acknowledgement goes out)."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        task = asyncio.get_running_loop().create_task(self._run(lock, translate))
        self._tasks[task] = time.monotonic()
        self._idle.clear()
        task.add_done_callback(self._done)
        return task

    async def accept(self, key: str, translate: Translate) -> None:
        """Submit, and wait (bounded) until the event has been handled and committed. Platforms re-send what
        was not acknowledged, so acknowledging only after the event is stored means a crash loses nothing;
        the bound keeps the acknowledgement inside the platform's deadline when the database is slow."""
        await asyncio.wait({self.submit(key, translate)}, timeout=self._ack_wait)

    async def idle(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109 - a bounded wait is the point
        """Wait until every accepted job has finished."""
        async with asyncio.timeout(timeout):
            await self._idle.wait()

    async def close(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Let accepted jobs finish (bounded), then cancel what is left."""
        try:
            await self.idle(timeout)
        except TimeoutError:
            log.warning("events still being handled at shutdown: %s; cancelling them", len(self._tasks))
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _run(self, lock: asyncio.Lock, translate: Translate) -> None:
        async with lock:
            kind = "untranslated"
            try:
                event = await translate()
                if event is not None:
                    kind = type(event).__name__
                    self._count(metrics.EVENTS, kind)
                    await self._handle(event)
            except Exception:
                self._count(metrics.EVENTS_FAILED, kind)
                log.exception("handling an event failed")

    def _count(self, counter: Counter, kind: str) -> None:
        if self._platform is not None:
            counter.labels(self._platform, kind).inc()

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.pop(task, None)
        if not self._tasks:
            self._idle.set()
