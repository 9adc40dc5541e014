"""Joins missed while Kindling was down: found in the member list GUILD_CREATE brings, welcomed once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.discord.client import MISSED_JOIN_WINDOW
from bot.clock import ManualClock
from bot.events import CommunityRef, Event, MemberJoined
from bot.features.welcome.service import REJOIN_WINDOW
from bot.storage import communities
from bot.storage.database import Database
from tests.discord.harness import running_adapter
from tests.fakes.discord_server import FakeDiscord, Member, User
from tests.scenarios.welcome import GOAL

DAVE = User(id=200_000_000_000_000_081, username="dave", global_name="Dave")
ERIN = User(id=200_000_000_000_000_082, username="erin", global_name="Erin")


def _welcome_dms(fake: FakeDiscord, user: User) -> int:
    dm = str(fake.dm_channel_id(user.id))
    return sum(1 for m in fake.messages.values() if m["channel_id"] == dm and GOAL in m["content"])


def _joins(events: list[Event]) -> list[str]:
    return [e.member.external_id for e in events if isinstance(e, MemberJoined)]


async def _set_goal(database: Database, clock: ManualClock, fake: FakeDiscord) -> None:
    guild = fake.guilds[0]
    ref = CommunityRef(platform="discord", external_id=str(guild.id), name=guild.name)
    async with database.transaction() as session:
        community = await communities.get_or_create(session, ref=ref, now=clock.now(), language="en")
        community.goal = GOAL


def test_the_window_is_shorter_than_the_cores_rejoin_window() -> None:
    assert MISSED_JOIN_WINDOW < REJOIN_WINDOW


async def test_a_member_who_joined_during_a_restart_is_welcomed_once_across_restarts(
    fake: FakeDiscord, database: Database, clock: ManualClock
) -> None:
    guild = fake.guilds[0]
    now = datetime.now(UTC)
    kindling = guild.member(fake.bot_user.id)
    assert kindling is not None
    kindling.joined_at = now - timedelta(days=60)  # installed long ago
    guild.members += [
        Member(DAVE, joined_at=now - timedelta(minutes=10)),  # joined while Kindling was restarting
        Member(ERIN, joined_at=now - timedelta(days=3)),  # joined long before: welcomed back then (or not)
    ]
    await _set_goal(database, clock, fake)

    async with running_adapter(fake, database=database, clock=clock) as adapter:
        events = await adapter.recorder.wait_for(1)
        await adapter.deliver()
        assert _joins(events) == [str(DAVE.id)]
        assert _welcome_dms(fake, DAVE) == 1 and _welcome_dms(fake, ERIN) == 0

    # Kindling restarts on the same database: the fresh session's GUILD_CREATE lists Dave again.
    async with running_adapter(fake, database=database, clock=clock) as again:
        events = await again.recorder.wait_for(1)
        await again.deliver()
        assert _joins(events) == [str(DAVE.id)]
    assert _welcome_dms(fake, DAVE) == 1 and _welcome_dms(fake, ERIN) == 0


async def test_members_who_were_there_before_kindling_joined_are_not_welcomed(
    fake: FakeDiscord, database: Database, clock: ManualClock
) -> None:
    guild = fake.guilds[0]
    now = datetime.now(UTC)
    kindling = guild.member(fake.bot_user.id)
    assert kindling is not None
    kindling.joined_at = now - timedelta(minutes=5)  # just installed
    guild.members.append(Member(DAVE, joined_at=now - timedelta(hours=1)))
    await _set_goal(database, clock, fake)

    async with running_adapter(fake, database=database, clock=clock) as adapter:
        await adapter.fake.member_add(guild.id, ERIN)  # a live join still counts
        events = await adapter.recorder.wait_for(1)
        await adapter.deliver()
        assert _joins(events) == [str(ERIN.id)]
    assert _welcome_dms(fake, DAVE) == 0 and _welcome_dms(fake, ERIN) == 1
