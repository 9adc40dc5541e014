"""Step 5, online meets face-to-face: coffee pairings every 1, 2 or 4 weeks.

Members join, leave or skip a round; at each round Kindling pairs those taking part (avoiding earlier pairs,
a trio for an odd one out) and introduces each pair: in one conversation where the platform has group
DMs, else with a DM to each naming the others. Two days before the round ends it asks whether they met."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from bot.commands.parsing import Nothing
from bot.domain.pairing import make_groups
from bot.domain.status import CoffeeRoundStatus
from bot.feature import Due, Invocation
from bot.i18n import Text
from bot.messages import Button, Direct, Group, Message, mentions
from bot.services import recurring
from bot.services.people import tell_organisers
from bot.services.schedule_kinds import COFFEE
from bot.storage import coffee, schedules
from bot.storage.database import Session
from bot.storage.models import Schedule
from bot.turn import Turn

CADENCES = (1, 2, 4)
ROUND_START = (0, time(10, 0))  # Mondays at 10:00 local
CHECKIN_BEFORE_END = timedelta(days=2)
MET_ACTION = "kindling.coffee.met"


async def join(asker: Invocation, _: Nothing) -> Message:
    turn = asker.turn
    if await coffee.participant(turn.session, community_id=turn.community.id, member_id=asker.member_id):
        return Message(turn.text(Text.COFFEE_ALREADY))
    await coffee.join(turn.session, community_id=turn.community.id, member_id=asker.member_id, now=turn.now)
    if await schedules.find(turn.session, community_id=turn.community.id, kind=COFFEE) is None:
        # No rounds are planned: say so rather than promise one, and let the organisers know someone waits.
        notice = Message(turn.text(Text.COFFEE_WAITING_NOTICE, member=asker.member_id))
        await tell_organisers(turn, key=f"coffee:waiting:{asker.member_id}", message=notice)
        return Message(turn.text(Text.COFFEE_JOINED_WAITING))
    return Message(turn.text(Text.COFFEE_JOINED))


async def leave(asker: Invocation, _: Nothing) -> Message:
    turn = asker.turn
    if (
        await coffee.participant(turn.session, community_id=turn.community.id, member_id=asker.member_id)
        is None
    ):
        return Message(turn.text(Text.COFFEE_NOT_IN))
    await coffee.leave(turn.session, community_id=turn.community.id, member_id=asker.member_id)
    return Message(turn.text(Text.COFFEE_LEFT))


async def skip(asker: Invocation, _: Nothing) -> Message:
    turn = asker.turn
    participant = await coffee.participant(
        turn.session, community_id=turn.community.id, member_id=asker.member_id
    )
    if participant is None:
        return Message(turn.text(Text.COFFEE_NOT_IN))
    schedule = await schedules.find(turn.session, community_id=turn.community.id, kind=COFFEE)
    if schedule is None:
        return Message(turn.text(Text.COFFEE_NOT_SET_UP))
    participant.skip_until = schedule.next_slot_at + timedelta(minutes=1)
    return Message(turn.text(Text.COFFEE_SKIPPING, when=turn.when(schedule.next_slot_at)))


async def set_cadence(asker: Invocation, weeks: int) -> Message:
    turn = asker.turn
    weekday, at = ROUND_START
    schedule = await recurring.weekly(turn=turn, kind=COFFEE, weekday=weekday, at=at)
    schedule.every_weeks = weeks
    schedule.updated_at = turn.now
    turn.schedules_changed = True
    return Message(
        turn.text(
            Text.COFFEE_CADENCE_SAVED,
            weeks=weeks,
            timezone=turn.community.timezone,
            when=turn.when(schedule.next_slot_at),
        )
    )


async def show(asker: Invocation, _: Nothing) -> Message:
    turn = asker.turn
    schedule = await schedules.find(turn.session, community_id=turn.community.id, kind=COFFEE)
    if schedule is None:
        return Message(turn.text(Text.COFFEE_NOT_SET_UP))
    met, pairs = await coffee.last_round_met(turn.session, community_id=turn.community.id)
    return Message(
        turn.text(
            Text.COFFEE_SHOW,
            weeks=schedule.every_weeks,
            count=await coffee.participant_count(turn.session, community_id=turn.community.id),
            when=turn.when(schedule.next_slot_at),
            met=met,
            pairs=pairs,
        )
    )


async def run_schedule(turn: Turn, schedule: Schedule, grace: timedelta) -> None:
    async def start_round(turn: Turn, slot: datetime) -> None:
        await _start_round(turn=turn, slot=slot, weeks=schedule.every_weeks)

    await recurring.run_due_slots(
        turn=turn, schedule=schedule, grace=grace, on_slot=start_round, what=Text.COFFEE_WHAT
    )


async def _start_round(*, turn: Turn, slot: datetime, weeks: int) -> None:
    community_id = turn.community.id
    present = await coffee.taking_part(turn.session, community_id=community_id, slot=slot)
    groups = make_groups(
        present,
        await coffee.history(turn.session, community_id=community_id),
        random.Random(slot.timestamp()),
    )
    round_ = await coffee.start_round(
        turn.session,
        community_id=community_id,
        round_at=slot,
        checkin_at=slot + timedelta(weeks=weeks) - CHECKIN_BEFORE_END,
    )
    for group in groups:
        pair_id = await coffee.add_pair(
            turn.session, community_id=community_id, round_id=round_.id, member_ids=group
        )
        message = Message(turn.text(Text.COFFEE_INTRO, members=mentions(group), weeks=weeks))
        if turn.capabilities.group_direct_messages:
            await turn.send(
                key=f"coffee:{pair_id}:intro", to=Group(tuple(group)), message=message, proactive=True
            )
            continue
        for member_id in group:  # no group DMs here: the same introduction to each, naming everyone
            await turn.send(
                key=f"coffee:{pair_id}:intro:{member_id}",
                to=Direct(member_id),
                message=message,
                proactive=True,
            )


async def find_checkins(session: Session, now: datetime, grace: timedelta) -> list[Due[int]]:
    return [
        Due(community_id, round_id) for community_id, round_id in await coffee.checkins_due(session, now=now)
    ]


async def next_checkin_after(session: Session, moment: datetime) -> datetime | None:
    return await coffee.next_checkin_after(session, moment=moment)


async def send_checkins(turn: Turn, round_id: int, grace: timedelta) -> None:
    round_ = await coffee.get_round(turn.session, community_id=turn.community.id, round_id=round_id)
    if round_ is None or round_.status != CoffeeRoundStatus.PAIRED:
        return
    if not await turn.claim(kind="coffee-checkin", slot_at=round_.checkin_at, subject=str(round_.id)):
        return
    round_.status = CoffeeRoundStatus.CHECKED
    for pair_id, group in (await coffee.pairs_of_round(turn.session, round_id=round_.id)).items():
        for member_id in group:
            others = mentions(other for other in group if other != member_id)
            await turn.send(
                key=f"coffee:{pair_id}:checkin:{member_id}",
                to=Direct(member_id),
                message=Message(
                    turn.text(Text.COFFEE_CHECKIN, others=others),
                    buttons=(
                        Button(MET_ACTION, turn.text(Text.COFFEE_BUTTON_MET), f"{pair_id}:yes", "primary"),
                        Button(MET_ACTION, turn.text(Text.COFFEE_BUTTON_NOT_MET), f"{pair_id}:no"),
                    ),
                ),
                proactive=True,
            )


async def answer_checkin(asker: Invocation, value: str) -> Message:
    turn = asker.turn
    pair_id, _, answer = value.partition(":")
    group: list[str] = []
    if pair_id.isdigit() and answer in ("yes", "no"):
        group = await coffee.pair_members(turn.session, community_id=turn.community.id, pair_id=int(pair_id))
    if asker.member_id not in group:
        return Message(turn.text(Text.COFFEE_CHECKIN_UNKNOWN))
    met = answer == "yes"
    await coffee.answer(turn.session, pair_id=int(pair_id), member_id=asker.member_id, met=met, now=turn.now)
    return Message(turn.text(Text.COFFEE_THANKS_MET if met else Text.COFFEE_THANKS_NOT_MET))
