"""Threads Kindling watches for replies (patience): its own prompts and columns, and members' questions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.status import WatchKind, WatchStatus
from bot.storage.models import Delivery, WatchedPost


async def watch(
    session: AsyncSession,
    *,
    community_id: int,
    channel_id: str,
    kind: WatchKind,
    posted_at: datetime,
    check_at: datetime,
    outbox_key: str | None = None,
    message_id: str | None = None,
    author_id: str | None = None,
) -> None:
    session.add(
        WatchedPost(
            community_id=community_id,
            channel_id=channel_id,
            outbox_key=outbox_key,
            message_id=message_id,
            kind=kind,
            author_member_id=author_id,
            posted_at=posted_at,
            check_at=check_at,
            replies=0,
            status=WatchStatus.WATCHING,
        )
    )


async def by_thread(session: AsyncSession, *, community_id: int, thread_id: str) -> WatchedPost | None:
    """The watched post whose thread `thread_id` is: a member's post by its id, Kindling's own by the id its
    outbox message was delivered as."""
    own = sa.select(Delivery.key).where(
        Delivery.community_id == community_id, Delivery.message_id == thread_id
    )
    return await session.scalar(
        sa.select(WatchedPost).where(
            WatchedPost.community_id == community_id,
            sa.or_(WatchedPost.message_id == thread_id, WatchedPost.outbox_key.in_(own)),
        )
    )


async def get(session: AsyncSession, *, community_id: int, watched_id: int) -> WatchedPost | None:
    return await session.scalar(
        sa.select(WatchedPost).where(WatchedPost.community_id == community_id, WatchedPost.id == watched_id)
    )


#: A watched post still climbing the patience ladder: first look, second look, or a poll waiting its turn.
WAITING = (WatchStatus.WATCHING, WatchStatus.ASKED, WatchStatus.QUEUED)


async def due(session: AsyncSession, *, now: datetime) -> list[tuple[int, int]]:
    rows = await session.execute(
        sa.select(WatchedPost.community_id, WatchedPost.id).where(
            WatchedPost.status.in_(WAITING), WatchedPost.check_at <= now
        )
    )
    return [(community_id, watched_id) for community_id, watched_id in rows]


async def next_check_after(session: AsyncSession, *, moment: datetime) -> datetime | None:
    found: datetime | None = await session.scalar(
        sa.select(sa.func.min(WatchedPost.check_at)).where(
            WatchedPost.status.in_(WAITING), WatchedPost.check_at > moment
        )
    )
    return found


async def last_poll_in(
    session: AsyncSession, *, community_id: int, channel_id: str, besides: int
) -> datetime | None:
    """When Kindling last put a patience poll under another post in this channel."""
    found: datetime | None = await session.scalar(
        sa.select(sa.func.max(WatchedPost.check_at)).where(
            WatchedPost.community_id == community_id,
            WatchedPost.channel_id == channel_id,
            WatchedPost.status == WatchStatus.POLLED,
            WatchedPost.id != besides,
        )
    )
    return found


async def posted_between(
    session: AsyncSession, *, community_id: int, kinds: tuple[WatchKind, ...], start: datetime, end: datetime
) -> list[WatchedPost]:
    rows = await session.scalars(
        sa.select(WatchedPost).where(
            WatchedPost.community_id == community_id,
            WatchedPost.kind.in_(kinds),
            WatchedPost.posted_at >= start,
            WatchedPost.posted_at < end,
        )
    )
    return list(rows)


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    rows = await session.scalars(
        sa.select(WatchedPost).where(
            WatchedPost.community_id == community_id, WatchedPost.author_member_id == member_id
        )
    )
    return {
        "questions_watched": [
            {"channel_id": row.channel_id, "posted_at": row.posted_at, "replies": row.replies} for row in rows
        ]
    }


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    await session.execute(
        sa.delete(WatchedPost).where(
            WatchedPost.community_id == community_id, WatchedPost.author_member_id == member_id
        )
    )


async def handed_over_since(session: AsyncSession, *, community_id: int, since: datetime) -> tuple[int, int]:
    """(quiet threads someone was asked to pick up since `since`, of which came alive afterwards)."""
    asked = sa.and_(WatchedPost.community_id == community_id, WatchedPost.asked_at >= since)
    total = await session.scalar(sa.select(sa.func.count()).where(asked)) or 0
    lively = WatchedPost.status == WatchStatus.LIVELY
    helped = await session.scalar(sa.select(sa.func.count()).where(asked, lively)) or 0
    return total, helped


async def answered_since(
    session: AsyncSession, *, community_id: int, kind: WatchKind, since: datetime
) -> tuple[int, int]:
    """(Kindling's posts of `kind` since `since`, of which got at least one reply)."""
    posted = sa.and_(
        WatchedPost.community_id == community_id, WatchedPost.kind == kind, WatchedPost.posted_at >= since
    )
    total = await session.scalar(sa.select(sa.func.count()).where(posted)) or 0
    answered = await session.scalar(sa.select(sa.func.count()).where(posted, WatchedPost.replies > 0)) or 0
    return total, answered
