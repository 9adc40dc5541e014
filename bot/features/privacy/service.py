"""A member's data belongs to them: export everything Kindling keeps about them in one community, or forget
it. A member may ask for their own; organisers for anyone's. Every feature exports and forgets its own
rows (its privacy hooks); messages to the member go, and stored texts stop naming them."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from bot.commands.parsing import MemberRef
from bot.feature import Invocation
from bot.i18n import Text
from bot.messages import Attachment, Direct, Message
from bot.services.people import resolve_member
from bot.storage import outbox


@dataclass(frozen=True, slots=True)
class Request:
    action: Literal["export", "forget"]
    member: MemberRef | None = None


async def handle(asker: Invocation, request: Request) -> Message:
    turn = asker.turn
    member_id = asker.member_id
    if request.member is not None:
        found = await resolve_member(turn=turn, ref=request.member)
        if found is None:
            return Message(turn.text(Text.MEMBER_NOT_FOUND, member=request.member.text[:80]))
        member_id = found.member_id
    if member_id != asker.member_id and not asker.may("organiser"):
        return Message(turn.text(Text.PRIVACY_OTHERS_ORGANISERS_ONLY))
    if request.action == "export":
        return await export(asker, member_id=member_id)
    await forget(asker, member_id=member_id)
    return Message(turn.text(Text.PRIVACY_FORGOTTEN))


async def collect(asker: Invocation, *, member_id: str) -> dict[str, Any]:
    turn = asker.turn
    data: dict[str, Any] = {}
    for _feature, hooks in asker.registry.privacy_hooks:
        data.update(await hooks.export(turn.session, turn.community.id, member_id))
    data.update(await outbox.export(turn.session, turn.community.id, member_id))
    return data


async def export(asker: Invocation, *, member_id: str) -> Message:
    """The export goes to the asker's DM: one JSON file where the platform takes files, else the JSON as
    text (split between lines if long). Its messages never show up in a later export."""
    turn = asker.turn
    text = json.dumps(await collect(asker, member_id=member_id), ensure_ascii=False, indent=1, default=_json)
    key = f"{outbox.EXPORT_KEY_PREFIX}{uuid.uuid4().hex}"
    if turn.capabilities.files:
        message = Message(
            turn.text(Text.PRIVACY_EXPORT_FILE, member=member_id),
            attachments=(
                Attachment.of(f"kindling-{turn.community.id}-data.json", "application/json", text.encode()),
            ),
        )
    else:
        message = Message(text)
    await turn.send(key=key, to=Direct(asker.member_id), message=message, answering=True)
    return Message(turn.text(Text.PRIVACY_EXPORTED, member=member_id))


async def forget(asker: Invocation, *, member_id: str) -> None:
    turn = asker.turn
    replacement = turn.text(Text.PRIVACY_FORGOTTEN_NAME)
    for _feature, hooks in asker.registry.privacy_hooks:
        await hooks.forget(turn.session, turn.community.id, member_id, replacement)
    await outbox.forget(
        turn.session, community_id=turn.community.id, member_id=member_id, replacement=replacement
    )


def _json(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
