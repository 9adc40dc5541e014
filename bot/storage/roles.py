"""Roles a community gives its members: organisers (who configure) and ambassadors (who greet)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.status import GrantedVia, RoleName
from bot.storage.models import Member, Role


def _gone(since: datetime | None = None) -> sa.Exists:
    """The holder left the community (since `since`). The role stays (it is theirs again if they come back),
    but someone who left greets nobody and configures nothing."""
    left = Member.left_at.is_not(None) if since is None else Member.left_at >= since
    return (
        sa.exists()
        .where(Member.community_id == Role.community_id, Member.member_id == Role.member_id, left)
        .correlate(Role)
    )


async def holders(session: AsyncSession, *, community_id: int, role: RoleName) -> list[str]:
    """Member ids of the role's holders still in the community, in the order they were given it."""
    rows = await session.scalars(
        sa.select(Role.member_id)
        .where(Role.community_id == community_id, Role.role == role, ~_gone())
        .order_by(Role.granted_at, Role.id)
    )
    return list(rows.all())


async def departed(session: AsyncSession, *, community_id: int, role: RoleName, since: datetime) -> list[str]:
    """Member ids of the role's holders who left the community since `since`."""
    rows = await session.scalars(
        sa.select(Role.member_id)
        .where(Role.community_id == community_id, Role.role == role, _gone(since))
        .order_by(Role.granted_at, Role.id)
    )
    return list(rows.all())


async def of_member(session: AsyncSession, *, community_id: int, member_id: str) -> set[RoleName]:
    rows = await session.scalars(
        sa.select(Role.role).where(Role.community_id == community_id, Role.member_id == member_id)
    )
    return set(rows)


async def has(session: AsyncSession, *, community_id: int, member_id: str, role: RoleName) -> bool:
    return role in await of_member(session, community_id=community_id, member_id=member_id)


async def grant(
    session: AsyncSession,
    *,
    community_id: int,
    member_id: str,
    role: RoleName,
    via: GrantedVia,
    granter_member_id: str | None,
    now: datetime,
) -> bool:
    """Give the role; False when the member already had it."""
    if await has(session, community_id=community_id, member_id=member_id, role=role):
        return False
    session.add(
        Role(
            community_id=community_id,
            member_id=member_id,
            role=role,
            granted_at=now,
            granted_via=via,
            granter_member_id=granter_member_id,
        )
    )
    await session.flush()
    return True


async def revoke(session: AsyncSession, *, community_id: int, member_id: str, role: RoleName) -> bool:
    result = await session.execute(
        sa.delete(Role).where(
            Role.community_id == community_id, Role.member_id == member_id, Role.role == role
        )
    )
    return bool(getattr(result, "rowcount", 0))


# -- privacy -------------------------------------------------------------------------------------------


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    rows = await session.scalars(
        sa.select(Role).where(Role.community_id == community_id, Role.member_id == member_id)
    )
    return {
        "roles": [
            {"role": row.role.value, "granted_at": row.granted_at, "granted_via": row.granted_via.value}
            for row in rows
        ]
    }


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    await session.execute(
        sa.delete(Role).where(Role.community_id == community_id, Role.member_id == member_id)
    )
    await session.execute(
        sa.update(Role)
        .where(Role.community_id == community_id, Role.granter_member_id == member_id)
        .values(granter_member_id=None)
    )
