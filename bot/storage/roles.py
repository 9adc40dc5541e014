"""Roles a community gives its members: organisers (who configure) and ambassadors (who greet)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Role

RoleName = Literal["organiser", "ambassador"]


async def holders(session: AsyncSession, *, community_id: int, role: RoleName) -> list[str]:
    """External ids of the role's holders, in the order they were given it."""
    rows = await session.scalars(
        sa.select(Role.member_external_id)
        .where(Role.community_id == community_id, Role.role == role)
        .order_by(Role.granted_at, Role.id)
    )
    return list(rows.all())


async def has(session: AsyncSession, *, community_id: int, member_id: str, role: RoleName) -> bool:
    found = await session.scalar(
        sa.select(Role.id).where(
            Role.community_id == community_id, Role.member_external_id == member_id, Role.role == role
        )
    )
    return found is not None


async def grant(
    session: AsyncSession,
    *,
    community_id: int,
    member_id: str,
    role: RoleName,
    granted_by: str | None,
    now: datetime,
) -> bool:
    """Give the role; False when the member already had it."""
    if await has(session, community_id=community_id, member_id=member_id, role=role):
        return False
    session.add(
        Role(
            community_id=community_id,
            member_external_id=member_id,
            role=role,
            granted_at=now,
            granted_by=granted_by,
        )
    )
    await session.flush()
    return True


async def revoke(session: AsyncSession, *, community_id: int, member_id: str, role: RoleName) -> bool:
    result = await session.execute(
        sa.delete(Role).where(
            Role.community_id == community_id, Role.member_external_id == member_id, Role.role == role
        )
    )
    return bool(getattr(result, "rowcount", 0))
