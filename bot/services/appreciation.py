"""Visible appreciation: every Friday afternoon a thank-you post in the home channel names the members who
shared or helped that week (those who posted); anyone can opt out of being named."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa

from bot.i18n import Text
from bot.messages import InChannel, Message
from bot.services import recurring
from bot.services.turn import Turn
from bot.storage import members
from bot.storage.models import Member, Schedule

KIND = "appreciation"
WEEKDAY, AT = 4, time(16, 0)  # Fridays at 16:00 local


async def ensure_schedule(*, turn: Turn) -> None:
    """Appreciation needs a home channel; the weekly slot appears when one is set."""
    await recurring.weekly(turn=turn, kind=KIND, weekday=WEEKDAY, at=AT)


async def run_schedule(*, turn: Turn, schedule: Schedule, grace: timedelta) -> None:
    await recurring.run_due_slots(
        turn=turn, schedule=schedule, grace=grace, on_slot=_thank, what=Text.APPRECIATION_WHAT
    )


async def _thank(turn: Turn, slot: datetime) -> None:
    home = turn.community.home_channel_id
    if home is None:
        return
    names = await turn.session.scalars(
        sa.select(Member.external_id)
        .where(
            Member.community_id == turn.community.id,
            Member.last_post_at >= slot - timedelta(days=7),
            Member.last_post_at < slot,
            Member.left_at.is_(None),
            Member.is_bot.is_(False),
            Member.appreciation_opt_out.is_(False),
        )
        .order_by(Member.external_id)
    )
    mentions = [f"<@{member_id}>" for member_id in names]
    if not mentions:
        return  # a quiet week: no empty thank-you
    await turn.send(
        key=f"appreciation:{turn.community.id}:{slot.isoformat()}",
        to=InChannel(home),
        message=Message(turn.text(Text.APPRECIATION_POST, members=", ".join(mentions))),
        proactive=True,
    )


async def set_opt_out(*, turn: Turn, member_id: str, named: bool) -> Message:
    member = await members.find(turn.session, community_id=turn.community.id, external_id=member_id)
    if member is not None:
        member.appreciation_opt_out = not named
    return Message(turn.text(Text.APPRECIATION_ON if named else Text.APPRECIATION_OFF))
