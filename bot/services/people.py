"""Members named in commands, and the organisers Kindling tells about things."""

from __future__ import annotations

from bot.commands.parsing import MemberRef
from bot.domain.status import RoleName
from bot.events import Person
from bot.messages import Direct, Message
from bot.storage import members, roles
from bot.storage.models import Member
from bot.turn import Turn


async def resolve_member(*, turn: Turn, ref: MemberRef) -> Member | None:
    """A member of this community named by a command: by platform id, else by a unique display name.

    A platform mention (`<@U123|ann>`) is the platform vouching for the member, so someone Kindling has not
    seen yet (here before Kindling was installed, never posted since) is remembered rather than refused."""
    community_id = turn.community.id
    if ref.member_id is not None:
        found = await members.find(turn.session, community_id=community_id, member_id=ref.member_id)
        if found is not None:
            return found
        if ref.text.startswith("<@"):
            person = Person(ref.member_id, ref.name or ref.member_id)
            return await members.remember(
                turn.session, community_id=community_id, person=person, now=turn.now
            )
    name = ref.name or ref.member_id
    if not name:
        return None
    by_id = await members.find(turn.session, community_id=community_id, member_id=name)
    if by_id is not None:
        return by_id
    by_name = await members.find_by_name(turn.session, community_id=community_id, name=name)
    return by_name[0] if len(by_name) == 1 else None


async def organisers(turn: Turn) -> list[str]:
    return await roles.holders(turn.session, community_id=turn.community.id, role=RoleName.ORGANISER)


async def ambassadors(turn: Turn) -> list[str]:
    return await roles.holders(turn.session, community_id=turn.community.id, role=RoleName.AMBASSADOR)


async def tell_organisers(turn: Turn, *, key: str, message: Message, proactive: bool = True) -> int:
    """A DM to each organiser (keys `key:<organiser>`); returns how many were told."""
    told = await organisers(turn)
    for organiser in told:
        await turn.send(key=f"{key}:{organiser}", to=Direct(organiser), message=message, proactive=proactive)
    return len(told)
