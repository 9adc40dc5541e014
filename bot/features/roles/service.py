"""Ambassadors and organisers: who greets newcomers, and who may configure Kindling."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands.parsing import MemberRef
from bot.domain.status import GrantedVia, RoleName
from bot.events import MemberLeft
from bot.feature import Invocation
from bot.i18n import Text
from bot.messages import Message, mentions
from bot.services.people import ambassadors, organisers, resolve_member, tell_organisers
from bot.storage import roles
from bot.storage.models import Member
from bot.turn import Turn

THE_METHODS_AMBASSADORS = 3

_CHANGED = {
    (RoleName.AMBASSADOR, True, True): Text.AMBASSADOR_ADDED,
    (RoleName.AMBASSADOR, True, False): Text.AMBASSADOR_ALREADY,
    (RoleName.AMBASSADOR, False, True): Text.AMBASSADOR_REMOVED,
    (RoleName.AMBASSADOR, False, False): Text.AMBASSADOR_NOT_ONE,
    (RoleName.ORGANISER, True, True): Text.ORGANISER_ADDED,
    (RoleName.ORGANISER, True, False): Text.ORGANISER_ALREADY,
    (RoleName.ORGANISER, False, True): Text.ORGANISER_REMOVED,
    (RoleName.ORGANISER, False, False): Text.ORGANISER_NOT_ONE,
}


@dataclass(frozen=True, slots=True)
class RoleChange:
    role: RoleName
    grant: bool
    members: tuple[MemberRef, ...]


async def change_role(asker: Invocation, change: RoleChange) -> Message:
    """Every named member is checked before anything changes: one unknown name refuses the whole command."""
    turn = asker.turn
    found: list[Member] = []
    for ref in change.members:
        member = await resolve_member(turn=turn, ref=ref)
        if member is None or member.left_at is not None:
            return Message(turn.text(Text.MEMBER_NOT_FOUND, member=ref.text[:80]))
        if change.grant and change.role == RoleName.AMBASSADOR and member.is_bot:
            return Message(turn.text(Text.AMBASSADOR_IS_BOT, member=member.member_id))
        found.append(member)
    if change.role == RoleName.ORGANISER and not change.grant:
        remaining = set(await organisers(turn)) - {member.member_id for member in found}
        if not remaining:
            return Message(turn.text(Text.ORGANISER_LAST))
    lines = []
    for member in found:
        if change.grant:
            changed = await roles.grant(
                turn.session,
                community_id=turn.community.id,
                member_id=member.member_id,
                role=change.role,
                via=GrantedVia.COMMAND,
                granter_member_id=asker.member_id,
                now=turn.now,
            )
        else:
            changed = await roles.revoke(
                turn.session, community_id=turn.community.id, member_id=member.member_id, role=change.role
            )
        lines.append(turn.text(_CHANGED[(change.role, change.grant, changed)], member=member.member_id))
    if change.role == RoleName.AMBASSADOR:
        lines.append(await ambassador_advice(turn=turn))
    return Message("\n".join(lines))


async def list_role(asker: Invocation, role: RoleName) -> Message:
    turn = asker.turn
    if role == RoleName.ORGANISER:
        holders = await organisers(turn)
        if not holders:
            return Message(turn.text(Text.ORGANISER_NONE))
        return Message(turn.text(Text.ORGANISER_LIST, members=mentions(holders)))
    holders = await ambassadors(turn)
    listing = (
        turn.text(Text.AMBASSADOR_LIST, members=mentions(holders))
        if holders
        else turn.text(Text.AMBASSADOR_NONE)
    )
    return Message(listing + "\n" + await ambassador_advice(turn=turn))


async def ambassador_advice(*, turn: Turn) -> str:
    """The method asks for three ambassadors: say so when there are fewer or more."""
    count = len(await ambassadors(turn))
    if count < THE_METHODS_AMBASSADORS:
        return turn.text(Text.AMBASSADOR_TOO_FEW, count=count, missing=THE_METHODS_AMBASSADORS - count)
    if count > THE_METHODS_AMBASSADORS:
        return turn.text(Text.AMBASSADOR_TOO_MANY, count=count)
    return turn.text(Text.AMBASSADOR_JUST_RIGHT)


async def ambassador_left(turn: Turn, event: MemberLeft) -> None:
    """An ambassador who leaves is an outcome the organisers need: newcomers now go to fewer greeters."""
    community_id, departed = turn.community.id, event.member_id
    if not await roles.has(
        turn.session, community_id=community_id, member_id=departed, role=RoleName.AMBASSADOR
    ):
        return
    remaining = [member_id for member_id in await ambassadors(turn) if member_id != departed]
    notice = turn.text(Text.AMBASSADOR_LEFT_NOTICE, member=departed, members=mentions(remaining) or "-")
    await tell_organisers(
        turn, key=f"ambassador-left:{departed}:{turn.now.isoformat()}", message=Message(notice)
    )
