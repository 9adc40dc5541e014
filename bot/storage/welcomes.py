"""Welcome records: who was welcomed when, by which ambassador, and who is still waiting for a goal."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Welcome


async def latest(session: AsyncSession, *, community_id: int, member_id: str) -> Welcome | None:
    return await session.scalar(
        sa.select(Welcome)
        .where(Welcome.community_id == community_id, Welcome.member_external_id == member_id)
        .order_by(Welcome.created_at.desc(), Welcome.id.desc())
        .limit(1)
    )


async def get(session: AsyncSession, *, community_id: int, welcome_id: int) -> Welcome | None:
    return await session.scalar(
        sa.select(Welcome).where(Welcome.community_id == community_id, Welcome.id == welcome_id)
    )


async def held(session: AsyncSession, *, community_id: int) -> list[Welcome]:
    rows = await session.scalars(
        sa.select(Welcome)
        .where(Welcome.community_id == community_id, Welcome.status == "held")
        .order_by(Welcome.id)
    )
    return list(rows.all())
