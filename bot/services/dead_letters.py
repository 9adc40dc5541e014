"""When the outbox gives up on a message, the community's organisers hear about it (once)."""

from __future__ import annotations

from bot.i18n import Text
from bot.messages import (
    Calendar,
    CalendarChange,
    Destination,
    Direct,
    Edit,
    Group,
    InChannel,
    Message,
    Private,
    mentions,
)
from bot.services.people import tell_organisers
from bot.turn import Turn

NOTICE_PREFIX = "deadletter:"


async def tell_organisers_of(
    *, turn: Turn, key: str, destination: Destination, attempts: int, error: str
) -> None:
    if key.startswith(NOTICE_PREFIX):
        return  # a notice that itself could not be delivered is not announced again
    if isinstance(destination, Edit):
        return  # a missed live count is put right by the next vote or the poll's close; nothing is lost
    notice = Message(
        turn.text(
            Text.DEAD_LETTER_NOTICE, target=_describe(destination), attempts=attempts, error=error[:200]
        )
    )
    await tell_organisers(turn, key=f"{NOTICE_PREFIX}{key}", message=notice, proactive=False)


def _describe(destination: Destination) -> str:
    match destination:
        case Direct(member_id=member_id) | Private(member_id=member_id):
            return f"<@{member_id}>"
        case InChannel(channel_id=channel_id):
            return f"<#{channel_id}>"
        case Group(member_ids=member_ids):
            return mentions(member_ids)
        case Edit(of_key=of_key):  # pragma: no cover - edits are never announced (above)
            return of_key
        case Calendar() | CalendarChange():
            return "calendar"
