"""Steps 1 to 3 for each newcomer: the welcome DM with the goal and a first small task, a personal greeting
by an ambassador, and gentle nudges for those who stay silent."""

from __future__ import annotations

from bot.commands.parsing import nothing
from bot.events import MemberJoined
from bot.feature import ButtonAction, Command, DueSource, Feature, Listener, PrivacyHooks, Step, Undelivered
from bot.features.welcome import nudges
from bot.features.welcome.service import GREETED_ACTION, direct_messages_closed, mark_greeted, member_joined
from bot.i18n import Text
from bot.port import Undeliverable
from bot.storage import claims, welcomes

FEATURE = Feature(
    name="welcome",
    summary=Text.FEATURE_WELCOME,
    commands=(
        Command(
            words=("newcomers",),
            dutch=("nieuwkomers",),
            discord_path_nl=("ambassadeur", "nieuwkomers"),
            permission="ambassador",
            step=Step.AMBASSADORS,
            parse=nothing,
            run=nudges.silent_newcomers,
            usage=Text.USAGE_NEWCOMERS,
            summary=Text.SUMMARY_NEWCOMERS,
            example=Text.EXAMPLE_NEWCOMERS,
            discord_path=("ambassador", "newcomers"),
        ),
    ),
    buttons=(ButtonAction(GREETED_ACTION, mark_greeted),),
    listeners=(Listener(MemberJoined, member_joined),),
    # A newcomer whose direct messages are closed is welcomed in the home channel instead.
    undelivered=(Undelivered("welcome:", Undeliverable.DIRECT_MESSAGES_CLOSED, direct_messages_closed),),
    due=(DueSource("onboarding nudges", nudges.find_due, nudges.send_nudge, nudges.next_after),),
    # Nudges are claimed with the member as subject: forgetting a member forgets those claims too.
    privacy=(
        PrivacyHooks(export=welcomes.export, forget=welcomes.forget),
        PrivacyHooks(export=claims.export, forget=claims.forget),
    ),
    member_columns=("welcomes.member_id", "welcomes.greeter_member_id", "welcomes.greeted_by_member_id"),
)
