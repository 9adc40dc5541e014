"""The weekly pulse: figures from a hand-built history match hand counts, the ambassador candidates are
ranked as the method asks, the chart is an 800x400 PNG, and another community never counts."""

from __future__ import annotations

import asyncio
import struct
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.pulse import FIGURES, Pulse, PulseWording, WeekFigures, render_pulse_text
from bot.domain.weeks import whole_weeks
from bot.feature import Due
from bot.features.pulse.chart import render_chart, render_chart_async
from bot.features.pulse.service import find_due, next_after, pulse_slot
from bot.storage import claims
from bot.storage.database import Database
from bot.storage.models import (
    CoffeeCheckin,
    CoffeePair,
    CoffeePairMember,
    CoffeeRound,
    Community,
    Member,
    MemberActiveDay,
    Poll,
    PollBallot,
    PollVote,
    Role,
    WatchedPost,
    Welcome,
)
from bot.storage.pulse import compute as compute_pulse

AMSTERDAM = ZoneInfo("Europe/Amsterdam")  # UTC+1 in January: local midnight is 23:00 UTC the day before
#: Monday 26 January 2026, 09:00 local: the pulse covers the whole weeks of 5, 12 and 19 January.
NOW = datetime(2026, 1, 26, 9, tzinfo=AMSTERDAM).astimezone(UTC)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def local(month: int, day: int, hour: int = 12, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM).astimezone(UTC)


def add_member(
    session: AsyncSession,
    community: Community,
    name: str,
    *,
    joined: datetime,
    first: datetime | None = None,
    last: datetime | None = None,
    posts: int = 0,
    left: datetime | None = None,
    bot: bool = False,
    between: tuple[datetime, ...] = (),
) -> None:
    """A member, and their active days: the local days of their first and last post and of the posts
    `between` them. A bot gets them too (`activity.member_posted` never notes a bot's), so the pulse is
    seen to leave bots out on its own."""
    session.add(
        Member(
            community_id=community.id,
            member_id=name,
            display_name=name,
            is_bot=bot,
            joined_at=joined,
            first_post_at=first,
            last_post_at=last or first,
            post_count=posts,
            left_at=left,
        )
    )
    posted = {
        moment.astimezone(ZoneInfo(community.timezone)).date() for moment in (first, last, *between) if moment
    }
    for day in sorted(posted):
        session.add(MemberActiveDay(community_id=community.id, member_id=name, day=day))


def add_greetings(session: AsyncSession, community: Community, by: str, count: int) -> None:
    for number in range(count):
        session.add(
            Welcome(
                community_id=community.id,
                member_id=f"newcomer-{by}-{number}",
                status="sent",
                created_at=local(1, 10),
                greeted_at=local(1, 10),
                greeted_by_member_id=by,
            )
        )


def add_watched(
    session: AsyncSession, community: Community, kind: str, posted: datetime, replies: int
) -> None:
    session.add(
        WatchedPost(
            community_id=community.id,
            channel_id="home",
            kind=kind,
            posted_at=posted,
            check_at=posted + timedelta(hours=48),
            replies=replies,
        )
    )


async def add_poll(
    session: AsyncSession,
    community: Community,
    closes: datetime,
    votes: list[tuple[str, int]],
    *,
    anonymous_ballots: int = 0,
) -> None:
    poll = Poll(
        community_id=community.id,
        number=(await session.scalar(sa.select(sa.func.count()).select_from(Poll)) or 0) + 1,
        channel_id="home",
        question="Which evening?",
        options='["Tuesday", "Thursday"]',
        multiple=True,
        origin="manual",
        created_at=closes - timedelta(hours=48),
        closes_at=closes,
        status="closed",
        message_key=f"poll:{community.id}:{closes.isoformat()}",
        anonymous=anonymous_ballots > 0,
    )
    session.add(poll)
    await session.flush()
    for number in range(anonymous_ballots):
        session.add(PollBallot(poll_id=poll.id, digest=f"{poll.id}-{number:060d}"))
    for voter, option in votes:
        session.add(PollVote(poll_id=poll.id, member_id=voter, option=option, voted_at=closes))


