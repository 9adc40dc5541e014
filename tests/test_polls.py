"""Polls by hand and the patience fallback: limits, one changeable vote per member, closing with a result,
a poll on a quiet thread and none on a lively one, at most one per thread and per channel cooldown."""

from __future__ import annotations

import sqlalchemy as sa

from bot.storage.models import Poll, PollVote
from tests.scenarios.driver import Delivery
from tests.support.console_driver import ConsoleDriver


async def _setup(console: ConsoleDriver) -> None:
    await console.lines(
        "organiser ann",
        "ann: /kindling goal Learn.",
        "join amy",
        "join bob",
        "ann: /kindling ambassador add amy",
    )


def _private(deliveries: list[Delivery], to: str) -> Delivery:
    [reply] = [d for d in deliveries if d.kind == "private" and d.to == to]
    return reply


async def _polls(console: ConsoleDriver) -> int:
    async with console.database.transaction() as session:
        return await session.scalar(sa.select(sa.func.count()).select_from(Poll)) or 0


async def test_an_ambassador_starts_a_poll_and_votes_change_until_it_closes(console: ConsoleDriver) -> None:
    await _setup(console)
    delivered = await console.line('amy: /kindling poll --hours 24 "Which evening?" "Tuesday" "Thursday"')
    [post] = [d for d in delivered if d.kind == "channel"]
    assert "Which evening?" in post.text
    assert [label for label, _, _ in post.buttons] == ["Tuesday", "Thursday"]
    assert "closes" in _private(delivered, "amy").text
    _, action, tuesday = post.buttons[0]
    thursday = post.buttons[1][2]
    assert "Your vote: Tuesday" in _private(await console.line(f"bob: click {action} {tuesday}"), "bob").text
    assert (
        "Your vote: Thursday" in _private(await console.line(f"bob: click {action} {thursday}"), "bob").text
    )
    await console.line(f"amy: click {action} {thursday}")
    async with console.database.transaction() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(PollVote)) == 2  # bob changed his

    await console.line("time +1d")
    [result] = [d for d in console.deliveries if d.kind == "channel" and "has closed" in d.text]
    assert "Tuesday: 0" in result.text and "Thursday: 2" in result.text and "2 members voted" in result.text
    assert "closed" in _private(await console.line(f"bob: click {action} {tuesday}"), "bob").text


async def test_multiple_choice_toggles_options(console: ConsoleDriver) -> None:
    await _setup(console)
    delivered = await console.line('amy: /kindling poll --multiple "Topics?" "Grading" "Parents" "Tools"')
    [post] = [d for d in delivered if d.kind == "channel"]
    _, action, grading = post.buttons[0]
    tools = post.buttons[2][2]
    await console.lines(f"bob: click {action} {grading}", f"bob: click {action} {tools}")
    removed = _private(await console.line(f"bob: click {action} {grading}"), "bob")
    assert "taken back: Grading" in removed.text
    async with console.database.transaction() as session:
        assert list(await session.scalars(sa.select(PollVote.option))) == [2]


async def test_bad_polls_are_refused_and_nothing_is_posted(console: ConsoleDriver) -> None:
    await _setup(console)
    cases = {
        'amy: /kindling poll "Only one?" "Yes"': "at least 2 options; you gave 1",
        "amy: /kindling poll "
        + '"Q" '
        + " ".join(f'"o{n}"' for n in range(11)): "at most 10 options; you gave 11",
        "amy: /kindling poll Which day Tuesday": "double quotes",
        'amy: /kindling poll "Unclosed': "double quotes",
        'amy: /kindling poll "Q" "Same" "same"': "appears twice",
        'amy: /kindling poll --hours 9999 "Q" "a" "b"': "between 1 and 768 hours",
        'amy: /kindling poll "Q" "' + "x" * 60 + '" "b"': "55 characters",
        'bob: /kindling poll "Q" "a" "b"': "Only ambassadors and organisers",
    }
    for line, expected in cases.items():
        reply = _private(await console.line(line), line.split(":")[0])
        assert expected in reply.text, line
    assert await _polls(console) == 0
    assert [d for d in console.deliveries if d.kind == "channel"] == []


