"""`/kindling` on Discord is generated from the registry: every subcommand builds a line the core's grammar
reads as that same command, the tree fits Discord's limits with room to grow, and Dutch clients see Dutch."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, cast

import discord
import pytest
from discord import app_commands

from adapters.discord.tree import (
    DESCRIPTION_LIMIT,
    DutchTranslator,
    Interaction,
    build_group,
    commands_in,
    line,
    parameters,
    quoted,
    raw_line,
    time_zone_choices,
)
from bot.commands.parsing import ParseError
from bot.feature import Command, Option
from bot.features import registry
from bot.features.polls.grammar import parse_poll
from bot.features.polls.service import PollRequest

REGISTRY = registry()
USER = discord.User(
    state=None,  # type: ignore[arg-type]
    data={
        "id": "200000000000000001",
        "username": "amy",
        "discriminator": "0",
        "avatar": None,
        "global_name": None,
    },
)
WORDS = {
    "weekday": "monday",
    "time": "09:30",
    "start": "22:00",
    "end": "08:00",
    "date": "2030-03-12",
}
#: Discord's rules for command and option names (lowercase).
NAME = re.compile(r"^[-_\w]{1,32}$")
TOP_LEVEL_LIMIT, GROUP_LIMIT, FREE_SLOTS = 25, 25, 5


async def _unused(_interaction: Interaction, _text: str) -> None:
    raise AssertionError


GROUP = build_group(REGISTRY, _unused)
SUBCOMMANDS = list(commands_in(GROUP))


def _spec(command: app_commands.Command[Any, ..., Any]) -> Command[Any]:
    spec: Command[Any] = command.extras["kindling"]
    return spec


def _sample(option: Option, number: int) -> object:
    match option.kind:
        case "member":
            return USER
        case "channel":
            return None
        case "integer":
            return option.minimum or 1
        case "flag":
            return True
        case "choice":
            return option.choices[0].value
        case "timezone":
            return "Europe/Amsterdam"
        case "quoted":
            return f"Day {number}"
        case "word":
            return WORDS[option.name]
        case _:
            return "We help new referees grow."


def _values(spec: Command[Any]) -> dict[str, object]:
    return {p.name: _sample(p.option, index) for index, p in enumerate(parameters(spec), start=1)}


@pytest.mark.parametrize("command", SUBCOMMANDS, ids=lambda c: c.qualified_name)
def test_every_subcommand_builds_a_line_the_registry_reads_as_that_command(
    command: app_commands.Command[Any, ..., Any],
) -> None:
    spec = _spec(command)
    text = line(spec, _values(spec))
    found = REGISTRY.match(text)
    assert found is not None and found.fits, text
    if spec.rest != "none":
        assert found.command is spec, text
        assert not isinstance(spec.parse(found.rest), ParseError), text


async def test_the_callback_hands_over_the_line() -> None:
    lines: list[str] = []

    async def capture(_interaction: Interaction, text: str) -> None:
        lines.append(text)

    group = build_group(REGISTRY, capture)
    [command] = [c for c in commands_in(group) if c.qualified_name == "kindling column rota-add"]
    callback = cast(Callable[..., Awaitable[None]], command.callback)
    await callback(None, member=USER, member2=None)
    assert lines == ["column rota add <@200000000000000001>"]


def _poll(**values: object) -> str:
    [spec] = [c for c in REGISTRY.commands if c.words == ("poll",)]
    return line(spec, values)


def test_a_poll_line_quotes_every_value_and_puts_the_flags_first() -> None:
    text = _poll(question="Which day?", answers="Tuesday | Thursday", hours=24, multiple=True)
    assert text == 'poll --hours 24 --multiple "Which day?" "Tuesday" "Thursday"'
    assert parse_poll(text.removeprefix("poll ")) == PollRequest(
        "Which day?", ("Tuesday", "Thursday"), hours=24, multiple=True
    )
    assert _poll(question="Tea?", answers="Yes|No|", hours=None) == 'poll "Tea?" "Yes" "No"'


@pytest.mark.parametrize(
    ("question", "options"),
    [
        ('Who\'s "in" for Friday?', ("Me, I'm in", 'A "maybe"')),
        ("Path C:\\temp\\ or \\\\server?", ("ends with \\", '\\"', "\\\\")),
        ("$HOME `cmd` # not a comment; 'single' quotes", ("--hours", "--multiple", "a  b")),
        ("Unbalanced ' apostrophe and \" quote", ("'", '"', "''")),
        ("The \u201cbest\u201d day?", ("Mon", "Tue \u201d")),
    ],
)
def test_a_poll_round_trips_through_the_grammar(question: str, options: tuple[str, ...]) -> None:
    parsed = parse_poll(_poll(question=question, answers="|".join(options)).removeprefix("poll "))
    straight = str.maketrans({"\u201c": '"', "\u201d": '"'})
    assert parsed == PollRequest(question.translate(straight), tuple(o.translate(straight) for o in options))
    assert quoted(' a "b" \\ ') == '"a \\"b\\" \\\\"'


def test_a_raw_interaction_becomes_the_line_it_stands_for() -> None:
    data = {
        "name": "kindling",
        "options": [
            {
                "name": "column",
                "type": 2,
                "options": [
                    {"name": "rota-add", "type": 1, "options": [{"name": "member", "type": 6, "value": "7"}]}
                ],
            }
        ],
    }
    assert raw_line(REGISTRY, data) == "column rota add <@7>"
    assert raw_line(REGISTRY, {"options": [{"name": "frobnicate", "type": 1, "options": []}]}) == "frobnicate"
    # A client that still shows `/kindling goal text:...` (before it was `goal set`) reaches the same command.
    stale = {
        "options": [{"name": "goal", "type": 1, "options": [{"name": "text", "type": 3, "value": "We x."}]}]
    }
    assert raw_line(REGISTRY, stale) == "goal We x."
    poll = {
        "options": [
            {
                "name": "poll",
                "type": 2,
                "options": [
                    {
                        "name": "start",
                        "type": 1,
                        "options": [
                            {"name": "question", "type": 3, "value": 'Pick "one"'},
                            {"name": "answers", "type": 3, "value": "Only"},
                            {"name": "hours", "type": 4, "value": 5},
                        ],
                    }
                ],
            }
        ]
    }
    # One answer is too few: the quoted line lets the core say so, in the community's language.
    assert raw_line(REGISTRY, poll) == 'poll --hours 5 "Pick \\"one\\"" "Only"'


def test_the_tree_fits_discords_limits_with_room_to_grow() -> None:
    assert len(GROUP.commands) <= TOP_LEVEL_LIMIT - FREE_SLOTS
    for entry in GROUP.commands:
        assert NAME.match(entry.name), entry.name
        if isinstance(entry, app_commands.Group):
            assert len(entry.commands) <= GROUP_LIMIT
    for command in SUBCOMMANDS:
        assert NAME.match(command.name), command.qualified_name
        assert len(command.description) <= DESCRIPTION_LIMIT
        assert len(command.parameters) <= 25
        for parameter in command.parameters:
            assert NAME.match(parameter.name) and len(parameter.description) <= DESCRIPTION_LIMIT
    paths = [c.qualified_name for c in SUBCOMMANDS]
    assert len(paths) == len(set(paths)) == len(list(REGISTRY.commands))


async def test_dutch_clients_see_dutch_names_and_descriptions() -> None:
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(
        discord.Client(intents=discord.Intents.none())
    )
    tree.add_command(build_group(REGISTRY, _unused))
    translator = DutchTranslator()
    [payload] = [await command.get_translated_payload(tree, translator) for command in tree.get_commands()]
    subcommands = {entry["name"]: entry for entry in payload["options"]}
    goal = subcommands["goal"]
    assert goal["name_localizations"] == {"nl": "doel"}
    show = next(option for option in goal["options"] if option["name"] == "show")
    assert show["name_localizations"] == {"nl": "tonen"}
    assert show["description_localizations"]["nl"] == "Toon het doel"
    settings = subcommands["settings"]
    language = next(option for option in settings["options"] if option["name"] == "language")
    assert language["name_localizations"] == {"nl": "taal"}
    [choice] = [c for c in language["options"][0]["choices"] if c["value"] == "nl"]
    assert choice["name_localizations"] == {"nl": "Nederlands"}
    for entry in payload["options"]:
        for text in (entry.get("description_localizations") or {}).values():
            assert len(text) <= DESCRIPTION_LIMIT


def test_time_zones_autocomplete_from_the_iana_database() -> None:
    choices = time_zone_choices("amster")
    assert [c.value for c in choices] == ["Europe/Amsterdam"]
    assert len(time_zone_choices("")) == 25
    assert time_zone_choices("new york")[0].value == "America/New_York"
