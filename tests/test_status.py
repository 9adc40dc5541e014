"""`/kindling status` reports outcomes per step, and organisers are told when an expert does not answer, when
the column falls back two weeks running, and when an ambassador leaves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.console_driver import ConsoleDriver

# Monday 5 January 2026, 09:00 UTC. The column: Wednesdays 14:00 UTC.
MONDAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
SLOT = datetime(2026, 1, 7, 14, 0, tzinfo=UTC)


async def _status(console: ConsoleDriver, who: str = "ann") -> str:
    [reply] = [d for d in await console.line(f"{who}: /kindling status") if d.kind == "private"]
    return reply.text


def _line(status: str, start: str) -> str:
    """The one line of `status` that contains `start` (markers and indentation kept)."""
    [found] = [line for line in status.splitlines() if start in line]
    return found


async def test_a_fresh_community_sees_what_to_do_next_for_each_step(console: ConsoleDriver) -> None:
    console.clock.set(MONDAY)
    await console.line("organiser ann")
    status = await _status(console)
    assert _line(status, "1. Goal").startswith("⚠️ 1. Goal: not set")
    assert "→ Write it in two sentences: /kindling goal <text>" in status
    assert _line(status, "2. Ambassadors").startswith("⚠️ 2. Ambassadors: none yet")
    assert "→ Ask an early member to join them" in status
    assert _line(status, "3. Sharing").startswith("⚠️ 3. Sharing: nobody posted")
    assert _line(status, "4. Content plan").startswith("⚠️ 4. Content plan: no weekly column yet")
    assert _line(status, "5. Online meets").startswith("⚠️ 5.")
    assert "No coffee pairings" in status and "No meetup planned" in status
    assert _line(status, "6. Patience").startswith("✅ 6. Patience: no thread stayed quiet")
    # Each step that is not working gets exactly one suggestion.
    warnings = sum(line.startswith("⚠️") for line in status.splitlines())
    assert warnings == sum(line.strip().startswith("→") for line in status.splitlines()) == 5


async def test_outcomes_turn_the_steps_green(console: ConsoleDriver) -> None:
    console.clock.set(MONDAY)
    await console.lines(
        "organiser ann",
        "ann: /kindling goal We help new referees grow. Share one match situation a week.",
        *(f"join {name}" for name in ("amy", "bob", "cat")),
        "ann: /kindling ambassador add @amy @bob @cat",
    )
    [greet] = [d for d in await console.line("join dan") if d.kind == "dm" and d.to in ("amy", "bob", "cat")]
    _, action, value = greet.buttons[0]
    await console.lines(
        f"{greet.to}: click {action} {value}",
        "amy: Who has a tip for a first derby?",
        "bob: I keep my cards in the same pocket.",
        "dan: What do you do when a coach keeps shouting?",
    )
    status = await _status(console)
    assert _line(status, "1. Goal").startswith("✅ 1. Goal: We help new referees grow.")
    assert _line(status, "2. Ambassadors").startswith("✅ 2. Ambassadors: @amy, @bob, @cat")
    assert "Of them, 2 posted something" in status
    assert "Newcomers greeted personally: 1 of 1" in status
    assert "Newcomers welcomed with the goal: 1" in status
    assert _line(status, "3. Sharing") == "✅ 3. Sharing: 3 members posted in the last 2 weeks"
    assert "3 of them for the first time" in status
    # Two weeks later nobody has posted: sharing is no longer working, whatever was set up.
    console.clock.set(MONDAY + timedelta(days=15))
    status = await _status(console)
    assert _line(status, "3. Sharing").startswith("⚠️ 3. Sharing: nobody posted in the last 2 weeks")
    assert "→ Ask each ambassador to share a work question" in status


async def test_an_ambassador_who_leaves_is_reported_and_no_longer_greets(console: ConsoleDriver) -> None:
    console.clock.set(MONDAY)
    await console.lines(
        "organiser ann",
        "ann: /kindling goal We help new referees grow. Share one match situation a week.",
        "join amy",
        "ann: /kindling ambassador add @amy",
    )
    left = await console.line("leave amy")
    [notice] = [d for d in left if d.kind == "dm" and d.to == "ann"]
    assert "@amy, one of your ambassadors, has left the community. Ambassadors now: -." in notice.text
    joined = await console.line("join d1")
    assert not any("@amy" in d.text for d in joined if d.to == "d1")
    # The greeting goes to someone still here: the organiser.
    assert any(d.to == "ann" and "d1" in d.text for d in joined)
    status = await _status(console)
    assert _line(status, "2. Ambassadors").startswith("⚠️ 2. Ambassadors: none yet")
    assert "Left the community: @amy" in status
    assert "@amy" not in (await console.line("ann: /kindling ambassador list"))[0].text.split("\n")[0]


async def test_an_expert_who_does_not_answer_is_reported_and_two_fallbacks_once(
    console: ConsoleDriver,
) -> None:
    console.clock.set(MONDAY - timedelta(days=3))
    await console.lines(
        "organiser ann",
        "ann: /kindling goal Learn together.",
        "join amy",
        "join ben",
        "ann: /kindling column rota add @amy @ben",
        "ann: /kindling column schedule wednesday 14:00",
    )
    notices: list[str] = []
    for week in range(4):
        slot = SLOT + timedelta(weeks=week)
        await console.run_at(slot - timedelta(days=3))  # the expert is asked, and never answers
        posted = await console.run_at(slot + timedelta(minutes=1))
        notices += [d.text for d in posted if d.kind == "dm" and d.to == "ann"]
    assert len(notices) == 4
    assert "@amy did not answer about this week's column" in notices[0]
    assert "@ben did not answer" in notices[1] and "second week running" in notices[1]
    assert not any("second week running" in text for text in notices[2:])
    status = await _status(console)
    assert _line(status, "4. Content plan").startswith("⚠️ 4. Content plan: a column every Wednesday at 14:00")
    assert "Columns the expert wrote: 0 of 4" in status
    assert "Discussion prompts posted: 4, with replies: 0" in status
    assert "→ Talk to the experts on the rota" in status


async def test_status_speaks_dutch(console: ConsoleDriver) -> None:
    console.clock.set(MONDAY)
    await console.lines("organiser ann", "ann: /kindling language nl", "join amy", "amy: Hallo allemaal?")
    status = await _status(console)
    assert status.startswith("Kindling in")
    assert "hoe het de afgelopen 4 weken per stap ging" in status
    assert _line(status, "3. Delen") == "⚠️ 3. Delen: 1 lid plaatste iets in de afgelopen 2 weken"
    assert "→ Schrijf het op in twee zinnen: /kindling doel <tekst>" in status
