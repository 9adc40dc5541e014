"""Pure rules: counting a goal's sentences and filling welcome templates without evaluating them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.goal import (
    GoalTooLong,
    GoalTooManySentences,
    GoalWithoutWords,
    check_goal,
    count_sentences,
    sentences,
    what_members_do,
)
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
        # Abbreviations, initials and numbers do not end a sentence.
        ("We delen o.a. wedstrijdsituaties en bijv. lastige spelregels. Deel er elke week één.", 2),
        ("We helpen m.n. nieuwe scheidsrechters. Deel je twijfels.", 2),
        ("Dr. Jansen and Prof. Smith started this group. Share a case a week.", 2),
        ("We share cases, e.g. a hard match, i.e. one you doubt. Post one a week.", 2),
        ("Led by J. de Vries and A.B. Smith, we grow. Share a situation.", 2),
        ("We aim for 2.5 posts a week. Share one.", 2),
        ("We share tips, cases, etc. and learn together. Join in.", 2),
        ("We share tips, cases etc. Join in.", 2),
        ("We delen tips, casussen enz. Doe mee!", 2),
        ("Wij zijn er voor o.a. scheidsrechters, coaches e.d. en iedereen die wil leren.", 1),
        ("We help (Dr. Who fans) grow.", 1),
    ],
)
def test_count_sentences(text: str, count: int) -> None:
    assert count_sentences(text) == count


def test_goal_checks() -> None:
    assert check_goal("We help referees grow. We share one situation a week.") is None
    assert (
        check_goal(
            "We helpen o.a. nieuwe scheidsrechters, bijv. bij hun eerste duels. Deel elke week één situatie."
        )
        is None
    )
    assert check_goal("One. Two. Three.") == GoalTooManySentences(3)
    assert check_goal("x" * 301) == GoalTooLong(301)


@pytest.mark.parametrize("text", ["...", "!!!", " ?! ", "…", "- - -", "🔥🔥", ""])
def test_a_goal_without_any_words_is_refused(text: str) -> None:
    assert check_goal(text) == GoalWithoutWords()


def test_sentences_are_kept_as_written() -> None:
    assert sentences("  We help  referees grow.  Share one, e.g. a hard call!  ") == [
        "We help referees grow.",
        "Share one, e.g. a hard call!",
    ]


def test_what_members_do_is_the_goals_last_sentence() -> None:
    assert what_members_do("We help new referees grow. Share one match situation a week.") == (
        "Share one match situation a week."
    )
    assert what_members_do("We help o.a. new referees grow") == "We help o.a. new referees grow"


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
