"""The weekly pulse for organisers: the figures of a community's last whole weeks, and who could become an
ambassador. Every query names its community.

Weeks are local Monday-to-Sunday weeks in the community's time zone; the pulse covers the last `weeks`
whole weeks that ended at or before `now` (on Monday 09:00 the latest is the week that ended at midnight;
the week under way is never shown half-counted). Boundaries are local midnights, so a week across a
daylight-saving change is 167 or 169 hours long, as it is on the wall clock.

The weekly DM goes out on Mondays at 09:00 local time (`PULSE_WEEKDAY`, `PULSE_AT`), claimed once per
community per week (`PULSE_KIND`, the Monday's slot) like every other scheduled run.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.pulse import Pulse, PulseWording, WeekFigures, render_pulse_text
from bot.domain.slots import local_to_utc, next_weekly_slot
from bot.i18n import Text
from bot.i18n.calendar import MONTHS
from bot.messages import Attachment, Direct, Message
from bot.services.pulse_chart import render_chart_async
from bot.services.turn import Turn
from bot.storage import roles
from bot.storage.models import (
    CoffeeCheckin,
    CoffeePair,
    CoffeeRound,
    Community,
    Member,
    MemberActiveDay,
    Poll,
    PollBallot,
    PollVote,
    Role,
    SlotClaim,
    WatchedPost,
    Welcome,
)

PULSE_KIND = "pulse"
PULSE_WEEKDAY = 0  # Monday
PULSE_AT = time(9, 0)
#: Ambassador candidates joined at most this long ago ("early members").
CANDIDATE_WINDOW = timedelta(days=90)
CANDIDATE_COUNT = 3
#: The watched posts Kindling itself started: prompts from the bank and expert columns.
PROMPT_KINDS = ("prompt", "column")


@dataclass(frozen=True, slots=True)
class Week:
    """One local week: its Monday, and its bounds in UTC (start inclusive, end exclusive)."""

    monday: date
    start: datetime
    end: datetime


def whole_weeks(*, now: datetime, zone: ZoneInfo, count: int) -> list[Week]:
    """The last `count` whole local Monday-start weeks ending at or before `now`, oldest first."""
    local_day = now.astimezone(zone).date()
    monday = local_day - timedelta(days=local_day.weekday())
    if local_to_utc(monday, time(0), zone) > now:  # pragma: no cover - only in a gap at midnight
        monday -= timedelta(weeks=1)
    mondays = [monday - timedelta(weeks=count - index) for index in range(count + 1)]
    bounds = [local_to_utc(day, time(0), zone) for day in mondays]
    return [Week(mondays[index], bounds[index], bounds[index + 1]) for index in range(count)]


async def compute_pulse(
    session: AsyncSession, *, community_id: int, now: datetime, weeks: int = 6, zone: ZoneInfo
) -> Pulse:
    """The figures of the last `weeks` whole weeks (the latest last) and the ambassador candidates.

    Per week, counting human members (not bots) of this community only:

    - new members: joined in the week (including those who left again since);
    - first-time posters: their first post fell in the week;
    - active members: posted at least once in the week (exact: Kindling notes each day a member posts,
      as the local date in the community's time zone at the time of the post; members who left since
      still count for the weeks they posted in);
    - replies per prompt: the mean `replies` of Kindling's prompts and columns posted in the week, over
      `prompts` of them (no prompts: 0.0 with `prompts` 0);
    - poll turnout: per poll that closed in the week, distinct voters (an anonymous poll's ballots) over
      the human members present at its close (joined by then, not left by then), capped at 1; the mean
      over those polls; None without any. Present-at-close reads today's `left_at`, so a member who left
      and came back counts as present;
    - pairs and pairs met: the coffee pairs of rounds that started in the week, and of those the pairs in
      which anyone answered the check-in with "met". A round's check-in comes two days before it ends, so
      the latest week's rounds often have no answers yet.
    """
    if weeks < 1:
        raise ValueError("a pulse covers at least one week")
    spans = whole_weeks(now=now, zone=zone, count=weeks)
    lo, hi = spans[0].start, spans[-1].end
    starts = [week.start for week in spans]

    def bucket(moment: datetime) -> int:
        return bisect_right(starts, moment) - 1

    human = sa.and_(Member.community_id == community_id, Member.is_bot.is_(False))
    counts: dict[str, list[int]] = {}
    for name, column in (("new", Member.joined_at), ("first", Member.first_post_at)):
        per_week = [0] * weeks
        for moment in await session.scalars(sa.select(column).where(human, column >= lo, column < hi)):
            if moment is not None:
                per_week[bucket(moment)] += 1
        counts[name] = per_week
    counts["active"] = await _active_members(session, community_id=community_id, spans=spans)

    replies: dict[int, list[int]] = defaultdict(list)
    for posted_at, count in await session.execute(
        sa.select(WatchedPost.posted_at, WatchedPost.replies).where(
            WatchedPost.community_id == community_id,
            WatchedPost.kind.in_(PROMPT_KINDS),
            WatchedPost.posted_at >= lo,
            WatchedPost.posted_at < hi,
        )
    ):
        replies[bucket(posted_at)].append(count)

    turnout = await _poll_turnout(session, community_id=community_id, lo=lo, hi=hi, bucket=bucket)
    pairs, met = await _coffee(session, community_id=community_id, lo=lo, hi=hi, bucket=bucket)

    figures = [
        WeekFigures(
            week_start=week.monday,
            new_members=counts["new"][index],
            first_time_posters=counts["first"][index],
            active_members=counts["active"][index],
            replies_per_prompt=(sum(replies[index]) / len(replies[index])) if replies[index] else 0.0,
            poll_turnout=(sum(turnout[index]) / len(turnout[index])) if turnout[index] else None,
            pairs_met=met[index],
            pairs=pairs[index],
            prompts=len(replies[index]),
        )
        for index, week in enumerate(spans)
    ]
    return Pulse(
        weeks=figures, candidates=await ambassador_candidates(session, community_id=community_id, now=now)
    )


async def _active_members(session: AsyncSession, *, community_id: int, spans: list[Week]) -> list[int]:
    """Per week, the distinct human members with an active day in it. Active days are local dates already,
    so a week is its Monday to its Sunday inclusive, whatever daylight saving does to its hours. One count
    per week, so the database sends back numbers rather than every member's every day."""
    query = (
        sa.select(sa.func.count(sa.distinct(MemberActiveDay.member_external_id)))
        .join(
            Member,
            sa.and_(
                Member.community_id == MemberActiveDay.community_id,
                Member.external_id == MemberActiveDay.member_external_id,
            ),
        )
        .where(MemberActiveDay.community_id == community_id, Member.is_bot.is_(False))
    )
    return [
        await session.scalar(
            query.where(
                MemberActiveDay.day >= week.monday, MemberActiveDay.day <= week.monday + timedelta(days=6)
            )
        )
        or 0
        for week in spans
    ]


async def _poll_turnout(
    session: AsyncSession,
    *,
    community_id: int,
    lo: datetime,
    hi: datetime,
    bucket: Callable[[datetime], int],
) -> dict[int, list[float]]:
    polls = list(
        await session.execute(
            sa.select(Poll.id, Poll.closes_at).where(
                Poll.community_id == community_id, Poll.closes_at >= lo, Poll.closes_at < hi
            )
        )
    )
    if not polls:
        return defaultdict(list)
    rows = await session.execute(
        sa.select(PollVote.poll_id, sa.func.count(sa.distinct(PollVote.member_external_id)))
        .where(PollVote.poll_id.in_([poll_id for poll_id, _ in polls]))
        .group_by(PollVote.poll_id)
    )
    voters: dict[int, int] = {poll_id: count for poll_id, count in rows}
    # An anonymous poll keeps one unlinkable ballot per voter instead of votes.
    ballots = await session.execute(
        sa.select(PollBallot.poll_id, sa.func.count())
        .where(PollBallot.poll_id.in_([poll_id for poll_id, _ in polls]))
        .group_by(PollBallot.poll_id)
    )
    for poll_id, count in ballots:
        voters[poll_id] = voters.get(poll_id, 0) + count
    shares: dict[int, list[float]] = defaultdict(list)
    for poll_id, closes_at in polls:
        present = await session.scalar(
            sa.select(sa.func.count()).where(
                Member.community_id == community_id,
                Member.is_bot.is_(False),
                Member.joined_at <= closes_at,
                sa.or_(Member.left_at.is_(None), Member.left_at > closes_at),
            )
        )
        if present:
            shares[bucket(closes_at)].append(min(voters.get(poll_id, 0) / present, 1.0))
    return shares


async def _coffee(
    session: AsyncSession,
    *,
    community_id: int,
    lo: datetime,
    hi: datetime,
    bucket: Callable[[datetime], int],
) -> tuple[defaultdict[int, int], defaultdict[int, int]]:
    met_answer = (
        sa.exists()
        .where(CoffeeCheckin.pair_id == CoffeePair.id, CoffeeCheckin.met.is_(True))
        .correlate(CoffeePair)
    )
    rows = await session.execute(
        sa.select(CoffeeRound.round_at, met_answer)
        .join(CoffeePair, CoffeePair.round_id == CoffeeRound.id)
        .where(
            CoffeeRound.community_id == community_id,
            CoffeePair.community_id == community_id,
            CoffeeRound.round_at >= lo,
            CoffeeRound.round_at < hi,
        )
    )
    pairs: defaultdict[int, int] = defaultdict(int)
    met: defaultdict[int, int] = defaultdict(int)
    for round_at, someone_met in rows:
        pairs[bucket(round_at)] += 1
        met[bucket(round_at)] += int(bool(someone_met))
    return pairs, met


async def ambassador_candidates(
    session: AsyncSession, *, community_id: int, now: datetime, limit: int = CANDIDATE_COUNT
) -> list[str]:
    """The most helpful early members who are not ambassadors yet: joined in the last 90 days, posted,
    still here, human, neither ambassador nor organiser (organisers greet when there are no ambassadors,
    and suggesting them to themselves says nothing). Ranked by newcomers greeted plus posts; ties go to
    the earlier joiner. External ids, best first."""
    greeted = (
        sa.select(sa.func.count())
        .where(Welcome.community_id == community_id, Welcome.greeted_by == Member.external_id)
        .correlate(Member)
        .scalar_subquery()
    )
    has_role = (
        sa.exists()
        .where(
            Role.community_id == community_id,
            Role.member_external_id == Member.external_id,
            Role.role.in_(("ambassador", "organiser")),
        )
        .correlate(Member)
    )
    score = greeted + Member.post_count
    rows = await session.scalars(
        sa.select(Member.external_id)
        .where(
            Member.community_id == community_id,
            Member.is_bot.is_(False),
            Member.left_at.is_(None),
            Member.joined_at > now - CANDIDATE_WINDOW,
            Member.post_count > 0,
            ~has_role,
        )
        .order_by(score.desc(), Member.joined_at, Member.external_id)
        .limit(limit)
    )
    return list(rows)


def pulse_slot(*, now: datetime, zone: ZoneInfo) -> datetime:
    """This week's pulse slot if it has come, otherwise last week's: the latest Monday 09:00 local <= now."""
    slot = next_weekly_slot(now - timedelta(weeks=1), weekday=PULSE_WEEKDAY, at=PULSE_AT, zone=zone)
    following = next_weekly_slot(slot, weekday=PULSE_WEEKDAY, at=PULSE_AT, zone=zone)
    return following if following <= now else slot


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - timezones are checked when set
        return ZoneInfo("UTC")


async def due_pulses(session: AsyncSession, *, now: datetime, grace: timedelta) -> list[tuple[int, datetime]]:
    """(community id, slot) of communities whose weekly pulse slot has come within `grace` and has not
    been claimed yet. A slot older than the grace window is let go: next Monday's pulse covers the weeks
    anyway. Only communities with an organiser to tell are due, and only once a whole week to report has
    ended after Kindling met them (a community set up on a Monday morning gets its first pulse a week on)."""
    organised = sa.exists().where(Role.community_id == Community.id, Role.role == "organiser")
    # The slot depends only on the time zone: most minutes of the week no zone is due, and then this is one
    # small query rather than every organised community loaded and checked (this runs every minute).
    zones = await session.scalars(sa.select(Community.timezone).where(organised).distinct())
    due_zones = [name for name in zones if now - pulse_slot(now=now, zone=_zone(name)) <= grace]
    if not due_zones:
        return []
    communities = list(
        await session.scalars(sa.select(Community).where(organised, Community.timezone.in_(due_zones)))
    )
    rows = await session.execute(
        sa.select(SlotClaim.community_id, SlotClaim.slot_at).where(
            SlotClaim.kind == PULSE_KIND, SlotClaim.slot_at > now - grace - timedelta(days=1)
        )
    )
    claimed = {(community_id, slot_at) for community_id, slot_at in rows}
    due = []
    for community in communities:
        zone = _zone(community.timezone)
        slot = pulse_slot(now=now, zone=zone)
        week_end = local_to_utc(slot.astimezone(zone).date(), time(0), zone)
        if community.created_at >= week_end:
            continue  # the week the pulse would report ended before Kindling met the community
        if now - slot <= grace and (community.id, slot) not in claimed:
            due.append((community.id, slot))
    return due


async def next_pulse_after(session: AsyncSession, *, moment: datetime) -> datetime | None:
    """When the next weekly pulse slot of any community with an organiser comes (for the console's jumps)."""
    organised = sa.exists().where(Role.community_id == Community.id, Role.role == "organiser")
    zones = await session.scalars(sa.select(Community.timezone).where(organised).distinct())
    slots = [next_weekly_slot(moment, weekday=PULSE_WEEKDAY, at=PULSE_AT, zone=_zone(name)) for name in zones]
    return min(slots) if slots else None


PULSE_WEEKS = 6


def pulse_wording(turn: Turn) -> PulseWording:
    return PulseWording(
        title=turn.template(Text.PULSE_TITLE),
        labels={
            "new_members": turn.text(Text.PULSE_LABEL_NEW_MEMBERS),
            "first_time_posters": turn.text(Text.PULSE_LABEL_FIRST_TIME_POSTERS),
            "active_members": turn.text(Text.PULSE_LABEL_ACTIVE_MEMBERS),
            "replies_per_prompt": turn.text(Text.PULSE_LABEL_REPLIES_PER_PROMPT),
            "poll_turnout": turn.text(Text.PULSE_LABEL_POLL_TURNOUT),
            "pairs_met": turn.text(Text.PULSE_LABEL_PAIRS_MET),
        },
        line=turn.template(Text.PULSE_LINE),
        up=turn.template(Text.PULSE_UP),
        down=turn.template(Text.PULSE_DOWN),
        same=turn.text(Text.PULSE_SAME),
        no_comparison=turn.text(Text.PULSE_NO_COMPARISON),
        no_value=turn.text(Text.PULSE_NO_VALUE),
        candidates=turn.template(Text.PULSE_CANDIDATES),
        no_candidates=turn.text(Text.PULSE_NO_CANDIDATES),
        decimal_separator=turn.text(Text.PULSE_DECIMAL_SEPARATOR),
    )


async def build(*, turn: Turn) -> tuple[Message, bytes]:
    """The pulse as a message for organisers, and its chart as PNG bytes (rendered off the event loop)."""
    found = await compute_pulse(
        turn.session, community_id=turn.community.id, now=turn.now, weeks=PULSE_WEEKS, zone=turn.zone
    )
    wording = pulse_wording(turn)
    labels: dict[str, str] = {str(figure): label for figure, label in wording.labels.items()}
    text = render_pulse_text(
        found,
        wording=wording,
        community=turn.community.name,
        format_day=lambda day: f"{day.day} {MONTHS[turn.language][day.month - 1]}",
    )
    chart = await render_chart_async(
        found,
        title=turn.text(Text.PULSE_CHART_TITLE, community=turn.community.name, weeks=PULSE_WEEKS),
        labels=labels,
    )
    return Message(f"{text}\n{turn.text(Text.PULSE_CHART_NOTE)}"), chart


def with_chart(message: Message, chart: bytes) -> Message:
    return Message(message.text, attachments=(Attachment.of("kindling-pulse.png", "image/png", chart),))


async def show(*, turn: Turn) -> Message:
    """`/kindling pulse`: the pulse now, privately, with its chart."""
    message, chart = await build(turn=turn)
    return with_chart(message, chart)


async def send_weekly(*, turn: Turn, slot: datetime) -> None:
    """The Monday DM to every organiser, once per community per week whichever replica gets there first."""
    message, chart = await build(turn=turn)
    message = with_chart(message, chart)
    if not await turn.claim(kind=PULSE_KIND, slot_at=slot):
        return
    for organiser in await roles.holders(turn.session, community_id=turn.community.id, role="organiser"):
        await turn.send(
            key=f"pulse:{slot.isoformat()}:{organiser}", to=Direct(organiser), message=message, proactive=True
        )
