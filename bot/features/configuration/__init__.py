"""Setting Kindling up for a community: the home channel, the goal (step 1), language, time zone, quiet
hours and the welcome newcomers get."""

from __future__ import annotations

from datetime import time

from bot.commands.parsing import Nothing, ParseError, nothing, parse_channel, parse_clock, text_of
from bot.feature import Choice, Command, Feature, Option, PrivacyHooks, Step
from bot.features.configuration import service
from bot.i18n import Language, Text
from bot.storage import member_syncs


def _channel(rest: str) -> str | ParseError | None:
    if not rest:
        return None
    return parse_channel(rest) or ParseError.unexpected(rest)


def _one_word(rest: str) -> str | ParseError:
    if not rest:
        return ParseError.missing()
    return rest if " " not in rest else ParseError.unexpected(rest)


def _quiet(rest: str) -> tuple[time, time] | ParseError:
    parts = rest.replace("-", " ").split()
    start = parse_clock(parts[0]) if len(parts) == 2 else None
    end = parse_clock(parts[1]) if len(parts) == 2 else None
    if start is None or end is None:
        return ParseError.own(Text.QUIET_INVALID)
    if start == end:
        return ParseError.own(Text.QUIET_SAME)
    return start, end


def _template(rest: str) -> str | ParseError:
    return text_of(rest)


def _reset(rest: str) -> ParseError | None:
    result = nothing(rest)
    return None if isinstance(result, Nothing) else result


LANGUAGES: dict[str, Language] = {"nl": "nl", "en": "en", "nederlands": "nl", "english": "en", "engels": "en"}


def _language(rest: str) -> Language | ParseError:
    if not rest:
        return ParseError.missing()
    found = LANGUAGES.get(rest.lower())
    return found if found is not None else ParseError.own(Text.LANGUAGE_INVALID, language=rest[:40])


FEATURE = Feature(
    name="configuration",
    summary=Text.FEATURE_CONFIGURATION,
    commands=(
        Command(
            words=("setup",),
            dutch=("instellen",),
            permission="organiser",
            step=Step.START,
            rest="any",
            parse=_channel,
            run=service.set_home_channel,
            usage=Text.USAGE_SETUP,
            summary=Text.SUMMARY_SETUP,
            example=Text.EXAMPLE_SETUP,
            options=(Option("channel", "channel", Text.OPTION_SETUP_CHANNEL, required=False),),
        ),
        Command(
            words=("goal",),
            dutch=("doel",),
            discord_path=("goal", "show"),
            discord_path_nl=("doel", "tonen"),
            permission="anyone",
            step=Step.GOAL,
            parse=nothing,
            run=service.show_goal,
            usage=Text.USAGE_GOAL_SHOW,
            summary=Text.SUMMARY_GOAL_SHOW,
            example=Text.EXAMPLE_GOAL_SHOW,
        ),
        Command(
            words=("goal",),
            dutch=("doel",),
            discord_path=("goal", "set"),
            discord_path_nl=("doel", "instellen"),
            permission="organiser",
            step=Step.GOAL,
            rest="some",
            parse=text_of,
            run=service.set_goal,
            usage=Text.USAGE_GOAL_SET,
            summary=Text.SUMMARY_GOAL_SET,
            example=Text.EXAMPLE_GOAL_SET,
            options=(Option("text", "text", Text.OPTION_GOAL_TEXT),),
        ),
        Command(
            words=("language",),
            dutch=("taal",),
            discord_path_nl=("instellingen", "taal"),
            permission="organiser",
            step=Step.START,
            rest="some",
            parse=_language,
            run=service.set_language,
            usage=Text.USAGE_LANGUAGE,
            summary=Text.SUMMARY_LANGUAGE,
            example=Text.EXAMPLE_LANGUAGE,
            options=(
                Option(
                    "language",
                    "choice",
                    Text.OPTION_LANGUAGE,
                    choices=(Choice("nl", Text.CHOICE_DUTCH), Choice("en", Text.CHOICE_ENGLISH)),
                ),
            ),
            discord_path=("settings", "language"),
        ),
        Command(
            words=("timezone",),
            dutch=("tijdzone",),
            discord_path_nl=("instellingen", "tijdzone"),
            permission="organiser",
            step=Step.START,
            rest="some",
            parse=_one_word,
            run=service.set_timezone,
            usage=Text.USAGE_TIMEZONE,
            summary=Text.SUMMARY_TIMEZONE,
            example=Text.EXAMPLE_TIMEZONE,
            options=(Option("name", "timezone", Text.OPTION_TIMEZONE),),
            discord_path=("settings", "timezone"),
        ),
        Command(
            words=("quiet",),
            dutch=("rusttijden",),
            discord_path_nl=("instellingen", "rusttijden"),
            permission="organiser",
            step=Step.START,
            rest="some",
            parse=_quiet,
            run=service.set_quiet_hours,
            usage=Text.USAGE_QUIET,
            summary=Text.SUMMARY_QUIET,
            example=Text.EXAMPLE_QUIET,
            options=(
                Option("start", "word", Text.OPTION_QUIET_START),
                Option("end", "word", Text.OPTION_QUIET_END),
            ),
            discord_path=("settings", "quiet"),
        ),
        Command(
            words=("welcome", "preview"),
            dutch=("welkom", "voorbeeld"),
            permission="organiser",
            step=Step.GOAL,
            parse=nothing,
            run=service.preview_welcome,
            usage=Text.USAGE_WELCOME_PREVIEW,
            summary=Text.SUMMARY_WELCOME_PREVIEW,
            example=Text.EXAMPLE_WELCOME_PREVIEW,
        ),
        Command(
            words=("welcome", "template"),
            dutch=("welkom", "sjabloon"),
            permission="organiser",
            step=Step.GOAL,
            rest="some",
            parse=_template,
            run=service.set_welcome_template,
            usage=Text.USAGE_WELCOME_TEMPLATE,
            summary=Text.SUMMARY_WELCOME_TEMPLATE,
            example=Text.EXAMPLE_WELCOME_TEMPLATE,
            options=(Option("text", "text", Text.OPTION_WELCOME_TEMPLATE),),
        ),
        Command(
            words=("welcome", "template", "reset"),
            dutch=("welkom", "sjabloon", "herstel"),
            permission="organiser",
            step=Step.GOAL,
            parse=_reset,
            run=service.set_welcome_template,
            usage=Text.USAGE_WELCOME_RESET,
            summary=Text.SUMMARY_WELCOME_RESET,
            example=Text.EXAMPLE_WELCOME_RESET,
        ),
    ),
    # Who ran set-up is told when the members already there are noted (bot.features.configuration.roster).
    privacy=(PrivacyHooks(export=member_syncs.export, forget=member_syncs.forget),),
    member_columns=("member_syncs.requested_by_member_id",),
)
