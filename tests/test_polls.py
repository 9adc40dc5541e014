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

    closing = await console.line("time +1d")
    # The result is shown once: in the poll's own message (the console, like Slack, edits it), not posted.
    assert not [d for d in closing if d.kind == "channel"]
    [result] = [d for d in closing if d.kind == "edit" and d.message_id == post.message_id]
    assert "Tuesday: 0" in result.text and "Thursday: 2" in result.text and "2 member(s) voted" in result.text
    assert result.buttons == ()
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


async def _chatty(console: ConsoleDriver, posts: int = 9) -> None:
    """Members talk in #home (not questions): what gives Kindling's voice budget room for a patience poll."""
    await console.lines(*(f"{('ann', 'amy', 'bob')[n % 3]}: a thought, number {n}" for n in range(posts)))


def _polls_in(console: ConsoleDriver) -> list[Delivery]:
    return [d for d in console.deliveries if d.kind == "channel" and "quick poll" in d.text]


async def test_the_patience_ladder_asks_first_and_polls_only_under_a_thread_nobody_answered(
    console: ConsoleDriver,
) -> None:
    await _setup(console)
    await _chatty(console)
    await console.lines(
        "bob: How do you grade group work?",  # m10: two replies from others, lively
        "amy: Any good reading on feedback?",  # m11: one reply from someone else
        "bob: Who has tips for parent evenings?",  # m12: nobody answers
    )
    await console.lines(
        "amy: reply m10 rubrics!", "ann: reply m10 peer review", "bob: reply m11 I wonder too"
    )
    await console.lines("amy: reply m11 bumping my own", "bob: reply m12 still wondering")  # askers' own
    asked = await console.line("time +2d")
    # First rung: one person is asked, by DM with a link to the post: never the post's author.
    [to_amy] = [d for d in asked if d.kind == "dm" and d.to == "amy"]
    assert "Could you reply" in to_amy.text and "message m12 in #home" in to_amy.text
    [to_ann] = [d for d in asked if d.kind == "dm" and d.to == "ann"]  # m11's author is the only ambassador
    assert "message m11 in #home" in to_ann.text
    assert _polls_in(console) == []
    await console.line("time +2d")
    # Second rung: a poll only under the thread nobody but its author answered.
    [poll] = _polls_in(console)
    assert poll.to == "home" and len(poll.buttons) == 4
    await console.line("time +4d")
    assert len(_polls_in(console)) == 1  # one per thread, and never under a conversation


async def test_a_thread_held_by_the_cooldown_is_queued_not_forgotten(console: ConsoleDriver) -> None:
    await _setup(console)
    await _chatty(console, 15)
    await console.lines("bob: First question?", "time +1h", "bob: Second question?", "time +4d")
    assert len(_polls_in(console)) == 1  # one per channel per cooldown (24 hours)
    await console.line("time +1d")
    assert len(_polls_in(console)) == 2  # the second waited its turn


async def test_no_patience_poll_in_quiet_hours(console: ConsoleDriver) -> None:
    await _setup(console)
    await _chatty(console)
    await console.lines("ann: /kindling quiet 06:00 23:59", "bob: Anyone?")
    await console.line("time +4d")
    assert _polls_in(console) == []  # its moment fell in quiet hours: it waits for them to end
    await console.line("time +1d")
    [poll] = _polls_in(console)
    assert poll.to == "home"


async def test_ambassadors_mode_asks_them_and_never_polls(console: ConsoleDriver) -> None:
    await _setup(console)
    await _chatty(console)
    reply = _private(await console.line("ann: /kindling fallback 1 24 ambassadors"), "ann")
    assert "after 24 hours" in reply.text and "ambassadors" in reply.text
    await console.lines("bob: Anyone tried flipped classrooms?", "time +25h")
    [note] = [d for d in console.to("dm", "amy") if "Could you reply" in d.text]
    assert "member's question" in note.text
    await console.line("time +3d")
    assert _polls_in(console) == []
    assert "Usage" in _private(await console.line("ann: /kindling fallback 0 99999"), "ann").text


async def test_an_unanswered_prompt_gets_a_poll_in_its_thread_when_members_leave_room(
    console: ConsoleDriver,
) -> None:
    await _setup(console)
    await _chatty(console, 12)
    await console.lines("ann: /kindling column schedule tuesday 10:00", "time +2d")
    [prompt] = [d for d in console.deliveries if d.kind == "channel" and "Something to talk about" in d.text]
    assert prompt.message_id
    await console.line("time +4d")
    [fallback] = _polls_in(console)
    assert fallback.kind == "channel"


async def test_without_members_talking_there_is_no_room_for_a_patience_poll(console: ConsoleDriver) -> None:
    await _setup(console)
    await console.lines("ann: /kindling column schedule tuesday 10:00", "time +6d")
    assert [d for d in console.deliveries if "Something to talk about" in d.text]  # the column slot: always
    assert _polls_in(console) == []  # nobody spoke: Kindling does not fill the silence with polls
    [answer] = [d for d in await console.line("ann: /kindling voice") if d.kind == "private"]
    assert "held back" in answer.text


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
    [result] = [d for d in closed if d.kind == "edit" and d.message_id == post.message_id]
    assert "Tuesday: 2" in result.text and "Thursday: 0" in result.text
    assert "closed" in _private(await console.line(f"bob: click {action} {tuesday}"), "bob").text
    assert "no open poll #1" in _private(await console.line("ann: /kindling poll close 1"), "ann").text

    deadline = await console.line("time +3d")  # the deadline passes: nothing more for this poll
    assert not [d for d in deadline if post.message_id in (d.message_id, d.to) or "Which evening" in d.text]

    second = await console.line('amy: /kindling poll "Tea?" "Yes" "No"')
    assert "Your poll #2 is posted" in _private(second, "amy").text
    by_organiser = await console.line("ann: /kindling peiling sluiten 2")
    assert "Peiling #2" not in _private(by_organiser, "ann").text  # the community speaks English
    assert 'Poll #2 ("Tea?") is closed' in _private(by_organiser, "ann").text


async def test_a_poll_with_fewer_than_two_votes_closes_quietly(console: ConsoleDriver) -> None:
    await _setup(console)
    delivered = await console.line('amy: /kindling poll --hours 2 "Pizza?" "Yes" "No"')
    [post] = [d for d in delivered if d.kind == "channel"]
    await console.line(f"bob: press {post.message_id} 1")
    closing = await console.line("time +3h")
    assert not [d for d in closing if d.kind == "channel"]  # no public "1 member voted"
    [edit] = [d for d in closing if d.kind == "edit" and d.message_id == post.message_id]
    assert edit.text.endswith("Closed.") and "Yes:" not in edit.text and edit.buttons == ()
    [told] = [d for d in closing if d.kind == "dm" and d.to == "amy"]
    assert "one vote" in told.text and "Yes: 1" in told.text


async def test_closing_needs_a_number_of_an_open_poll(console: ConsoleDriver) -> None:
    await _setup(console)
    assert "not a number" in _private(await console.line("amy: /kindling poll close abc"), "amy").text
    assert "no open poll #7" in _private(await console.line("amy: /kindling poll close 7"), "amy").text
    assert "Only ambassadors" in _private(await console.line("bob: /kindling poll close 1"), "bob").text