async def add_round(
    session: AsyncSession,
    community: Community,
    at: datetime,
    pairs: list[tuple[list[str], dict[str, bool]]],
    checkin_after: timedelta = timedelta(days=5),
) -> None:
    """A round whose check-in went out `checkin_after` its start (at cadence 2, in the week after)."""
    round_ = CoffeeRound(
        community_id=community.id, round_at=at, checkin_at=at + checkin_after, status="checked"
    )
    session.add(round_)
    await session.flush()
    for members, answers in pairs:
        pair = CoffeePair(round_id=round_.id, community_id=community.id)
        session.add(pair)
        await session.flush()
        session.add_all(
            CoffeePairMember(pair_id=pair.id, member_id=member, position=position)
            for position, member in enumerate(members)
        )
        for member, met in answers.items():
            session.add(CoffeeCheckin(pair_id=pair.id, member_id=member, met=met, answered_at=at))


async def new_community(session: AsyncSession, external_id: str, zone: str = "Europe/Amsterdam") -> Community:
    community = Community(platform="console", external_id=external_id, name=external_id, timezone=zone)
    community.created_at = local(12, 1, year=2025)
    session.add(community)
    await session.flush()
    return community


async def seed(database: Database) -> tuple[int, int]:
    """Community A with three weeks of history, and community B whose rows must never count for A."""
    async with database.transaction() as session:
        a = await new_community(session, "A")
        b = await new_community(session, "B")
        for name, role in (("ann", "organiser"), ("amy", "ambassador")):
            session.add(
                Role(
                    community_id=a.id,
                    member_id=name,
                    role=role,
                    granted_via="command",
                    granted_at=local(12, 1, year=2025),
                )
            )

        # name, joined, first post, last post, posts (week 1 = 5-11 Jan, 2 = 12-18 Jan, 3 = 19-25 Jan);
        # each member is active on the local days of their first and last post (see add_member).
        add_member(session, a, "ann", joined=local(12, 1, year=2025), first=local(12, 2, year=2025),
                   last=local(1, 20), posts=30)  # fmt: skip
        # Several days in week 1 and week 2: one active member each week all the same.
        add_member(session, a, "amy", joined=local(1, 6), first=local(1, 6), last=local(1, 13), posts=10,
                   between=(local(1, 8), local(1, 9), local(1, 12)))  # fmt: skip
        # Joined Monday 00:30 local (Sunday 23:30 UTC) and first posted Sunday 23:30 local: both week 1.
        add_member(session, a, "bob", joined=local(1, 5, 0, 30), first=local(1, 11, 23, 30),
                   last=local(1, 21), posts=4)  # fmt: skip
        # Joined Sunday 4 January 23:30 local: before week 1. First post Monday 12 Jan 00:30 local: week 2.
        add_member(session, a, "cas", joined=local(1, 4, 23, 30), first=local(1, 12, 0, 30), posts=1)
        add_member(session, a, "dan", joined=local(1, 13), first=local(1, 14), last=local(1, 22), posts=2)
        add_member(session, a, "eve", joined=local(1, 20))  # never posted
        add_member(session, a, "fay", joined=local(1, 14), first=local(1, 15), posts=3, left=local(1, 23))
        add_member(session, a, "gus", joined=local(9, 1, year=2025), first=local(9, 2, year=2025),
                   last=local(1, 19), posts=50)  # fmt: skip
        add_member(
            session, a, "hal", joined=local(1, 21, 12), first=local(1, 21, 13), last=local(1, 25), posts=5
        )
        add_member(session, a, "ivy", joined=local(1, 22), first=local(1, 22), posts=1)
        add_member(session, a, "kim", joined=local(12, 10, year=2025), first=local(12, 11, year=2025),
                   last=local(1, 8), posts=2)  # fmt: skip
        add_member(session, a, "botty", joined=local(1, 6), first=local(1, 7), posts=40, bot=True)
        # Joined and posted in the week under way (Monday 26 Jan before 09:00): not a whole week yet.
        add_member(session, a, "joe", joined=local(1, 26, 8, 30), first=local(1, 26, 8, 45), posts=1)
        add_greetings(session, a, "bob", 2)
        add_greetings(session, a, "dan", 3)

        add_watched(session, a, "prompt", local(1, 6), 3)
        add_watched(session, a, "column", local(1, 8), 1)
        add_watched(session, a, "question", local(1, 9), 10)  # a member's question: not a prompt
        add_watched(session, a, "prompt", local(1, 20), 4)
        add_watched(session, a, "prompt", local(1, 26, 8), 9)  # the week under way

        # Week 1, anonymous, Sat 10 Jan: 6 present (ann amy bob cas gus kim; botty is a bot), 3 ballots.
        await add_poll(session, a, local(1, 10), [], anonymous_ballots=3)
        # Week 2: 8 present at close (ann amy bob cas dan fay gus kim), 3 distinct voters (amy twice).
        await add_poll(session, a, local(1, 15), [("amy", 0), ("amy", 1), ("bob", 0), ("dan", 1)])
        # Week 3, Wed 21 Jan 09:00: 9 present (the 8 and eve; hal joins at 12:00), 3 voters.
        await add_poll(session, a, local(1, 21, 9), [("ann", 0), ("bob", 0), ("cas", 1)])
        # Week 3, Sat 24 Jan: fay left on the 23rd; hal and ivy joined: 10 present, 5 voters.
        await add_poll(session, a, local(1, 24), [("ann", 0), ("amy", 0), ("bob", 1), ("hal", 1), ("ivy", 0)])
        await add_poll(session, a, local(1, 27), [("ann", 0)])  # closes after now

        # Week 1: three pairs; amy-bob met (one yes), cas-dan did not, the trio met (gus said yes).
        await add_round(
            session,
            a,
            local(1, 5, 10),
            [
                (["amy", "bob"], {"amy": True}),
                (["cas", "dan"], {"cas": False}),
                (["fay", "gus", "kim"], {"kim": False, "gus": True}),
            ],
        )
        # Week 3: amy-cas did not answer; bob-dan both said they met.
        await add_round(
            session, a, local(1, 19, 10), [(["amy", "cas"], {}), (["bob", "dan"], {"bob": True, "dan": True})]
        )
        # Cadence 2: paired in week 2, asked in week 3 (Wednesday 21 Jan), so counted in week 3.
        await add_round(
            session, a, local(1, 12, 10), [(["gus", "kim"], {"kim": True})], checkin_after=timedelta(days=9)
        )

        # Community B: busy in week 2, and its "bob" and greetings by "dan" are someone else's.
        add_member(session, b, "bob", joined=local(1, 13), first=local(1, 14), posts=100)
        add_member(session, b, "zed", joined=local(1, 13), first=local(1, 13), posts=7)
        add_greetings(session, b, "dan", 10)
        add_greetings(session, b, "zed", 1)
        add_watched(session, b, "prompt", local(1, 14), 50)
        await add_poll(session, b, local(1, 8), [("bob", 0)])
        await add_round(session, b, local(1, 12, 10), [(["bob", "zed"], {"bob": True})])
        return a.id, b.id


