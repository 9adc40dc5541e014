"""Due work: everything scheduled that has come due, found from Kindling's own tables through the features'
declarations (their due sources and schedule kinds).

The scheduler (APScheduler in `scheduling/`, or the console's `time +3d`) only says *when* to look; what is
due, and the claim that makes each slot run once, live in the features. Each piece runs in a turn of its own,
so one community's failure never holds up another's.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.feature import Due, DueSource
from bot.registry import Registry
from bot.storage import outbox, schedules
from bot.turn import Turns

log = logging.getLogger(__name__)


def process_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


class UnknownScheduleKindError(Exception):
    """A `schedules` row of a kind no feature declares (a feature removed without its rows)."""


class DueWork:
    def __init__(
        self, *, turns: Turns, registry: Registry, clock: Clock, grace: timedelta = timedelta(hours=6)
    ) -> None:
        self.turns = turns
        self.registry = registry
        self.clock = clock
        self.grace = grace
        self.ask_ahead = {kind.kind: kind.ask_ahead for kind in registry.schedule_kinds}
        self._longest_ask = max(self.ask_ahead.values(), default=timedelta(0))

    def ask_ahead_of(self, kind: str) -> timedelta:
        found = self.registry.schedule(kind)
        if found is None:
            raise UnknownScheduleKindError(kind)
        return found.ask_ahead

    async def run_due(self, *, community_id: int | None = None) -> int:
        """Run what is due now (for one community, or all); returns how many schedules were looked at."""
        now = self.clock.now()
        async with self.turns.database.transaction() as session:
            candidates = await schedules.due_before(
                session, moment=now + self._longest_ask, community_id=community_id, lock=False
            )
            ids = [(schedule.id, schedule.community_id) for schedule in candidates]
        for schedule_id, owner in ids:
            try:
                await self._run_schedule(schedule_id, owner)
            except Exception:
                log.exception(
                    "scheduled work for schedule %s failed; it is retried on the next tick", schedule_id
                )
        if community_id is None:
            for source in self.registry.due_sources:
                await self._run_source(source, now)
        return len(ids)

    async def _run_source(self, source: DueSource[Any], now: datetime) -> None:
        try:
            async with self.turns.database.transaction() as session:
                found: list[Due[Any]] = await source.find(session, now, self.grace)
        except Exception:
            log.exception("finding %s failed; it is retried on the next tick", source.name)
            return
        for due in found:
            try:
                async with self.turns.of_community(due.community_id, now=now) as turn:
                    if turn is not None:
                        await source.run(turn, due.what, self.grace)
            except Exception:
                log.exception(
                    "%s failed for community %s; it is retried on the next tick",
                    source.name,
                    due.community_id,
                )

    async def _run_schedule(self, schedule_id: int, community_id: int) -> None:
        now = self.clock.now()
        async with self.turns.of_community(community_id, now=now) as turn:
            if turn is None:
                return
            lock = not self.turns.database.is_sqlite
            rows = await schedules.by_ids(turn.session, ids=[schedule_id], lock=lock)
            if not rows:
                return  # another replica holds it right now; its claim covers the slot
            schedule = rows[0]
            kind = self.registry.schedule(schedule.kind)
            if kind is None:
                raise UnknownScheduleKindError(schedule.kind)
            if now >= schedule.next_slot_at - kind.ask_ahead:
                await kind.run(turn, schedule, self.grace)

    async def next_due_after(self, moment: datetime) -> datetime | None:
        """When any due work next comes due: a slot or work ahead of one, a due source's next moment, or a
        message held by quiet hours. The console jumps from one to the next instead of ticking."""
        async with self.turns.database.transaction() as session:
            candidates = [
                await schedules.next_moment_after(session, moment=moment, ask_ahead=self.ask_ahead),
                await outbox.next_attempt_after(session, moment=moment),
                *[await source.next_after(session, moment) for source in self.registry.due_sources],
            ]
        found = [candidate for candidate in candidates if candidate is not None]
        return min(found) if found else None
