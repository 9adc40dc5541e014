"""The outbox table: queue messages inside the caller's transaction; claim, finish or fail them later."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.status import OutboxStatus
from bot.messages import (
    Destination,
    Direct,
    Group,
    Message,
    Private,
    destination_from_json,
    destination_to_json,
    message_from_json,
    message_to_json,
)
from bot.storage import deliveries
from bot.storage.models import Community, Delivery, OutboxMessage
from bot.storage.scrub import mention_pattern
from bot.storage.upsert import insert_for

LEASE = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class QueuedMessage:
    key: str
    destination: Destination
    message: Message


def _row(community: Community, queued: QueuedMessage, now: datetime, not_before: datetime) -> dict[str, Any]:
    return {
        "community_id": community.id,
        "platform": community.platform,
        "key": queued.key,
        "destination": destination_to_json(queued.destination),
        "message": message_to_json(queued.message),
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": not_before,
        "created_at": now,
    }


async def enqueue_many(
    session: AsyncSession,
    *,
    community: Community,
    queued: Sequence[QueuedMessage],
    now: datetime,
    not_before: datetime | None = None,
) -> int:
    """Add messages whose key is new, in one INSERT ... ON CONFLICT DO NOTHING. Returns how many were added
    (a replayed event's messages are already there and add nothing)."""
    if not queued:
        return 0
    insert = insert_for(session)
    statement = (
        insert(OutboxMessage)
        .values([_row(community, item, now, not_before or now) for item in queued])
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(OutboxMessage.id)
    )
    return len((await session.execute(statement)).all())


async def enqueue_latest(
    session: AsyncSession, *, community: Community, queued: QueuedMessage, now: datetime
) -> None:
    """Queue a message of which only the newest version matters (a poll's live counts): the first time it
    is added; after that the one row under its key is replaced and queued again, so a burst of votes
    makes one edit, not one per vote. A version being sent right now is queued again as well: `mark_sent`
    only finishes a row that is still `sending`, so the newest version follows the one in flight.

    One upsert rather than look-then-write: two votes racing in two transactions must not abort the later
    one on the unique key (on PostgreSQL it waits for the first and then updates its row)."""
    waiting = OutboxMessage.status == OutboxStatus.PENDING
    statement = insert_for(session)(OutboxMessage).values(**_row(community, queued, now, now))
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["key"],
            set_={
                "destination": statement.excluded.destination,
                "message": statement.excluded.message,
                "status": OutboxStatus.PENDING,
                # A row still waiting keeps its place (and any backoff); a finished one starts afresh.
                "attempts": sa.case((waiting, OutboxMessage.attempts), else_=0),
                "next_attempt_at": sa.case((waiting, OutboxMessage.next_attempt_at), else_=now),
                "lease_until": None,
                "last_error": sa.case((waiting, OutboxMessage.last_error), else_=None),
            },
        )
    )


async def claim_due(
    session: AsyncSession,
    *,
    platform: str,
    now: datetime,
    limit: int,
    skip_locked: bool,
    lease: timedelta = LEASE,
) -> list[OutboxMessage]:
    """Take up to `limit` due messages for this worker: pending ones, and sends whose lease ran out
    (the worker that held them died). The lease keeps other workers away while this one sends."""
    due = (
        sa.select(OutboxMessage)
        .where(
            OutboxMessage.platform == platform,
            sa.or_(
                sa.and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now),
                sa.and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.lease_until < now),
            ),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if skip_locked:
        due = due.with_for_update(skip_locked=True)
    rows = list((await session.scalars(due)).all())
    for row in rows:
        row.status = OutboxStatus.SENDING
        row.lease_until = now + lease
        row.attempts += 1
    return rows


async def mark_sent(
    session: AsyncSession,
    *,
    row: OutboxMessage,
    now: datetime,
    channel_id: str | None,
    message_id: str | None,
) -> None:
    """Finish a row still being sent (one replaced in the meantime by `enqueue_latest` stays queued) and
    note where it went. `channel_id` None: nothing was posted (an edit, or a platform without a calendar)."""
    await session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == row.id, OutboxMessage.status == OutboxStatus.SENDING)
        .values(status=OutboxStatus.SENT, sent_at=now, lease_until=None, last_error=None)
    )
    if channel_id is not None:
        await deliveries.record(
            session,
            community_id=row.community_id,
            key=row.key,
            channel_id=channel_id,
            message_id=message_id,
            now=now,
        )


