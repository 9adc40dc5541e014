"""Requests to note who is already in a community: one per community, claimed by a worker with a lease."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Community, MemberSync
from bot.storage.upsert import insert_for


@dataclass(frozen=True, slots=True)
class Claimed:
    """A request a worker took: enough to list the members and to tell whoever asked."""

    sync_id: int
    community_id: int
    #: The community's id on the platform and its home channel (Slack lists the channel's members).
    external_id: str
    channel_id: str | None
    requested_at: datetime
    requested_by_member_id: str | None
    attempts: int


async def request(session: AsyncSession, *, community_id: int, member_id: str | None, now: datetime) -> None:
    """Ask for the community's members to be noted (again: set-up run a second time starts over)."""
    fresh = {
        "requested_at": now,
        "requested_by_member_id": member_id,
        "leased_until": None,
        "attempts": 0,
        "recorded": 0,
        "done_at": None,
        "error": None,
    }
    await session.execute(
        insert_for(session)(MemberSync)
        .values(community_id=community_id, **fresh)
        .on_conflict_do_update(index_elements=["community_id"], set_=fresh)
    )


async def claim_next(
    session: AsyncSession, *, platform: str, now: datetime, lease: timedelta, skip_locked: bool
) -> Claimed | None:
    """The oldest open request of a community on `platform` whose lease (if any) ran out, leased to the
    caller until `now + lease` and counted as one more attempt."""
    query = (
        sa.select(MemberSync, Community.external_id, Community.home_channel_id)
        .join(Community, Community.id == MemberSync.community_id)
        .where(
            Community.platform == platform,
            MemberSync.done_at.is_(None),
            sa.or_(MemberSync.leased_until.is_(None), MemberSync.leased_until <= now),
        )
        .order_by(MemberSync.requested_at, MemberSync.id)
        .limit(1)
    )
    if skip_locked:
        query = query.with_for_update(of=MemberSync, skip_locked=True)
    row = (await session.execute(query)).first()
    if row is None:
        return None
    sync, external_id, channel_id = row
    sync.leased_until = now + lease
    sync.attempts += 1
    return Claimed(
        sync_id=sync.id,
        community_id=sync.community_id,
        external_id=external_id,
        channel_id=channel_id,
        requested_at=sync.requested_at,
        requested_by_member_id=sync.requested_by_member_id,
        attempts=sync.attempts,
    )


async def progress(
    session: AsyncSession, *, sync_id: int, requested_at: datetime, recorded: int, leased_until: datetime
) -> bool:
    """Note how far a sync got and renew its lease; False when the request changed meanwhile (set-up ran
    again, or the community went): the caller stops."""
    result = await session.execute(
        sa.update(MemberSync)
        .where(
            MemberSync.id == sync_id, MemberSync.requested_at == requested_at, MemberSync.done_at.is_(None)
        )
        .values(recorded=recorded, leased_until=leased_until)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def finish(
    session: AsyncSession,
    *,
    sync_id: int,
    requested_at: datetime,
    now: datetime,
    recorded: int,
    error: str | None = None,
) -> bool:
    """Done (or given up on, with `error`); False when the request changed meanwhile."""
    result = await session.execute(
        sa.update(MemberSync)
        .where(
            MemberSync.id == sync_id, MemberSync.requested_at == requested_at, MemberSync.done_at.is_(None)
        )
        .values(done_at=now, recorded=recorded, error=error, leased_until=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def failed(
    session: AsyncSession, *, sync_id: int, requested_at: datetime, error: str, retry_at: datetime
) -> None:
    """An attempt failed: try again from `retry_at` (the lease runs until then)."""
    await session.execute(
        sa.update(MemberSync)
        .where(
            MemberSync.id == sync_id, MemberSync.requested_at == requested_at, MemberSync.done_at.is_(None)
        )
        .values(error=error, leased_until=retry_at)
    )


# -- privacy -------------------------------------------------------------------------------------------


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    rows = await session.scalars(
        sa.select(MemberSync).where(
            MemberSync.community_id == community_id, MemberSync.requested_by_member_id == member_id
        )
    )
    return {
        "member_lists_requested": [
            {"requested_at": row.requested_at, "done_at": row.done_at, "members_noted": row.recorded}
            for row in rows
        ]
    }


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    await session.execute(
        sa.update(MemberSync)
        .where(MemberSync.community_id == community_id, MemberSync.requested_by_member_id == member_id)
        .values(requested_by_member_id=None)
    )
