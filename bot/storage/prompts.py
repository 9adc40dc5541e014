"""The organisers' own discussion prompts (Kindling's default bank lives in the catalogs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Prompt
from bot.storage.scrub import scrub


async def take_unused(session: AsyncSession, *, community_id: int, now: datetime) -> str | None:
    """The oldest own prompt not used yet, marked used; None when every one went out."""
    found = await session.scalar(
        sa.select(Prompt)
        .where(Prompt.community_id == community_id, Prompt.used_at.is_(None))
        .order_by(Prompt.id)
        .limit(1)
    )
    if found is None:
        return None
    found.used_at = now
    return found.text


async def add(session: AsyncSession, *, community_id: int, text: str, author_id: str, now: datetime) -> int:
    """Adds the prompt; returns how many own prompts the community has now."""
    session.add(Prompt(community_id=community_id, text=text, author_member_id=author_id, created_at=now))
    await session.flush()
    return (
        await session.scalar(
            sa.select(sa.func.count()).select_from(Prompt).where(Prompt.community_id == community_id)
        )
        or 0
    )


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    rows = await session.scalars(
        sa.select(Prompt).where(Prompt.community_id == community_id, Prompt.author_member_id == member_id)
    )
    return {"prompts": [{"text": row.text, "created_at": row.created_at} for row in rows]}


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    await session.execute(
        sa.delete(Prompt).where(Prompt.community_id == community_id, Prompt.author_member_id == member_id)
    )
    await scrub(
        session,
        Prompt,
        (Prompt.text,),
        community_id=community_id,
        member_id=member_id,
        replacement=replacement,
    )
