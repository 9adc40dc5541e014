"""Counts of the home channel per local day: members' posts, Kindling's unasked posts, and what Kindling held
back. The voice budget reads the last seven days of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import VoiceDay
from bot.storage.upsert import insert_for

Counter = Literal["member_posts", "kindling_posts", "held_back"]


@dataclass(frozen=True, slots=True)
class Week:
    member_posts: int
    kindling_posts: int
    held_back: int


async def count(session: AsyncSession, *, community_id: int, day: date, counter: Counter) -> None:
    """One more of `counter` on `day`, in one upsert (two posts racing never fail on the day's key)."""
    statement = insert_for(session)(VoiceDay).values(
        community_id=community_id,
        day=day,
        member_posts=int(counter == "member_posts"),
        kindling_posts=int(counter == "kindling_posts"),
        held_back=int(counter == "held_back"),
    )
    column = getattr(VoiceDay, counter)
    await session.execute(
        statement.on_conflict_do_update(index_elements=["community_id", "day"], set_={counter: column + 1})
    )


async def week(session: AsyncSession, *, community_id: int, through: date) -> Week:
    """The seven local days up to and including `through`."""
    row = (
        await session.execute(
            sa.select(
                sa.func.coalesce(sa.func.sum(VoiceDay.member_posts), 0),
                sa.func.coalesce(sa.func.sum(VoiceDay.kindling_posts), 0),
                sa.func.coalesce(sa.func.sum(VoiceDay.held_back), 0),
            ).where(
                VoiceDay.community_id == community_id,
                VoiceDay.day > through - timedelta(days=7),
                VoiceDay.day <= through,
            )
        )
    ).one()
    return Week(int(row[0]), int(row[1]), int(row[2]))
