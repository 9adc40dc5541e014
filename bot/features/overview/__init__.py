"""Help and status: finding one's way around Kindling and the method."""

from __future__ import annotations

from bot.commands.parsing import Nothing, ParseError, nothing
from bot.feature import Command, Feature, Invocation, Option, Step
from bot.features.overview.help import show_help
from bot.features.overview.status import status
from bot.i18n import Text
from bot.messages import Message


def _words(rest: str) -> tuple[str, ...] | ParseError:
    return tuple(word.lower() for word in rest.split()[:3])


async def _help(asker: Invocation, words: tuple[str, ...]) -> Message:
    return await show_help(asker, words)


async def _status(asker: Invocation, _: Nothing) -> Message:
    return await status(turn=asker.turn)


FEATURE = Feature(
    name="overview",
    summary=Text.FEATURE_OVERVIEW,
    commands=(
        Command(
            words=("help",),
            dutch=("hulp",),
            permission="anyone",
            step=Step.START,
            rest="any",
            parse=_words,
            run=_help,
            usage=Text.USAGE_HELP,
            summary=Text.SUMMARY_HELP,
            example=Text.EXAMPLE_HELP,
            options=(Option("command", "text", Text.OPTION_HELP_COMMAND, required=False),),
        ),
        Command(
            words=("status",),
            permission="anyone",
            step=Step.START,
            parse=nothing,
            run=_status,
            usage=Text.USAGE_STATUS,
            summary=Text.SUMMARY_STATUS,
            example=Text.EXAMPLE_STATUS,
        ),
    ),
)
