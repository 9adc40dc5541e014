"""Welcome records: who was welcomed when, who was asked to greet them, and who is waiting for a goal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.status import WelcomeStatus
from bot.storage.models import Role, Welcome


async def latest(session: AsyncSession, *, community_id: int, member_id: str) -> Welcome | None:
    return await session.scalar(
        sa.select(Welcome)
        .where(Welcome.community_id == community_id, Welcome.member_id == member_id)
        .order_by(Welcome.created_at.desc(), Welcome.id.desc())
        .limit(1)
    )


async def get(session: AsyncSession, *, community_id: int, welcome_id: int) -> Welcome | None:
    return await session.scalar(
        sa.select(Welcome).where(Welcome.community_id == community_id, Welcome.id == welcome_id)
    )


async def add(
    session: AsyncSession,
    *,
    community_id: int,
    member_id: str,
    status: WelcomeStatus,
    now: datetime,
    greeter_member_id: str | None = None,
) -> Welcome:
    """A welcome written complete (sent or held) in one insert; flushed, so its id can key the messages."""
    welcome = Welcome(
        community_id=community_id,
        member_id=member_id,
        status=status,
        greeter_member_id=greeter_member_id,
        created_at=now,
        sent_at=now if status == WelcomeStatus.SENT else None,
    )
    session.add(welcome)
    await session.flush()
    return welcome


async def held(session: AsyncSession, *, community_id: int) -> list[Welcome]:
    rows = await session.scalars(
        sa.select(Welcome)
        .where(Welcome.community_id == community_id, Welcome.status == WelcomeStatus.HELD)
        .order_by(Welcome.id)
    )
    return list(rows.all())


async def sent_since(session: AsyncSession, *, community_id: int, since: datetime) -> tuple[int, int]:
    """(welcomes sent since `since`, of which greeted). Welcomes of members who became an organiser or
    ambassador do not count: they are the community's starters, not its newcomers."""
    starter = (
        sa.exists()
        .where(Role.community_id == Welcome.community_id, Role.member_id == Welcome.member_id)
        .correlate(Welcome)
    )
    recent = sa.and_(
        Welcome.community_id == community_id,
        Welcome.status == WelcomeStatus.SENT,
        Welcome.created_at >= since,
        ~starter,
    )
    sent = await session.scalar(sa.select(sa.func.count()).where(recent)) or 0
    greeted = await session.scalar(sa.select(sa.func.count()).where(recent, Welcome.greeted_at.is_not(None)))
    return sent, greeted or 0


# -- privacy -------------------------------------------------------------------------------------------


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    rows = await session.scalars(
        sa.select(Welcome).where(
            Welcome.community_id == community_id,
            sa.or_(
                Welcome.member_id == member_id,
                Welcome.greeter_member_id == member_id,
                Welcome.greeted_by_member_id == member_id,
            ),
        )
    )
    return {
        "welcomes": [
            {
                "welcomed": row.member_id == member_id,
                "asked_to_greet": row.greeter_member_id == member_id,
                "greeted": row.greeted_by_member_id == member_id,
                "status": row.status.value,
                "created_at": row.created_at,
                "greeted_at": row.greeted_at,
            }
            for row in rows
        ]
    }


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    mine = Welcome.community_id == community_id
    await session.execute(sa.delete(Welcome).where(mine, Welcome.member_id == member_id))
    for column in (Welcome.greeter_member_id, Welcome.greeted_by_member_id):
        await session.execute(sa.update(Welcome).where(mine, column == member_id).values({column.key: None}))
