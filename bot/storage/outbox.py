"""The outbox table: queue a message inside the caller's transaction; claim, finish or fail it later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Destination, Message, destination_to_json, message_to_json
from bot.storage.models import Community, OutboxMessage

LEASE = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class QueuedMessage:
    key: str
    destination: Destination
    message: Message


async def enqueue(
    session: AsyncSession,
    *,
    community: Community,
    queued: QueuedMessage,
    now: datetime,
    not_before: datetime | None = None,
) -> bool:
    """Add a message unless one with the same key exists. Returns whether it was added."""
    existing = await session.scalar(sa.select(OutboxMessage.id).where(OutboxMessage.key == queued.key))
    if existing is not None:
        return False
    session.add(
        OutboxMessage(
            community_id=community.id,
            platform=community.platform,
            key=queued.key,
            destination=destination_to_json(queued.destination),
            message=message_to_json(queued.message),
            status="pending",
            attempts=0,
            next_attempt_at=not_before or now,
            created_at=now,
        )
    )
    return True


async def enqueue_latest(
    session: AsyncSession, *, community: Community, queued: QueuedMessage, now: datetime
) -> None:
    """Queue a message of which only the newest version matters (a poll's live counts): the first time it
    is added; after that the one row under its key is replaced and queued again, so a burst of votes
    makes one edit, not one per vote. A version being sent right now is queued again as well: `mark_sent`
    only finishes a row that is still `sending`, so the newest version follows the one in flight.

    One upsert rather than look-then-write: two votes racing in two transactions must not abort the later
    one on the unique key (on PostgreSQL it waits for the first and then updates its row)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    waiting = OutboxMessage.status == "pending"
    statement = insert(OutboxMessage).values(
        community_id=community.id,
        platform=community.platform,
        key=queued.key,
        destination=destination_to_json(queued.destination),
        message=message_to_json(queued.message),
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["key"],
            set_={
                "destination": statement.excluded.destination,
                "message": statement.excluded.message,
                "status": "pending",
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
                sa.and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
                sa.and_(OutboxMessage.status == "sending", OutboxMessage.lease_until < now),
            ),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if skip_locked:
        due = due.with_for_update(skip_locked=True)
    rows = list((await session.scalars(due)).all())
    for row in rows:
        row.status = "sending"
        row.lease_until = now + lease
        row.attempts += 1
    return rows


async def mark_sent(
    session: AsyncSession, *, message_id: int, now: datetime, channel_id: str, platform_message_id: str | None
) -> None:
    # Only a row still being sent: one replaced in the meantime (`enqueue_latest`) stays queued.
    await session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "sending")
        .values(
            status="sent",
            sent_at=now,
            lease_until=None,
            last_error=None,
            platform_channel_id=channel_id,
            platform_message_id=platform_message_id,
        )
    )


async def mark_failed(
    session: AsyncSession, *, message_id: int, error: str, retry_at: datetime | None
) -> None:
    """Schedule another try at `retry_at`, or with None give up: the message goes to the dead letters."""
    values: dict[str, object] = {"last_error": error[:2000], "lease_until": None}
    if retry_at is None:
        values["status"] = "dead"
    else:
        values["status"] = "pending"
        values["next_attempt_at"] = retry_at
    await session.execute(sa.update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))


async def count_by_status(session: AsyncSession, *, platform: str | None = None) -> dict[str, int]:
    query = sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    if platform is not None:
        query = query.where(OutboxMessage.platform == platform)
    return {status: count for status, count in await session.execute(query)}


async def next_attempt_after(session: AsyncSession, *, moment: datetime) -> datetime | None:
    """When the next message waiting in the outbox (quiet hours, a backoff) becomes due."""
    found: datetime | None = await session.scalar(
        sa.select(sa.func.min(OutboxMessage.next_attempt_at)).where(
            OutboxMessage.status == "pending", OutboxMessage.next_attempt_at > moment
        )
    )
    return found
