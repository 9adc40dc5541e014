"""Slot claims: the row every scheduled run inserts first. Whoever inserts it runs the slot; everyone else
(a second replica, a restart, a misfire) finds it taken and does nothing."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import SlotClaim


async def claim(
    session: AsyncSession,
    *,
    community_id: int,
    kind: str,
    slot_at: datetime,
    now: datetime,
    owner: str,
    subject: str = "",
    outcome: str = "done",
) -> bool:
    """True when this caller took the slot. On PostgreSQL a concurrent claimer waits for the first one's
    transaction and then finds the row there, so the effects in that transaction happen exactly once."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(SlotClaim)
        .values(
            community_id=community_id,
            kind=kind,
            subject=subject,
            slot_at=slot_at,
            claimed_at=now,
            claimed_by=owner,
            outcome=outcome,
        )
        .on_conflict_do_nothing(index_elements=["community_id", "kind", "subject", "slot_at"])
        .returning(SlotClaim.id)
    )
    return (await session.execute(statement)).first() is not None


async def is_claimed(
    session: AsyncSession, *, community_id: int, kind: str, slot_at: datetime, subject: str = ""
) -> bool:
    found = await session.scalar(
        sa.select(SlotClaim.id).where(
            SlotClaim.community_id == community_id,
            SlotClaim.kind == kind,
            SlotClaim.subject == subject,
            SlotClaim.slot_at == slot_at,
        )
    )
    return found is not None
