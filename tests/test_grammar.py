"""The command grammar: what parses to what, and that no input at all can make it raise."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.commands.grammar import (
    ChangeRole,
    Command,
    Help,
    ListRole,
    MemberRef,
    ParseError,
    PreviewWelcome,
    SetGoal,
    SetLanguage,
    SetTimezone,
    Setup,
    SetWelcomeTemplate,
    ShowGoal,
    Status,
    parse_command,
    parse_member,
)
from bot.i18n import LANGUAGES, Text, translate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Help()),
        ("help", Help()),
        ("STATUS", Status()),
        ("setup", Setup()),
        ("setup <#C123|general>", Setup("C123")),
        ("setup #lobby", Setup("lobby")),
        ("goal", ShowGoal()),
        ("goal  We learn. Together!", SetGoal("We learn. Together!")),
        ("language NL", SetLanguage("nl")),
        ("timezone Europe/Amsterdam", SetTimezone("Europe/Amsterdam")),
        ("ambassador", ListRole("ambassador")),
        ("ambassadors list", ListRole("ambassador")),
        ("organizer list", ListRole("organiser")),
        ("ambassador add <@U42|ann>", ChangeRole("ambassador", True, MemberRef("<@U42|ann>", "U42", "ann"))),
        ("organiser remove @bob", ChangeRole("organiser", False, MemberRef("@bob", None, "bob"))),
        ("welcome preview", PreviewWelcome()),
        ("welcome template Hi {name}", SetWelcomeTemplate("Hi {name}")),
        ("welcome template reset", SetWelcomeTemplate(None)),
    ],
)
def test_parses(text: str, expected: Command) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("dance", Text.UNKNOWN_COMMAND),
        ("status please", Text.UNEXPECTED_ARGUMENT),
        ("language", Text.MISSING_ARGUMENT),
        ("language fr", Text.LANGUAGE_INVALID),
        ("timezone", Text.MISSING_ARGUMENT),
        ("timezone Europe Amsterdam", Text.UNEXPECTED_ARGUMENT),
        ("ambassador add", Text.MISSING_ARGUMENT),
        ("ambassador promote @ann", Text.UNEXPECTED_ARGUMENT),
        ("ambassador add @ann @bob", Text.UNEXPECTED_ARGUMENT),
        ("welcome", Text.MISSING_ARGUMENT),
        ("welcome template", Text.MISSING_ARGUMENT),
        ("setup general channel", Text.UNEXPECTED_ARGUMENT),
    ],
)
def test_refuses_with_a_reason(text: str, key: Text) -> None:
    parsed = parse_command(text)
    assert isinstance(parsed, ParseError)
    assert parsed.key == key


def test_discord_style_mentions() -> None:
    assert parse_member("<@!1234>") == MemberRef("<@!1234>", "1234", None)
    assert parse_member("<@1234>").member_id == "1234"


@given(st.text(max_size=300))
def test_any_input_parses_or_is_refused_with_a_message_in_both_languages(text: str) -> None:
    parsed = parse_command(text)
    if isinstance(parsed, ParseError):
        for language in LANGUAGES:
            message = translate(language, parsed.key, **parsed.values)
            assert message.strip()
    else:
        assert parsed.permission in ("anyone", "organiser")


@given(
    st.sampled_from(["goal", "ambassador add", "welcome template", "setup", "timezone", "language"]),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=120),
)
def test_subcommands_with_arbitrary_arguments_never_raise(subcommand: str, argument: str) -> None:
    parsed = parse_command(f"{subcommand} {argument}")
    assert isinstance(parsed, ParseError) or parsed.permission in ("anyone", "organiser")


def test_messages_round_trip_through_the_outbox_format() -> None:
    from bot.messages import Button, Message, PollSpec, message_from_json, message_to_json

    message = Message(
        "Which day?",
        buttons=(Button("kindling.x", "Label", "v", "primary"),),
        poll=PollSpec("p1", "Which day?", ("Mon", "Tue"), multiple=True, duration_hours=48),
    )
    assert message_from_json(message_to_json(message)) == message


def test_poll_flags_come_before_the_question_which_may_look_like_one() -> None:
    from bot.commands.grammar import StartPoll

    parsed = parse_command('poll --anonymous --hours 12 "--anonymous?" "A" "B"')
    assert parsed == StartPoll("--anonymous?", ("A", "B"), hours=12, anonymous=True)
    assert parse_command('poll "Q" "--multiple"') == StartPoll("Q", ("--multiple",))
    refused = parse_command('poll --loud "Q" "A" "B"')
    assert isinstance(refused, ParseError) and refused.key == Text.UNEXPECTED_ARGUMENT