async def test_figures_match_the_hand_count(database: Database) -> None:
    a, b = await seed(database)
    async with database.transaction() as session:
        pulse = await compute_pulse(session, community_id=a, now=NOW, weeks=3, zone=AMSTERDAM)
        other = await compute_pulse(session, community_id=b, now=NOW, weeks=3, zone=AMSTERDAM)
    assert pulse.weeks == [
        WeekFigures(
            week_start=date(2026, 1, 5),
            new_members=1,  # bob (00:30 local on Monday); amy is an ambassador, cas joined the Sunday before
            first_time_posters=2,  # amy, bob (Sunday 23:30 local)
            active_members=3,  # amy (three days), bob (Sunday 23:30 local), kim; not botty, a bot
            replies_per_prompt=2.0,  # prompt 3 and column 1; the question's 10 does not count
            poll_turnout=3 / 6,  # the anonymous poll's ballots
            pairs_met=2,  # amy-bob, the trio
            pairs=3,
            prompts=2,
        ),
        WeekFigures(
            week_start=date(2026, 1, 12),
            new_members=2,  # dan, fay (who left later)
            first_time_posters=3,  # cas (Monday 00:30 local), dan, fay
            active_members=4,  # amy, cas (Monday 00:30 local), dan, fay (who left later); not B's bob
            replies_per_prompt=0.0,  # no prompts
            poll_turnout=3 / 8,
            pairs_met=0,
            pairs=0,
            prompts=0,
        ),
        WeekFigures(
            week_start=date(2026, 1, 19),
            new_members=3,  # eve, hal, ivy (joe joined in the week under way)
            first_time_posters=2,  # hal, ivy
            active_members=6,  # ann, bob, dan, gus, hal (two days), ivy; joe posted in the week under way
            replies_per_prompt=4.0,
            poll_turnout=pytest.approx((3 / 9 + 5 / 10) / 2),  # type: ignore[arg-type]
            pairs_met=2,  # bob-dan, and gus-kim of week 2's round, asked this week
            pairs=3,
            prompts=1,
        ),
    ]
    # Scores (posts + newcomers greeted): bob 4+2=6, dan 2+3=5, hal 5+0=5 (dan joined earlier), kim 2,
    # ivy 1, cas 1. Not: ann (organiser), amy (ambassador), gus (joined over 90 days ago), fay (left),
    # eve (never posted), botty (a bot). B's ten greetings by a "dan" count for nobody in A.
    assert pulse.candidates == ["bob", "dan", "hal"]

    # B counts only its own: bob and zed joined and posted in week 2, its prompt, poll and pair.
    assert [week.new_members for week in other.weeks] == [0, 2, 0]
    assert [week.active_members for week in other.weeks] == [0, 2, 0]
    assert [week.replies_per_prompt for week in other.weeks] == [0.0, 50.0, 0.0]
    assert [week.poll_turnout for week in other.weeks] == [None, None, None]  # its poll had no one present
    assert [(week.pairs_met, week.pairs) for week in other.weeks] == [(0, 0), (1, 1), (0, 0)]
    assert other.candidates == ["bob", "zed"]  # 100 posts; 7 posts + 1 greeting


