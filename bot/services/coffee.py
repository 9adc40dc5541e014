"""Step 5, online meets face-to-face: coffee pairings every 1, 2 or 4 weeks.

Members join, leave or skip a round; at each round Kindling pairs those taking part (avoiding earlier pairs,
a trio for an odd one out) and introduces each pair in one conversation. Two days before the round ends it
asks whether they met; the answers count in the statistics."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, time, timedelta
from itertools import combinations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.pairing import History, make_groups
from bot.i18n import Text
from bot.i18n.calendar import when
from bot.messages import Button, Direct, Group, Message, mentions
from bot.services import recurring
from bot.services.turn import Turn
from bot.storage import schedules
from bot.storage.models import CoffeeCheckin, CoffeeMember, CoffeePair, CoffeeRound, Member, Schedule

KIND = "coffee"
CADENCES = (1, 2, 4)
ROUND_START = (0, time(10, 0))  # Mondays at 10:00 local
CHECKIN_BEFORE_END = timedelta(days=2)
MET_ACTION = "kindling.coffee.met"


def _when(turn: Turn, moment: datetime) -> str:
    return when(moment, language=turn.language, zone=turn.zone)


async def _participant(turn: Turn, member_id: str) -> CoffeeMember | None:
    return await turn.session.scalar(
        sa.select(CoffeeMember).where(
            CoffeeMember.community_id == turn.community.id, CoffeeMember.member_external_id == member_id
        )
    )


async def join(*, turn: Turn, member_id: str) -> Message:
    if await _participant(turn, member_id) is not None:
        return Message(turn.text(Text.COFFEE_ALREADY))
    turn.session.add(
        CoffeeMember(community_id=turn.community.id, member_external_id=member_id, joined_at=turn.now)
    )
    return Message(turn.text(Text.COFFEE_JOINED))


async def leave(*, turn: Turn, member_id: str) -> Message:
    participant = await _participant(turn, member_id)
    if participant is None:
        return Message(turn.text(Text.COFFEE_NOT_IN))
    await turn.session.delete(participant)
    return Message(turn.text(Text.COFFEE_LEFT))


async def skip(*, turn: Turn, member_id: str) -> Message:
    participant = await _participant(turn, member_id)
    if participant is None:
        return Message(turn.text(Text.COFFEE_NOT_IN))
    schedule = await schedules.find(turn.session, community_id=turn.community.id, kind=KIND)
    if schedule is None:
        return Message(turn.text(Text.COFFEE_NOT_SET_UP))
    participant.skip_until = schedule.next_slot_at + timedelta(minutes=1)
    return Message(turn.text(Text.COFFEE_SKIPPING, when=_when(turn, schedule.next_slot_at)))


async def set_cadence(*, turn: Turn, weeks: int) -> Message:
    if weeks not in CADENCES:
        return Message(turn.text(Text.COFFEE_CADENCE_INVALID))
    weekday, at = ROUND_START
    schedule = await recurring.weekly(turn=turn, kind=KIND, weekday=weekday, at=at)
    schedule.every_weeks = weeks
    schedule.updated_at = turn.now
    turn.schedules_changed = True
    return Message(
        turn.text(
            Text.COFFEE_CADENCE_SAVED,
            weeks=weeks,
            timezone=turn.community.timezone,
            when=_when(turn, schedule.next_slot_at),
        )
    )


async def show(*, turn: Turn) -> Message:
    schedule = await schedules.find(turn.session, community_id=turn.community.id, kind=KIND)
    if schedule is None:
        return Message(turn.text(Text.COFFEE_NOT_SET_UP))
    met, pairs = await last_round_met(turn.session, community_id=turn.community.id)
    return Message(
        turn.text(
            Text.COFFEE_SHOW,
            weeks=schedule.every_weeks,
            count=await participant_count(turn.session, community_id=turn.community.id),
            when=_when(turn, schedule.next_slot_at),
            met=met,
            pairs=pairs,
        )
    )


async def participant_count(session: AsyncSession, *, community_id: int) -> int:
    count = await session.scalar(
        sa.select(sa.func.count()).select_from(CoffeeMember).where(CoffeeMember.community_id == community_id)
    )
    return count or 0


async def run_schedule(*, turn: Turn, schedule: Schedule, grace: timedelta) -> None:
    async def start_round(turn: Turn, slot: datetime) -> None:
        await _start_round(turn=turn, slot=slot, weeks=schedule.every_weeks)

    await recurring.run_due_slots(
        turn=turn, schedule=schedule, grace=grace, on_slot=start_round, what=Text.COFFEE_WHAT
    )


async def _start_round(*, turn: Turn, slot: datetime, weeks: int) -> None:
    community_id = turn.community.id
    present = await turn.session.scalars(
        sa.select(CoffeeMember.member_external_id)
        .join(
            Member,
            sa.and_(
                Member.community_id == CoffeeMember.community_id,
                Member.external_id == CoffeeMember.member_external_id,
            ),
        )
        .where(
            CoffeeMember.community_id == community_id,
            Member.left_at.is_(None),
            sa.or_(CoffeeMember.skip_until.is_(None), CoffeeMember.skip_until <= slot),
        )
        .order_by(CoffeeMember.member_external_id)
    )
    groups = make_groups(
        list(present),
        await _history(turn.session, community_id=community_id),
        random.Random(slot.timestamp()),
    )
    round_ = CoffeeRound(
        community_id=community_id,
        round_at=slot,
        checkin_at=slot + timedelta(weeks=weeks) - CHECKIN_BEFORE_END,
        status="paired",
    )
    turn.session.add(round_)
    await turn.session.flush()
    for group in groups:
        pair = CoffeePair(round_id=round_.id, community_id=community_id, members=",".join(group))
        turn.session.add(pair)
        await turn.session.flush()
        named = mentions(group)
        await turn.send(
            key=f"coffee:{pair.id}:intro",
            to=Group(group),
            message=Message(turn.text(Text.COFFEE_INTRO, members=named, weeks=weeks)),
            proactive=True,
        )


async def _history(session: AsyncSession, *, community_id: int) -> History:
    history: History = Counter()
    for members in await session.scalars(
        sa.select(CoffeePair.members).where(CoffeePair.community_id == community_id)
    ):
        for pair in combinations(members.split(","), 2):
            history[frozenset(pair)] += 1
    return history


async def checkins_due(session: AsyncSession, *, now: datetime) -> list[tuple[int, int]]:
    rows = await session.execute(
        sa.select(CoffeeRound.community_id, CoffeeRound.id).where(
            CoffeeRound.status == "paired", CoffeeRound.checkin_at <= now
        )
    )
    return [(community_id, round_id) for community_id, round_id in rows]


async def next_checkin_after(session: AsyncSession, *, moment: datetime) -> datetime | None:
    found: datetime | None = await session.scalar(
        sa.select(sa.func.min(CoffeeRound.checkin_at)).where(
            CoffeeRound.status == "paired", CoffeeRound.checkin_at > moment
        )
    )
    return found


async def send_checkins(*, turn: Turn, round_id: int) -> None:
    round_ = await turn.session.scalar(
        sa.select(CoffeeRound).where(
            CoffeeRound.community_id == turn.community.id, CoffeeRound.id == round_id
        )
    )
    if round_ is None or round_.status != "paired":
        return
    if not await turn.claim(kind="coffee-checkin", slot_at=round_.checkin_at, subject=str(round_.id)):
        return
    round_.status = "checked"
    for pair in await turn.session.scalars(sa.select(CoffeePair).where(CoffeePair.round_id == round_.id)):
        group = pair.members.split(",")
        for member_id in group:
            others = mentions(other for other in group if other != member_id)
            await turn.send(
                key=f"coffee:{pair.id}:checkin:{member_id}",
                to=Direct(member_id),
                message=Message(
                    turn.text(Text.COFFEE_CHECKIN, others=others),
                    buttons=(
                        Button(MET_ACTION, turn.text(Text.COFFEE_BUTTON_MET), f"{pair.id}:yes", "primary"),
                        Button(MET_ACTION, turn.text(Text.COFFEE_BUTTON_NOT_MET), f"{pair.id}:no"),
                    ),
                ),
                proactive=True,
            )


async def answer_checkin(*, turn: Turn, member_id: str, value: str) -> Message:
    pair_id, _, answer = value.partition(":")
    pair = None
    if pair_id.isdigit() and answer in ("yes", "no"):
        pair = await turn.session.scalar(
            sa.select(CoffeePair).where(
                CoffeePair.community_id == turn.community.id, CoffeePair.id == int(pair_id)
            )
        )
    if pair is None or member_id not in pair.members.split(","):
        return Message(turn.text(Text.COFFEE_CHECKIN_UNKNOWN))
    met = answer == "yes"
    existing = await turn.session.scalar(
        sa.select(CoffeeCheckin).where(
            CoffeeCheckin.pair_id == pair.id, CoffeeCheckin.member_external_id == member_id
        )
    )
    if existing is None:
        turn.session.add(
            CoffeeCheckin(pair_id=pair.id, member_external_id=member_id, met=met, answered_at=turn.now)
        )
    else:
        existing.met, existing.answered_at = met, turn.now
    return Message(turn.text(Text.COFFEE_THANKS_MET if met else Text.COFFEE_THANKS_NOT_MET))


async def last_round_met(session: AsyncSession, *, community_id: int) -> tuple[int, int]:
    """(pairs in which someone said they met, pairs) for the most recent round."""
    latest = await session.scalar(
        sa.select(CoffeeRound.id)
        .where(CoffeeRound.community_id == community_id)
        .order_by(CoffeeRound.round_at.desc())
        .limit(1)
    )
    if latest is None:
        return 0, 0
    pairs = list(await session.scalars(sa.select(CoffeePair.id).where(CoffeePair.round_id == latest)))
    met = await session.scalar(
        sa.select(sa.func.count(sa.distinct(CoffeeCheckin.pair_id))).where(
            CoffeeCheckin.pair_id.in_(pairs), CoffeeCheckin.met.is_(True)
        )
    )
    return met or 0, len(pairs)
