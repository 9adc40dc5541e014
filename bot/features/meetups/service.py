"""Step 5, online meets face-to-face: meetups with RSVPs, cases gathered online, the agenda two days before,
a reminder the day before to those coming, and afterwards a recap for those who could not come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.commands.parsing import Nothing
from bot.domain.slots import local_to_utc
from bot.domain.status import MeetupStatus, RsvpAnswer
from bot.events import EventInterest
from bot.feature import Due, Invocation
from bot.i18n import Text
from bot.messages import Button, Calendar, Direct, EventSpec, InChannel, Message
from bot.services.people import tell_organisers
from bot.services.voice import Priority, may_speak
from bot.storage import meetups
from bot.storage.database import Session
from bot.storage.models import Meetup
from bot.turn import Turn

RSVP_ACTION = "kindling.meetup.rsvp"
MAX_TITLE, MAX_CASE = 200, 1000
AGENDA_BEFORE = timedelta(days=2)
REMINDER_BEFORE = timedelta(days=1)
RECAP_AFTER = timedelta(hours=3)
#: How long the event lasts in the platform's calendar (Discord needs an end for an event held elsewhere).
MEETUP_LENGTH = timedelta(hours=2)
ANSWERS = {
    RsvpAnswer.GOING: Text.MEETUP_RSVP_GOING,
    RsvpAnswer.MAYBE: Text.MEETUP_RSVP_MAYBE,
    RsvpAnswer.NO: Text.MEETUP_RSVP_NO,
}


@dataclass(frozen=True, slots=True)
class Plan:
    day: date
    at: time
    title: str


@dataclass(frozen=True, slots=True)
class Recap:
    number: int
    text: str


async def plan(asker: Invocation, wanted: Plan) -> Message:
    turn = asker.turn
    if len(wanted.title) > MAX_TITLE:
        return Message(
            turn.plural(Text.MEETUP_TITLE_TOO_LONG, MAX_TITLE, limit=MAX_TITLE, length=len(wanted.title))
        )
    starts = local_to_utc(wanted.day, wanted.at, turn.zone)
    if starts <= turn.now:
        return Message(turn.text(Text.MEETUP_IN_THE_PAST, when=turn.when(starts)))
    home = turn.community.home_channel_id
    if home is None:
        return Message(turn.text(Text.NO_HOME_CHANNEL))
    taken = await slot_taken(turn=turn, starts=starts)
    if taken is not None:
        return taken
    meetup = await meetups.plan(
        turn.session,
        community_id=turn.community.id,
        title=wanted.title,
        starts_at=starts,
        creator_id=asker.member_id,
        now=turn.now,
    )
    if turn.capabilities.calendar and meetup.event_key is not None:
        # Where the platform has a calendar of its own (Discord), the meetup is a scheduled event there too.
        await turn.send(key=meetup.event_key, to=Calendar(), message=calendar_event(turn=turn, meetup=meetup))
    await turn.send(
        key=announce_key(meetup), to=InChannel(home), message=announcement(turn=turn, meetup=meetup)
    )
    return Message(turn.text(Text.MEETUP_PLANNED, number=meetup.number, when=turn.when(starts), channel=home))


async def slot_taken(*, turn: Turn, starts: datetime, moving: Meetup | None = None) -> Message | None:
    """Two meetups at one moment split the group: the refusal names the one already there."""
    there = await meetups.starting_at(turn.session, community_id=turn.community.id, starts_at=starts)
    if there is None or there is moving:
        return None
    return Message(
        turn.text(Text.MEETUP_SLOT_TAKEN, number=there.number, title=there.title, when=turn.when(starts))
    )


def announce_key(meetup: Meetup) -> str:
    return f"meetup:{meetup.id}:announce"


def announcement(*, turn: Turn, meetup: Meetup) -> Message:
    value = str(meetup.id)
    return Message(
        turn.text(Text.MEETUP_ANNOUNCE, title=meetup.title, when=turn.when(meetup.starts_at)),
        buttons=(
            Button(RSVP_ACTION, turn.text(Text.MEETUP_BUTTON_GOING), f"{value}:going", "primary"),
            Button(RSVP_ACTION, turn.text(Text.MEETUP_BUTTON_MAYBE), f"{value}:maybe"),
            Button(RSVP_ACTION, turn.text(Text.MEETUP_BUTTON_NO), f"{value}:no"),
        ),
    )


def calendar_event(*, turn: Turn, meetup: Meetup) -> Message:
    description = turn.text(Text.MEETUP_EVENT_DESCRIPTION)
    return Message(
        description,
        event=EventSpec(
            title=meetup.title[: turn.capabilities.limits.event_title],
            starts_at=meetup.starts_at.isoformat(),
            ends_at=(meetup.starts_at + MEETUP_LENGTH).isoformat(),
            location=turn.text(Text.MEETUP_EVENT_LOCATION),
            description=description,
        ),
    )


async def rsvp(asker: Invocation, value: str) -> Message:
    turn = asker.turn
    meetup_id, _, raw = value.partition(":")
    meetup = None
    if meetup_id.isdigit():
        meetup = await meetups.planned(turn.session, community_id=turn.community.id, meetup_id=int(meetup_id))
    answer = next((known for known in RsvpAnswer if known.value == raw), None)
    if meetup is None or answer is None or meetup.starts_at <= turn.now:
        return Message(turn.text(Text.MEETUP_UNKNOWN))
    await meetups.answer(
        turn.session, meetup_id=meetup.id, member_id=asker.member_id, answer=answer, now=turn.now
    )
    return Message(turn.text(ANSWERS[answer], title=meetup.title, when=turn.when(meetup.starts_at)))


async def interest(turn: Turn, event: EventInterest) -> None:
    """ "Interested" on the meetup's calendar event (Discord) is an RSVP: going, with the reminder the day
    before. Taking it back withdraws a "going" (not a "maybe" or "no" given with the buttons since)."""
    if event.member.is_bot:
        return
    meetup = await meetups.by_event(turn.session, community_id=turn.community.id, event_id=event.event_id)
    if meetup is None or meetup.status != MeetupStatus.PLANNED or meetup.starts_at <= turn.now:
        return
    member_id = event.member.external_id
    if event.interested:
        await meetups.answer(
            turn.session, meetup_id=meetup.id, member_id=member_id, answer=RsvpAnswer.GOING, now=turn.now
        )
    else:
        await meetups.withdraw_going(turn.session, meetup_id=meetup.id, member_id=member_id)


async def add_case(asker: Invocation, text: str) -> Message:
    turn = asker.turn
    if len(text) > MAX_CASE:
        return Message(turn.plural(Text.CASE_TOO_LONG, MAX_CASE, limit=MAX_CASE, length=len(text)))
    coming = await meetups.upcoming(turn.session, community_id=turn.community.id, now=turn.now)
    upcoming = coming[0] if coming else None
    await meetups.add_case(
        turn.session,
        community_id=turn.community.id,
        meetup_id=upcoming.id if upcoming else None,
        text=text,
        author_id=asker.member_id,
        now=turn.now,
    )
    if upcoming is None:
        return Message(turn.text(Text.CASE_SAVED_NO_MEETUP))
    return Message(turn.text(Text.CASE_SAVED, title=upcoming.title, when=turn.when(upcoming.starts_at)))


async def listing(asker: Invocation, _: Nothing) -> Message:
    turn = asker.turn
    lines = []
    for meetup in await meetups.upcoming(turn.session, community_id=turn.community.id, now=turn.now):
        going = len(await meetups.going(turn.session, meetup_id=meetup.id))
        cases = len(await meetups.cases(turn.session, meetup_id=meetup.id))
        lines.append(
            turn.plural(
                Text.MEETUP_LINE,
                going,
                number=meetup.number,
                title=meetup.title,
                when=turn.when(meetup.starts_at),
                going=going,
                cases=turn.plural(Text.MEETUP_CASES, cases, count=cases),
            )
        )
    if not lines:
        return Message(turn.text(Text.MEETUP_NONE))
    return Message(turn.text(Text.MEETUP_LIST, lines="\n".join(lines)))


async def recap(asker: Invocation, wanted: Recap) -> Message:
    turn = asker.turn
    meetup = await meetups.by_number(turn.session, community_id=turn.community.id, number=wanted.number)
    if meetup is None:
        return Message(turn.text(Text.MEETUP_NOT_FOUND, number=wanted.number))
    refusal = refuse_recap(turn=turn, meetup=meetup)
    if refusal is not None:
        return refusal
    home = turn.community.home_channel_id
    if home is None:
        return Message(turn.text(Text.NO_HOME_CHANNEL))
    meetup.recap, meetup.status = wanted.text, MeetupStatus.DONE
    await turn.send(
        key=f"meetup:{meetup.id}:recap",
        to=InChannel(home),
        message=Message(turn.text(Text.MEETUP_RECAP_POST, title=meetup.title, recap=wanted.text)),
    )
    return Message(turn.text(Text.MEETUP_RECAP_SAVED, channel=home))


def refuse_recap(*, turn: Turn, meetup: Meetup) -> Message | None:
    """Why this meetup takes no recap now, said plainly: cancelled, recapped already, or still to come."""
    facts = {"number": meetup.number, "title": meetup.title, "when": turn.when(meetup.starts_at)}
    if meetup.status == MeetupStatus.CANCELLED:
        return Message(turn.text(Text.MEETUP_WAS_CANCELLED, **facts))
    if meetup.recap is not None:
        return Message(turn.text(Text.MEETUP_RECAP_ALREADY, **facts))
    if meetup.starts_at > turn.now:
        return Message(turn.text(Text.MEETUP_RECAP_TOO_EARLY, **facts))
    return None


# Due work: the agenda, the reminder and the recap request, each claimed once per meetup.

STAGES = (
    ("meetup-agenda", -AGENDA_BEFORE),
    ("meetup-reminder", -REMINDER_BEFORE),
    ("meetup-recap", RECAP_AFTER),
)


async def find_due(session: Session, now: datetime, grace: timedelta) -> list[Due[int]]:
    """Planned meetups with a stage due: from the agenda's moment until a day after the recap's."""
    rows = await meetups.with_stage_due(
        session, now=now, earliest=now - RECAP_AFTER - timedelta(days=1), latest=now + AGENDA_BEFORE
    )
    return [Due(community_id, meetup_id) for community_id, meetup_id in rows]


async def next_after(session: Session, moment: datetime) -> datetime | None:
    starts = await meetups.planned_starts_after(session, moment=moment - RECAP_AFTER)
    stages = [start + offset for start in starts for _, offset in STAGES if start + offset > moment]
    return min(stages) if stages else None


async def run_stages(turn: Turn, meetup_id: int, grace: timedelta) -> None:
    meetup = await meetups.planned(turn.session, community_id=turn.community.id, meetup_id=meetup_id)
    if meetup is None:
        return
    for kind, offset in STAGES:
        moment = meetup.starts_at + offset
        if turn.now >= moment and await turn.claim(kind=kind, slot_at=moment, subject=str(meetup.id)):
            await STAGE_WORK[kind](turn, meetup)


async def _agenda(turn: Turn, meetup: Meetup) -> None:
    home = turn.community.home_channel_id
    if home is None:
        return
    cases = await meetups.cases(turn.session, meetup_id=meetup.id)
    going = len(await meetups.going(turn.session, meetup_id=meetup.id))
    moment = turn.when(meetup.starts_at)
    if cases:
        listed = "\n".join(
            f"{n}. {case.text} (<@{case.author_member_id}>)" for n, case in enumerate(cases, 1)
        )
        text = turn.text(Text.MEETUP_AGENDA_CASES, title=meetup.title, when=moment, cases=listed)
    else:
        text = turn.text(Text.MEETUP_AGENDA_EMPTY, title=meetup.title, when=moment)
    # In public a count only when someone is coming: "0 members are coming" tells the group nobody cares.
    coming = (
        turn.plural(Text.MEETUP_AGENDA_GOING, going, going=going)
        if going
        else turn.text(Text.MEETUP_AGENDA_ASK)
    )
    text = f"{text}\n{coming}" if cases else f"{text} {coming}"
    await may_speak(turn, Priority.ESSENTIAL)  # an organiser planned the meetup: its agenda comes first
    await turn.send(
        key=f"meetup:{meetup.id}:agenda", to=InChannel(home), message=Message(text), proactive=True
    )


async def _reminder(turn: Turn, meetup: Meetup) -> None:
    text = turn.text(Text.MEETUP_REMINDER, title=meetup.title, when=turn.when(meetup.starts_at))
    for member_id in await meetups.going(turn.session, meetup_id=meetup.id):
        await turn.send(
            key=f"meetup:{meetup.id}:reminder:{member_id}",
            to=Direct(member_id),
            message=Message(text),
            proactive=True,
        )


async def _ask_recap(turn: Turn, meetup: Meetup) -> None:
    text = turn.text(Text.MEETUP_RECAP_ASK, title=meetup.title, number=meetup.number)
    await tell_organisers(turn, key=f"meetup:{meetup.id}:recap-ask", message=Message(text))


STAGE_WORK = {"meetup-agenda": _agenda, "meetup-reminder": _reminder, "meetup-recap": _ask_recap}
