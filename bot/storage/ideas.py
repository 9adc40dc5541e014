"""The idea box. An anonymous idea stores no author at all."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.status import IdeaStatus
from bot.storage.models import Idea
from bot.storage.scrub import scrub


async def submit(
    session: AsyncSession, *, community_id: int, text: str, author_id: str | None, now: datetime
) -> Idea:
    last = await session.scalar(sa.select(sa.func.max(Idea.number)).where(Idea.community_id == community_id))
    idea = Idea(
        community_id=community_id,
        number=(last or 0) + 1,
        text=text,
        author_member_id=author_id,
        status=IdeaStatus.OPEN,
        created_at=now,
    )
    session.add(idea)
    await session.flush()
    return idea


async def open_ideas(session: AsyncSession, *, community_id: int) -> list[Idea]:
    rows = await session.scalars(
        sa.select(Idea)
        .where(Idea.community_id == community_id, Idea.status == IdeaStatus.OPEN)
        .order_by(Idea.number)
    )
    return list(rows)


async def by_number(session: AsyncSession, *, community_id: int, number: int) -> Idea | None:
    return await session.scalar(
        sa.select(Idea).where(Idea.community_id == community_id, Idea.number == number)
    )


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    rows = await session.scalars(
        sa.select(Idea).where(Idea.community_id == community_id, Idea.author_member_id == member_id)
    )
    return {
        "ideas": [
            {"text": row.text, "status": row.status.value, "created_at": row.created_at} for row in rows
        ]
    }


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    await session.execute(
        sa.delete(Idea).where(Idea.community_id == community_id, Idea.author_member_id == member_id)
    )
    await scrub(
        session, Idea, (Idea.text,), community_id=community_id, member_id=member_id, replacement=replacement
    )