async def test_a_quiet_question_gets_a_poll_and_a_lively_one_does_not(console: ConsoleDriver) -> None:
    await _setup(console)
    await console.lines("bob: How do you grade group work?", "amy: Any good reading on feedback?")
    # m1 (bob's) gets two replies from others; m2 (amy's) gets one reply, and its asker's own does not count.
    await console.lines("amy: reply m1 rubrics!", "ann: reply m1 peer review", "bob: reply m2 I wonder too")
    await console.lines("amy: reply m2 bumping my own")
    await console.line("time +2d")
    fallbacks = [d for d in console.deliveries if d.kind == "channel" and "quick poll" in d.text]
    assert len(fallbacks) == 1
    assert fallbacks[0].to == "home"
    assert len(fallbacks[0].buttons) == 4
    await console.line("time +2d")
    assert (
        len([d for d in console.deliveries if d.kind != "edit" and "quick poll" in d.text]) == 1
    )  # one per thread


async def test_the_channel_cooldown_limits_fallbacks(console: ConsoleDriver) -> None:
    await _setup(console)
    await console.lines("bob: First question?", "time +1h", "bob: Second question?", "time +2d")
    assert len([d for d in console.deliveries if "quick poll" in d.text]) == 1


async def test_ambassadors_mode_asks_them_instead(console: ConsoleDriver) -> None:
    await _setup(console)
    reply = _private(await console.line("ann: /kindling fallback 1 24 ambassadors"), "ann")
    assert "fewer than 1 reply after 24 hours" in reply.text and "ambassadors" in reply.text
    await console.lines("bob: Anyone tried flipped classrooms?", "time +25h")
    [note] = [d for d in console.to("dm", "amy") if "nudge" in d.text]
    assert "member's question" in note.text
    assert [d for d in console.deliveries if "quick poll" in d.text] == []
    assert "Usage" in _private(await console.line("ann: /kindling fallback 0 99999"), "ann").text


async def test_an_unanswered_prompt_gets_a_fallback_poll_in_its_thread(console: ConsoleDriver) -> None:
    await _setup(console)
    await console.lines("ann: /kindling column schedule tuesday 10:00", "time +2d")
    [prompt] = [d for d in console.deliveries if d.kind == "channel" and "Something to talk about" in d.text]
    assert prompt.message_id
    await console.line("time +2d")
    [fallback] = [d for d in console.deliveries if "quick poll" in d.text]
    assert fallback.kind == "channel"


async def test_the_creator_or_an_organiser_closes_a_poll_early_and_its_result_goes_out(
    console: ConsoleDriver,
) -> None:
    await _setup(console)
    await console.line("ann: /kindling ambassador add bob")
    started = await console.line('amy: /kindling poll "Which evening?" "Tuesday" "Thursday"')
    assert "Your poll #1 is posted" in _private(started, "amy").text
    [post] = [d for d in started if d.kind == "channel"]
    _, action, tuesday = post.buttons[0]
    await console.lines(f"bob: click {action} {tuesday}", f"amy: click {action} {tuesday}")

    refused = await console.line("bob: /kindling poll close 1")  # an ambassador, not its creator
    assert "not yours to close" in _private(refused, "bob").text
    assert not [d for d in refused if d.kind == "channel"]

    closed = await console.line("amy: /kindling poll close 1")
    assert 'Poll #1 ("Which evening?") is closed' in _private(closed, "amy").text
    [result] = [d for d in closed if d.kind == "channel" and "has closed" in d.text]
    assert "Tuesday: 2" in result.text and "Thursday: 0" in result.text
    assert "closed" in _private(await console.line(f"bob: click {action} {tuesday}"), "bob").text
    assert "no open poll #1" in _private(await console.line("ann: /kindling poll close 1"), "ann").text

    await console.line("time +3d")  # the deadline passes: nothing more is posted for this poll
    assert len([d for d in console.deliveries if d.kind == "channel" and "has closed" in d.text]) == 1

    second = await console.line('amy: /kindling poll "Tea?" "Yes" "No"')
    assert "Your poll #2 is posted" in _private(second, "amy").text
    by_organiser = await console.line("ann: /kindling peiling sluiten 2")
    assert "Peiling #2" not in _private(by_organiser, "ann").text  # the community speaks English
    assert 'Poll #2 ("Tea?") is closed' in _private(by_organiser, "ann").text


async def test_closing_needs_a_number_of_an_open_poll(console: ConsoleDriver) -> None:
    await _setup(console)
    assert "not a number" in _private(await console.line("amy: /kindling poll close abc"), "amy").text
    assert "no open poll #7" in _private(await console.line("amy: /kindling poll close 7"), "amy").text
    assert "Only ambassadors" in _private(await console.line("bob: /kindling poll close 1"), "bob").text
