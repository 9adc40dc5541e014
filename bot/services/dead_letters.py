"""When the outbox gives up on a message, the community's organisers hear about it (once)."""

from __future__ import annotations

from bot.i18n import Text
from bot.messages import (
    Calendar,
    Direct,
    Edit,
    Group,
    InChannel,
    Message,
    Private,
    destination_from_json,
    mentions,
)
from bot.services.turn import Turn
from bot.storage import roles

NOTICE_PREFIX = "deadletter:"


async def tell_organisers(*, turn: Turn, key: str, destination: str, attempts: int, error: str) -> None:
    if key.startswith(NOTICE_PREFIX):
        return  # a notice that itself could not be delivered is not announced again
    if isinstance(destination_from_json(destination), Edit):
        return  # a missed live count is put right by the next vote or the poll's close; nothing is lost
    notice = Message(
        turn.text(
            Text.DEAD_LETTER_NOTICE, target=_describe(destination), attempts=attempts, error=error[:200]
        )
    )
    for organiser in await roles.holders(turn.session, community_id=turn.community.id, role="organiser"):
        await turn.send(key=f"{NOTICE_PREFIX}{key}:{organiser}", to=Direct(organiser), message=notice)


def _describe(raw: str) -> str:
    match destination_from_json(raw):
        case Direct(member_id=member_id) | Private(member_id=member_id):
            return f"<@{member_id}>"
        case InChannel(channel_id=channel_id):
            return f"<#{channel_id}>"
        case Group(member_ids=member_ids):
            return mentions(member_ids)
        case Edit(of_key=of_key):  # pragma: no cover - edits are never announced (above)
            return of_key
        case Calendar():
            return "calendar"
