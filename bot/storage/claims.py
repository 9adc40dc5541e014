"""Slot claims: the row every scheduled run inserts first. Whoever inserts it runs the slot; everyone else
(a second replica, a restart, a misfire) finds it taken and does nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.status import ClaimOutcome
from bot.storage.models import SlotClaim
from bot.storage.upsert import insert_for


async def claim(
    session: AsyncSession,
    *,
    community_id: int,
    kind: str,
    slot_at: datetime,
    now: datetime,
    owner: str,
    subject: str = "",
    outcome: ClaimOutcome = ClaimOutcome.DONE,
) -> bool:
    """True when this caller took the slot. On PostgreSQL a concurrent claimer waits for the first one's
    transaction and then finds the row there, so the effects in that transaction happen exactly once."""
    statement = (
        insert_for(session)(SlotClaim)
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


async def claimed_slots(session: AsyncSession, *, kind: str, since: datetime) -> set[tuple[int, datetime]]:
    """(community id, slot) of the claims of `kind` since `since`."""
    rows = await session.execute(
        sa.select(SlotClaim.community_id, SlotClaim.slot_at).where(
            SlotClaim.kind == kind, SlotClaim.slot_at > since
        )
    )
    return {(community_id, slot_at) for community_id, slot_at in rows}


async def count_since(
    session: AsyncSession, *, community_id: int, kinds: tuple[str, ...], since: datetime
) -> dict[str, int]:
    rows = await session.execute(
        sa.select(SlotClaim.kind, sa.func.count())
        .where(
            SlotClaim.community_id == community_id,
            SlotClaim.kind.in_(kinds),
            SlotClaim.slot_at >= since,
        )
        .group_by(SlotClaim.kind)
    )
    return {kind: count for kind, count in rows}


# -- privacy: a member's nudges are claimed with the member as subject ------------------------------------


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    rows = await session.scalars(
        sa.select(SlotClaim).where(SlotClaim.community_id == community_id, SlotClaim.subject == member_id)
    )
    return {
        "scheduled_for_them": [
            {"kind": row.kind, "slot_at": row.slot_at, "outcome": row.outcome.value} for row in rows
        ]
    }


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    await session.execute(
        sa.delete(SlotClaim).where(SlotClaim.community_id == community_id, SlotClaim.subject == member_id)
    )
