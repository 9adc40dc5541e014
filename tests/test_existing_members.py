"""Joining a living community, in the core: members noted as here before Kindling are never welcomed, and the
pulse, `newcomers` and the ambassador suggestions count them as existing. The platform's member list is the
port's (`ListsMembers`); here a list stands in for it, the adapters' own lists are tested on the fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bot.features.configuration.roster import note_members, progress_mark
from bot.port import ListedMember
from bot.storage import pulse
from bot.storage.models import Community, Member
from tests.support.console_driver import ConsoleDriver

GOAL = "We help new referees grow. Share one match situation a week."


async def _listed(entries: Iterable[ListedMember]) -> AsyncIterator[ListedMember]:
    for entry in entries:
        yield entry


async def _community(console: ConsoleDriver) -> Community:
    async with console.database.transaction() as session:
        found: Community | None = await session.scalar(sa.select(Community))
        assert found is not None
        return found


async def _members(console: ConsoleDriver) -> dict[str, Member]:
    async with console.database.transaction() as session:
        return {m.member_id: m for m in await session.scalars(sa.select(Member))}


async def _note(console: ConsoleDriver, *entries: ListedMember, page: int = 500) -> int:
    community = await _community(console)
    return await note_members(
        turns=console.core.turns, community_id=community.id, listed=_listed(entries), page=page
    )


async def test_members_here_before_kindling_are_noted_and_newcomers_since_are_not(
    console: ConsoleDriver,
) -> None:
    await console.lines("organiser ann", "join bob")  # bob joined after Kindling: a newcomer (held)
    await console.line("old: a long-standing member posts before set-up")  # met as if new
    arrived = (await _community(console)).created_at
    years_ago = arrived - timedelta(days=900)
    noted = await _note(
        console,
        ListedMember("old", "Old Hand", joined_at=years_ago),
        ListedMember("quiet", "Quiet One"),  # the platform does not say when (Slack)
        ListedMember("bob", "Bob"),  # welcome held: a newcomer, not noted
        ListedMember("late", "Late", joined_at=arrived + timedelta(minutes=5)),  # joined after Kindling
        ListedMember("robot", "Robot", is_bot=True),
        page=2,
    )
    assert noted == 2  # old and quiet; the robot is noted but not counted
    found = await _members(console)
    assert found["old"].before_kindling and found["old"].joined_at == years_ago
    assert found["old"].post_count == 1  # the row it had is kept
    assert found["quiet"].before_kindling and found["quiet"].joined_at == arrived
    assert not found["bob"].before_kindling
    assert "late" not in found
    assert found["robot"].before_kindling and found["robot"].is_bot
    # Noting again changes nothing.
    assert await _note(console, ListedMember("old", "Old Hand", joined_at=years_ago)) == 1
    assert len(await _members(console)) == len(found)


async def test_an_existing_member_is_not_welcomed_and_a_newcomer_is(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", f"ann: /kindling goal {GOAL}")
    await _note(console, ListedMember("old", "Old Hand"))
    # Slack's channel join for someone already there, a replayed Discord join: not a newcomer.
    delivered = await console.line("join old")
    assert [d for d in delivered if d.to == "old"] == []
    delivered = await console.line("join new")
    assert [d for d in delivered if d.kind == "dm" and d.to == "new" and GOAL in d.text]


async def test_newcomers_pulse_and_candidates_count_existing_members_as_existing(
    console: ConsoleDriver,
) -> None:
    await console.lines("organiser ann", f"ann: /kindling goal {GOAL}", "join new", "join shy")
    # Long-standing members who post before set-up notes them (the first pulse said "New members: 3").
    await console.lines("old1: hello", "old2: hello", "old3: hello", "new: hi all", "new: a question")
    # The organiser who set Kindling up was there before it too (the issue: "newcomers lists the organiser").
    here = ("ann", "old1", "old2", "old3", "quietold")
    await _note(console, *(ListedMember(name, name.title()) for name in here))
    [answer] = await console.line("ann: /kindling newcomers")
    assert "@shy" in answer.text
    assert not any(f"@{name}" in answer.text for name in ("old1", "old2", "old3", "quietold", "ann"))
    async with console.database.transaction() as session:
        community = await session.scalar(sa.select(Community))
        assert community is not None
        figures = await pulse.compute(
            session,
            community_id=community.id,
            now=console.clock.now() + timedelta(days=7),
            weeks=2,
            zone=ZoneInfo("UTC"),
        )
    assert sum(week.new_members for week in figures.weeks) == 2  # new and shy, not the old hands
    assert figures.candidates == ["new"]


def test_a_large_community_hears_how_far_it_got_at_milestones() -> None:
    assert [progress_mark(n) for n in (999, 1000, 9_999, 10_000, 25_000)] == [
        None,
        1000,
        1000,
        10_000,
        20_000,
    ]


async def test_nothing_listed_still_finishes(console: ConsoleDriver) -> None:
    await console.line("organiser ann")
    assert await _note(console) == 0
