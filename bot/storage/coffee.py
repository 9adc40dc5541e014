"""Coffee pairings: who takes part, the rounds, the pairs (their members as rows) and the check-ins."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from itertools import combinations
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.pairing import History
from bot.domain.status import CoffeeRoundStatus
from bot.storage.models import CoffeeCheckin, CoffeeMember, CoffeePair, CoffeePairMember, CoffeeRound, Member


async def participant(session: AsyncSession, *, community_id: int, member_id: str) -> CoffeeMember | None:
    return await session.scalar(
        sa.select(CoffeeMember).where(
            CoffeeMember.community_id == community_id, CoffeeMember.member_id == member_id
        )
    )


async def join(session: AsyncSession, *, community_id: int, member_id: str, now: datetime) -> None:
    session.add(CoffeeMember(community_id=community_id, member_id=member_id, joined_at=now))


async def leave(session: AsyncSession, *, community_id: int, member_id: str) -> None:
    await session.execute(
        sa.delete(CoffeeMember).where(
            CoffeeMember.community_id == community_id, CoffeeMember.member_id == member_id
        )
    )


async def participant_count(session: AsyncSession, *, community_id: int) -> int:
    count = await session.scalar(
        sa.select(sa.func.count()).select_from(CoffeeMember).where(CoffeeMember.community_id == community_id)
    )
    return count or 0


async def taking_part(session: AsyncSession, *, community_id: int, slot: datetime) -> list[str]:
    """Participants still in the community who do not sit out the round at `slot`."""
    rows = await session.scalars(
        sa.select(CoffeeMember.member_id)
        .join(
            Member,
            sa.and_(
                Member.community_id == CoffeeMember.community_id, Member.member_id == CoffeeMember.member_id
            ),
        )
        .where(
            CoffeeMember.community_id == community_id,
            Member.left_at.is_(None),
            sa.or_(CoffeeMember.skip_until.is_(None), CoffeeMember.skip_until <= slot),
        )
        .order_by(CoffeeMember.member_id)
    )
    return list(rows)


async def history(session: AsyncSession, *, community_id: int) -> History:
    """How often each two members were paired before."""
    by_pair: defaultdict[int, list[str]] = defaultdict(list)
    for pair_id, member_id in await session.execute(
        sa.select(CoffeePairMember.pair_id, CoffeePairMember.member_id)
        .join(CoffeePair, CoffeePair.id == CoffeePairMember.pair_id)
        .where(CoffeePair.community_id == community_id)
    ):
        by_pair[pair_id].append(member_id)
    found: History = Counter()
    for people in by_pair.values():
        for two in combinations(people, 2):
            found[frozenset(two)] += 1
    return found


async def start_round(
    session: AsyncSession, *, community_id: int, round_at: datetime, checkin_at: datetime
) -> CoffeeRound:
    round_ = CoffeeRound(
        community_id=community_id, round_at=round_at, checkin_at=checkin_at, status=CoffeeRoundStatus.PAIRED
    )
    session.add(round_)
    await session.flush()
    return round_


async def add_pair(
    session: AsyncSession, *, community_id: int, round_id: int, member_ids: Sequence[str]
) -> int:
    pair = CoffeePair(round_id=round_id, community_id=community_id)
    session.add(pair)
    await session.flush()
    session.add_all(
        CoffeePairMember(pair_id=pair.id, member_id=member_id, position=position)
        for position, member_id in enumerate(member_ids)
    )
    return pair.id


async def pairs_of_round(session: AsyncSession, *, round_id: int) -> dict[int, list[str]]:
    """Each pair of the round by id, with its members in order."""
    found: defaultdict[int, list[str]] = defaultdict(list)
    for pair_id, member_id in await session.execute(
        sa.select(CoffeePairMember.pair_id, CoffeePairMember.member_id)
        .join(CoffeePair, CoffeePair.id == CoffeePairMember.pair_id)
        .where(CoffeePair.round_id == round_id)
        .order_by(CoffeePairMember.pair_id, CoffeePairMember.position)
    ):
        found[pair_id].append(member_id)
    return dict(found)


async def pair_members(session: AsyncSession, *, community_id: int, pair_id: int) -> list[str]:
    rows = await session.scalars(
        sa.select(CoffeePairMember.member_id)
        .join(CoffeePair, CoffeePair.id == CoffeePairMember.pair_id)
        .where(CoffeePair.community_id == community_id, CoffeePair.id == pair_id)
        .order_by(CoffeePairMember.position)
    )
    return list(rows)


async def get_round(session: AsyncSession, *, community_id: int, round_id: int) -> CoffeeRound | None:
    return await session.scalar(
        sa.select(CoffeeRound).where(CoffeeRound.community_id == community_id, CoffeeRound.id == round_id)
    )


async def checkins_due(session: AsyncSession, *, now: datetime) -> list[tuple[int, int]]:
    rows = await session.execute(
        sa.select(CoffeeRound.community_id, CoffeeRound.id).where(
            CoffeeRound.status == CoffeeRoundStatus.PAIRED, CoffeeRound.checkin_at <= now
        )
    )
    return [(community_id, round_id) for community_id, round_id in rows]


async def next_checkin_after(session: AsyncSession, *, moment: datetime) -> datetime | None:
    found: datetime | None = await session.scalar(
        sa.select(sa.func.min(CoffeeRound.checkin_at)).where(
            CoffeeRound.status == CoffeeRoundStatus.PAIRED, CoffeeRound.checkin_at > moment
        )
    )
    return found


async def answer(session: AsyncSession, *, pair_id: int, member_id: str, met: bool, now: datetime) -> None:
    existing = await session.scalar(
        sa.select(CoffeeCheckin).where(CoffeeCheckin.pair_id == pair_id, CoffeeCheckin.member_id == member_id)
    )
    if existing is None:
        session.add(CoffeeCheckin(pair_id=pair_id, member_id=member_id, met=met, answered_at=now))
    else:
        existing.met, existing.answered_at = met, now


async def last_round_met(session: AsyncSession, *, community_id: int) -> tuple[int, int]:
    """(pairs in which someone said they met, pairs) for the latest round whose check-in went out."""
    latest = await session.scalar(
        sa.select(CoffeeRound.id)
        .where(CoffeeRound.community_id == community_id, CoffeeRound.status == CoffeeRoundStatus.CHECKED)
        .order_by(CoffeeRound.round_at.desc())
        .limit(1)
    )
    if latest is None:
        return 0, 0
    return await met_in_rounds(session, round_ids=[latest])


async def met_in_rounds(session: AsyncSession, *, round_ids: list[int]) -> tuple[int, int]:
    """(pairs in which someone said they met, pairs) over these rounds."""
    pairs = list(await session.scalars(sa.select(CoffeePair.id).where(CoffeePair.round_id.in_(round_ids))))
    if not pairs:
        return 0, 0
    met = await session.scalar(
        sa.select(sa.func.count(sa.distinct(CoffeeCheckin.pair_id))).where(
            CoffeeCheckin.pair_id.in_(pairs), CoffeeCheckin.met.is_(True)
        )
    )
    return met or 0, len(pairs)


async def checked_between(
    session: AsyncSession, *, community_id: int, start: datetime, end: datetime
) -> list[tuple[datetime, bool]]:
    """(check-in, whether anyone said they met) for each pair of the rounds whose check-in went out in
    [start, end). A round counts when its members were asked, not when they were paired: at cadence 2 or 4 the
    week a round starts has no answers yet."""
    met_answer = (
        sa.exists()
        .where(CoffeeCheckin.pair_id == CoffeePair.id, CoffeeCheckin.met.is_(True))
        .correlate(CoffeePair)
    )
    rows = await session.execute(
        sa.select(CoffeeRound.checkin_at, met_answer)
        .join(CoffeePair, CoffeePair.round_id == CoffeeRound.id)
        .where(
            CoffeeRound.community_id == community_id,
            CoffeePair.community_id == community_id,
            CoffeeRound.status == CoffeeRoundStatus.CHECKED,
            CoffeeRound.checkin_at >= start,
            CoffeeRound.checkin_at < end,
        )
    )
    return [(checkin_at, bool(met)) for checkin_at, met in rows]


# -- privacy -------------------------------------------------------------------------------------------


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    mine = await participant(session, community_id=community_id, member_id=member_id)
    pair_ids = list(
        await session.scalars(
            sa.select(CoffeePairMember.pair_id)
            .join(CoffeePair, CoffeePair.id == CoffeePairMember.pair_id)
            .where(CoffeePair.community_id == community_id, CoffeePairMember.member_id == member_id)
        )
    )
    pairs = [await pair_members(session, community_id=community_id, pair_id=pair_id) for pair_id in pair_ids]
    checkins = await session.scalars(
        sa.select(CoffeeCheckin).where(
            CoffeeCheckin.pair_id.in_(pair_ids), CoffeeCheckin.member_id == member_id
        )
    )
    return {
        "coffee": [] if mine is None else [{"joined_at": mine.joined_at, "skip_until": mine.skip_until}],
        "coffee_pairs": [{"members": people} for people in pairs],
        "coffee_checkins": [{"met": row.met, "answered_at": row.answered_at} for row in checkins],
    }


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    await leave(session, community_id=community_id, member_id=member_id)
    pairs = sa.select(CoffeePair.id).where(CoffeePair.community_id == community_id).scalar_subquery()
    for model in (CoffeeCheckin, CoffeePairMember):
        await session.execute(sa.delete(model).where(model.pair_id.in_(pairs), model.member_id == member_id))
