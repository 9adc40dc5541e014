"""The registry is the one place features are declared: help, privacy and the schema cannot drift from it."""

from __future__ import annotations

import re

import pytest

from bot.feature import RANKS, Permission, Step
from bot.features import FEATURES, registry
from bot.i18n import LANGUAGES, Text, translate
from bot.registry import DuplicateDeclarationError, Registry
from bot.storage.models import Base
from tests.support.console_driver import ConsoleDriver

REGISTRY = registry()


def test_every_column_that_names_a_member_belongs_to_exactly_one_feature() -> None:
    """Privacy by construction: a new `*member_id` column fails here until a feature declares it (and with
    it takes on exporting and forgetting it)."""
    in_schema = {
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if column.name.endswith("member_id")
    }
    declared = [column for feature in FEATURES for column in feature.member_columns]
    assert sorted(declared) == sorted(set(declared)), "a column declared by two features"
    assert set(declared) == in_schema


def test_every_feature_with_member_columns_has_privacy_hooks() -> None:
    for feature in FEATURES:
        if feature.member_columns:
            assert feature.privacy, feature.name


def test_declaring_the_same_words_twice_is_refused() -> None:
    [goal] = [
        command for command in REGISTRY.commands if command.words == ("goal",) and command.rest == "some"
    ]
    with pytest.raises(DuplicateDeclarationError):
        Registry(
            [*FEATURES, FEATURES[0].__class__(name="copy", summary=Text.FEATURE_OVERVIEW, commands=(goal,))]
        )


def test_every_command_has_usage_summary_and_example_in_both_languages() -> None:
    for command in REGISTRY.commands:
        for language in LANGUAGES:
            for key in (command.usage, command.summary, command.example):
                assert translate(language, key).strip(), (command.name, key, language)
            # The example is a line the grammar reads as this very command, in both languages.
            example = translate(language, command.example)
            found = REGISTRY.match(example)
            assert found is not None and found.fits and found.command is command, (language, example)


def _help_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("• ")]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("rank", ["anyone", "ambassador", "organiser"])
async def test_help_lists_every_command_the_asker_may_use_and_no_other(
    console: ConsoleDriver, language: str, rank: Permission
) -> None:
    await console.lines("organiser ann", f"ann: /kindling language {language}", "join amy", "join bob")
    if rank == "ambassador":
        await console.line("ann: /kindling ambassador add @amy")
    asker = {"anyone": "bob", "ambassador": "amy", "organiser": "ann"}[rank]
    [answer] = [d for d in await console.line(f"{asker}: /kindling help") if d.kind == "private"]
    expected = [command for command in REGISTRY.commands if RANKS[rank] >= RANKS[command.permission]]
    lines = _help_lines(answer.text)
    assert len(lines) == len(expected)
    for command in expected:
        example = "/kindling " + translate(language, command.example)  # type: ignore[arg-type]
        summary = translate(language, command.summary)  # type: ignore[arg-type]
        assert any(example in line and summary in line for line in lines), (command.name, language)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_help_groups_by_the_methods_steps_in_order(console: ConsoleDriver, language: str) -> None:
    await console.lines("organiser ann", f"ann: /kindling language {language}")
    [answer] = [d for d in await console.line("ann: /kindling help") if d.kind == "private"]
    step_titles = {
        Step.START: Text.HELP_STEP_START,
        Step.GOAL: Text.HELP_STEP_GOAL,
        Step.PATIENCE: Text.HELP_STEP_PATIENCE,
        Step.DATA: Text.HELP_STEP_DATA,
    }
    positions = [answer.text.index(translate(language, title)) for title in step_titles.values()]  # type: ignore[arg-type]
    assert positions == sorted(positions)


async def test_help_for_one_command_shows_its_usage_and_example(console: ConsoleDriver) -> None:
    await console.line("organiser ann")
    [answer] = [d for d in await console.line("ann: /kindling help coffee") if d.kind == "private"]
    assert "/kindling coffee cadence 1|2|4" in answer.text and "/kindling coffee join" in answer.text
    [dutch] = [d for d in await console.line("ann: /kindling hulp peiling") if d.kind == "private"]
    assert "/kindling poll --hours 24" in dutch.text
    [unknown] = [d for d in await console.line("ann: /kindling help dance") if d.kind == "private"]
    assert "I don't know a command 'dance'" in unknown.text


async def test_a_member_sees_what_needs_an_organiser(console: ConsoleDriver) -> None:
    await console.line("join bob")
    [answer] = [d for d in await console.line("bob: /kindling help pulse") if d.kind == "private"]
    assert "Only organisers can use this." in answer.text


async def test_refusals_name_the_usage_of_every_command_with_those_words(console: ConsoleDriver) -> None:
    await console.line("organiser ann")
    [answer] = [d for d in await console.line("ann: /kindling ambassador @amy") if d.kind == "private"]
    assert re.search(r"ambassador add @member .*ambassador remove @member .*ambassador list", answer.text)
    [answer] = [d for d in await console.line("ann: /kindling welcom") if d.kind == "private"]
    assert "Did you mean 'welcome'?" in answer.text


def test_the_readme_lists_exactly_the_registrys_commands() -> None:
    from pathlib import Path

    from bot.commands.reference import markdown

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    listed = readme.split("<!-- commands:start -->\n", 1)[1].split("<!-- commands:end -->", 1)[0]
    assert listed == markdown(REGISTRY), "run `kindling commands` and paste it into the README"
