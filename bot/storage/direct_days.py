"""Unasked DMs per member per local day: counts only, read over the last seven days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import DirectDay
from bot.storage.upsert import insert_for


async def count(session: AsyncSession, *, community_id: int, member_id: str, day: date) -> None:
    """One more DM for the member on `day`, in one upsert (two DMs racing never fail on the day's key)."""
    statement = insert_for(session)(DirectDay).values(
        community_id=community_id, member_id=member_id, day=day, sent=1
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["community_id", "member_id", "day"], set_={"sent": DirectDay.sent + 1}
        )
    )


async def week(
    session: AsyncSession, *, community_id: int, member_ids: list[str], through: date
) -> dict[str, int]:
    """DMs per member over the seven local days up to and including `through` (absent: none)."""
    if not member_ids:
        return {}
    rows = await session.execute(
        sa.select(DirectDay.member_id, sa.func.sum(DirectDay.sent))
        .where(
            DirectDay.community_id == community_id,
            DirectDay.member_id.in_(member_ids),
            DirectDay.day > through - timedelta(days=7),
            DirectDay.day <= through,
        )
        .group_by(DirectDay.member_id)
    )
    return {member_id: int(sent) for member_id, sent in rows}


# -- privacy -------------------------------------------------------------------------------------------


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    rows = await session.scalars(
        sa.select(DirectDay)
        .where(DirectDay.community_id == community_id, DirectDay.member_id == member_id)
        .order_by(DirectDay.day)
    )
    return {"direct_messages_per_day": [{"day": row.day.isoformat(), "sent": row.sent} for row in rows]}


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    await session.execute(
        sa.delete(DirectDay).where(DirectDay.community_id == community_id, DirectDay.member_id == member_id)
    )
