"""Step 5, meetups: plan one, RSVP, gather cases online to work on together, then a recap."""

from __future__ import annotations

from bot.commands.parsing import ParseError, nothing, parse_clock, parse_day, parse_number, text_of
from bot.events import EventInterest
from bot.feature import ButtonAction, Command, DueSource, Feature, Listener, Option, PrivacyHooks, Step
from bot.features.meetups import changes, service
from bot.features.meetups.changes import Move
from bot.features.meetups.service import Plan, Recap
from bot.i18n import Text
from bot.storage import meetups


def _plan(rest: str) -> Plan | ParseError:
    parts = rest.split(" ", 2)
    day = parse_day(parts[0]) if parts else None
    at = parse_clock(parts[1]) if len(parts) > 1 else None
    title = parts[2].strip() if len(parts) > 2 else ""
    if day is None or at is None or not title:
        return ParseError.own(Text.MEETUP_BAD_WHEN)
    return Plan(day, at, title)


def _number(rest: str) -> int | ParseError:
    word = rest.strip()
    number = parse_number(word)
    return ParseError.own(Text.NOT_A_NUMBER, value=word[:40]) if number is None else number


def _move(rest: str) -> Move | ParseError:
    parts = rest.split()
    if len(parts) != 3:
        return ParseError.own(Text.MEETUP_BAD_MOVE)
    number = parse_number(parts[0])
    if number is None:
        return ParseError.own(Text.NOT_A_NUMBER, value=parts[0][:40])
    day, at = parse_day(parts[1]), parse_clock(parts[2])
    if day is None or at is None:
        return ParseError.own(Text.MEETUP_BAD_MOVE)
    return Move(number, day, at)


def _recap(rest: str) -> Recap | ParseError:
    word, _, text = rest.partition(" ")
    number = parse_number(word)
    if number is None:
        return ParseError.own(Text.NOT_A_NUMBER, value=word[:40])
    return Recap(number, text.strip()) if text.strip() else ParseError.missing()


FEATURE = Feature(
    name="meetups",
    summary=Text.FEATURE_MEETUPS,
    commands=(
        Command(
            words=("meetup", "list"),
            dutch=("bijeenkomst", "lijst"),
            aliases=(("meetup",), ("meetups",), ("bijeenkomst",), ("bijeenkomsten",)),
            permission="anyone",
            step=Step.MEETING,
            parse=nothing,
            run=service.listing,
            usage=Text.USAGE_MEETUP_LIST,
            summary=Text.SUMMARY_MEETUP_LIST,
            example=Text.EXAMPLE_MEETUP_LIST,
        ),
        Command(
            words=("meetup", "plan"),
            dutch=("bijeenkomst", "plannen"),
            permission="organiser",
            step=Step.MEETING,
            rest="some",
            parse=_plan,
            run=service.plan,
            usage=Text.USAGE_MEETUP_PLAN,
            summary=Text.SUMMARY_MEETUP_PLAN,
            example=Text.EXAMPLE_MEETUP_PLAN,
            options=(
                Option("date", "word", Text.OPTION_MEETUP_DATE),
                Option("time", "word", Text.OPTION_TIME),
                Option("title", "text", Text.OPTION_MEETUP_TITLE),
            ),
        ),
        Command(
            words=("meetup", "recap"),
            dutch=("bijeenkomst", "verslag"),
            permission="organiser",
            step=Step.MEETING,
            rest="some",
            parse=_recap,
            run=service.recap,
            usage=Text.USAGE_MEETUP_RECAP,
            summary=Text.SUMMARY_MEETUP_RECAP,
            example=Text.EXAMPLE_MEETUP_RECAP,
            options=(
                Option("number", "integer", Text.OPTION_MEETUP_NUMBER, minimum=1, maximum=999_999),
                Option("text", "text", Text.OPTION_MEETUP_RECAP),
            ),
        ),
        Command(
            words=("meetup", "move"),
            dutch=("bijeenkomst", "verzetten"),
            permission="organiser",
            step=Step.MEETING,
            rest="some",
            parse=_move,
            run=changes.move,
            usage=Text.USAGE_MEETUP_MOVE,
            summary=Text.SUMMARY_MEETUP_MOVE,
            example=Text.EXAMPLE_MEETUP_MOVE,
            options=(
                Option("number", "integer", Text.OPTION_MEETUP_NUMBER, minimum=1, maximum=999_999),
                Option("date", "word", Text.OPTION_MEETUP_DATE),
                Option("time", "word", Text.OPTION_TIME),
            ),
        ),
        Command(
            words=("meetup", "cancel"),
            dutch=("bijeenkomst", "afgelasten"),
            permission="organiser",
            step=Step.MEETING,
            rest="some",
            parse=_number,
            run=changes.cancel,
            usage=Text.USAGE_MEETUP_CANCEL,
            summary=Text.SUMMARY_MEETUP_CANCEL,
            example=Text.EXAMPLE_MEETUP_CANCEL,
            options=(Option("number", "integer", Text.OPTION_MEETUP_NUMBER, minimum=1, maximum=999_999),),
        ),
        Command(
            words=("case",),
            dutch=("casus",),
            discord_path_nl=("bijeenkomst", "casus"),
            permission="anyone",
            step=Step.MEETING,
            rest="some",
            parse=text_of,
            run=service.add_case,
            usage=Text.USAGE_CASE,
            summary=Text.SUMMARY_CASE,
            example=Text.EXAMPLE_CASE,
            options=(Option("text", "text", Text.OPTION_CASE_TEXT),),
            discord_path=("meetup", "case"),
        ),
    ),
    buttons=(ButtonAction(service.RSVP_ACTION, service.rsvp),),
    listeners=(Listener(EventInterest, service.interest),),
    due=(DueSource("meetup stages", service.find_due, service.run_stages, service.next_after),),
    privacy=(PrivacyHooks(export=meetups.export, forget=meetups.forget),),
    member_columns=("meetups.creator_member_id", "meetup_rsvps.member_id", "meetup_cases.author_member_id"),
)
