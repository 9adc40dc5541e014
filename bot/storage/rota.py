"""The expert column: the rota (members in the order they write) and each week's column."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.status import ColumnWeekStatus
from bot.storage.models import ColumnWeek, RotaEntry
from bot.storage.scrub import scrub


async def members(session: AsyncSession, *, community_id: int) -> list[str]:
    rows = await session.scalars(
        sa.select(RotaEntry.member_id)
        .where(RotaEntry.community_id == community_id)
        .order_by(RotaEntry.position, RotaEntry.id)
    )
    return list(rows.all())


async def add(session: AsyncSession, *, community_id: int, member_id: str, now: datetime) -> bool:
    current = await members(session, community_id=community_id)
    if member_id in current:
        return False
    last = await session.scalar(
        sa.select(sa.func.max(RotaEntry.position)).where(RotaEntry.community_id == community_id)
    )
    session.add(
        RotaEntry(community_id=community_id, member_id=member_id, position=(last or 0) + 1, added_at=now)
    )
    await session.flush()
    return True


async def remove(session: AsyncSession, *, community_id: int, member_id: str) -> bool:
    result = await session.execute(
        sa.delete(RotaEntry).where(RotaEntry.community_id == community_id, RotaEntry.member_id == member_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def swap(session: AsyncSession, *, community_id: int, first: str, second: str) -> None:
    entries = {
        entry.member_id: entry
        for entry in await session.scalars(
            sa.select(RotaEntry).where(
                RotaEntry.community_id == community_id, RotaEntry.member_id.in_([first, second])
            )
        )
    }
    if len(entries) == 2:
        a, b = entries[first], entries[second]
        a.position, b.position = b.position, a.position


async def week(session: AsyncSession, *, community_id: int, slot_at: datetime) -> ColumnWeek | None:
    return await session.scalar(
        sa.select(ColumnWeek).where(ColumnWeek.community_id == community_id, ColumnWeek.slot_at == slot_at)
    )


async def week_by_id(session: AsyncSession, *, community_id: int, week_id: int) -> ColumnWeek | None:
    return await session.scalar(
        sa.select(ColumnWeek).where(ColumnWeek.community_id == community_id, ColumnWeek.id == week_id)
    )


async def open_week(
    session: AsyncSession, *, community_id: int, slot_at: datetime, now: datetime
) -> ColumnWeek:
    """The week of `slot_at`, created (open, no expert yet) if it is not there."""
    found = await week(session, community_id=community_id, slot_at=slot_at)
    if found is None:
        found = ColumnWeek(
            community_id=community_id, slot_at=slot_at, status=ColumnWeekStatus.OPEN, updated_at=now
        )
        session.add(found)
        await session.flush()
    return found


async def recent_weeks(
    session: AsyncSession, *, community_id: int, before: datetime, limit: int
) -> list[ColumnWeek]:
    """The latest `limit` weeks whose slot came before `before`, newest first."""
    rows = await session.scalars(
        sa.select(ColumnWeek)
        .where(ColumnWeek.community_id == community_id, ColumnWeek.slot_at < before)
        .order_by(ColumnWeek.slot_at.desc())
        .limit(limit)
    )
    return list(rows)


# -- privacy -------------------------------------------------------------------------------------------


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    entries = await session.scalars(
        sa.select(RotaEntry).where(RotaEntry.community_id == community_id, RotaEntry.member_id == member_id)
    )
    weeks = await session.scalars(
        sa.select(ColumnWeek).where(
            ColumnWeek.community_id == community_id, ColumnWeek.expert_member_id == member_id
        )
    )
    return {
        "column_rota": [{"position": row.position, "added_at": row.added_at} for row in entries],
        "column_weeks": [
            {"slot_at": row.slot_at, "topic": row.topic, "status": row.status.value} for row in weeks
        ],
    }


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    await remove(session, community_id=community_id, member_id=member_id)
    await session.execute(
        sa.update(ColumnWeek)
        .where(ColumnWeek.community_id == community_id, ColumnWeek.expert_member_id == member_id)
        .values(expert_member_id=None)
    )
    await scrub(
        session,
        ColumnWeek,
        (ColumnWeek.topic,),
        community_id=community_id,
        member_id=member_id,
        replacement=replacement,
    )
