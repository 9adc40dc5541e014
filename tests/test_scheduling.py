"""APScheduler jobs derived from the tables, and two scheduler processes sharing one PostgreSQL."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.clock import ManualClock
from bot.events import CommandInvoked, CommunityRef, Person
from bot.kindling import Kindling
from bot.storage.database import Database
from bot.storage.models import Community, OutboxMessage, SlotClaim
from scheduling.jobs import SWEEP_JOB, JobScheduler, job_id, next_run
from tests.support.core import test_core
from tests.support.databases import scratch_database

# A Monday well after the real date: APScheduler keeps wall-clock time, so jobs placed at these moments
# stay pending during the test instead of firing at once.
START = datetime(2035, 1, 1, 9, 0, tzinfo=UTC)
ORGANISER = Person("U1", "Ann")


async def _community_with_column(
    kindling: Kindling, number: int, *, schedule: str = "wednesday 14:00"
) -> None:
    ref = CommunityRef("console", f"c{number}", f"Community {number}", "home")
    for text in ("goal Learn together.", f"column schedule {schedule}"):
        await kindling.handle(CommandInvoked(ref, ORGANISER, "home", text, invoker_is_admin=True))


async def test_jobs_are_derived_from_the_schedule_table(database: Database) -> None:
    clock = ManualClock(START)
    core = test_core(database, clock)
    kindling = core.kindling
    await _community_with_column(kindling, 1)
    await _community_with_column(kindling, 2, schedule="monday 11:00")  # today, within three days
    async with database.transaction() as session:
        rows = await session.execute(sa.select(Community.external_id, Community.id))
        ids = {external: internal for external, internal in rows}
    first, second = ids["c1"], ids["c2"]
    core.schedule_changes.pending()  # what the set-up changed is in the table the scheduler starts from
    scheduler = JobScheduler(
        database=database, due_work=core.due_work, clock=clock, changes=core.schedule_changes
    )
    await scheduler.start()
    try:
        jobs = {job.id: job for job in scheduler.scheduler.get_jobs()}
        # Each community also has its weekly thank-you (it has a home channel).
        assert set(jobs) == {SWEEP_JOB} | {
            job_id(community, kind) for community in (first, second) for kind in ("column", "appreciation")
        }
        # Community 1, Wednesday 14:00: its ask window is open already (the sweep asks); the job is the slot.
        assert jobs[job_id(first, "column")].trigger.run_date == datetime(2035, 1, 3, 14, tzinfo=UTC)
        assert jobs[job_id(second, "column")].trigger.run_date == datetime(2035, 1, 1, 11, tzinfo=UTC)

        # An organiser moves community 1's column: its job follows once the change is committed.
        ref = CommunityRef("console", "c1", "Community 1", "home")
        await kindling.handle(
            CommandInvoked(ref, ORGANISER, "home", "column schedule friday 10:00", invoker_is_admin=True)
        )
        await scheduler.settled()
        assert scheduler.scheduler.get_job(job_id(first, "column")).trigger.run_date == datetime(
            2035, 1, 2, 10, tzinfo=UTC
        )  # Friday 5 January 10:00 minus the three days of asking ahead

        # Running a job does the due work once and places the next run.
        clock.set(datetime(2035, 1, 1, 11, 1, tzinfo=UTC))
        await scheduler.run_community(second)
        await scheduler.run_community(second)
        async with database.transaction() as session:
            claims = await session.scalar(sa.select(sa.func.count()).select_from(SlotClaim))
        assert claims == 1
        assert scheduler.scheduler.get_job(job_id(second, "column")).trigger.run_date == datetime(
            2035, 1, 5, 11, tzinfo=UTC
        )  # the next Monday's ask
    finally:
        await scheduler.stop()


def test_next_run_asks_ahead_then_posts() -> None:
    slot = datetime(2026, 1, 10, 12, tzinfo=UTC)
    ahead = timedelta(days=3)
    assert next_run(slot, slot - timedelta(days=5), ask_ahead=ahead) == slot - timedelta(days=3)
    assert next_run(slot, slot - timedelta(days=1), ask_ahead=ahead) == slot
    assert next_run(slot, slot + timedelta(hours=1), ask_ahead=ahead) == slot + timedelta(hours=1)


@pytest.mark.postgres
async def test_two_scheduler_processes_post_each_of_100_slots_once(tmp_path: object) -> None:
    from pathlib import Path

    async with scratch_database("postgres", Path(str(tmp_path))) as url:
        database = Database(url)
        await database.upgrade()
        clock = ManualClock(START)
        kindling = test_core(database, clock).kindling
        for number in range(100):
            await _community_with_column(kindling, number)
        await database.close()
        slot_passed = datetime(2035, 1, 3, 14, 0, 30, tzinfo=UTC)  # Wednesday 14:00 (UTC communities)
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.support.scheduler_process",
                url,
                slot_passed.isoformat(),
                name,
                "4",
            )
            for name in ("replica-a", "replica-b")
        ]
        codes = await asyncio.wait_for(asyncio.gather(*(p.wait() for p in processes)), timeout=120)
        assert codes == [0, 0]

        database = Database(url)
        try:
            async with database.transaction() as session:
                posts = await session.scalar(
                    sa.select(sa.func.count()).where(OutboxMessage.key.like("column:%:post"))
                )
                rows = await session.execute(
                    sa.select(SlotClaim.claimed_by, sa.func.count())
                    .where(SlotClaim.kind == "column")
                    .group_by(SlotClaim.claimed_by)
                )
                claims = [(owner, count) for owner, count in rows]
            assert posts == 100
            assert sum(count for _, count in claims) == 100
            print("slots claimed per replica:", dict(claims))
        finally:
            await database.close()
