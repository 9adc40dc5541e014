"""The command grammar, as the registry assembles it from every feature's fragment: which command a line
is, what its fragment makes of the rest, and that no input at all can make it raise."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.commands.parsing import MemberRef, Nothing, ParseError, parse_member
from bot.domain.status import RoleName
from bot.features import registry
from bot.features.polls.service import PollRequest
from bot.features.roles.service import RoleChange
from bot.i18n import LANGUAGES, Text, translate

REGISTRY = registry()


def _parsed(text: str) -> tuple[str, Any]:
    found = REGISTRY.match(text)
    assert found is not None and found.fits, text
    return found.command.name, found.command.parse(found.rest)


@pytest.mark.parametrize(
    ("text", "name", "arguments"),
    [
        ("help", "help", ()),
        ("help poll close", "help", ("poll", "close")),
        ("STATUS", "status", Nothing()),
        ("setup", "setup", None),
        ("setup <#C123|general>", "setup", "C123"),
        ("setup #lobby", "setup", "lobby"),
        ("goal", "goal", Nothing()),
        ("goal  We learn. Together!", "goal", "We learn. Together!"),
        ("doel We leren samen.", "goal", "We leren samen."),
        ("language NL", "language", "nl"),
        ("taal nederlands", "language", "nl"),
        ("timezone Europe/Amsterdam", "timezone", "Europe/Amsterdam"),
        ("ambassador", "ambassador list", Nothing()),
        ("ambassadors list", "ambassador list", Nothing()),
        ("organizer list", "organiser list", Nothing()),
        (
            "ambassador add <@U42|ann>",
            "ambassador add",
            RoleChange(RoleName.AMBASSADOR, True, (MemberRef("<@U42|ann>", "U42", "ann"),)),
        ),
        (
            "ambassadeur toevoegen @amy @bob @amy",
            "ambassador add",
            RoleChange(
                RoleName.AMBASSADOR, True, (MemberRef("@amy", None, "amy"), MemberRef("@bob", None, "bob"))
            ),
        ),
        (
            "organiser remove @bob",
            "organiser remove",
            RoleChange(RoleName.ORGANISER, False, (MemberRef("@bob", None, "bob"),)),
        ),
        ("welcome preview", "welcome preview", Nothing()),
        ("welcome template Hi {name}", "welcome template", "Hi {name}"),
        ("welcome template reset", "welcome template reset", None),
        ("welcome template Reset your {name}", "welcome template", "Reset your {name}"),
        ("quiet 22:00 08:00", "quiet", (time(22), time(8))),
        ("tip list the three things", "tip", "list the three things"),
        ("tip list", "tips", Nothing()),
    ],
)
def test_parses(text: str, name: str, arguments: object) -> None:
    assert _parsed(text) == (name, arguments)


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("status please", "unexpected", None),
        ("language", "missing", None),
        ("language fr", "own", Text.LANGUAGE_INVALID),
        ("timezone Europe Amsterdam", "unexpected", None),
        ("setup general channel", "unexpected", None),
        ("quiet 08:00 08:00", "own", Text.QUIET_SAME),
        ("idea accept abc", "own", Text.NOT_A_NUMBER),
        ("idea accept -1", "own", Text.NOT_A_NUMBER),
        ("idea close 1.5", "own", Text.NOT_A_NUMBER),
        ('poll "Q?" "" "B"', "own", Text.POLL_EMPTY_OPTION),
        ('poll --hours -5 "Q?" "A" "B"', "own", Text.POLL_HOURS_NOT_A_NUMBER),
        ('poll --hours abc "Q?" "A" "B"', "own", Text.POLL_HOURS_NOT_A_NUMBER),
        ('poll --hours 1.5 "Q?" "A" "B"', "own", Text.POLL_HOURS_NOT_A_NUMBER),
        ('poll --loud "Q" "A" "B"', "unexpected", None),
    ],
)
def test_refuses_with_a_reason(text: str, kind: str, key: Text | None) -> None:
    found = REGISTRY.match(text)
    assert found is not None
    usage = ParseError.unexpected(found.rest) if found.rest else ParseError.missing()  # dispatch's answer
    parsed = found.command.parse(found.rest) if found.fits else usage
    assert isinstance(parsed, ParseError)
    assert (parsed.kind, parsed.key) == (kind, key)


@pytest.mark.parametrize("text", ["ambassador promote @ann", "welcome", "ambassador @amy"])
def test_known_words_that_do_not_fit_are_no_unknown_command(text: str) -> None:
    found = REGISTRY.match(text)
    assert found is not None and not found.fits


def test_unknown_words_match_nothing() -> None:
    assert REGISTRY.match("dance") is None


def test_poll_flags_come_before_the_question_which_may_look_like_one() -> None:
    assert _parsed('poll --anonymous --hours 12 "--anonymous?" "A" "B"') == (
        "poll",
        PollRequest("--anonymous?", ("A", "B"), hours=12, anonymous=True),
    )
    assert _parsed('poll --hours=5 "Q" "--multiple"') == ("poll", PollRequest("Q", ("--multiple",), hours=5))


def test_discord_style_mentions() -> None:
    assert parse_member("<@!1234>") == MemberRef("<@!1234>", "1234", None)
    assert parse_member("<@1234>").member_id == "1234"


def _refusal_texts(error: ParseError) -> list[str]:
    if error.key is None:
        return []
    return [translate(language, error.key, **error.values) for language in LANGUAGES]


@given(st.text(max_size=300))
def test_any_input_is_a_command_or_refused_with_a_message_in_both_languages(text: str) -> None:
    found = REGISTRY.match(text)
    if found is None or not found.fits:
        return  # dispatch answers "unknown command" or the command's usage, both in the catalogs
    parsed = found.command.parse(found.rest)
    if isinstance(parsed, ParseError):
        assert all(message.strip() for message in _refusal_texts(parsed))


@given(
    st.sampled_from([" ".join(c.words) for c in REGISTRY.commands]),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=120),
)
def test_every_command_with_arbitrary_arguments_never_raises(words: str, argument: str) -> None:
    found = REGISTRY.match(f"{words} {argument}")
    if found is not None and found.fits:
        found.command.parse(found.rest)


def test_messages_round_trip_through_the_outbox_format() -> None:
    from bot.messages import Button, Message, PollSpec, message_from_json, message_to_json

    message = Message(
        "Which day?",
        buttons=(Button("kindling.x", "Label", "v", "primary"),),
        poll=PollSpec("p1", "Which day?", ("Mon", "Tue"), multiple=True, duration_hours=48),
    )
    assert message_from_json(message_to_json(message)) == message
