"""Plans change: an organiser cancels a meetup or moves it. Everyone who said they would (or might) come
hears it by DM, the announcement is edited so nobody answers an old invitation, and the platform's event
follows. Cases gathered for a cancelled meetup are kept for the next one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from bot.domain.slots import local_to_utc
from bot.domain.status import MeetupStatus, RsvpAnswer
from bot.feature import Invocation
from bot.features.meetups.service import (
    announce_key,
    announcement,
    calendar_event,
    slot_taken,
)
from bot.i18n import Text
from bot.messages import CalendarChange, Direct, Edit, Message
from bot.storage import meetups
from bot.storage.models import Meetup
from bot.turn import Turn

#: Who is told of a change: those who said they would come, or might.
INTERESTED = (RsvpAnswer.GOING, RsvpAnswer.MAYBE)


@dataclass(frozen=True, slots=True)
class Move:
    number: int
    day: date
    at: time


async def cancel(asker: Invocation, number: int) -> Message:
    turn = asker.turn
    meetup = await _still_to_come(turn=turn, number=number)
    if isinstance(meetup, Message):
        return meetup
    meetup.status = MeetupStatus.CANCELLED
    facts = {"title": meetup.title, "when": turn.when(meetup.starts_at)}
    await turn.send_latest(
        key=f"{announce_key(meetup)}:edit",
        to=Edit(announce_key(meetup)),
        message=Message(turn.text(Text.MEETUP_ANNOUNCE_CANCELLED, **facts)),
    )
    if turn.capabilities.calendar and meetup.event_key is not None:
        await turn.send(
            key=f"{meetup.event_key}:cancel",
            to=CalendarChange(meetup.event_key, cancelled=True),
            message=Message(""),
        )
    coming = await meetups.upcoming(turn.session, community_id=turn.community.id, now=turn.now)
    await meetups.pass_cases_on(
        turn.session, meetup_id=meetup.id, to_meetup_id=coming[0].id if coming else None
    )
    told = await _tell(
        turn=turn, meetup=meetup, what="cancelled", text=turn.text(Text.MEETUP_CANCELLED_NOTICE, **facts)
    )
    return _reply(turn, turn.text(Text.MEETUP_CANCELLED, number=meetup.number, **facts), told)


async def move(asker: Invocation, wanted: Move) -> Message:
    turn = asker.turn
    meetup = await _still_to_come(turn=turn, number=wanted.number)
    if isinstance(meetup, Message):
        return meetup
    starts = local_to_utc(wanted.day, wanted.at, turn.zone)
    if starts <= turn.now:
        return Message(turn.text(Text.MEETUP_IN_THE_PAST, when=turn.when(starts)))
    if starts == meetup.starts_at:
        return Message(turn.text(Text.MEETUP_MOVE_SAME, number=meetup.number, when=turn.when(starts)))
    taken = await slot_taken(turn=turn, starts=starts, moving=meetup)
    if taken is not None:
        return taken
    meetup.starts_at = starts
    await turn.send_latest(
        key=f"{announce_key(meetup)}:edit",
        to=Edit(announce_key(meetup)),
        message=announcement(turn=turn, meetup=meetup),
    )
    if turn.capabilities.calendar and meetup.event_key is not None:
        await turn.send(
            key=f"{meetup.event_key}:move:{starts.isoformat()}",
            to=CalendarChange(meetup.event_key),
            message=calendar_event(turn=turn, meetup=meetup),
        )
    facts = {"title": meetup.title, "when": turn.when(starts)}
    notice = turn.text(Text.MEETUP_MOVED_NOTICE, channel=turn.community.home_channel_id or "", **facts)
    told = await _tell(turn=turn, meetup=meetup, what=f"moved:{starts.isoformat()}", text=notice)
    return _reply(turn, turn.text(Text.MEETUP_MOVED, number=meetup.number, **facts), told)


def _reply(turn: Turn, done: str, told: int) -> Message:
    return Message(f"{done} {turn.plural(Text.MEETUP_TOLD, told, told=told)}" if told else done)


async def _still_to_come(*, turn: Turn, number: int) -> Meetup | Message:
    """The planned meetup numbered `number` that has not started, or why there is none to change."""
    meetup = await meetups.by_number(turn.session, community_id=turn.community.id, number=number)
    if meetup is None:
        return Message(turn.text(Text.MEETUP_NOT_FOUND, number=number))
    facts = {"number": meetup.number, "title": meetup.title, "when": turn.when(meetup.starts_at)}
    if meetup.status == MeetupStatus.CANCELLED:
        return Message(turn.text(Text.MEETUP_WAS_CANCELLED, **facts))
    if meetup.status != MeetupStatus.PLANNED or meetup.starts_at <= turn.now:
        return Message(turn.text(Text.MEETUP_ALREADY_HELD, **facts))
    return meetup


async def _tell(*, turn: Turn, meetup: Meetup, what: str, text: str) -> int:
    interested = await meetups.answered(turn.session, meetup_id=meetup.id, answers=INTERESTED)
    for member_id in interested:
        await turn.send(
            key=f"meetup:{meetup.id}:{what}:{member_id}",
            to=Direct(member_id),
            message=Message(text),
            proactive=True,
        )
    return len(interested)
