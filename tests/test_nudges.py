"""Onboarding nudges: three days silent brings an example, seven an invitation to coffee; posting or
leaving stops them; ambassadors see who is still silent."""

from __future__ import annotations

from datetime import timedelta

from tests.support.console_driver import ConsoleDriver


async def _welcomed(console: ConsoleDriver, *names: str) -> None:
    await console.lines(
        "organiser ann", "ann: /kindling goal Learn together.", *(f"join {name}" for name in names)
    )


def _nudges(console: ConsoleDriver, name: str) -> list[str]:
    return [d.text for d in console.to("dm", name) if not d.text.startswith(("Welcome", "📈 Weekly pulse"))]


async def test_a_silent_newcomer_gets_an_example_then_a_coffee_invitation(console: ConsoleDriver) -> None:
    await _welcomed(console, "bob")
    await console.line("time +2d")
    assert _nudges(console, "bob") == []
    await console.line("time +1d")
    [first] = _nudges(console, "bob")
    assert "half-finished" in first and "#home" in first
    await console.line("time +4d")
    nudges = _nudges(console, "bob")
    assert len(nudges) == 2 and "/kindling coffee join" in nudges[1]
    await console.line("time +14d")
    assert len(_nudges(console, "bob")) == 2  # each once


async def test_posting_or_leaving_stops_the_nudges(console: ConsoleDriver) -> None:
    await _welcomed(console, "bob", "cas")
    await console.lines("bob: here is my draft", "leave cas", "time +8d")
    assert _nudges(console, "bob") == []
    assert _nudges(console, "cas") == []


async def test_an_organiser_who_was_never_welcomed_is_not_nudged(console: ConsoleDriver) -> None:
    await _welcomed(console)
    await console.line("time +8d")
    assert _nudges(console, "ann") == []


async def test_a_nudge_waits_for_the_end_of_quiet_hours(console: ConsoleDriver) -> None:
    console.clock.set(console.clock.now().replace(hour=21))
    await _welcomed(console, "bob")  # joins at 21:00 UTC; the console community's quiet hours: 22:00-08:00
    console.clock.set(console.clock.now().replace(hour=22, minute=30) + timedelta(days=3))
    await console.due_work.run_due()  # due at 21:00, claimed now, but held in the outbox
    await console.worker.run_until_idle()
    assert _nudges(console, "bob") == []
    await console.line("time +10h")
    assert len(_nudges(console, "bob")) == 1


async def test_ambassadors_see_who_is_still_silent(console: ConsoleDriver) -> None:
    await _welcomed(console, "amy", "bob", "cas")
    await console.lines("ann: /kindling ambassador add amy", "cas: hello!", "time +2d")
    [reply] = await console.line("amy: /kindling newcomers")
    assert "@bob, joined 2 day(s) ago" in reply.text
    assert "@cas" not in reply.text
    # amy, an ambassador who never posted, is one of the community's starters, not a newcomer.
    assert "@amy" not in reply.text and "@ann" not in reply.text
    [refusal] = await console.line("bob: /kindling newcomers")
    assert "Only ambassadors and organisers" in refusal.text
