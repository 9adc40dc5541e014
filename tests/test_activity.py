"""Members posting: each local day a member posts is noted once, on the community's calendar, and bots
leave no trace."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import sqlalchemy as sa

from bot.clock import ManualClock
from bot.events import CommunityRef, MessagePosted, Person
from bot.features.community import member_posted
from bot.storage.database import Database
from bot.storage.members import record_active_day
from bot.storage.models import Community, Member, MemberActiveDay
from tests.support.core import test_core

BOB = Person("bob", "Bob")


async def new_community(database: Database, external_id: str, zone: str) -> int:
    async with database.transaction() as session:
        community = Community(
            platform="console",
            external_id=external_id,
            name=external_id,
            timezone=zone,
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        session.add(community)
        await session.flush()
        return community.id


async def post(database: Database, community_id: int, person: Person, at: datetime) -> None:
    async with test_core(database, ManualClock(at)).turns.of_community(community_id) as turn:
        assert turn is not None
        ref = CommunityRef("console", turn.community.external_id)
        await member_posted(turn, MessagePosted(ref, person, channel_id="home", message_id="m1"))


async def active_days(database: Database) -> list[tuple[int, str, date]]:
    async with database.transaction() as session:
        rows = await session.execute(
            sa.select(MemberActiveDay.community_id, MemberActiveDay.member_id, MemberActiveDay.day).order_by(
                MemberActiveDay.community_id, MemberActiveDay.day
            )
        )
        return [(community_id, member_id, day) for community_id, member_id, day in rows]


async def test_two_posts_on_one_local_day_note_one_active_day(database: Database) -> None:
    amsterdam = await new_community(database, "A", "Europe/Amsterdam")
    # 08:00 and 22:30 local on Tuesday 6 January (UTC+1): one day, two posts.
    await post(database, amsterdam, BOB, datetime(2026, 1, 6, 7, 0, tzinfo=UTC))
    await post(database, amsterdam, BOB, datetime(2026, 1, 6, 21, 30, tzinfo=UTC))
    assert await active_days(database) == [(amsterdam, "bob", date(2026, 1, 6))]
    async with database.transaction() as session:
        member = await session.scalar(sa.select(Member).where(Member.member_id == "bob"))
        assert member is not None and member.post_count == 2  # both posts count; the day is noted once
    await post(database, amsterdam, BOB, datetime(2026, 1, 7, 9, 0, tzinfo=UTC))
    assert await active_days(database) == [
        (amsterdam, "bob", date(2026, 1, 6)),
        (amsterdam, "bob", date(2026, 1, 7)),
    ]


async def test_the_day_is_the_communitys_local_date(database: Database) -> None:
    amsterdam = await new_community(database, "A", "Europe/Amsterdam")
    greenwich = await new_community(database, "G", "UTC")
    sunday_late = datetime(2026, 1, 11, 23, 30, tzinfo=UTC)  # Monday 12 January 00:30 in Amsterdam
    await post(database, amsterdam, BOB, sunday_late)
    await post(database, greenwich, BOB, sunday_late)
    assert await active_days(database) == [
        (amsterdam, "bob", date(2026, 1, 12)),
        (greenwich, "bob", date(2026, 1, 11)),
    ]


async def test_bot_posts_note_nothing(database: Database) -> None:
    amsterdam = await new_community(database, "A", "Europe/Amsterdam")
    await post(database, amsterdam, Person("helper", "Helper", is_bot=True), datetime(2026, 1, 6, tzinfo=UTC))
    assert await active_days(database) == []
    async with database.transaction() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Member)) == 0


async def test_racing_posts_of_one_member_note_the_day_once_without_an_error(database: Database) -> None:
    """Two transactions note the same day: the second inserts while the first still holds its row
    uncommitted (PostgreSQL makes it wait for the first; SQLite for the write lock) and then finds the
    day there, instead of failing the second turn with an IntegrityError."""
    community_id = await new_community(database, "A", "Europe/Amsterdam")
    first_wrote = asyncio.Event()

    async def note(*, wait_for_first: bool) -> None:
        if wait_for_first:
            await first_wrote.wait()
        async with database.transaction() as session:
            await record_active_day(session, community_id=community_id, member_id="bob", day=date(2026, 1, 6))
            if not wait_for_first:
                first_wrote.set()
                await asyncio.sleep(0.3)  # let the second writer arrive before this one commits

    await asyncio.gather(note(wait_for_first=False), note(wait_for_first=True))
    assert await active_days(database) == [(community_id, "bob", date(2026, 1, 6))]
