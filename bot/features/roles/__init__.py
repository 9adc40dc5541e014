"""Step 2, three ambassadors, and the organisers who configure Kindling."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.commands.parsing import Nothing, ParseError, members, nothing
from bot.domain.status import RoleName
from bot.events import MemberLeft
from bot.feature import Command, Feature, Invocation, Listener, Option, PrivacyHooks, Step
from bot.features.roles.service import RoleChange, ambassador_left, change_role, list_role
from bot.i18n import Text
from bot.messages import Message
from bot.storage import roles

#: Discord takes one member per command; typed, the grammar takes several.
MEMBERS = Option("member", "member", Text.OPTION_MEMBER)
AMBASSADOR, ORGANISER = RoleName.AMBASSADOR, RoleName.ORGANISER
AMBASSADOR_WORDS = ("ambassadors",)
ORGANISER_WORDS = ("organisers", "organizer", "organizers")


def _change(role: RoleName, grant: bool) -> Callable[[str], RoleChange | ParseError]:
    def parse(rest: str) -> RoleChange | ParseError:
        found = members(rest)
        return found if isinstance(found, ParseError) else RoleChange(role, grant, found)

    return parse


def _lister(role: RoleName) -> Callable[[Invocation, Nothing], Awaitable[Message]]:
    async def run(asker: Invocation, _: Nothing) -> Message:
        return await list_role(asker, role)

    return run


FEATURE = Feature(
    name="roles",
    summary=Text.FEATURE_ROLES,
    commands=(
        Command(
            words=("ambassador", "add"),
            dutch=("ambassadeur", "toevoegen"),
            aliases=tuple((word, "add") for word in AMBASSADOR_WORDS),
            permission="organiser",
            step=Step.AMBASSADORS,
            rest="some",
            parse=_change(AMBASSADOR, True),
            run=change_role,
            usage=Text.USAGE_AMBASSADOR_ADD,
            summary=Text.SUMMARY_AMBASSADOR_ADD,
            example=Text.EXAMPLE_AMBASSADOR_ADD,
            options=(MEMBERS,),
        ),
        Command(
            words=("ambassador", "remove"),
            dutch=("ambassadeur", "verwijderen"),
            aliases=tuple((word, "remove") for word in AMBASSADOR_WORDS),
            permission="organiser",
            step=Step.AMBASSADORS,
            rest="some",
            parse=_change(AMBASSADOR, False),
            run=change_role,
            usage=Text.USAGE_AMBASSADOR_REMOVE,
            summary=Text.SUMMARY_AMBASSADOR_REMOVE,
            example=Text.EXAMPLE_AMBASSADOR_REMOVE,
            options=(MEMBERS,),
        ),
        Command(
            words=("ambassador", "list"),
            dutch=("ambassadeur", "lijst"),
            aliases=(
                ("ambassador",),
                ("ambassadeur",),
                ("ambassadeurs",),
                *((word,) for word in AMBASSADOR_WORDS),
                *((word, "list") for word in AMBASSADOR_WORDS),
            ),
            permission="anyone",
            step=Step.AMBASSADORS,
            parse=nothing,
            run=_lister(AMBASSADOR),
            usage=Text.USAGE_AMBASSADOR_LIST,
            summary=Text.SUMMARY_AMBASSADOR_LIST,
            example=Text.EXAMPLE_AMBASSADOR_LIST,
        ),
        Command(
            words=("organiser", "add"),
            dutch=("organisator", "toevoegen"),
            aliases=tuple((word, "add") for word in ORGANISER_WORDS),
            permission="organiser",
            step=Step.START,
            rest="some",
            parse=_change(ORGANISER, True),
            run=change_role,
            usage=Text.USAGE_ORGANISER_ADD,
            summary=Text.SUMMARY_ORGANISER_ADD,
            example=Text.EXAMPLE_ORGANISER_ADD,
            options=(MEMBERS,),
        ),
        Command(
            words=("organiser", "remove"),
            dutch=("organisator", "verwijderen"),
            aliases=tuple((word, "remove") for word in ORGANISER_WORDS),
            permission="organiser",
            step=Step.START,
            rest="some",
            parse=_change(ORGANISER, False),
            run=change_role,
            usage=Text.USAGE_ORGANISER_REMOVE,
            summary=Text.SUMMARY_ORGANISER_REMOVE,
            example=Text.EXAMPLE_ORGANISER_REMOVE,
            options=(MEMBERS,),
        ),
        Command(
            words=("organiser", "list"),
            dutch=("organisator", "lijst"),
            aliases=(
                ("organiser",),
                ("organisator",),
                ("organisatoren",),
                *((word,) for word in ORGANISER_WORDS),
                *((word, "list") for word in ORGANISER_WORDS),
            ),
            permission="anyone",
            step=Step.START,
            parse=nothing,
            run=_lister(ORGANISER),
            usage=Text.USAGE_ORGANISER_LIST,
            summary=Text.SUMMARY_ORGANISER_LIST,
            example=Text.EXAMPLE_ORGANISER_LIST,
        ),
    ),
    listeners=(Listener(MemberLeft, ambassador_left),),
    privacy=(PrivacyHooks(export=roles.export, forget=roles.forget),),
    member_columns=("roles.member_id", "roles.granter_member_id"),
)
