"""Visible appreciation: every Friday afternoon a thank-you post in the home channel names the members who
shared or helped that week (those who posted); anyone can opt out of being named."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.feature import Invocation
from bot.i18n import Text
from bot.messages import InChannel, Message, mentions
from bot.services import recurring
from bot.services.schedule_kinds import APPRECIATION
from bot.services.voice import Priority, may_speak
from bot.storage import members
from bot.storage.models import Schedule
from bot.turn import Turn

WEEKDAY, AT = 4, time(16, 0)  # Fridays at 16:00 local


async def ensure_schedule(turn: Turn) -> None:
    """Appreciation needs a home channel; the weekly slot appears when one is set."""
    await recurring.weekly(turn=turn, kind=APPRECIATION, weekday=WEEKDAY, at=AT)


async def run_schedule(turn: Turn, schedule: Schedule, grace: timedelta) -> None:
    await recurring.run_due_slots(
        turn=turn, schedule=schedule, grace=grace, on_slot=_thank, what=Text.APPRECIATION_WHAT
    )


async def _thank(turn: Turn, slot: datetime) -> None:
    home = turn.community.home_channel_id
    if home is None:
        return
    named = await members.posted_between(
        turn.session, community_id=turn.community.id, start=slot - timedelta(days=7), end=slot
    )
    if not named:
        return  # a quiet week: no empty thank-you
    if not await may_speak(turn, Priority.NORMAL):
        return
    await turn.send(
        key=f"appreciation:{turn.community.id}:{slot.isoformat()}",
        to=InChannel(home),
        message=Message(turn.text(Text.APPRECIATION_POST, members=mentions(named))),
        proactive=True,
    )


async def set_opt_out(asker: Invocation, named: bool) -> Message:
    turn = asker.turn
    member = await members.find(turn.session, community_id=turn.community.id, member_id=asker.member_id)
    if member is not None:
        member.appreciation_opt_out = not named
    return Message(turn.text(Text.APPRECIATION_ON if named else Text.APPRECIATION_OFF))
