"""The pulse's figures, counted per local week from Kindling's tables. Every query names its community.

Per week, counting human members (not bots) of this community only:
- new members: joined in the week (including those who left again since); not organisers and ambassadors,
  nor those who were here before Kindling (noted from the platform's member list at set-up);
- first-time posters: their first post fell in the week;
- active members: posted at least once in the week (each day a member posts is noted as a local date);
- replies per prompt: the mean replies of Kindling's prompts and columns posted in the week;
- poll turnout: per poll that closed in the week, distinct voters over the human members present at its
  close, capped at 1; the mean over those polls; None without any;
- pairs and pairs met: the coffee pairs of rounds whose check-in went out in the week, and of those the pairs
  in which anyone answered it with "met".
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.pulse import Pulse, WeekFigures
from bot.domain.status import RoleName, WatchKind
from bot.domain.weeks import Week, whole_weeks
from bot.storage import coffee, members, watched
from bot.storage.models import Community, Member, MemberActiveDay, Poll, PollBallot, PollVote, Role, Welcome

#: Ambassador candidates joined at most this long ago ("early members").
CANDIDATE_WINDOW = timedelta(days=90)
CANDIDATE_COUNT = 3
#: The watched posts Kindling itself started: prompts from the bank and expert columns.
PROMPT_KINDS = (WatchKind.PROMPT, WatchKind.COLUMN)


async def compute(
    session: AsyncSession, *, community_id: int, now: datetime, weeks: int, zone: ZoneInfo
) -> Pulse:
    """The figures of the last `weeks` whole weeks (the latest last) and the ambassador candidates."""
    if weeks < 1:
        raise ValueError("a pulse covers at least one week")
    spans = whole_weeks(now=now, zone=zone, count=weeks)
    lo, hi = spans[0].start, spans[-1].end
    starts = [week.start for week in spans]

    def bucket(moment: datetime) -> int:
        return bisect_right(starts, moment) - 1

    human = sa.and_(Member.community_id == community_id, Member.is_bot.is_(False))
    counts: dict[str, list[int]] = {}
    # Organisers and ambassadors started the community, and members here before Kindling were there
    # already: neither are its newcomers.
    newcomer = sa.and_(human, ~members.holds_a_role(), Member.before_kindling.is_(False))
    for name, column, who in (
        ("new", Member.joined_at, newcomer),
        ("first", Member.first_post_at, human),
    ):
        per_week = [0] * weeks
        for moment in await session.scalars(sa.select(column).where(who, column >= lo, column < hi)):
            if moment is not None:
                per_week[bucket(moment)] += 1
        counts[name] = per_week
    counts["active"] = await _active_members(session, community_id=community_id, spans=spans)
    replies = await _replies(session, community_id=community_id, lo=lo, hi=hi, bucket=bucket)
    turnout = await _poll_turnout(session, community_id=community_id, lo=lo, hi=hi, bucket=bucket)
    pairs: defaultdict[int, int] = defaultdict(int)
    met: defaultdict[int, int] = defaultdict(int)
    for checkin_at, someone_met in await coffee.checked_between(
        session, community_id=community_id, start=lo, end=hi
    ):
        pairs[bucket(checkin_at)] += 1
        met[bucket(checkin_at)] += int(someone_met)
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


async def _replies(
    session: AsyncSession, *, community_id: int, lo: datetime, hi: datetime, bucket: Callable[[datetime], int]
) -> defaultdict[int, list[int]]:
    found: defaultdict[int, list[int]] = defaultdict(list)
    for post in await watched.posted_between(
        session, community_id=community_id, kinds=PROMPT_KINDS, start=lo, end=hi
    ):
        found[bucket(post.posted_at)].append(post.replies)
    return found


async def _active_members(session: AsyncSession, *, community_id: int, spans: list[Week]) -> list[int]:
    """Per week, the distinct human members with an active day in it (local dates: Monday to Sunday)."""
    query = (
        sa.select(sa.func.count(sa.distinct(MemberActiveDay.member_id)))
        .join(
            Member,
            sa.and_(
                Member.community_id == MemberActiveDay.community_id,
                Member.member_id == MemberActiveDay.member_id,
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
    session: AsyncSession, *, community_id: int, lo: datetime, hi: datetime, bucket: Callable[[datetime], int]
) -> defaultdict[int, list[float]]:
    polls = list(
        await session.execute(
            sa.select(Poll.id, Poll.closes_at).where(
                Poll.community_id == community_id, Poll.closes_at >= lo, Poll.closes_at < hi
            )
        )
    )
    shares: defaultdict[int, list[float]] = defaultdict(list)
    if not polls:
        return shares
    ids = [poll_id for poll_id, _ in polls]
    voters: dict[int, int] = {
        poll_id: count
        for poll_id, count in await session.execute(
            sa.select(PollVote.poll_id, sa.func.count(sa.distinct(PollVote.member_id)))
            .where(PollVote.poll_id.in_(ids))
            .group_by(PollVote.poll_id)
        )
    }
    # An anonymous poll keeps one unlinkable ballot per voter instead of votes.
    for poll_id, count in await session.execute(
        sa.select(PollBallot.poll_id, sa.func.count())
        .where(PollBallot.poll_id.in_(ids))
        .group_by(PollBallot.poll_id)
    ):
        voters[poll_id] = voters.get(poll_id, 0) + count
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


async def ambassador_candidates(
    session: AsyncSession, *, community_id: int, now: datetime, limit: int = CANDIDATE_COUNT
) -> list[str]:
    """The most helpful early members who are not ambassadors yet: joined in the last 90 days (and not here
    before Kindling), posted, still here, human, neither ambassador nor organiser. Ranked by newcomers
    greeted plus posts; ties go to the earlier joiner. Member ids, best first."""
    greeted = (
        sa.select(sa.func.count())
        .where(Welcome.community_id == community_id, Welcome.greeted_by_member_id == Member.member_id)
        .correlate(Member)
        .scalar_subquery()
    )
    score = greeted + Member.post_count
    rows = await session.scalars(
        sa.select(Member.member_id)
        .where(
            Member.community_id == community_id,
            Member.is_bot.is_(False),
            Member.left_at.is_(None),
            Member.joined_at > now - CANDIDATE_WINDOW,
            Member.before_kindling.is_(False),
            Member.post_count > 0,
            ~members.holds_a_role(),
        )
        .order_by(score.desc(), Member.joined_at, Member.member_id)
        .limit(limit)
    )
    return list(rows)


async def organised_zones(session: AsyncSession) -> list[str]:
    """The time zones of communities with an organiser to tell."""
    organised = sa.exists().where(Role.community_id == Community.id, Role.role == RoleName.ORGANISER)
    return list(await session.scalars(sa.select(Community.timezone).where(organised).distinct()))


async def organised_in_zones(session: AsyncSession, *, zones: list[str]) -> list[Community]:
    organised = sa.exists().where(Role.community_id == Community.id, Role.role == RoleName.ORGANISER)
    return list(await session.scalars(sa.select(Community).where(organised, Community.timezone.in_(zones))))