async def test_a_member_is_active_in_every_week_they_posted_in(database: Database) -> None:
    """Exact, not by the latest post: lea posted in weeks 1 and 3 and counts in both, and not in week 2
    between them. Counting by her last post, as the pulse once did, week 1 would have shown 0."""
    async with database.transaction() as session:
        a = await new_community(session, "A")
        add_member(session, a, "lea", joined=local(1, 1), first=local(1, 7), last=local(1, 20),
                   between=(local(1, 21), local(1, 22)), posts=4)  # fmt: skip
        a_id = a.id
    async with database.transaction() as session:
        pulse = await compute_pulse(session, community_id=a_id, now=NOW, weeks=3, zone=AMSTERDAM)
    assert [week.active_members for week in pulse.weeks] == [1, 0, 1]  # three days in week 3: still one
    async with database.transaction() as session:
        # The active day of a post on Sunday 18 January, late in the evening: week 2 has her too now.
        session.add(MemberActiveDay(community_id=a_id, member_id="lea", day=date(2026, 1, 18)))
    async with database.transaction() as session:
        pulse = await compute_pulse(session, community_id=a_id, now=NOW, weeks=3, zone=AMSTERDAM)
    assert [week.active_members for week in pulse.weeks] == [1, 1, 1]


async def test_a_member_of_another_community_never_counts(database: Database) -> None:
    async with database.transaction() as session:
        a = await new_community(session, "A")
        b = await new_community(session, "B")
        add_member(session, b, "zed", joined=local(1, 20), first=local(1, 20), posts=9)
        add_greetings(session, b, "zed", 4)
        add_watched(session, b, "prompt", local(1, 20), 6)
        await add_round(session, b, local(1, 19, 10), [(["zed", "yan"], {"zed": True})])
        a_id = a.id
    async with database.transaction() as session:
        pulse = await compute_pulse(session, community_id=a_id, now=NOW, weeks=2, zone=AMSTERDAM)
    assert pulse == Pulse(
        weeks=[
            WeekFigures(date(2026, 1, 12), 0, 0, 0, 0.0, None, 0, 0, 0),
            WeekFigures(date(2026, 1, 19), 0, 0, 0, 0.0, None, 0, 0, 0),
        ],
        candidates=[],
    )


