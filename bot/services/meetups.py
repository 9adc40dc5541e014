"""Step 5, online meets face-to-face: meetups with RSVPs, cases gathered online, the agenda two days before,
a reminder the day before to those coming, and afterwards a recap for those who could not come."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.slots import local_to_utc
from bot.i18n import Text
from bot.i18n.calendar import when
from bot.messages import Button, Calendar, Direct, EventSpec, InChannel, Message
from bot.services.turn import Turn
from bot.storage import roles
from bot.storage.models import Meetup, MeetupCase, MeetupRsvp, OutboxMessage

RSVP_ACTION = "kindling.meetup.rsvp"
MAX_TITLE, MAX_CASE = 200, 1000
AGENDA_BEFORE = timedelta(days=2)
REMINDER_BEFORE = timedelta(days=1)
RECAP_AFTER = timedelta(hours=3)
#: How long the scheduled event lasts in the platform's calendar (Discord needs an end for an event held
#: somewhere other than a voice channel).
MEETUP_LENGTH = timedelta(hours=2)
EVENT_TITLE_LIMIT = 100  # Discord's limit for an event name
ANSWERS = {"going": Text.MEETUP_RSVP_GOING, "maybe": Text.MEETUP_RSVP_MAYBE, "no": Text.MEETUP_RSVP_NO}


def _when(turn: Turn, moment: datetime) -> str:
    return when(moment, language=turn.language, zone=turn.zone)


async def plan(*, turn: Turn, day: date, at: time, title: str, organiser_id: str) -> Message:
    if len(title) > MAX_TITLE:
        return Message(turn.text(Text.MEETUP_TITLE_TOO_LONG, limit=MAX_TITLE, length=len(title)))
    starts = local_to_utc(day, at, turn.zone)
    if starts <= turn.now:
        return Message(turn.text(Text.MEETUP_IN_THE_PAST, when=_when(turn, starts)))
    home = turn.community.home_channel_id
    if home is None:
        return Message(turn.text(Text.NO_HOME_CHANNEL))
    last = await turn.session.scalar(
        sa.select(sa.func.max(Meetup.number)).where(Meetup.community_id == turn.community.id)
    )
    meetup = Meetup(
        community_id=turn.community.id,
        number=(last or 0) + 1,
        title=title,
        starts_at=starts,
        created_by=organiser_id,
        status="planned",
        created_at=turn.now,
    )
    turn.session.add(meetup)
    await turn.session.flush()
    # Cases gathered while no meetup was planned go on this one's agenda.
    await turn.session.execute(
        sa.update(MeetupCase)
        .where(MeetupCase.community_id == turn.community.id, MeetupCase.meetup_id.is_(None))
        .values(meetup_id=meetup.id)
    )
    value = str(meetup.id)
    description = turn.text(Text.MEETUP_EVENT_DESCRIPTION)
    # On a platform with its own calendar (Discord) the meetup is also a scheduled event there.
    await turn.send(
        key=f"meetup:{meetup.id}:event",
        to=Calendar(),
        message=Message(
            description,
            event=EventSpec(
                title=title[:EVENT_TITLE_LIMIT],
                starts_at=starts.isoformat(),
                ends_at=(starts + MEETUP_LENGTH).isoformat(),
                location=turn.text(Text.MEETUP_EVENT_LOCATION),
                description=description,
            ),
        ),
    )
    await turn.send(
        key=f"meetup:{meetup.id}:announce",
        to=InChannel(home),
        message=Message(
            turn.text(Text.MEETUP_ANNOUNCE, title=title, when=_when(turn, starts)),
            buttons=(
                Button(RSVP_ACTION, turn.text(Text.MEETUP_BUTTON_GOING), f"{value}:going", "primary"),
                Button(RSVP_ACTION, turn.text(Text.MEETUP_BUTTON_MAYBE), f"{value}:maybe"),
                Button(RSVP_ACTION, turn.text(Text.MEETUP_BUTTON_NO), f"{value}:no"),
            ),
        ),
    )
    return Message(
        turn.text(Text.MEETUP_PLANNED, number=meetup.number, when=_when(turn, starts), channel=home)
    )


async def rsvp(*, turn: Turn, member_id: str, value: str) -> Message:
    meetup_id, _, answer = value.partition(":")
    meetup = await _planned(turn, int(meetup_id)) if meetup_id.isdigit() else None
    if meetup is None or answer not in ANSWERS or meetup.starts_at <= turn.now:
        return Message(turn.text(Text.MEETUP_UNKNOWN))
    await _answer(turn, meetup, member_id, answer)
    return Message(turn.text(ANSWERS[answer], title=meetup.title, when=_when(turn, meetup.starts_at)))


async def interest(*, turn: Turn, member_id: str, event_id: str, interested: bool) -> None:
    """ "Interested" on the meetup's scheduled event (Discord) is an RSVP: going, with the reminder the day
    before. Taking it back withdraws a "going" (not a "maybe" or "no" given with the buttons since)."""
    key = await turn.session.scalar(
        sa.select(OutboxMessage.key).where(
            OutboxMessage.community_id == turn.community.id,
            OutboxMessage.platform_message_id == event_id,
            OutboxMessage.key.like("meetup:%:event"),
        )
    )
    meetup_id = key.split(":")[1] if key else ""
    meetup = await _planned(turn, int(meetup_id)) if meetup_id.isdigit() else None
    if meetup is None or meetup.starts_at <= turn.now:
        return
    if interested:
        await _answer(turn, meetup, member_id, "going")
        return
    await turn.session.execute(
        sa.delete(MeetupRsvp).where(
            MeetupRsvp.meetup_id == meetup.id,
            MeetupRsvp.member_external_id == member_id,
            MeetupRsvp.answer == "going",
        )
    )


async def _answer(turn: Turn, meetup: Meetup, member_id: str, answer: str) -> None:
    existing = await turn.session.scalar(
        sa.select(MeetupRsvp).where(
            MeetupRsvp.meetup_id == meetup.id, MeetupRsvp.member_external_id == member_id
        )
    )
    if existing is None:
        turn.session.add(
            MeetupRsvp(meetup_id=meetup.id, member_external_id=member_id, answer=answer, answered_at=turn.now)
        )
    else:
        existing.answer, existing.answered_at = answer, turn.now


async def add_case(*, turn: Turn, text: str, author_id: str) -> Message:
    if len(text) > MAX_CASE:
        return Message(turn.text(Text.CASE_TOO_LONG, limit=MAX_CASE, length=len(text)))
    upcoming = await turn.session.scalar(
        sa.select(Meetup)
        .where(
            Meetup.community_id == turn.community.id, Meetup.status == "planned", Meetup.starts_at > turn.now
        )
        .order_by(Meetup.starts_at)
        .limit(1)
    )
    turn.session.add(
        MeetupCase(
            community_id=turn.community.id,
            meetup_id=upcoming.id if upcoming else None,
            text=text,
            author_external_id=author_id,
            created_at=turn.now,
        )
    )
    if upcoming is None:
        return Message(turn.text(Text.CASE_SAVED_NO_MEETUP))
    return Message(turn.text(Text.CASE_SAVED, title=upcoming.title, when=_when(turn, upcoming.starts_at)))


async def listing(*, turn: Turn) -> Message:
    rows = await turn.session.scalars(
        sa.select(Meetup)
        .where(
            Meetup.community_id == turn.community.id, Meetup.status == "planned", Meetup.starts_at > turn.now
        )
        .order_by(Meetup.starts_at)
    )
    lines = []
    for meetup in rows:
        lines.append(
            turn.text(
                Text.MEETUP_LINE,
                number=meetup.number,
                title=meetup.title,
                when=_when(turn, meetup.starts_at),
                going=len(await _going(turn, meetup.id)),
                cases=len(await _cases(turn, meetup.id)),
            )
        )
    if not lines:
        return Message(turn.text(Text.MEETUP_NONE))
    return Message(turn.text(Text.MEETUP_LIST, lines="\n".join(lines)))


async def recap(*, turn: Turn, number: int, text: str) -> Message:
    meetup = await turn.session.scalar(
        sa.select(Meetup).where(Meetup.community_id == turn.community.id, Meetup.number == number)
    )
    home = turn.community.home_channel_id
    if meetup is None or meetup.starts_at > turn.now:
        return Message(turn.text(Text.MEETUP_UNKNOWN))
    if home is None:
        return Message(turn.text(Text.NO_HOME_CHANNEL))
    meetup.recap, meetup.status = text, "done"
    await turn.send(
        key=f"meetup:{meetup.id}:recap:{turn.now.isoformat()}",
        to=InChannel(home),
        message=Message(turn.text(Text.MEETUP_RECAP_POST, title=meetup.title, recap=text)),
    )
    return Message(turn.text(Text.MEETUP_RECAP_SAVED, channel=home))


# Due work: the agenda, the reminder and the recap request, each claimed once per meetup.

STAGES = (
    ("meetup-agenda", -AGENDA_BEFORE),
    ("meetup-reminder", -REMINDER_BEFORE),
    ("meetup-recap", RECAP_AFTER),
)


async def due(session: AsyncSession, *, now: datetime) -> list[tuple[int, int]]:
    """Planned meetups with a stage due: from the agenda's moment until a day after the recap's."""
    rows = await session.execute(
        sa.select(Meetup.community_id, Meetup.id).where(
            Meetup.status == "planned",
            Meetup.starts_at <= now + AGENDA_BEFORE,
            Meetup.starts_at >= now - RECAP_AFTER - timedelta(days=1),
        )
    )
    return [(community_id, meetup_id) for community_id, meetup_id in rows]


async def next_stage_after(session: AsyncSession, *, moment: datetime) -> datetime | None:
    rows = await session.scalars(
        sa.select(Meetup.starts_at).where(Meetup.status == "planned", Meetup.starts_at > moment - RECAP_AFTER)
    )
    stages = [start + offset for start in rows for _, offset in STAGES if start + offset > moment]
    return min(stages) if stages else None


async def run_stages(*, turn: Turn, meetup_id: int) -> None:
    meetup = await _planned(turn, meetup_id)
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
    cases = await _cases(turn, meetup.id)
    going = len(await _going(turn, meetup.id))
    moment = _when(turn, meetup.starts_at)
    if cases:
        listed = "\n".join(
            f"{n}. {case.text} (<@{case.author_external_id}>)" for n, case in enumerate(cases, 1)
        )
        text = turn.text(Text.MEETUP_AGENDA, title=meetup.title, when=moment, cases=listed, going=going)
    else:
        text = turn.text(Text.MEETUP_AGENDA_NO_CASES, title=meetup.title, when=moment, going=going)
    await turn.send(
        key=f"meetup:{meetup.id}:agenda", to=InChannel(home), message=Message(text), proactive=True
    )


async def _reminder(turn: Turn, meetup: Meetup) -> None:
    text = turn.text(Text.MEETUP_REMINDER, title=meetup.title, when=_when(turn, meetup.starts_at))
    for member_id in await _going(turn, meetup.id):
        await turn.send(
            key=f"meetup:{meetup.id}:reminder:{member_id}",
            to=Direct(member_id),
            message=Message(text),
            proactive=True,
        )


async def _ask_recap(turn: Turn, meetup: Meetup) -> None:
    text = turn.text(Text.MEETUP_RECAP_ASK, title=meetup.title, number=meetup.number)
    for organiser in await roles.holders(turn.session, community_id=turn.community.id, role="organiser"):
        await turn.send(
            key=f"meetup:{meetup.id}:recap-ask:{organiser}",
            to=Direct(organiser),
            message=Message(text),
            proactive=True,
        )


STAGE_WORK = {"meetup-agenda": _agenda, "meetup-reminder": _reminder, "meetup-recap": _ask_recap}


async def _planned(turn: Turn, meetup_id: int) -> Meetup | None:
    return await turn.session.scalar(
        sa.select(Meetup).where(
            Meetup.community_id == turn.community.id, Meetup.id == meetup_id, Meetup.status == "planned"
        )
    )


async def _going(turn: Turn, meetup_id: int) -> list[str]:
    rows = await turn.session.scalars(
        sa.select(MeetupRsvp.member_external_id)
        .where(MeetupRsvp.meetup_id == meetup_id, MeetupRsvp.answer == "going")
        .order_by(MeetupRsvp.id)
    )
    return list(rows)


async def _cases(turn: Turn, meetup_id: int) -> list[MeetupCase]:
    rows = await turn.session.scalars(
        sa.select(MeetupCase).where(MeetupCase.meetup_id == meetup_id).order_by(MeetupCase.id)
    )
    return list(rows)
