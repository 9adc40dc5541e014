"""Meetups, their RSVPs and the cases gathered for them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.status import MeetupStatus, RsvpAnswer
from bot.storage.models import Delivery, Meetup, MeetupCase, MeetupRsvp
from bot.storage.scrub import scrub


async def plan(
    session: AsyncSession,
    *,
    community_id: int,
    title: str,
    starts_at: datetime,
    creator_id: str,
    now: datetime,
) -> Meetup:
    """A new planned meetup with the next number; cases waiting for a meetup go on its agenda."""
    last = await session.scalar(
        sa.select(sa.func.max(Meetup.number)).where(Meetup.community_id == community_id)
    )
    meetup = Meetup(
        community_id=community_id,
        number=(last or 0) + 1,
        title=title,
        starts_at=starts_at,
        creator_member_id=creator_id,
        status=MeetupStatus.PLANNED,
        created_at=now,
    )
    session.add(meetup)
    await session.flush()
    meetup.event_key = f"meetup:{meetup.id}:event"
    await session.execute(
        sa.update(MeetupCase)
        .where(MeetupCase.community_id == community_id, MeetupCase.meetup_id.is_(None))
        .values(meetup_id=meetup.id)
    )
    return meetup


async def planned(session: AsyncSession, *, community_id: int, meetup_id: int) -> Meetup | None:
    return await session.scalar(
        sa.select(Meetup).where(
            Meetup.community_id == community_id, Meetup.id == meetup_id, Meetup.status == MeetupStatus.PLANNED
        )
    )


async def starting_at(session: AsyncSession, *, community_id: int, starts_at: datetime) -> Meetup | None:
    """The planned meetup that already takes this slot."""
    return await session.scalar(
        sa.select(Meetup).where(
            Meetup.community_id == community_id,
            Meetup.status == MeetupStatus.PLANNED,
            Meetup.starts_at == starts_at,
        )
    )


async def pass_cases_on(session: AsyncSession, *, meetup_id: int, to_meetup_id: int | None) -> None:
    """A cancelled meetup's cases go to another planned meetup, or wait for the next one (None)."""
    await session.execute(
        sa.update(MeetupCase).where(MeetupCase.meetup_id == meetup_id).values(meetup_id=to_meetup_id)
    )


async def answered(session: AsyncSession, *, meetup_id: int, answers: tuple[RsvpAnswer, ...]) -> list[str]:
    """Members whose answer is one of `answers`, in the order they gave it."""
    rows = await session.scalars(
        sa.select(MeetupRsvp.member_id)
        .where(MeetupRsvp.meetup_id == meetup_id, MeetupRsvp.answer.in_(answers))
        .order_by(MeetupRsvp.id)
    )
    return list(rows)


async def by_number(session: AsyncSession, *, community_id: int, number: int) -> Meetup | None:
    return await session.scalar(
        sa.select(Meetup).where(Meetup.community_id == community_id, Meetup.number == number)
    )


async def by_event(session: AsyncSession, *, community_id: int, event_id: str) -> Meetup | None:
    """The meetup whose calendar event the platform knows as `event_id`."""
    return await session.scalar(
        sa.select(Meetup)
        .join(Delivery, Delivery.key == Meetup.event_key)
        .where(Meetup.community_id == community_id, Delivery.message_id == event_id)
    )


async def upcoming(session: AsyncSession, *, community_id: int, now: datetime) -> list[Meetup]:
    rows = await session.scalars(
        sa.select(Meetup)
        .where(
            Meetup.community_id == community_id,
            Meetup.status == MeetupStatus.PLANNED,
            Meetup.starts_at > now,
        )
        .order_by(Meetup.starts_at)
    )
    return list(rows)


async def answer(
    session: AsyncSession, *, meetup_id: int, member_id: str, answer: RsvpAnswer, now: datetime
) -> None:
    existing = await session.scalar(
        sa.select(MeetupRsvp).where(MeetupRsvp.meetup_id == meetup_id, MeetupRsvp.member_id == member_id)
    )
    if existing is None:
        session.add(MeetupRsvp(meetup_id=meetup_id, member_id=member_id, answer=answer, answered_at=now))
    else:
        existing.answer, existing.answered_at = answer, now


