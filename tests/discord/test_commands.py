"""The `/kindling` group mirrors the core grammar: every subcommand builds a line the grammar accepts."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from adapters.discord.commands import KindlingCommands, line, raw_line, time_zone_choices, words
from bot.commands import grammar

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
SAMPLES: dict[str, str] = {
    "text": "We help new referees grow.",
    "language": "nl",
    "name": "Europe/Amsterdam",
    "start": "22:00",
    "end": "08:00",
    "weekday": "monday",
    "time": "09:30",
}


async def _unused(_interaction: discord.Interaction[Any], _text: str) -> None:
    raise AssertionError


def _subcommands() -> list[app_commands.Command[Any, ..., Any]]:
    group = KindlingCommands(on_line=_unused)
    return [c for c in group.walk_commands() if isinstance(c, app_commands.Command)]


def _sample(parameter: app_commands.Parameter) -> str | discord.User | None:
    if parameter.type is discord.AppCommandOptionType.user:
        return USER
    if parameter.type is discord.AppCommandOptionType.channel:
        return None
    return SAMPLES[parameter.name]


@pytest.mark.parametrize("command", _subcommands(), ids=lambda c: c.qualified_name)
def test_every_subcommand_builds_a_line_the_grammar_accepts(
    command: app_commands.Command[Any, ..., Any],
) -> None:
    text = line(command, *(_sample(p) for p in command.parameters))
    parsed = grammar.parse_command(text)
    assert not isinstance(parsed, grammar.ParseError), (text, parsed)
    assert not isinstance(parsed, grammar.Help) or command.name == "help", text


def test_the_lines_read_like_the_console() -> None:
    by_path = {c.qualified_name: c for c in _subcommands()}
    assert line(by_path["kindling ambassador add"], USER) == "ambassador add <@200000000000000001>"
    assert (
        line(by_path["kindling column rota-add"], USER, None, None) == "column rota add <@200000000000000001>"
    )
    assert words(by_path["kindling column show"]) == "column"
    assert words(by_path["kindling welcome template-reset"]) == "welcome template reset"
    assert line(by_path["kindling goal"], None) == "goal"


def test_a_raw_interaction_becomes_the_line_it_stands_for() -> None:
    data = {
        "name": "kindling",
        "options": [
            {
                "name": "column",
                "type": 2,
                "options": [
                    {"name": "rota-add", "type": 1, "options": [{"name": "m", "type": 6, "value": "7"}]}
                ],
            }
        ],
    }
    assert raw_line(data) == "column rota add <@7>"
    assert raw_line({"options": [{"name": "frobnicate", "type": 1, "options": []}]}) == "frobnicate"


def test_time_zones_autocomplete_from_the_iana_database() -> None:
    choices = time_zone_choices("amster")
    assert [c.value for c in choices] == ["Europe/Amsterdam"]
    assert len(time_zone_choices("")) == 25
    assert time_zone_choices("new york")[0].value == "America/New_York"
