"""Members posting and leaving: what the core counts to see the network grow."""

from __future__ import annotations

from bot.events import Person
from bot.services.turn import Turn
from bot.storage import members


async def member_posted(*, turn: Turn, person: Person) -> None:
    if person.is_bot:
        return
    member = await members.remember(turn.session, community_id=turn.community.id, person=person, now=turn.now)
    member.post_count += 1
    member.last_post_at = turn.now
    if member.first_post_at is None:
        member.first_post_at = turn.now


async def member_left(*, turn: Turn, member_id: str) -> None:
    member = await members.find(turn.session, community_id=turn.community.id, external_id=member_id)
    if member is not None and member.left_at is None:
        member.left_at = turn.now
