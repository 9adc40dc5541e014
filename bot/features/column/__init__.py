"""Step 4, the weekly expert column: its slot, its rota of experts, and a topic for the next one."""

from __future__ import annotations

from collections.abc import Callable

from bot.commands.parsing import ParseError, members, nothing, parse_clock, text_of
from bot.events import MemberLeft
from bot.feature import ButtonAction, Command, Feature, Listener, Option, PrivacyHooks, ScheduleKind, Step
from bot.features.column import service
from bot.features.column.service import ASK_AHEAD, RotaChange, Slot
from bot.i18n import Text
from bot.i18n.calendar import weekday_number
from bot.services.schedule_kinds import COLUMN
from bot.storage import rota


def _slot(rest: str) -> Slot | ParseError:
    parts = rest.split()
    weekday = weekday_number(parts[0]) if len(parts) == 2 else None
    at = parse_clock(parts[1]) if len(parts) == 2 else None
    if weekday is None or at is None:
        return ParseError.own(Text.COLUMN_SCHEDULE_INVALID)
    return Slot(weekday, at)


def _rota(add: bool) -> Callable[[str], RotaChange | ParseError]:
    def parse(rest: str) -> RotaChange | ParseError:
        found = members(rest)
        return found if isinstance(found, ParseError) else RotaChange(add, found)

    return parse


EXPERTS = Option("member", "member", Text.OPTION_MEMBER, repeat=2)

FEATURE = Feature(
    name="column",
    summary=Text.FEATURE_COLUMN,
    commands=(
        Command(
            words=("column",),
            aliases=(("column", "show"),),
            discord_path_nl=("column", "tonen"),
            permission="anyone",
            step=Step.CONTENT,
            parse=nothing,
            run=service.show,
            usage=Text.USAGE_COLUMN,
            summary=Text.SUMMARY_COLUMN,
            example=Text.EXAMPLE_COLUMN,
            discord_path=("column", "show"),
        ),
        Command(
            words=("column", "schedule"),
            dutch=("column", "planning"),
            permission="organiser",
            step=Step.CONTENT,
            rest="some",
            parse=_slot,
            run=service.set_schedule,
            usage=Text.USAGE_COLUMN_SCHEDULE,
            summary=Text.SUMMARY_COLUMN_SCHEDULE,
            example=Text.EXAMPLE_COLUMN_SCHEDULE,
            options=(
                Option("weekday", "word", Text.OPTION_WEEKDAY),
                Option("time", "word", Text.OPTION_TIME),
            ),
        ),
        Command(
            words=("column", "topic"),
            dutch=("column", "onderwerp"),
            permission="organiser",
            step=Step.CONTENT,
            rest="some",
            parse=text_of,
            run=service.set_topic,
            usage=Text.USAGE_COLUMN_TOPIC,
            summary=Text.SUMMARY_COLUMN_TOPIC,
            example=Text.EXAMPLE_COLUMN_TOPIC,
            options=(Option("text", "text", Text.OPTION_COLUMN_TOPIC),),
        ),
        Command(
            words=("column", "rota", "add"),
            dutch=("column", "rooster", "toevoegen"),
            permission="organiser",
            step=Step.CONTENT,
            rest="some",
            parse=_rota(True),
            run=service.change_rota,
            usage=Text.USAGE_ROTA_ADD,
            summary=Text.SUMMARY_ROTA_ADD,
            example=Text.EXAMPLE_ROTA_ADD,
            options=(EXPERTS,),
        ),
        Command(
            words=("column", "rota", "remove"),
            dutch=("column", "rooster", "verwijderen"),
            permission="organiser",
            step=Step.CONTENT,
            rest="some",
            parse=_rota(False),
            run=service.change_rota,
            usage=Text.USAGE_ROTA_REMOVE,
            summary=Text.SUMMARY_ROTA_REMOVE,
            example=Text.EXAMPLE_ROTA_REMOVE,
            options=(EXPERTS,),
        ),
        Command(
            words=("column", "rota", "list"),
            dutch=("column", "rooster", "lijst"),
            aliases=(("column", "rota"), ("column", "rooster")),
            permission="anyone",
            step=Step.CONTENT,
            parse=nothing,
            run=service.list_rota,
            usage=Text.USAGE_ROTA_LIST,
            summary=Text.SUMMARY_ROTA_LIST,
            example=Text.EXAMPLE_ROTA_LIST,
        ),
    ),
    buttons=(
        ButtonAction(service.CONFIRM_ACTION, service.confirm),
        ButtonAction(service.SWAP_ACTION, service.swap),
        ButtonAction(service.SKIP_ACTION, service.skip),
    ),
    listeners=(Listener(MemberLeft, service.member_left),),
    schedules=(ScheduleKind(COLUMN, service.run_schedule, Text.COLUMN_WHAT, ask_ahead=ASK_AHEAD),),
    privacy=(PrivacyHooks(export=rota.export, forget=rota.forget),),
    member_columns=("rota_entries.member_id", "column_weeks.expert_member_id"),
)
