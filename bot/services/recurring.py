"""A recurring slot's life: run it at its time, catch it up once within the grace window after downtime,
skip it (telling the organisers) when older, and move on to the next slot every N weeks.

Shared by the features with a weekly schedule (the column, coffee rounds, the thank-you post); each says
what happens at its slot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta

from bot.domain.slots import next_weekly_slot
from bot.domain.status import ClaimOutcome
from bot.i18n import Text
from bot.messages import Message
from bot.services.people import tell_organisers
from bot.storage import schedules
from bot.storage.models import Schedule
from bot.turn import Turn

OnSlot = Callable[[Turn, datetime], Awaitable[None]]


def following(*, turn: Turn, schedule: Schedule, after: datetime) -> datetime:
    """The next slot after `after`, `every_weeks` apart from the last (weekly slots stay on local time)."""
    weeks_between = max(schedule.every_weeks, 1) - 1
    return next_weekly_slot(
        after + timedelta(weeks=weeks_between),
        weekday=schedule.weekday,
        at=time.fromisoformat(schedule.local_time),
        zone=turn.zone,
    )


async def run_due_slots(
    *, turn: Turn, schedule: Schedule, grace: timedelta, on_slot: OnSlot, what: Text
) -> None:
    """Bounded: a long outage skips straight to the next future slot."""
    for _ in range(60):
        slot = schedule.next_slot_at
        if turn.now < slot:
            return
        if turn.now - slot <= grace:
            if await turn.claim(kind=schedule.kind, slot_at=slot):
                await on_slot(turn, slot)
        elif await turn.claim(kind=schedule.kind, slot_at=slot, outcome=ClaimOutcome.MISSED):
            await _tell_organisers_missed(turn=turn, schedule=schedule, slot=slot, grace=grace, what=what)
        schedule.next_slot_at = following(turn=turn, schedule=schedule, after=slot)
        turn.schedules_changed = True
    schedule.next_slot_at = following(turn=turn, schedule=schedule, after=turn.now)


async def _tell_organisers_missed(
    *, turn: Turn, schedule: Schedule, slot: datetime, grace: timedelta, what: Text
) -> None:
    upcoming = following(turn=turn, schedule=schedule, after=max(slot, turn.now))
    notice = Message(
        turn.text(
            Text.SLOT_MISSED_NOTICE,
            what=turn.text(what),
            when=turn.when(slot),
            grace=f"{grace.total_seconds() / 3600:g}",
            next=turn.when(upcoming),
        )
    )
    await tell_organisers(
        turn, key=f"{schedule.kind}:{slot.isoformat()}:missed", message=notice, proactive=False
    )


async def reschedule_all(*, turn: Turn) -> None:
    """After a time-zone change the same local times are other moments in UTC: move every slot."""
    for schedule in await schedules.of_community(turn.session, community_id=turn.community.id):
        schedule.next_slot_at = next_weekly_slot(
            turn.now, weekday=schedule.weekday, at=time.fromisoformat(schedule.local_time), zone=turn.zone
        )
        turn.schedules_changed = True


async def weekly(*, turn: Turn, kind: str, weekday: int, at: time, move: bool = False) -> Schedule:
    """The community's weekly schedule of `kind`: created at its next slot if absent; with `move`, an
    existing one is moved to `weekday` and `at` too. The scheduler re-derives its jobs afterwards."""
    schedule = await schedules.find(turn.session, community_id=turn.community.id, kind=kind)
    if schedule is not None and not move:
        return schedule
    next_slot = next_weekly_slot(turn.now, weekday=weekday, at=at, zone=turn.zone)
    turn.schedules_changed = True
    if schedule is None:
        return await schedules.create(
            turn.session,
            community_id=turn.community.id,
            kind=kind,
            weekday=weekday,
            local_time=at.strftime("%H:%M"),
            next_slot_at=next_slot,
            now=turn.now,
        )
    schedule.weekday = weekday
    schedule.local_time = at.strftime("%H:%M")
    schedule.next_slot_at = next_slot
    schedule.updated_at = turn.now
    return schedule
