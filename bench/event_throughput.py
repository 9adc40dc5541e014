"""Member joins per second, from the adapter's core event to the outbox rows, on SQLite and PostgreSQL.

Each engine gets a fresh database migrated with `Database(url).upgrade()`. An organiser sets the goal first,
so every `MemberJoined` handed to `Kindling.handle` writes the member, the welcome and two outbox rows (the
newcomer's welcome DM and the organiser's "please greet" DM) in one transaction. The baseline is the floor
any design pays on the same engine and connection pool: one transaction per event inserting one row into a
plain table (bare SQLAlchemy Core, no ORM).

    .venv/bin/python -m bench.event_throughput            # 500 joins per figure
    .venv/bin/python -m bench.event_throughput --full     # 5,000 joins per figure
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from bench._support import Engine, Stopwatch, core_on, migrated_database, quiet_logs, ratio
from bot.clock import SystemClock
from bot.events import CommandInvoked, CommunityRef, MemberJoined, Person
from bot.kindling import Kindling
from bot.storage.database import Database
from bot.storage.models import OutboxMessage

GOAL = "goal We help new referees grow. Share one match situation a week."
ORGANISER = Person("U0ORGANISER", "organiser")
WARM_UP = 20
CONCURRENCY = 8

_bare = sa.MetaData()
BARE_EVENTS = sa.Table(
    "bench_events",
    _bare,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("community", sa.String(64), nullable=False),
    sa.Column("member", sa.String(64), nullable=False),
    sa.Column("display_name", sa.String(200), nullable=False),
)


@dataclass(frozen=True)
class Figure:
    label: str
    events: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.events / self.seconds


def community(index: int) -> CommunityRef:
    return CommunityRef("slack", f"T0BENCH{index:03d}", name=f"Bench {index}")


async def prepare(kindling: Kindling, communities: int) -> None:
    """Each community has a goal, set by a workspace admin (who becomes its organiser and greeter)."""
    for index in range(communities):
        await kindling.handle(
            CommandInvoked(community(index), ORGANISER, "C0HOME", GOAL, invoker_is_admin=True)
        )


Join = Callable[[int], Awaitable[None]]


async def drive(join: Join, numbers: Sequence[int], concurrency: int) -> float:
    """Run `join(n)` for every n with `concurrency` handlers pulling from one queue; seconds taken."""
    pending = iter(numbers)

    async def handler() -> None:
        for number in pending:  # shared iterator: each number is taken once
            await join(number)

    with Stopwatch() as watch:
        await asyncio.gather(*(handler() for _ in range(concurrency)))
    return watch.seconds


async def kindling_joins(database: Database, *, communities: int) -> Join:
    kindling = core_on(database, SystemClock()).kindling
    await prepare(kindling, communities)

    async def join(number: int) -> None:
        person = Person(f"U{number:09d}", f"member {number}")
        await kindling.handle(MemberJoined(community(number % communities), person))

    return join


async def bare_inserts(database: Database) -> Join:
    async with database.engine.begin() as connection:
        await connection.run_sync(_bare.create_all)

    async def insert(number: int) -> None:
        async with database.engine.begin() as connection:
            await connection.execute(
                BARE_EVENTS.insert().values(
                    community=community(0).external_id, member=f"U{number:09d}", display_name=f"m {number}"
                )
            )

    return insert


async def measure(join: Join, label: str, start: int, count: int, concurrency: int) -> Figure:
    await drive(join, range(start, start + WARM_UP), 1)
    seconds = await drive(join, range(start + WARM_UP, start + WARM_UP + count), concurrency)
    return Figure(label, count, seconds)


async def outbox_rows(database: Database) -> int:
    async with database.transaction() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) or 0)


async def run_engine(engine: Engine, count: int) -> list[tuple[Figure, Figure]]:
    pairs: list[tuple[Figure, Figure]] = []
    numbers = itertools.count(0, 1_000_000)
    async with migrated_database(engine) as database:
        bare = await bare_inserts(database)
        plans = [(1, 1)]
        if engine == "postgres":
            plans += [(CONCURRENCY, 1), (CONCURRENCY, CONCURRENCY)]
        for concurrency, communities in plans:
            label = f"{engine}, {concurrency} handler(s), {communities} community(ies)"
            base = next(numbers)
            join = await kindling_joins(database, communities=communities)
            before = await outbox_rows(database)
            kindling = await measure(join, label, base, count, concurrency)
            queued = await outbox_rows(database) - before
            expected = 2 * (count + WARM_UP)
            if queued != expected:
                raise SystemExit(f"{label}: {queued} outbox rows, expected {expected}")
            baseline = await measure(bare, label, base, count, concurrency)
            pairs.append((kindling, baseline))
    return pairs


async def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.event_throughput", description=__doc__)
    parser.add_argument("--full", action="store_true", help="5,000 joins per figure instead of 500")
    parser.add_argument("--joins", type=int, default=None, help="joins per figure (overrides --full)")
    args = parser.parse_args(argv)
    count = args.joins or (5_000 if args.full else 500)
    quiet_logs()
    print(f"event throughput: {count} member joins per figure (after {WARM_UP} warm-up), 2 outbox rows each")
    print(f"{'setting':<44} {'kindling joins/s':>17} {'bare inserts/s':>15} {'ratio':>7} {'ms/join':>8}")
    for engine in ("sqlite", "postgres"):
        for kindling, baseline in await run_engine(engine, count):
            print(
                f"{kindling.label:<44} {kindling.per_second:>17.0f} {baseline.per_second:>15.0f} "
                f"{ratio(kindling.per_second, baseline.per_second):>7} "
                f"{1000 * kindling.seconds / kindling.events:>8.2f}"
            )
    print("ratio = Kindling's joins/s over bare one-row-insert transactions/s, same engine and concurrency")


if __name__ == "__main__":
    asyncio.run(main())
