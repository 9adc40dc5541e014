"""Step 5, coffee pairings: members meet one another now and then, by their own choice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.commands.parsing import Nothing, ParseError, nothing
from bot.feature import (
    ButtonAction,
    Choice,
    Command,
    DueSource,
    Feature,
    Invocation,
    Option,
    PrivacyHooks,
    ScheduleKind,
    Step,
)
from bot.features.coffee import service
from bot.i18n import Text
from bot.messages import Message
from bot.services.schedule_kinds import COFFEE
from bot.storage import coffee


def _cadence(rest: str) -> int | ParseError:
    return int(rest) if rest in ("1", "2", "4") else ParseError.own(Text.COFFEE_CADENCE_INVALID)


def _own(
    words: str,
    dutch: str,
    run: Callable[[Invocation, Nothing], Awaitable[Message]],
    usage: Text,
    summary: Text,
    example: Text,
) -> Command[Nothing]:
    """join, leave, skip: each member for themselves."""
    return Command(
        words=("coffee", words),
        dutch=("koffie", dutch),
        permission="anyone",
        step=Step.MEETING,
        parse=nothing,
        run=run,
        usage=usage,
        summary=summary,
        example=example,
    )


FEATURE = Feature(
    name="coffee",
    summary=Text.FEATURE_COFFEE,
    commands=(
        Command(
            words=("coffee",),
            dutch=("koffie",),
            aliases=(("coffee", "show"),),
            discord_path_nl=("koffie", "tonen"),
            permission="anyone",
            step=Step.MEETING,
            parse=nothing,
            run=service.show,
            usage=Text.USAGE_COFFEE,
            summary=Text.SUMMARY_COFFEE,
            example=Text.EXAMPLE_COFFEE,
            discord_path=("coffee", "show"),
        ),
        _own(
            "join",
            "meedoen",
            service.join,
            Text.USAGE_COFFEE_JOIN,
            Text.SUMMARY_COFFEE_JOIN,
            Text.EXAMPLE_COFFEE_JOIN,
        ),
        _own(
            "leave",
            "stoppen",
            service.leave,
            Text.USAGE_COFFEE_LEAVE,
            Text.SUMMARY_COFFEE_LEAVE,
            Text.EXAMPLE_COFFEE_LEAVE,
        ),
        _own(
            "skip",
            "overslaan",
            service.skip,
            Text.USAGE_COFFEE_SKIP,
            Text.SUMMARY_COFFEE_SKIP,
            Text.EXAMPLE_COFFEE_SKIP,
        ),
        Command(
            words=("coffee", "cadence"),
            dutch=("koffie", "ritme"),
            permission="organiser",
            step=Step.MEETING,
            rest="some",
            parse=_cadence,
            run=service.set_cadence,
            usage=Text.USAGE_COFFEE_CADENCE,
            summary=Text.SUMMARY_COFFEE_CADENCE,
            example=Text.EXAMPLE_COFFEE_CADENCE,
            options=(
                Option(
                    "weeks",
                    "choice",
                    Text.OPTION_COFFEE_WEEKS,
                    choices=(
                        Choice("1", Text.CHOICE_EVERY_WEEK),
                        Choice("2", Text.CHOICE_EVERY_TWO_WEEKS),
                        Choice("4", Text.CHOICE_EVERY_FOUR_WEEKS),
                    ),
                ),
            ),
        ),
    ),
    buttons=(ButtonAction(service.MET_ACTION, service.answer_checkin),),
    due=(
        DueSource(
            "coffee check-ins", service.find_checkins, service.send_checkins, service.next_checkin_after
        ),
    ),
    schedules=(ScheduleKind(COFFEE, service.run_schedule, Text.COFFEE_WHAT),),
    privacy=(PrivacyHooks(export=coffee.export, forget=coffee.forget),),
    member_columns=("coffee_members.member_id", "coffee_pair_members.member_id", "coffee_checkins.member_id"),
)
