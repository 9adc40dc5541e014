"""10,000 communities with weekly schedules: the scheduler's start-up time, resident memory and the cost of a
scheduler tick, on SQLite and PostgreSQL, against the same with 100 communities (ratio per community).

Each (engine, size) gets a fresh database, populated by this process and then measured by a process of its
own (this module with `--one`), so the measured process's resident memory holds nothing from populating or
from an earlier run. Communities and their weekly column schedules are made by direct inserts
through the models in `bot/storage/models.py`, with `next_slot_at` derived as `bot.services.column`
derives it (`next_weekly_slot` from weekday, local time and zone), spread over the week and all beyond the
three-day ask window, so at first nothing is due. Each community has a home channel.

Measured, with a fixed clock at the real current time:

* start-up: `await JobScheduler.start()` (scheduling/jobs.py), which reads every schedule and derives one
  APScheduler job per schedule (plus the sweep); resident memory (VmRSS from /proc/self/status) before
  and after it;
* a tick with nothing due: `DueWork.run_due()` (the sweep's work), median of 20;
* a tick with 1% due: 1% of the schedules are moved to a slot a minute ago, then one `run_due()` posts
  each one's column (a discussion prompt, as no rota is set) through the outbox and re-derives its job,
  wired to the scheduler as `kindling run` wires it (its re-derivations are awaited in the figure).

    .venv/bin/python -m bench.scale                       # 10,000 and 100 communities, both engines
    .venv/bin/python -m bench.scale --communities 2000    # a smaller run
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bench._support import Engine, Stopwatch, core_on, quiet_logs, ratio, rss_kib, scratch_url
from bot.clock import ManualClock
from bot.domain.slots import next_weekly_slot
from bot.features.column.service import ASK_AHEAD
from bot.services.schedule_kinds import COLUMN as KIND
from bot.storage.database import Database
from bot.storage.models import Community, OutboxMessage, Schedule
from scheduling.jobs import JobScheduler

ROOT = Path(__file__).resolve().parent.parent
BASELINE = 100
QUIET_TICKS = 20
BATCH = 1_000
UTC_ZONE = ZoneInfo("UTC")
#: Slots are spread over this window, which starts after the ask window: nothing is due at first.
SPREAD = timedelta(days=3, hours=12)


def slot_for(number: int, size: int, now: datetime) -> tuple[int, str, datetime]:
    """(weekday, "HH:MM", next slot) of community `number`: spread evenly, all beyond the ask window."""
    offset = SPREAD * (number / size)
    moment = (now + ASK_AHEAD + timedelta(hours=2) + offset).replace(second=0, microsecond=0)
    at = time(moment.hour, moment.minute)
    return (
        moment.weekday(),
        at.strftime("%H:%M"),
        next_weekly_slot(now, weekday=moment.weekday(), at=at, zone=UTC_ZONE),
    )


async def populate(database: Database, size: int, now: datetime) -> float:
    """`size` communities, each with a weekly column schedule; returns the seconds it took."""
    with Stopwatch() as watch:
        for first in range(0, size, BATCH):
            async with database.transaction() as session:
                rows = [
                    Community(
                        platform="slack",
                        external_id=f"T{number:08d}",
                        name=f"Community {number}",
                        language="en",
                        timezone="UTC",
                        home_channel_id="C0HOME",
                        created_at=now,
                    )
                    for number in range(first, min(size, first + BATCH))
                ]
                session.add_all(rows)
                await session.flush()
                for number, community in enumerate(rows, start=first):
                    weekday, local_time, slot = slot_for(number, size, now)
                    session.add(
                        Schedule(
                            community_id=community.id,
                            kind=KIND,
                            weekday=weekday,
                            local_time=local_time,
                            next_slot_at=slot,
                            updated_at=now,
                        )
                    )
    return watch.seconds


async def make_due(database: Database, count: int, now: datetime) -> None:
    """Move `count` schedules (spread over the table) to a slot one minute ago."""
    due = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
    async with database.transaction() as session:
        ids = list((await session.scalars(sa.select(Schedule.id).order_by(Schedule.id))).all())
        step = max(1, len(ids) // count)
        chosen = ids[::step][:count]
        await session.execute(
            sa.update(Schedule)
            .where(Schedule.id.in_(chosen))
            .values(weekday=due.weekday(), local_time=due.strftime("%H:%M"), next_slot_at=due)
        )


async def outbox_count(database: Database) -> int:
    async with database.transaction() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) or 0)


async def one(url: str, size: int) -> dict[str, Any]:
    """Start-up, memory and ticks on the populated database at `url`, in this (fresh) process."""
    now = datetime.now(UTC).replace(microsecond=0)
    clock = ManualClock(now)
    figures: dict[str, Any] = {"size": size}
    database = Database(url)
    try:
        core = core_on(database, clock)
        due_work = core.due_work
        scheduler = JobScheduler(
            database=database, due_work=due_work, clock=clock, changes=core.schedule_changes
        )
        await due_work.run_due()  # warms the engine's connections and statement caches
        gc.collect()
        figures["rss_before_kib"] = rss_kib()
        clock.set(datetime.now(UTC))  # the sweep's first run is "now": keep it from looking missed
        with Stopwatch() as start:
            await scheduler.start()
        scheduler.scheduler.pause()  # from here on the benchmark calls the due work itself
        figures["start_s"] = start.seconds
        figures["jobs"] = len(scheduler.scheduler.get_jobs())
        gc.collect()
        figures["rss_after_kib"] = rss_kib()
        try:
            quiet: list[float] = []
            for _ in range(QUIET_TICKS):
                with Stopwatch() as tick:
                    looked_at = await due_work.run_due()
                if looked_at:
                    raise SystemExit(f"{looked_at} schedules due when none should be")
                quiet.append(tick.seconds)
            figures["quiet_tick_s"] = statistics.median(quiet)

            due = max(1, size // 100)
            await make_due(database, due, clock.now())
            before = await outbox_count(database)
            with Stopwatch() as busy:
                looked_at = await due_work.run_due()
                await scheduler.settled()
            figures["due"] = due
            figures["due_tick_s"] = busy.seconds
            figures["due_looked_at"] = looked_at
            figures["due_posted"] = await outbox_count(database) - before
            with Stopwatch() as after:
                figures["after_looked_at"] = await due_work.run_due()
            figures["after_tick_s"] = after.seconds
        finally:
            await scheduler.stop()
    finally:
        await database.close()
    return figures


async def measure(engine: Engine, size: int) -> dict[str, Any]:
    """A fresh database populated here, measured by a fresh process, removed after."""
    async with scratch_url(engine) as url:
        database = Database(url)
        try:
            await database.upgrade()
            populated = await populate(database, size, datetime.now(UTC).replace(microsecond=0))
        finally:
            await database.close()
        figures = await spawn(url, size)
    figures["engine"] = engine
    figures["populate_s"] = populated
    return figures


async def spawn(url: str, size: int) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.scale", "--one", url, str(size), cwd=ROOT, stdout=asyncio.subprocess.PIPE
    )
    try:
        stdout, _ = await asyncio.wait_for(process.communicate(), timeout=600)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    if process.returncode != 0:
        raise SystemExit(f"bench.scale --one {size} failed ({process.returncode})")
    found: dict[str, Any] = json.loads(stdout.decode().strip().splitlines()[-1])
    return found


def report(big: dict[str, Any], small: dict[str, Any]) -> None:
    engine, n, b = big["engine"], int(big["size"]), int(small["size"])
    due, due_small = int(big["due"]), int(small["due"])
    start, start_small = big["start_s"] / n, small["start_s"] / b
    grown = (int(big["rss_after_kib"]) - int(big["rss_before_kib"])) * 1024 / n
    grown_small = (int(small["rss_after_kib"]) - int(small["rss_before_kib"])) * 1024 / b
    busy, busy_small = big["due_tick_s"] / due, small["due_tick_s"] / due_small
    print(
        f"{engine}: {n:,} communities against {b:,}; populated by direct inserts in {big['populate_s']:.1f} s"
    )
    print(
        f"  scheduler start-up   {big['start_s']:.3f} s for {big['jobs']:,} jobs, "
        f"{1e6 * start:.0f} us/community; "
        f"baseline {small['start_s'] * 1000:.1f} ms, {1e6 * start_small:.0f} us/community; "
        f"ratio per community {ratio(start, start_small)}"
    )
    print(
        f"  resident memory      {big['rss_before_kib'] / 1024:.1f} MiB before start, "
        f"{big['rss_after_kib'] / 1024:.1f} MiB after: {grown:.0f} B/community; "
        f"baseline {grown_small:.0f} B/community; ratio per community {ratio(grown, grown_small)}"
    )
    print(
        f"  tick, nothing due    {1000 * big['quiet_tick_s']:.2f} ms; "
        f"baseline {1000 * small['quiet_tick_s']:.2f} ms; "
        f"ratio {ratio(big['quiet_tick_s'], small['quiet_tick_s'])} for {n // b}x the communities"
    )
    print(
        f"  tick, 1% due         {1000 * big['due_tick_s']:.0f} ms for {due} due "
        f"({big['due_posted']} posted), "
        f"{1000 * busy:.1f} ms each; baseline {1000 * small['due_tick_s']:.1f} ms for {due_small}; "
        f"ratio per due community {ratio(busy, busy_small)}"
    )
    print(f"  the tick after       {1000 * big['after_tick_s']:.2f} ms ({big['after_looked_at']} due)")


async def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--communities", type=int, default=10_000, help="the large size (default 10,000)")
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--one", nargs=2, metavar=("URL", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    quiet_logs()
    if args.one:
        print(json.dumps(await one(args.one[0], int(args.one[1]))))
        return
    engines: list[Engine] = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    print(
        f"scale: {args.communities:,} communities with weekly schedules against {BASELINE}, one process each"
    )
    for engine in engines:
        small = await measure(engine, BASELINE)
        big = await measure(engine, args.communities)
        report(big, small)


if __name__ == "__main__":
    asyncio.run(main())
