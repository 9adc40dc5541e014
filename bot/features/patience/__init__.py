"""Step 6, patience: quiet threads get a poll or the ambassadors' attention, never a reflex."""

from __future__ import annotations

from bot.commands.parsing import ParseError
from bot.domain.status import FallbackMode
from bot.events import MessagePosted
from bot.feature import Choice, Command, DueSource, Feature, Listener, Option, PrivacyHooks, Step
from bot.features.patience import service
from bot.features.patience.service import Fallback
from bot.i18n import Text
from bot.storage import watched

MODES = {
    "poll": FallbackMode.POLL,
    "peiling": FallbackMode.POLL,
    "ambassadors": FallbackMode.AMBASSADORS,
    "ambassadeurs": FallbackMode.AMBASSADORS,
}


def _fallback(rest: str) -> Fallback | ParseError:
    parts = rest.split()
    if len(parts) not in (2, 3) or not all(part.isdigit() and len(part) <= 4 for part in parts[:2]):
        return ParseError.own(Text.FALLBACK_INVALID)
    replies, hours = int(parts[0]), int(parts[1])
    mode = MODES.get(parts[2].lower()) if len(parts) == 3 else None
    if not 1 <= replies <= 20 or not 1 <= hours <= 336 or (len(parts) == 3 and mode is None):
        return ParseError.own(Text.FALLBACK_INVALID)
    return Fallback(replies, hours, mode)


FEATURE = Feature(
    name="patience",
    summary=Text.FEATURE_PATIENCE,
    commands=(
        Command(
            words=("fallback",),
            dutch=("geduld",),
            discord_path_nl=("instellingen", "geduld"),
            permission="organiser",
            step=Step.PATIENCE,
            rest="some",
            parse=_fallback,
            run=service.configure,
            usage=Text.USAGE_FALLBACK,
            summary=Text.SUMMARY_FALLBACK,
            example=Text.EXAMPLE_FALLBACK,
            options=(
                Option("replies", "integer", Text.OPTION_FALLBACK_REPLIES, minimum=1, maximum=20),
                Option("hours", "integer", Text.OPTION_FALLBACK_HOURS, minimum=1, maximum=336),
                Option(
                    "mode",
                    "choice",
                    Text.OPTION_FALLBACK_MODE,
                    required=False,
                    choices=(
                        Choice("poll", Text.CHOICE_FALLBACK_POLL),
                        Choice("ambassadors", Text.CHOICE_FALLBACK_AMBASSADORS),
                    ),
                ),
            ),
            discord_path=("settings", "fallback"),
        ),
    ),
    listeners=(Listener(MessagePosted, service.member_posted),),
    due=(DueSource("patience checks", service.find_due, service.check, service.next_after),),
    privacy=(PrivacyHooks(export=watched.export, forget=watched.forget),),
    member_columns=("watched_posts.author_member_id",),
)
