"""Schedules: each community's recurring slots, and the queries the scheduler runs to find what is due."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Schedule


async def find(session: AsyncSession, *, community_id: int, kind: str) -> Schedule | None:
    return await session.scalar(
        sa.select(Schedule).where(Schedule.community_id == community_id, Schedule.kind == kind)
    )


async def of_community(session: AsyncSession, *, community_id: int) -> list[Schedule]:
    return list(
        (await session.scalars(sa.select(Schedule).where(Schedule.community_id == community_id))).all()
    )


async def create(
    session: AsyncSession,
    *,
    community_id: int,
    kind: str,
    weekday: int,
    local_time: str,
    next_slot_at: datetime,
    now: datetime,
    every_weeks: int = 1,
) -> Schedule:
    schedule = Schedule(
        community_id=community_id,
        kind=kind,
        weekday=weekday,
        local_time=local_time,
        every_weeks=every_weeks,
        next_slot_at=next_slot_at,
        updated_at=now,
    )
    session.add(schedule)
    await session.flush()
    return schedule


async def due_before(
    session: AsyncSession, *, moment: datetime, community_id: int | None, lock: bool
) -> list[Schedule]:
    """Schedules whose next slot falls before `moment`. With `lock`, rows another replica is working on
    are skipped rather than waited for (FOR UPDATE SKIP LOCKED)."""
    query = sa.select(Schedule).where(Schedule.next_slot_at <= moment).order_by(Schedule.next_slot_at)
    if community_id is not None:
        query = query.where(Schedule.community_id == community_id)
    if lock:
        query = query.with_for_update(skip_locked=True)
    return list((await session.scalars(query)).all())


async def all_slots(
    session: AsyncSession, *, community_id: int | None = None
) -> list[tuple[int, str, datetime]]:
    """(community id, kind, next slot) for every schedule: what the scheduler derives its jobs from."""
    query = sa.select(Schedule.community_id, Schedule.kind, Schedule.next_slot_at)
    if community_id is not None:
        query = query.where(Schedule.community_id == community_id)
    rows = await session.execute(query)
    return [(community_id, kind, slot) for community_id, kind, slot in rows]


async def by_ids(session: AsyncSession, *, ids: list[int], lock: bool) -> list[Schedule]:
    query = sa.select(Schedule).where(Schedule.id.in_(ids))
    if lock:
        query = query.with_for_update(skip_locked=True)
    return list((await session.scalars(query)).all())


async def next_moment_after(
    session: AsyncSession, *, moment: datetime, ask_ahead: Mapping[str, timedelta]
) -> datetime | None:
    """The earliest moment after `moment` at which some schedule has work: its slot, or the work ahead of
    it (`ask_ahead` by kind)."""
    slot = await session.scalar(
        sa.select(sa.func.min(Schedule.next_slot_at)).where(Schedule.next_slot_at > moment)
    )
    candidates = [slot] if slot is not None else []
    for kind, ahead in ask_ahead.items():
        if ahead <= timedelta(0):
            continue
        ask = await session.scalar(
            sa.select(sa.func.min(Schedule.next_slot_at)).where(
                Schedule.kind == kind, Schedule.next_slot_at > moment + ahead
            )
        )
        if ask is not None:
            candidates.append(ask - ahead)
    return min(candidates) if candidates else None
