"""APScheduler 3.11 drives *when* Kindling looks; Kindling's tables say *what* is due.

Jobs are derived, never stored: at start one job per schedule is made from the `schedules` table (firing at
the next ask or slot), and again whenever an organiser changes a schedule or a job has run. A sweep job
every minute catches anything else that came due (onboarding nudges, quiet hours ending, a replica's
crash). Because every run claims its slot first, a job firing twice, or on two replicas, posts once.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock
from bot.services.column import ASK_AHEAD
from bot.services.due_work import DueWork
from bot.storage import schedules
from bot.storage.database import Database

log = logging.getLogger(__name__)
SWEEP_JOB = "sweep"


def job_id(community_id: int, kind: str) -> str:
    return f"{kind}:{community_id}"


def next_run(slot: datetime, now: datetime) -> datetime:
    """Ask ahead of the slot first, then the slot itself; anything already past runs now."""
    ask = slot - ASK_AHEAD
    if ask > now:
        return ask
    return max(slot, now)


class JobScheduler:
    def __init__(
        self,
        *,
        database: Database,
        due_work: DueWork,
        clock: Clock,
        sweep_every: timedelta = timedelta(minutes=1),
    ) -> None:
        self.database = database
        self.due_work = due_work
        self.clock = clock
        self.sweep_every = sweep_every
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self._background: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self.scheduler.start()
        self.scheduler.add_job(
            self.sweep,
            IntervalTrigger(seconds=self.sweep_every.total_seconds(), timezone="UTC"),
            id=SWEEP_JOB,
            coalesce=True,
            max_instances=1,
            next_run_time=self.clock.now(),
            replace_existing=True,
        )
        async with self.database.transaction() as session:
            for community_id, kind, slot in await schedules.all_slots(session):
                self._place(community_id, kind, slot)

    async def stop(self) -> None:
        self.scheduler.shutdown(wait=False)
        for task in list(self._background):
            task.cancel()

    async def sweep(self) -> None:
        await self.due_work.run_due()

    async def run_community(self, community_id: int) -> None:
        await self.due_work.run_due(community_id=community_id)
        await self.rederive(community_id)

    def schedules_changed(self, community_id: int) -> None:
        """Called by the core after an organiser changed a schedule (outside any event loop work)."""
        task = asyncio.get_running_loop().create_task(self.rederive(community_id))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def settled(self) -> None:
        """Wait for re-derivations already asked for (shutdown, and tests, use this)."""
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    async def rederive(self, community_id: int) -> None:
        async with self.database.transaction() as session:
            rows = await schedules.all_slots(session, community_id=community_id)
        for _, kind, slot in rows:
            self._place(community_id, kind, slot)

    def _place(self, community_id: int, kind: str, slot: datetime) -> None:
        self.scheduler.add_job(
            self.run_community,
            DateTrigger(run_date=next_run(slot, self.clock.now()), timezone="UTC"),
            args=[community_id],
            id=job_id(community_id, kind),
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,  # late is fine: the claim and the grace window decide
        )
