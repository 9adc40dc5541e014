"""Communities: found by (platform, external id), created the first time Kindling meets one."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import CommunityRef
from bot.storage.models import Community


async def find(session: AsyncSession, ref: CommunityRef, *, lock: bool = False) -> Community | None:
    query = sa.select(Community).where(
        Community.platform == ref.platform, Community.external_id == ref.external_id
    )
    if lock:
        query = query.with_for_update()
    return await session.scalar(query)


async def get_or_create(
    session: AsyncSession, *, ref: CommunityRef, now: datetime, language: str, lock: bool = False
) -> Community:
    """Found, or inserted-if-absent in one statement, so two replicas meeting a new community at once both
    succeed. Looking first keeps the common case a single read (and spares PostgreSQL's id sequence)."""
    existing = await find(session, ref, lock=lock)
    if existing is not None:
        if ref.name and existing.name != ref.name:
            existing.name = ref.name
        return existing
    values = {
        "platform": ref.platform,
        "external_id": ref.external_id,
        "name": ref.name or ref.external_id,
        "language": language,
        "timezone": "UTC",
        "home_channel_id": ref.default_home_channel,
        "ambassador_cursor": 0,
        "created_at": now,
    }
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    await session.execute(
        insert(Community).values(**values).on_conflict_do_nothing(index_elements=["platform", "external_id"])
    )
    community = await find(session, ref, lock=lock)
    if community is None:  # pragma: no cover - the insert above guarantees a row
        raise RuntimeError(f"community {ref} vanished")
    if ref.name and community.name != ref.name:
        community.name = ref.name
    return community


async def external_ids(session: AsyncSession, *, ids: set[int]) -> dict[int, str]:
    """The platform's id of each community, by Kindling's row id."""
    if not ids:
        return {}
    rows = await session.execute(sa.select(Community.id, Community.external_id).where(Community.id.in_(ids)))
    return {community_id: external_id for community_id, external_id in rows}


async def of_platform(
    session: AsyncSession, *, platform: str, external_id: str | None = None
) -> list[Community]:
    """The communities Kindling knows on `platform` (or the one with `external_id` there), oldest first."""
    query = sa.select(Community).where(Community.platform == platform).order_by(Community.id)
    if external_id is not None:
        query = query.where(Community.external_id == external_id)
    return list(await session.scalars(query))