async def withdraw_going(session: AsyncSession, *, meetup_id: int, member_id: str) -> None:
    await session.execute(
        sa.delete(MeetupRsvp).where(
            MeetupRsvp.meetup_id == meetup_id,
            MeetupRsvp.member_id == member_id,
            MeetupRsvp.answer == RsvpAnswer.GOING,
        )
    )


async def going(session: AsyncSession, *, meetup_id: int) -> list[str]:
    return await answered(session, meetup_id=meetup_id, answers=(RsvpAnswer.GOING,))


async def add_case(
    session: AsyncSession,
    *,
    community_id: int,
    meetup_id: int | None,
    text: str,
    author_id: str,
    now: datetime,
) -> None:
    session.add(
        MeetupCase(
            community_id=community_id,
            meetup_id=meetup_id,
            text=text,
            author_member_id=author_id,
            created_at=now,
        )
    )


async def cases(session: AsyncSession, *, meetup_id: int) -> list[MeetupCase]:
    rows = await session.scalars(
        sa.select(MeetupCase).where(MeetupCase.meetup_id == meetup_id).order_by(MeetupCase.id)
    )
    return list(rows)


async def with_stage_due(
    session: AsyncSession, *, now: datetime, earliest: datetime, latest: datetime
) -> list[tuple[int, int]]:
    """(community, meetup) of planned meetups starting between `earliest` and `latest`."""
    rows = await session.execute(
        sa.select(Meetup.community_id, Meetup.id).where(
            Meetup.status == MeetupStatus.PLANNED, Meetup.starts_at <= latest, Meetup.starts_at >= earliest
        )
    )
    return [(community_id, meetup_id) for community_id, meetup_id in rows]


async def planned_starts_after(session: AsyncSession, *, moment: datetime) -> list[datetime]:
    rows = await session.scalars(
        sa.select(Meetup.starts_at).where(Meetup.status == MeetupStatus.PLANNED, Meetup.starts_at > moment)
    )
    return list(rows)


# -- privacy -------------------------------------------------------------------------------------------


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    own_cases = await session.scalars(
        sa.select(MeetupCase).where(
            MeetupCase.community_id == community_id, MeetupCase.author_member_id == member_id
        )
    )
    answers = await session.execute(
        sa.select(Meetup.title, MeetupRsvp.answer, MeetupRsvp.answered_at)
        .join(Meetup, Meetup.id == MeetupRsvp.meetup_id)
        .where(Meetup.community_id == community_id, MeetupRsvp.member_id == member_id)
    )
    planned_by_them = await session.scalars(
        sa.select(Meetup).where(Meetup.community_id == community_id, Meetup.creator_member_id == member_id)
    )
    return {
        "meetup_cases": [{"text": row.text, "created_at": row.created_at} for row in own_cases],
        "meetup_answers": [
            {"meetup": title, "answer": answer.value, "answered_at": answered_at}
            for title, answer, answered_at in answers
        ],
        "meetups_planned": [{"title": row.title, "starts_at": row.starts_at} for row in planned_by_them],
    }


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    await session.execute(
        sa.delete(MeetupCase).where(
            MeetupCase.community_id == community_id, MeetupCase.author_member_id == member_id
        )
    )
    meetups = sa.select(Meetup.id).where(Meetup.community_id == community_id).scalar_subquery()
    await session.execute(
        sa.delete(MeetupRsvp).where(MeetupRsvp.meetup_id.in_(meetups), MeetupRsvp.member_id == member_id)
    )
    await session.execute(
        sa.update(Meetup)
        .where(Meetup.community_id == community_id, Meetup.creator_member_id == member_id)
        .values(creator_member_id=None)
    )
    for model, columns in ((Meetup, (Meetup.title, Meetup.recap)), (MeetupCase, (MeetupCase.text,))):
        await scrub(
            session, model, columns, community_id=community_id, member_id=member_id, replacement=replacement
        )
