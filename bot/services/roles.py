"""Ambassadors and organisers: who greets newcomers, and who may configure Kindling."""

from __future__ import annotations

from bot.commands.grammar import MemberRef, RoleName
from bot.events import Person
from bot.i18n import Text
from bot.messages import Message, mentions
from bot.services.turn import Turn
from bot.storage import members, roles
from bot.storage.models import Member

THE_METHODS_AMBASSADORS = 3


async def resolve_member(*, turn: Turn, ref: MemberRef) -> Member | None:
    """A member of this community named by a command: by platform id, else by a unique display name.

    A platform mention (`<@U123|ann>`) is the platform vouching for the member, so someone Kindling has not
    seen yet (here before Kindling was installed, never posted since) is remembered rather than refused."""
    community_id = turn.community.id
    if ref.member_id is not None:
        found = await members.find(turn.session, community_id=community_id, external_id=ref.member_id)
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
    by_id = await members.find(turn.session, community_id=community_id, external_id=name)
    if by_id is not None:
        return by_id
    by_name = await members.find_by_name(turn.session, community_id=community_id, name=name)
    return by_name[0] if len(by_name) == 1 else None


async def change_role(*, turn: Turn, role: RoleName, grant: bool, ref: MemberRef, invoker_id: str) -> Message:
    member = await resolve_member(turn=turn, ref=ref)
    if member is None or member.left_at is not None:
        return Message(turn.text(Text.MEMBER_NOT_FOUND, member=ref.text[:80]))
    member_id = member.external_id
    community_id = turn.community.id
    if grant and role == "ambassador" and member.is_bot:
        return Message(turn.text(Text.AMBASSADOR_IS_BOT, member=member_id))
    if grant:
        changed = await roles.grant(
            turn.session,
            community_id=community_id,
            member_id=member_id,
            role=role,
            granted_by=invoker_id,
            now=turn.now,
        )
        key = {
            ("ambassador", True): Text.AMBASSADOR_ADDED,
            ("ambassador", False): Text.AMBASSADOR_ALREADY,
            ("organiser", True): Text.ORGANISER_ADDED,
            ("organiser", False): Text.ORGANISER_ALREADY,
        }[(role, changed)]
    else:
        changed = await roles.revoke(turn.session, community_id=community_id, member_id=member_id, role=role)
        key = {
            ("ambassador", True): Text.AMBASSADOR_REMOVED,
            ("ambassador", False): Text.AMBASSADOR_NOT_ONE,
            ("organiser", True): Text.ORGANISER_REMOVED,
            ("organiser", False): Text.ORGANISER_NOT_ONE,
        }[(role, changed)]
    reply = turn.text(key, member=member_id)
    if role == "ambassador":
        reply += "\n" + await ambassador_advice(turn=turn)
    return Message(reply)


async def list_role(*, turn: Turn, role: RoleName) -> Message:
    holders = await roles.holders(turn.session, community_id=turn.community.id, role=role)
    if role == "organiser":
        if not holders:
            return Message(turn.text(Text.ORGANISER_NONE))
        return Message(turn.text(Text.ORGANISER_LIST, members=mentions(holders)))
    listing = (
        turn.text(Text.AMBASSADOR_LIST, members=mentions(holders))
        if holders
        else turn.text(Text.AMBASSADOR_NONE)
    )
    return Message(listing + "\n" + await ambassador_advice(turn=turn))


async def ambassador_advice(*, turn: Turn) -> str:
    """The method asks for three ambassadors: say so when there are fewer or more."""
    count = len(await roles.holders(turn.session, community_id=turn.community.id, role="ambassador"))
    if count < THE_METHODS_AMBASSADORS:
        return turn.text(Text.AMBASSADOR_TOO_FEW, count=count, missing=THE_METHODS_AMBASSADORS - count)
    if count > THE_METHODS_AMBASSADORS:
        return turn.text(Text.AMBASSADOR_TOO_MANY, count=count)
    return turn.text(Text.AMBASSADOR_JUST_RIGHT)


async def is_organiser(*, turn: Turn, member_id: str, platform_admin: bool) -> bool:
    if platform_admin:
        return True
    return await roles.has(
        turn.session, community_id=turn.community.id, member_id=member_id, role="organiser"
    )


async def is_ambassador(*, turn: Turn, member_id: str) -> bool:
    return await roles.has(
        turn.session, community_id=turn.community.id, member_id=member_id, role="ambassador"
    )
