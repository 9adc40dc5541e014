"""Polls, their votes, and for anonymous polls the tallies and unlinkable ballots."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.status import PollOrigin, PollStatus
from bot.storage.models import Delivery, Poll, PollBallot, PollTally, PollVote
from bot.storage.scrub import scrub
from bot.storage.upsert import insert_for


@dataclass(frozen=True, slots=True)
class NewPoll:
    channel_id: str
    thread_id: str | None
    question: str
    options: tuple[str, ...]
    multiple: bool
    anonymous: bool
    ballot_salt: str | None
    origin: PollOrigin
    creator_member_id: str | None
    closes_at: datetime


def options_of(poll: Poll) -> list[str]:
    found: list[str] = json.loads(poll.options)
    return found


async def create(session: AsyncSession, *, community_id: int, new: NewPoll, now: datetime) -> Poll:
    """The poll, flushed, with the next number and `message_key` naming its outbox row."""
    last = await session.scalar(sa.select(sa.func.max(Poll.number)).where(Poll.community_id == community_id))
    poll = Poll(
        community_id=community_id,
        number=(last or 0) + 1,
        channel_id=new.channel_id,
        thread_id=new.thread_id,
        question=new.question,
        options=json.dumps(list(new.options), ensure_ascii=False),
        multiple=new.multiple,
        anonymous=new.anonymous,
        ballot_salt=new.ballot_salt,
        origin=new.origin,
        creator_member_id=new.creator_member_id,
        created_at=now,
        closes_at=new.closes_at,
        status=PollStatus.OPEN,
        message_key="",
    )
    session.add(poll)
    await session.flush()
    poll.message_key = f"poll:{poll.id}"
    return poll


async def get(session: AsyncSession, *, community_id: int, poll_id: int) -> Poll | None:
    return await session.scalar(sa.select(Poll).where(Poll.community_id == community_id, Poll.id == poll_id))


async def by_number(session: AsyncSession, *, community_id: int, number: int) -> Poll | None:
    return await session.scalar(
        sa.select(Poll).where(Poll.community_id == community_id, Poll.number == number)
    )


async def by_message(session: AsyncSession, *, community_id: int, message_id: str) -> Poll | None:
    """The poll whose message the platform knows as `message_id` (a native poll's votes name it)."""
    return await session.scalar(
        sa.select(Poll)
        .join(Delivery, Delivery.key == Poll.message_key)
        .where(Poll.community_id == community_id, Delivery.message_id == message_id)
    )


async def options_voted(session: AsyncSession, *, poll_id: int, member_id: str) -> set[int]:
    rows = await session.scalars(
        sa.select(PollVote.option).where(PollVote.poll_id == poll_id, PollVote.member_id == member_id)
    )
    return set(rows)


async def take_back(
    session: AsyncSession, *, poll_id: int, member_id: str, option: int | None = None
) -> None:
    """Remove the member's vote for `option`, or (None) all their votes on the poll."""
    query = sa.delete(PollVote).where(PollVote.poll_id == poll_id, PollVote.member_id == member_id)
    if option is not None:
        query = query.where(PollVote.option == option)
    await session.execute(query)


async def vote(session: AsyncSession, *, poll_id: int, member_id: str, option: int, now: datetime) -> None:
    await session.execute(
        insert_for(session)(PollVote)
        .values(poll_id=poll_id, member_id=member_id, option=option, voted_at=now)
        .on_conflict_do_nothing(index_elements=["poll_id", "member_id", "option"])
    )


async def cast_ballot(session: AsyncSession, *, poll_id: int, digest: str, option: int) -> bool:
    """An anonymous vote: False when this ballot (member) already voted; else the option's count goes up.
    The ballot and the count are separate rows, so nothing links who voted to what they chose."""
    cast = await session.execute(
        insert_for(session)(PollBallot)
        .values(poll_id=poll_id, digest=digest)
        .on_conflict_do_nothing(index_elements=["poll_id", "digest"])
        .returning(PollBallot.id)
    )
    if cast.first() is None:
        return False
    statement = insert_for(session)(PollTally).values(poll_id=poll_id, option=option, count=1)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["poll_id", "option"], set_={"count": PollTally.count + 1}
        )
    )
    return True


async def counts(session: AsyncSession, *, poll: Poll) -> tuple[dict[int, int], int]:
    """Votes per option (every option, zeros included) and how many members voted."""
    found = dict.fromkeys(range(len(options_of(poll))), 0)
    if poll.anonymous:
        rows = await session.execute(
            sa.select(PollTally.option, PollTally.count).where(PollTally.poll_id == poll.id)
        )
        voters = await session.scalar(
            sa.select(sa.func.count()).select_from(PollBallot).where(PollBallot.poll_id == poll.id)
        )
    else:
        rows = await session.execute(
            sa.select(PollVote.option, sa.func.count())
            .where(PollVote.poll_id == poll.id)
            .group_by(PollVote.option)
        )
        voters = await session.scalar(
            sa.select(sa.func.count(sa.distinct(PollVote.member_id))).where(PollVote.poll_id == poll.id)
        )
    found.update({option: count for option, count in rows})
    return found, voters or 0


async def forget_ballots(session: AsyncSession, *, poll_id: int) -> None:
    await session.execute(sa.delete(PollBallot).where(PollBallot.poll_id == poll_id))


async def due_to_close(session: AsyncSession, *, now: datetime) -> list[tuple[int, int]]:
    rows = await session.execute(
        sa.select(Poll.community_id, Poll.id).where(Poll.status == PollStatus.OPEN, Poll.closes_at <= now)
    )
    return [(community_id, poll_id) for community_id, poll_id in rows]


async def next_close_after(session: AsyncSession, *, moment: datetime) -> datetime | None:
    found: datetime | None = await session.scalar(
        sa.select(sa.func.min(Poll.closes_at)).where(Poll.status == PollStatus.OPEN, Poll.closes_at > moment)
    )
    return found


async def closed_between(
    session: AsyncSession, *, community_id: int, start: datetime, end: datetime
) -> list[Poll]:
    rows = await session.scalars(
        sa.select(Poll).where(
            Poll.community_id == community_id, Poll.closes_at >= start, Poll.closes_at < end
        )
    )
    return list(rows)


# -- privacy -------------------------------------------------------------------------------------------


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    started = await session.scalars(
        sa.select(Poll).where(Poll.community_id == community_id, Poll.creator_member_id == member_id)
    )
    votes = await session.execute(
        sa.select(Poll.question, Poll.options, PollVote.option, PollVote.voted_at)
        .join(Poll, Poll.id == PollVote.poll_id)
        .where(Poll.community_id == community_id, PollVote.member_id == member_id)
    )
    return {
        "polls_started": [
            {"question": poll.question, "options": options_of(poll), "created_at": poll.created_at}
            for poll in started
        ],
        "poll_votes": [
            {"question": question, "vote": json.loads(options)[option], "voted_at": voted_at}
            for question, options, option, voted_at in votes
        ],
    }


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    polls = sa.select(Poll.id).where(Poll.community_id == community_id).scalar_subquery()
    await session.execute(
        sa.delete(PollVote).where(PollVote.poll_id.in_(polls), PollVote.member_id == member_id)
    )
    await session.execute(
        sa.update(Poll)
        .where(Poll.community_id == community_id, Poll.creator_member_id == member_id)
        .values(creator_member_id=None)
    )
    await scrub(
        session,
        Poll,
        (Poll.question, Poll.options),
        community_id=community_id,
        member_id=member_id,
        replacement=replacement,
    )
