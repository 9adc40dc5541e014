"""Signals between the core and its workers, made once by the composition root and handed to each.

No callbacks assigned after construction: the core raises a signal, a worker waits for it.
"""

from __future__ import annotations

import asyncio


class Wakeup:
    """ "Something was queued": every outbox worker waiting on it wakes, instead of at its next poll."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Event] = set()

    def set(self) -> None:
        for waiter in self._waiters:
            waiter.set()

    def listener(self) -> asyncio.Event:
        """An event of this listener's own, set on every `set()` and cleared by the listener."""
        event = asyncio.Event()
        self._waiters.add(event)
        return event


class ScheduleChanges:
    """Communities whose schedules changed, for the scheduler to re-derive their jobs. Without a scheduler
    (the console, tests) nobody reads it and the set stays small: one entry per community."""

    def __init__(self) -> None:
        self._changed: set[int] = set()
        self._event = asyncio.Event()

    def changed(self, community_id: int) -> None:
        self._changed.add(community_id)
        self._event.set()

    async def next_batch(self) -> set[int]:
        await self._event.wait()
        self._event.clear()
        batch, self._changed = self._changed, set()
        return batch

    def pending(self) -> set[int]:
        batch, self._changed = self._changed, set()
        self._event.clear()
        return batch
