"""Platform ids as a concept: where each delivered message ended up (channel, message, or calendar event),
by the outbox key that queued it. Thread replies, native poll votes and event RSVPs find Kindling's own
post through here; an edit finds the message it replaces."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Delivery
from bot.storage.upsert import insert_for


@dataclass(frozen=True, slots=True)
class Where:
    channel_id: str
    message_id: str | None


async def record(
    session: AsyncSession,
    *,
    community_id: int,
    key: str,
    channel_id: str,
    message_id: str | None,
    now: datetime,
) -> None:
    """Note where the message under `key` went; a later delivery under the same key (a coalesced row sent
    again) keeps the first place, which is the message that exists."""
    insert = insert_for(session)
    await session.execute(
        insert(Delivery)
        .values(
            community_id=community_id, key=key, channel_id=channel_id, message_id=message_id, delivered_at=now
        )
        .on_conflict_do_nothing(index_elements=["key"])
    )


async def of_key(session: AsyncSession, *, key: str) -> Where | None:
    row = (
        await session.execute(sa.select(Delivery.channel_id, Delivery.message_id).where(Delivery.key == key))
    ).first()
    return Where(row.channel_id, row.message_id) if row is not None else None


async def key_of_message(session: AsyncSession, *, community_id: int, message_id: str) -> str | None:
    """The key of Kindling's message (or event) the platform knows as `message_id` in this community."""
    found: str | None = await session.scalar(
        sa.select(Delivery.key)
        .where(Delivery.community_id == community_id, Delivery.message_id == message_id)
        .limit(1)
    )
    return found
