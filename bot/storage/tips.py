"""Best tips and their "useful" votes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Community, Tip, TipVote
from bot.storage.scrub import scrub
from bot.storage.upsert import insert_for

#: Communities with a tip saved this long ago or later are candidates for the monthly digest.
RECENT = timedelta(days=62)


async def add(
    session: AsyncSession,
    *,
    community_id: int,
    text: str,
    author_id: str | None,
    saver_id: str,
    now: datetime,
    channel_id: str | None = None,
    message_id: str | None = None,
) -> Tip:
    tip = Tip(
        community_id=community_id,
        text=text,
        author_member_id=author_id,
        saver_member_id=saver_id,
        channel_id=channel_id,
        message_id=message_id,
        created_at=now,
    )
    session.add(tip)
    await session.flush()
    return tip


async def kept_message(session: AsyncSession, *, community_id: int, message_id: str) -> bool:
    found = await session.scalar(
        sa.select(Tip.id).where(Tip.community_id == community_id, Tip.message_id == message_id)
    )
    return found is not None


async def get(session: AsyncSession, *, community_id: int, tip_id: int) -> Tip | None:
    return await session.scalar(sa.select(Tip).where(Tip.community_id == community_id, Tip.id == tip_id))


async def mark_useful(session: AsyncSession, *, tip_id: int, member_id: str) -> bool:
    """False when the member had marked it already."""
    added = await session.execute(
        insert_for(session)(TipVote)
        .values(tip_id=tip_id, member_id=member_id)
        .on_conflict_do_nothing(index_elements=["tip_id", "member_id"])
        .returning(TipVote.id)
    )
    return added.first() is not None


async def most_useful(
    session: AsyncSession,
    *,
    community_id: int,
    limit: int,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[tuple[str, str | None, int]]:
    """(text, author, votes) of the most useful tips (saved in [start, end) when given), best first; among
    equals the newest first, or within a period the earliest."""
    votes = sa.func.count(TipVote.id)
    query = (
        sa.select(Tip.text, Tip.author_member_id, votes)
        .outerjoin(TipVote, TipVote.tip_id == Tip.id)
        .where(Tip.community_id == community_id)
        .group_by(Tip.id, Tip.text, Tip.author_member_id)
        .limit(limit)
    )
    if start is not None and end is not None:
        query = query.where(Tip.created_at >= start, Tip.created_at < end).order_by(votes.desc(), Tip.id)
    else:
        query = query.order_by(votes.desc(), Tip.id.desc())
    return [(text, author, count) for text, author, count in await session.execute(query)]


async def zones_with_recent_tips(session: AsyncSession, *, now: datetime, with_home: bool) -> list[str]:
    recent = sa.select(Tip.community_id).where(Tip.created_at >= now - RECENT).distinct()
    query = sa.select(Community.timezone).where(Community.id.in_(recent)).distinct()
    if with_home:
        query = query.where(Community.home_channel_id.is_not(None))
    return list(await session.scalars(query))


async def communities_with_recent_tips(
    session: AsyncSession, *, now: datetime, zones: list[str]
) -> list[int]:
    recent = sa.select(Tip.community_id).where(Tip.created_at >= now - RECENT).distinct()
    rows = await session.scalars(
        sa.select(Community.id).where(
            Community.id.in_(recent), Community.home_channel_id.is_not(None), Community.timezone.in_(zones)
        )
    )
    return list(rows)


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    rows = await session.scalars(
        sa.select(Tip).where(
            Tip.community_id == community_id,
            sa.or_(Tip.author_member_id == member_id, Tip.saver_member_id == member_id),
        )
    )
    return {"tips": [{"text": row.text, "created_at": row.created_at} for row in rows]}


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    mine = Tip.community_id == community_id
    await session.execute(sa.delete(Tip).where(mine, Tip.author_member_id == member_id))
    await session.execute(
        sa.update(Tip).where(mine, Tip.saver_member_id == member_id).values(saver_member_id=None)
    )
    tips = sa.select(Tip.id).where(mine).scalar_subquery()
    await session.execute(sa.delete(TipVote).where(TipVote.tip_id.in_(tips), TipVote.member_id == member_id))
    await scrub(
        session, Tip, (Tip.text,), community_id=community_id, member_id=member_id, replacement=replacement
    )
