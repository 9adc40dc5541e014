"""Coffee pairings end to end through the console: join, leave, skip, rounds at the cadence, one
conversation per pair, a check-in near the end of the round whose answers count."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.scenarios.driver import Delivery
from tests.support.console_driver import ConsoleDriver

MONDAY_10 = datetime(2026, 1, 12, 10, tzinfo=UTC)  # the console community is on UTC


def _private(deliveries: list[Delivery], to: str) -> str:
    [reply] = [d for d in deliveries if d.kind == "private" and d.to == to]
    return reply.text


async def _community(console: ConsoleDriver, *names: str) -> None:
    await console.lines("organiser ann", "ann: /kindling goal Learn together.", *(f"join {n}" for n in names))
    for name in names:
        await console.line(f"{name}: hello")  # posted, so no onboarding nudges in the way
        # Pairings are not set up yet: the member is on the list and told so, without a promise.
        assert "haven't started yet" in _private(await console.line(f"{name}: /kindling coffee join"), name)


def _intros(console: ConsoleDriver) -> list[Delivery]:
    return [d for d in console.deliveries if d.kind == "group"]


async def test_a_round_pairs_everyone_in_one_conversation_each(console: ConsoleDriver) -> None:
    await _community(console, "amy", "ben", "cas", "dan", "eve")
    reply = _private(await console.line("ann: /kindling coffee cadence 2"), "ann")
    # The console's clock starts on Monday 5 January at 09:00: the first round is that morning.
    assert "every 2 week(s)" in reply and "Monday 5 January, 10:00" in reply
    await console.line("time +7d")
    intros = _intros(console)
    assert sorted(len(d.to.split(", ")) for d in intros) == [2, 3]  # five people: a pair and a trio
    assert sorted(name for d in intros for name in d.to.split(", ")) == ["amy", "ben", "cas", "dan", "eve"]
    assert all("Coffee time!" in d.text and "2 week(s)" in d.text for d in intros)
    await console.line("time +7d")
    assert len(_intros(console)) == 2  # Monday 19 January 09:00: the next round is two weeks on, not one
    await console.line("time +1h")
    assert len(_intros(console)) == 4


async def test_check_in_near_the_end_and_answers_count(console: ConsoleDriver) -> None:
    await _community(console, "amy", "ben")
    await console.lines("ann: /kindling coffee cadence 1", "time +5d")
    [intro] = _intros(console)
    assert intro.to == "amy, ben"
    assert [d for d in console.to("dm", "amy") if "Did you manage" in d.text] == []
    await console.line("time +1d")  # the round ends after a week; the check-in comes two days before that
    [question] = [d for d in console.to("dm", "amy") if "Did you manage to meet" in d.text]
    assert "@ben" in question.text
    _, action, yes = question.buttons[0]
    assert "Lovely" in _private(await console.line(f"amy: click {action} {yes}"), "amy")
    assert "no longer open" in _private(await console.line(f"cas: click {action} {yes}"), "cas")
    show = _private(await console.line("ann: /kindling coffee"), "ann")
    assert "2 member(s) take part" in show and "1 of 1 pair(s) said they met" in show


async def test_skip_and_leave(console: ConsoleDriver) -> None:
    await _community(console, "amy", "ben", "cas")
    await console.line("ann: /kindling coffee cadence 1")
    assert "sit out the next round" in _private(await console.line("cas: /kindling coffee skip"), "cas")
    await console.line("time +7d")
    [first] = _intros(console)
    assert first.to == "amy, ben"
    assert "left the coffee pairings" in _private(await console.line("ben: /kindling coffee leave"), "ben")
    assert "not in the coffee pairings" in _private(await console.line("ben: /kindling coffee leave"), "ben")
    await console.line("time +7d")
    second = _intros(console)[1]
    assert second.to == "amy, cas"  # cas is back after skipping one round; ben left


async def test_cadence_refusals_and_members_only_choose_for_themselves(console: ConsoleDriver) -> None:
    await _community(console, "amy")
    assert "1, 2 or 4 weeks" in _private(await console.line("ann: /kindling coffee cadence 3"), "ann")
    assert "Only organisers" in _private(await console.line("amy: /kindling coffee cadence 2"), "amy")
    assert "not set up yet" in _private(await console.line("amy: /kindling coffee"), "amy")
    assert "already" in _private(await console.line("amy: /kindling coffee join"), "amy")


async def test_members_in_the_pairings_get_no_invitation_to_join_them(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", "ann: /kindling goal Learn together.", "join amy", "join ben")
    await console.lines("amy: /kindling coffee join", "time +8d")
    assert [d for d in console.to("dm", "amy") if "coffee join" in d.text] == []
    assert len([d for d in console.to("dm", "ben") if "coffee join" in d.text]) == 1


async def test_joining_before_pairings_exist_tells_the_organisers_once(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", "ann: /kindling goal Learn together.", "join amy", "amy: hello")
    delivered = await console.line("amy: /kindling coffee join")
    assert "I've let the organisers know someone is waiting" in _private(delivered, "amy")
    [notice] = [d for d in delivered if d.kind == "dm" and d.to == "ann"]
    assert "@amy would like to be paired for coffee" in notice.text and "coffee cadence 2" in notice.text
    await console.lines("amy: /kindling coffee leave", "amy: /kindling coffee join")
    assert len([d for d in console.to("dm", "ann") if "paired for coffee" in d.text]) == 1
    await console.line("ann: /kindling coffee cadence 2")
    assert "You're in the coffee pairings" in _private(
        await console.line("ben: /kindling coffee join"), "ben"
    )
