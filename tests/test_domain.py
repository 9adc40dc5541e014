"""Pure rules: counting a goal's sentences and filling welcome templates without evaluating them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.goal import GoalTooLong, GoalTooManySentences, check_goal, count_sentences
from bot.domain.template import (
    MalformedTemplate,
    TemplateTooLong,
    UnknownPlaceholder,
    check_template,
    render_template,
)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("We learn together", 1),
        ("We learn together.", 1),
        ("Why? Because it helps!", 2),
        ("Wait... what?! Really.", 3),
        ("Version 2.0 is out. Share it.", 2),
        ("We meet. We share. We grow", 3),
    ],
)
def test_count_sentences(text: str, count: int) -> None:
    assert count_sentences(text) == count


def test_goal_checks() -> None:
    assert check_goal("We help referees grow. We share one situation a week.") is None
    assert check_goal("One. Two. Three.") == GoalTooManySentences(3)
    assert check_goal("x" * 301) == GoalTooLong(301)


def test_template_checks() -> None:
    assert check_template("Hi {name}, {{braces}} stay") is None
    assert check_template("{name.__class__}") == UnknownPlaceholder("{name.__class__}")
    assert check_template("{0}") == UnknownPlaceholder("{0}")
    assert check_template("open { brace") == MalformedTemplate()
    assert check_template("x" * 2001) == TemplateTooLong(2001)


def test_render_inserts_values_as_plain_text() -> None:
    rendered = render_template("{name} / {goal} / {{x}}", {"name": "{goal}", "goal": "G"})
    assert rendered == "{goal} / G / {x}"


@given(st.text(max_size=200))
def test_an_accepted_template_renders_without_error(template: str) -> None:
    if check_template(template) is None:
        rendered = render_template(
            template, dict.fromkeys(["name", "goal", "community", "ambassador", "channel"], "v")
        )
        assert isinstance(rendered, str)
