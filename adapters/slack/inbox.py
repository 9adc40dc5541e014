"""Work that Slack has already been answered for: run after the ack, one job at a time per workspace.

Listeners only acknowledge and `submit`; the job (user lookups, the core's transaction) runs here. Jobs of
one workspace run in arrival order, so Slack's `team_join` and `member_joined_channel` for the same person
never race each other. `idle()` lets tests and shutdown wait for what was accepted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)
#: How long an acknowledgement may wait for the event to be stored (Slack's deadline is 3 s).
ACK_WAIT = 2.0

Job = Callable[[], Awaitable[None]]


class Inbox:
    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def pending(self) -> int:
        return len(self._tasks)

    def submit(self, key: str, job: Job) -> asyncio.Task[None]:
        """Accept `job` now (synchronously: it counts as pending before the ack goes out)."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        task = asyncio.get_running_loop().create_task(self._run(lock, job))
        self._tasks.add(task)
        self._idle.clear()
        task.add_done_callback(self._done)
        return task

    async def stored(self, task: asyncio.Task[None]) -> None:
        """Wait (bounded) until the job has been handed to the core and committed. Slack re-sends what was
        not acknowledged, so acknowledging only after the event is stored means a crash loses nothing;
        the bound keeps the ack inside Slack's 3 seconds when the database is slow."""
        await asyncio.wait({task}, timeout=ACK_WAIT)

    async def idle(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109 - a bounded wait is the point
        """Wait until every accepted job has finished."""
        async with asyncio.timeout(timeout):
            await self._idle.wait()

    async def close(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Let accepted jobs finish (bounded), then cancel what is left."""
        try:
            await self.idle(timeout)
        except TimeoutError:
            log.warning("%s Slack job(s) still running at shutdown; cancelling", len(self._tasks))
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _run(self, lock: asyncio.Lock, job: Job) -> None:
        async with lock:
            try:
                await job()
            except Exception:
                log.exception("handling a Slack request failed")

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not self._tasks:
            self._idle.set()