def test_week_over_week_changes() -> None:
    before = WeekFigures(date(2026, 1, 12), 2, 3, 3, 0.0, 0.375, 0, 0, prompts=0)
    latest = WeekFigures(date(2026, 1, 19), 3, 2, 3, 4.0, 0.5, 1, 2, prompts=1)
    changes = {change.figure: change for change in Pulse([before, latest], []).changes()}
    assert list(changes) == list(FIGURES)
    assert (changes["new_members"].difference, changes["new_members"].direction) == (1.0, "up")
    assert (changes["first_time_posters"].difference, changes["first_time_posters"].direction) == (
        -1.0,
        "down",
    )
    assert (changes["active_members"].difference, changes["active_members"].direction) == (0.0, "same")
    assert changes["replies_per_prompt"].direction == "none"  # no prompts the week before
    assert changes["poll_turnout"].difference == pytest.approx(0.125)
    assert changes["poll_turnout"].direction == "up"
    assert changes["pairs_met"].direction == "none"  # no pairs the week before
    assert Pulse([latest], []).changes()[0].direction == "none"  # nothing to compare with
    assert Pulse([], []).changes() == ()


ENGLISH = PulseWording(
    title="Pulse for the week of {start} to {end}",
    labels={
        "new_members": "New members",
        "first_time_posters": "First posts",
        "active_members": "Active members",
        "replies_per_prompt": "Replies per prompt",
        "poll_turnout": "Poll turnout",
        "pairs_met": "Coffee pairs that met",
    },
    line="{label}: {value} {trend}",
    up="(up {difference})",
    down="(down {difference})",
    same="(same)",
    no_comparison="",
    no_value="-",
    candidates="Ambassador candidates: {members}",
    no_candidates="No ambassador candidates this week.",
)


