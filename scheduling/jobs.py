"""APScheduler 3.11 drives *when* Kindling looks; Kindling's tables say *what* is due.

Jobs are derived, never stored: at start one job per schedule is made from the `schedules` table (firing at
the work ahead of the next slot, or the slot), and again whenever the core says a community's schedules
changed or a job has run. A sweep job every minute catches anything else that came due (onboarding nudges,
quiet hours ending, a replica's crash). Because every run claims its slot first, a job firing twice, or on
two replicas, posts once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock
from bot.due_work import DueWork, UnknownScheduleKindError
from bot.signals import ScheduleChanges
from bot.storage import schedules
from bot.storage.database import Database

log = logging.getLogger(__name__)
SWEEP_JOB = "sweep"
#: At shutdown, how long a run already going may take to finish. APScheduler's own shutdown cancels it,
#: and a transaction cancelled half-way on SQLite can leave the database unable to close (the process then
#: hangs until SIGKILL): better to let it end; its slot claim makes a re-run after a restart harmless.
DRAIN_SECONDS = 1.5


def job_id(community_id: int, kind: str) -> str:
    return f"{kind}:{community_id}"


def next_run(slot: datetime, now: datetime, *, ask_ahead: timedelta) -> datetime:
    """The work ahead of the slot first, then the slot itself; anything already past runs now."""
    ask = slot - ask_ahead
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
        changes: ScheduleChanges,
        sweep_every: timedelta = timedelta(minutes=1),
    ) -> None:
        self.database = database
        self.due_work = due_work
        self.clock = clock
        self.changes = changes
        self.sweep_every = sweep_every
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self._listening: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[object]] = set()

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
        self._listening = asyncio.create_task(self._follow_changes(), name="kindling-schedule-changes")

    async def stop(self) -> None:
        """No new run starts; runs already going get `DRAIN_SECONDS` to finish; then the scheduler stops."""
        self.scheduler.pause()
        if self._listening is not None:
            self._listening.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listening
        if self._running:
            await asyncio.wait(set(self._running), timeout=DRAIN_SECONDS)
        self.scheduler.shutdown(wait=False)

    async def sweep(self) -> None:
        with self._tracked():
            await self.due_work.run_due()

    async def run_community(self, community_id: int) -> None:
        with self._tracked():
            await self.due_work.run_due(community_id=community_id)
            await self.rederive(community_id)

    @contextlib.contextmanager
    def _tracked(self) -> Iterator[None]:
        """Note the running job's task, so `stop` can let it finish."""
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            yield
        finally:
            if task is not None:
                self._running.discard(task)

    async def _follow_changes(self) -> None:
        """Re-derive the jobs of every community whose schedules the core changed."""
        while True:
            for community_id in await self.changes.next_batch():
                try:
                    await self.rederive(community_id)
                except Exception:
                    log.exception(
                        "re-deriving the jobs of community %s failed; the sweep covers it", community_id
                    )

    async def settled(self) -> None:
        """Re-derive what the core has changed so far, now (tests use this instead of waiting)."""
        for community_id in self.changes.pending():
            await self.rederive(community_id)

    async def rederive(self, community_id: int) -> None:
        async with self.database.transaction() as session:
            rows = await schedules.all_slots(session, community_id=community_id)
        for _, kind, slot in rows:
            self._place(community_id, kind, slot)

    def _place(self, community_id: int, kind: str, slot: datetime) -> None:
        try:
            ahead = self.due_work.ask_ahead_of(kind)
        except UnknownScheduleKindError:
            log.error(
                "schedule kind %r of community %s is declared by no feature; it is not run",
                kind,
                community_id,
            )
            return
        self.scheduler.add_job(
            self.run_community,
            DateTrigger(run_date=next_run(slot, self.clock.now(), ask_ahead=ahead), timezone="UTC"),
            args=[community_id],
            id=job_id(community_id, kind),
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,  # late is fine: the claim and the grace window decide
        )
