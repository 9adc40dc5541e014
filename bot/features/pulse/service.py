"""The weekly pulse for organisers: the figures of a community's last whole weeks, and who could become an
ambassador. On Mondays at 09:00 local time each organiser gets it by DM, claimed once per community per
week like every other scheduled run; `/kindling pulse` shows it on demand."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.commands.parsing import Nothing
from bot.domain.pulse import PulseWording, render_pulse_text
from bot.domain.slots import local_to_utc, next_weekly_slot
from bot.domain.weeks import latest_slot
from bot.feature import Due, Invocation
from bot.features.pulse.chart import render_chart_async
from bot.i18n import Text
from bot.i18n.calendar import MONTHS
from bot.messages import Attachment, Message
from bot.services.people import tell_organisers
from bot.storage import claims, pulse
from bot.storage.database import Session
from bot.turn import Turn

PULSE_KIND = "pulse"
PULSE_WEEKDAY = 0  # Monday
PULSE_AT = time(9, 0)
PULSE_WEEKS = 6


def pulse_slot(*, now: datetime, zone: ZoneInfo) -> datetime:
    return latest_slot(now=now, zone=zone, weekday=PULSE_WEEKDAY, at=PULSE_AT)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - timezones are checked when set
        return ZoneInfo("UTC")


def pulse_wording(turn: Turn) -> PulseWording:
    return PulseWording(
        title=turn.template(Text.PULSE_TITLE),
        labels={
            "new_members": turn.text(Text.PULSE_LABEL_NEW_MEMBERS),
            "first_time_posters": turn.text(Text.PULSE_LABEL_FIRST_TIME_POSTERS),
            "active_members": turn.text(Text.PULSE_LABEL_ACTIVE_MEMBERS),
            "replies_per_prompt": turn.text(Text.PULSE_LABEL_REPLIES_PER_PROMPT),
            "poll_turnout": turn.text(Text.PULSE_LABEL_POLL_TURNOUT),
            "pairs_met": turn.text(Text.PULSE_LABEL_PAIRS_MET),
        },
        line=turn.template(Text.PULSE_LINE),
        up=turn.template(Text.PULSE_UP),
        down=turn.template(Text.PULSE_DOWN),
        same=turn.text(Text.PULSE_SAME),
        no_comparison=turn.text(Text.PULSE_NO_COMPARISON),
        no_value=turn.text(Text.PULSE_NO_VALUE),
        candidates=turn.template(Text.PULSE_CANDIDATES),
        no_candidates=turn.text(Text.PULSE_NO_CANDIDATES),
        decimal_separator=turn.text(Text.PULSE_DECIMAL_SEPARATOR),
    )


async def build(*, turn: Turn) -> Message:
    """The pulse as a message for organisers, with its chart (rendered off the event loop) where files go."""
    found = await pulse.compute(
        turn.session, community_id=turn.community.id, now=turn.now, weeks=PULSE_WEEKS, zone=turn.zone
    )
    wording = pulse_wording(turn)
    text = render_pulse_text(
        found,
        wording=wording,
        community=turn.community.name,
        format_day=lambda day: f"{day.day} {MONTHS[turn.language][day.month - 1]}",
    )
    if not turn.capabilities.files:
        return Message(text)
    chart = await render_chart_async(
        found,
        title=turn.text(Text.PULSE_CHART_TITLE, community=turn.community.name, weeks=PULSE_WEEKS),
        labels={str(figure): label for figure, label in wording.labels.items()},
    )
    return Message(
        text,
        attachments=(Attachment.of("kindling-pulse.png", "image/png", chart),),
    )


async def show(asker: Invocation, _: Nothing) -> Message:
    """`/kindling pulse`: the pulse now, privately, with its chart."""
    return await build(turn=asker.turn)


async def find_due(session: Session, now: datetime, grace: timedelta) -> list[Due[datetime]]:
    """Communities whose weekly pulse slot has come within `grace` and has not been claimed yet. A slot older
    than the grace window is let go: next Monday's pulse covers the weeks anyway. Only communities with an
    organiser to tell are due, and only once a whole week to report has ended after Kindling met them."""
    # The slot depends only on the time zone: most minutes of the week no zone is due, and then this is one
    # small query rather than every organised community loaded and checked (this runs every minute).
    due_zones = [
        name
        for name in await pulse.organised_zones(session)
        if now - pulse_slot(now=now, zone=_zone(name)) <= grace
    ]
    if not due_zones:
        return []
    claimed = await claims.claimed_slots(session, kind=PULSE_KIND, since=now - grace - timedelta(days=1))
    due: list[Due[datetime]] = []
    for community in await pulse.organised_in_zones(session, zones=due_zones):
        zone = _zone(community.timezone)
        slot = pulse_slot(now=now, zone=zone)
        week_end = local_to_utc(slot.astimezone(zone).date(), time(0), zone)
        if community.created_at >= week_end:
            continue  # the week the pulse would report ended before Kindling met the community
        if now - slot <= grace and (community.id, slot) not in claimed:
            due.append(Due(community.id, slot))
    return due


async def next_after(session: Session, moment: datetime) -> datetime | None:
    """When the next weekly pulse slot of any community with an organiser comes (for the console's jumps)."""
    slots = [
        next_weekly_slot(moment, weekday=PULSE_WEEKDAY, at=PULSE_AT, zone=_zone(name))
        for name in await pulse.organised_zones(session)
    ]
    return min(slots) if slots else None


async def send_weekly(turn: Turn, slot: datetime, grace: timedelta) -> None:
    """The Monday DM to every organiser, once per community per week whichever replica gets there first."""
    message = await build(turn=turn)
    if not await turn.claim(kind=PULSE_KIND, slot_at=slot):
        return
    await tell_organisers(turn, key=f"pulse:{slot.isoformat()}", message=message)
