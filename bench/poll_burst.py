"""A burst of votes on one poll: what live counts cost per vote, and how many edits reach the platform.

One community, one poll, `--votes` members voting before the outbox gets a turn (as under load). Kindling's
button votes keep the poll's message up to date (one coalesced edit row, replaced on every vote); the
baseline is the same votes on a native poll (`PollVoted`), which writes the same vote but no edit. Then the
outbox delivers through a platform that counts what it is asked to do.

    .venv/bin/python -m bench.poll_burst              # 300 votes, SQLite and PostgreSQL
    .venv/bin/python -m bench.poll_burst --votes 2000
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter

import sqlalchemy as sa

from adapters.slack.capabilities import CAPABILITIES
from bench._support import Engine, Stopwatch, core_on, migrated_database, quiet_logs, ratio
from bot.clock import SystemClock
from bot.events import ButtonClicked, CommandInvoked, CommunityRef, Person, PollVoted
from bot.kindling import Kindling
from bot.messages import Message
from bot.outbox_worker import OutboxWorker
from bot.port import Delivered
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import Delivery, Poll

COMMUNITY = CommunityRef("slack", "T0POLLS", name="Poll bench", default_home_channel="C0HOME")
ORGANISER = Person("U0ORGANISER", "organiser")
POLL = 'poll --hours 24 "Which evening?" "Tuesday" "Thursday" "Saturday"'


class CountingPlatform:
    """Accepts everything and counts the calls; message ids are sequential."""

    capabilities = CAPABILITIES

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    def _ok(self, what: str, channel_id: str) -> Delivered:
        self.calls[what] += 1
        return Delivered(channel_id=channel_id, message_id=str(sum(self.calls.values())))

    async def send_direct(
        self, *, community_id: str, member_id: str, message: Message, key: str
    ) -> Delivered:
        return self._ok("direct", member_id)

    async def post_in_channel(
        self, *, community_id: str, channel_id: str, thread_id: str | None, message: Message, key: str
    ) -> Delivered:
        return self._ok("post", channel_id)

    async def reply_privately(
        self,
        *,
        community_id: str,
        member_id: str,
        channel_id: str,
        reply_token: str | None,
        message: Message,
        key: str,
    ) -> Delivered:
        return self._ok("private", channel_id)

    async def edit_message(
        self, *, community_id: str, channel_id: str, message_id: str, message: Message
    ) -> Delivered:
        return self._ok("edit", channel_id)


async def start_poll(database: Database, kindling: Kindling, worker: OutboxWorker) -> tuple[int, str]:
    await kindling.handle(
        CommandInvoked(COMMUNITY, ORGANISER, "C0HOME", "goal We learn.", invoker_is_admin=True)
    )
    await kindling.handle(CommandInvoked(COMMUNITY, ORGANISER, "C0HOME", POLL, invoker_is_admin=True))
    await worker.run_until_idle()
    async with database.transaction() as session:
        poll_id, message_id = (
            await session.execute(
                sa.select(Poll.id, Delivery.message_id)
                .join(Delivery, Delivery.key == Poll.message_key)
                .order_by(Poll.id.desc())
                .limit(1)
            )
        ).one()
    return int(poll_id), str(message_id)


async def run_engine(engine: Engine, votes: int) -> None:
    async with migrated_database(engine) as database:
        core = core_on(database, SystemClock())
        kindling = core.kindling
        platform = CountingPlatform()
        worker = core.worker(Settings(), platform_name="slack", chat=platform)

        poll_id, _ = await start_poll(database, kindling, worker)
        platform.calls.clear()
        with Stopwatch() as buttons:
            for number in range(votes):
                voter = Person(f"U{number:07d}", f"voter {number}")
                value = f"{poll_id}:{number % 3}"
                await kindling.handle(ButtonClicked(COMMUNITY, voter, "kindling.poll.vote", value, "C0HOME"))
        with Stopwatch() as delivery:
            await worker.run_until_idle()
        delivered = dict(platform.calls)

        _, native_message = await start_poll(database, kindling, worker)
        with Stopwatch() as native:
            for number in range(votes):
                voter = Person(f"U{number:07d}", f"voter {number}")
                await kindling.handle(PollVoted(COMMUNITY, voter, native_message, number % 3))

        per_vote = buttons.seconds / votes * 1000
        baseline = native.seconds / votes * 1000
        print(f"{engine}: {votes} votes in a burst")
        print(f"  button votes with live counts  {per_vote:7.2f} ms per vote")
        print(f"  native votes (baseline)        {baseline:7.2f} ms per vote", end="")
        print(f"   ratio {ratio(per_vote, baseline)}")
        edits, answers = delivered.get("edit", 0), delivered.get("private", 0)
        print(f"  then delivered in {delivery.seconds * 1000:.0f} ms: {edits} edit(s), {answers} answers")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--votes", type=int, default=300)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    quiet_logs()
    engines: list[Engine] = ["sqlite"] if args.sqlite_only else ["sqlite", "postgres"]
    for engine in engines:
        await run_engine(engine, args.votes)


if __name__ == "__main__":
    asyncio.run(main())
