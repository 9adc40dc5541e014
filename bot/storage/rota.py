"""The expert-column rota: members in the order they write the weekly column."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import ColumnWeek, RotaEntry


async def members(session: AsyncSession, *, community_id: int) -> list[str]:
    rows = await session.scalars(
        sa.select(RotaEntry.member_external_id)
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
        RotaEntry(
            community_id=community_id,
            member_external_id=member_id,
            position=(last or 0) + 1,
            added_at=now,
        )
    )
    await session.flush()
    return True


async def remove(session: AsyncSession, *, community_id: int, member_id: str) -> bool:
    result = await session.execute(
        sa.delete(RotaEntry).where(
            RotaEntry.community_id == community_id, RotaEntry.member_external_id == member_id
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def swap(session: AsyncSession, *, community_id: int, first: str, second: str) -> None:
    entries = {
        entry.member_external_id: entry
        for entry in await session.scalars(
            sa.select(RotaEntry).where(
                RotaEntry.community_id == community_id, RotaEntry.member_external_id.in_([first, second])
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
    found = await week(session, community_id=community_id, slot_at=slot_at)
    if found is None:
        found = ColumnWeek(community_id=community_id, slot_at=slot_at, status="open", updated_at=now)
        session.add(found)
        await session.flush()
    return found