def test_the_pulse_reads_as_text() -> None:
    pulse = Pulse(
        weeks=[
            WeekFigures(date(2026, 1, 12), 2, 3, 3, 1.5, None, 0, 0, prompts=2),
            WeekFigures(date(2026, 1, 19), 3, 2, 3, 4.25, 5 / 12, 1, 2, prompts=4),
        ],
        candidates=["bob", "dan"],
    )
    text = render_pulse_text(pulse, wording=ENGLISH, format_day=lambda day: f"{day:%d %b}")
    assert text.splitlines() == [
        "Pulse for the week of 19 Jan to 25 Jan",
        "New members: 3 (up 1)",
        "First posts: 2 (down 1)",
        "Active members: 3 (same)",
        "Replies per prompt: 4.2 (up 2.8)",  # 4.25 to one decimal, as Python rounds halves to even
        "Poll turnout: 42%",
        "Coffee pairs that met: 1/2",
        "Ambassador candidates: <@bob>, <@dan>",
    ]
    dutch = replace(ENGLISH, decimal_separator=",")
    assert "Replies per prompt: 4,2 (up 2,8)" in render_pulse_text(
        pulse, wording=dutch, format_day=lambda day: day.isoformat()
    )
    quiet = render_pulse_text(Pulse([], []), wording=ENGLISH, format_day=str)
    assert quiet == "No ambassador candidates this week."


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which follows the 8-byte signature: length, b"IHDR", w, h."""
    assert png[:8] == PNG_SIGNATURE
    length, kind, width, height = struct.unpack(">I4sII", png[8:24])
    assert (length, kind) == (13, b"IHDR")
    return width, height


LABELS = {"new_members": "New", "active_members": "Active", "first_time_posters": "First posts"}


async def test_the_chart_is_an_800_by_400_png(database: Database) -> None:
    a, _ = await seed(database)
    async with database.transaction() as session:
        pulse = await compute_pulse(session, community_id=a, now=NOW, weeks=6, zone=AMSTERDAM)
    png = await render_chart_async(pulse, title="Pulse", labels=LABELS)
    assert png_size(png) == (800, 400)
    assert png == render_chart(pulse, title="Pulse", labels=LABELS)  # same pulse, same bytes


async def test_a_quiet_community_still_gets_a_chart(database: Database) -> None:
    async with database.transaction() as session:
        community = await new_community(session, "quiet")
        pulse = await compute_pulse(session, community_id=community.id, now=NOW, weeks=6, zone=AMSTERDAM)
    assert len(pulse.weeks) == 6
    assert all(week.new_members == week.active_members == 0 for week in pulse.weeks)
    assert png_size(render_chart(pulse, title="Pulse", labels={})) == (800, 400)
    assert png_size(render_chart(Pulse([], []), title="Nothing yet", labels=LABELS)) == (800, 400)


async def test_charts_render_side_by_side() -> None:
    pulses = [
        Pulse(
            [
                WeekFigures(date(2026, 1, 5) + timedelta(weeks=n), n, n + 1, 2 * n, 1.0, 0.5, 1, 2, 1)
                for n in range(k)
            ],
            [],
        )
        for k in range(1, 7)
    ]
    charts = await asyncio.gather(
        *(render_chart_async(p, title=f"{i}", labels=LABELS) for i, p in enumerate(pulses))
    )
    assert all(png_size(chart) == (800, 400) for chart in charts)


def test_weeks_are_local_mondays_across_daylight_saving() -> None:
    # Summer time starts on Sunday 29 March 2026 in Amsterdam: that week has 167 hours.
    weeks = whole_weeks(now=local(4, 1), zone=AMSTERDAM, count=2)
    assert [week.monday for week in weeks] == [date(2026, 3, 16), date(2026, 3, 23)]
    assert weeks[1].start == datetime(2026, 3, 22, 23, tzinfo=UTC)
    assert weeks[1].end - weeks[1].start == timedelta(hours=167)
    # Monday 00:00 local exactly: the week that just ended is the latest whole week.
    [week] = whole_weeks(now=local(1, 26, 0), zone=AMSTERDAM, count=1)
    assert week.monday == date(2026, 1, 19)


def test_pulse_slot_is_the_latest_monday_nine_local() -> None:
    assert pulse_slot(now=local(1, 26, 9), zone=AMSTERDAM) == local(1, 26, 9)
    assert pulse_slot(now=local(1, 26, 8, 59), zone=AMSTERDAM) == local(1, 19, 9)
    assert pulse_slot(now=local(1, 28), zone=AMSTERDAM) == local(1, 26, 9)


async def test_the_weekly_pulse_is_due_once_per_community(database: Database) -> None:
    async with database.transaction() as session:
        a = await new_community(session, "A")
        await new_community(session, "no organiser")
        fresh = await new_community(session, "set up this morning")
        fresh.created_at = local(1, 26, 8)  # the week to report ended before Kindling met it
        session.add(
            Role(
                community_id=fresh.id,
                member_id="ann",
                role="organiser",
                granted_via="command",
                granted_at=local(1, 26, 8),
            )
        )
        session.add(
            Role(
                community_id=a.id,
                member_id="ann",
                role="organiser",
                granted_via="command",
                granted_at=local(1, 1),
            )
        )
        a_id = a.id
    grace = timedelta(hours=6)
    async with database.transaction() as session:
        assert await find_due(session, local(1, 26, 8, 59), grace) == []  # last week's: too old
        assert await next_after(session, local(1, 26, 8, 59)) == local(1, 26, 9)
        assert await find_due(session, local(1, 26, 9, 30), grace) == [Due(a_id, local(1, 26, 9))]
        assert await claims.claim(
            session,
            community_id=a_id,
            kind="pulse",
            slot_at=local(1, 26, 9),
            now=local(1, 26, 9, 30),
            owner="t",
        )
    async with database.transaction() as session:
        assert await find_due(session, local(1, 26, 10), grace) == []
        assert await find_due(session, local(1, 26, 16), grace) == []
    assert local(1, 26, 9).astimezone(AMSTERDAM).time() == time(9)
