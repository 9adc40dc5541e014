"""Who is due for an onboarding nudge: welcomed, silent, still here, and not nudged yet."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.status import WelcomeStatus
from bot.storage.models import CoffeeMember, Member, SlotClaim, Welcome


async def due_members(
    session: AsyncSession,
    *,
    kind: str,
    after: timedelta,
    unless_in_coffee: bool,
    now: datetime,
    grace: timedelta,
) -> list[tuple[int, str, datetime]]:
    """(community id, member id, due moment) of members due for the nudge `kind`: joined between
    `after + grace` and `after` ago, welcomed, silent, still here, and not nudged yet."""
    claimed = sa.exists().where(
        SlotClaim.community_id == Member.community_id,
        SlotClaim.kind == kind,
        SlotClaim.subject == Member.member_id,
    )
    welcomed = sa.exists().where(
        Welcome.community_id == Member.community_id,
        Welcome.member_id == Member.member_id,
        Welcome.status == WelcomeStatus.SENT,
    )
    conditions = [
        Member.joined_at <= now - after,
        Member.joined_at > now - after - grace,
        Member.first_post_at.is_(None),
        Member.left_at.is_(None),
        Member.is_bot.is_(False),
        welcomed,
        ~claimed,
    ]
    if unless_in_coffee:
        conditions.append(
            ~sa.exists().where(
                CoffeeMember.community_id == Member.community_id, CoffeeMember.member_id == Member.member_id
            )
        )
    rows = await session.execute(
        sa.select(Member.community_id, Member.member_id, Member.joined_at).where(*conditions)
    )
    return [(community_id, member_id, joined + after) for community_id, member_id, joined in rows]


async def silent_joins_after(session: AsyncSession, *, moment: datetime) -> list[datetime]:
    """When silent human members still here joined, from `moment` on (for the next nudge's moment)."""
    rows = await session.scalars(
        sa.select(Member.joined_at).where(
            Member.joined_at > moment,
            Member.first_post_at.is_(None),
            Member.left_at.is_(None),
            Member.is_bot.is_(False),
        )
    )
    return list(rows)