async def mark_failed(
    session: AsyncSession, *, message_id: int, error: str, retry_at: datetime | None
) -> None:
    """Schedule another try at `retry_at`, or with None give up: the message goes to the dead letters."""
    values: dict[str, object] = {"last_error": error[:2000], "lease_until": None}
    if retry_at is None:
        values["status"] = OutboxStatus.DEAD
    else:
        values["status"] = OutboxStatus.PENDING
        values["next_attempt_at"] = retry_at
    await session.execute(sa.update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))


async def status_of(session: AsyncSession, *, key: str) -> OutboxStatus | None:
    found: OutboxStatus | None = await session.scalar(
        sa.select(OutboxMessage.status).where(OutboxMessage.key == key)
    )
    return found


async def message_of(session: AsyncSession, *, key: str) -> Message | None:
    """The message queued under `key` (its latest version)."""
    raw = await session.scalar(sa.select(OutboxMessage.message).where(OutboxMessage.key == key))
    return message_from_json(raw) if raw is not None else None


async def count_by_status(session: AsyncSession, *, platform: str | None = None) -> dict[str, int]:
    query = sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    if platform is not None:
        query = query.where(OutboxMessage.platform == platform)
    return {str(status): count for status, count in await session.execute(query)}


async def next_attempt_after(session: AsyncSession, *, moment: datetime) -> datetime | None:
    """When the next message waiting in the outbox (quiet hours, a backoff) becomes due."""
    found: datetime | None = await session.scalar(
        sa.select(sa.func.min(OutboxMessage.next_attempt_at)).where(
            OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at > moment
        )
    )
    return found


# -- privacy -------------------------------------------------------------------------------------------

#: Keys of messages that carried a privacy export: never part of a later export (it would nest them).
EXPORT_KEY_PREFIX = "privacy-export:"


def addressed_to(destination: Destination, member_id: str) -> bool:
    match destination:
        case Direct(member_id=to) | Private(member_id=to):
            return to == member_id
        case Group(member_ids=group):
            return member_id in group
        case _:
            return False


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    rows = await session.scalars(
        sa.select(OutboxMessage)
        .where(
            OutboxMessage.community_id == community_id,
            OutboxMessage.destination.contains(member_id),
            ~OutboxMessage.key.startswith(EXPORT_KEY_PREFIX),
        )
        .order_by(OutboxMessage.id)
    )
    return {
        "messages_to_them": [
            {
                "text": message_from_json(row.message).text,
                "created_at": row.created_at,
                "status": row.status.value,
            }
            for row in rows
            if addressed_to(destination_from_json(row.destination), member_id)
        ]
    }


async def forget(session: AsyncSession, *, community_id: int, member_id: str, replacement: str) -> None:
    """Messages to the member go; messages to others stop naming them (texts, files' names, keys)."""
    pattern = mention_pattern(member_id)
    rows = await session.scalars(
        sa.select(OutboxMessage).where(
            OutboxMessage.community_id == community_id,
            sa.or_(
                OutboxMessage.destination.contains(member_id),
                OutboxMessage.message.contains(member_id),
                OutboxMessage.key.contains(member_id),
                OutboxMessage.last_error.contains(member_id),
            ),
        )
    )
    for row in rows:
        if addressed_to(destination_from_json(row.destination), member_id):
            await session.execute(sa.delete(Delivery).where(Delivery.key == row.key))
            await session.delete(row)
            continue
        data = json.loads(row.message)
        data["text"] = pattern.sub(replacement, data.get("text", ""))
        row.message = pattern.sub(replacement, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        if row.last_error is not None:
            row.last_error = pattern.sub(replacement, row.last_error)
        if member_id in row.key:
            forgotten = "forgotten:" + hashlib.sha256(row.key.encode()).hexdigest()[:32]
            await session.execute(sa.update(Delivery).where(Delivery.key == row.key).values(key=forgotten))
            row.key = forgotten
