"""Members of a community: joined, first post, left. Every query names its community."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import Person
from bot.storage.models import Member


async def find(session: AsyncSession, *, community_id: int, external_id: str) -> Member | None:
    return await session.scalar(
        sa.select(Member).where(Member.community_id == community_id, Member.external_id == external_id)
    )


async def find_by_name(session: AsyncSession, *, community_id: int, name: str) -> list[Member]:
    lowered = name.lower()
    return list(
        (
            await session.scalars(
                sa.select(Member).where(
                    Member.community_id == community_id, sa.func.lower(Member.display_name) == lowered
                )
            )
        ).all()
    )


async def remember(session: AsyncSession, *, community_id: int, person: Person, now: datetime) -> Member:
    """The member row for `person`, created as joined `now` if Kindling has not seen them before."""
    member = await find(session, community_id=community_id, external_id=person.external_id)
    if member is None:
        member = Member(
            community_id=community_id,
            external_id=person.external_id,
            display_name=person.display_name,
            is_bot=person.is_bot,
            joined_at=now,
            post_count=0,
        )
        session.add(member)
        await session.flush()
    elif person.display_name and member.display_name != person.display_name:
        member.display_name = person.display_name
    return member


async def count(session: AsyncSession, *, community_id: int) -> tuple[int, int]:
    """(present human members, of whom have posted)."""
    present = sa.and_(Member.community_id == community_id, Member.left_at.is_(None), Member.is_bot.is_(False))
    total = await session.scalar(sa.select(sa.func.count()).where(present)) or 0
    posted = await session.scalar(sa.select(sa.func.count()).where(present, Member.post_count > 0)) or 0
    return total, posted
