"""The welcome flow end to end through the console: goal, first task, ambassador, and its refusals."""

from __future__ import annotations

from datetime import timedelta

from bot.events import CommunityRef, MemberJoined, Person
from tests.support.console_driver import ConsoleDriver

GOAL = "We help new referees grow. Share one match situation a week."


async def test_newcomer_gets_goal_task_and_organiser_is_asked_to_greet(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", f"ann: /kindling goal {GOAL}")
    delivered = await console.line("join bob")

    [welcome] = [d for d in delivered if d.kind == "dm" and d.to == "bob"]
    assert GOAL in welcome.text
    assert "half-finished" in welcome.text.lower()  # the first small task
    assert "#home" in welcome.text
    assert "@ann" in welcome.text  # who will greet them
    [notice] = [d for d in delivered if d.kind == "dm" and d.to == "ann"]
    assert "@bob" in notice.text
    assert notice.buttons[0][1] == "kindling.greeted"


async def test_ambassadors_greet_in_turn_and_can_mark_greeted(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", f"ann: /kindling goal {GOAL}")
    for name in ("amy", "ben", "cas"):
        await console.lines(f"join {name}", f"ann: /kindling ambassador add {name}")
    greeters = []
    for newcomer in ("dan", "eve", "fay", "gus"):
        delivered = await console.line(f"join {newcomer}")
        [request] = [d for d in delivered if d.kind == "dm" and d.to != newcomer]
        assert f"@{newcomer}" in request.text
        greeters.append(request.to)
    # Each ambassador in turn, then round again.
    assert sorted(greeters[:3]) == ["amy", "ben", "cas"]
    assert greeters[3] == greeters[0]

    [request] = [d for d in console.deliveries if d.kind == "dm" and "@eve just joined" in d.text]
    _, action, value = request.buttons[0]
    # Only the asked greeter marks it: another's press changes nothing.
    other = next(name for name in ("amy", "ben", "cas") if name != request.to)
    [refused] = await console.line(f"{other}: click {action} {value}")
    assert f"That button is for @{request.to}" in refused.text
    [thanks] = await console.line(f"{request.to}: click {action} {value}")
    assert (thanks.kind, thanks.to) == ("private", request.to)
    assert "@eve" in thanks.text
    [again] = await console.line(f"ann: click {action} {value}")
    assert f"already greeted by @{request.to}" in again.text


async def test_no_goal_holds_the_welcome_and_tells_the_organiser(console: ConsoleDriver) -> None:
    await console.line("organiser ann")
    delivered = await console.line("join bob")
    assert console.to("dm", "bob") == []
    [notice] = [d for d in delivered if d.to == "ann"]
    assert "no goal" in notice.text and "@bob" in notice.text

    delivered = await console.line(f"ann: /kindling goal {GOAL}")
    [welcome] = [d for d in delivered if d.kind == "dm" and d.to == "bob"]
    assert GOAL in welcome.text
    [reply] = [d for d in delivered if d.kind == "private"]
    assert "1 waiting welcome" in reply.text


async def test_rejoin_within_thirty_days_is_not_welcomed_twice(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", f"ann: /kindling goal {GOAL}", "join bob", "leave bob")
    await console.advance(timedelta(days=29))
    assert await console.line("join bob") == []
    await console.lines("leave bob")
    await console.advance(timedelta(days=31))
    delivered = await console.line("join bob")
    assert [d.to for d in delivered if d.kind == "dm"].count("bob") == 1


async def test_a_joining_bot_is_not_welcomed(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", f"ann: /kindling goal {GOAL}")
    community = CommunityRef("console", "console", "Console", "home")
    await console.kindling.handle(MemberJoined(community, Person("robo", "Robo", is_bot=True)))
    await console.worker.run_until_idle()
    assert [d for d in console.deliveries if d.kind == "dm"] == []


async def test_welcome_speaks_dutch_when_the_community_does(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", f"ann: /kindling goal {GOAL}", "ann: /kindling language nl")
    delivered = await console.line("join bob")
    [welcome] = [d for d in delivered if d.to == "bob"]
    assert welcome.text.startswith("Welkom bij")
    [request] = [d for d in delivered if d.to == "ann"]
    assert request.buttons[0][0] == "Ik heb begroet"


async def test_custom_template_is_used_and_never_evaluated(console: ConsoleDriver) -> None:
    await console.lines(
        "organiser ann",
        f"ann: /kindling goal {GOAL}",
        "ann: /kindling welcome template Hoi {name}! {goal} Say hi in {channel}. {{literal}}",
    )
    [welcome] = [d for d in await console.line("join bob") if d.to == "bob"]
    assert welcome.text == f"Hoi bob! {GOAL} Say hi in #home. {{literal}}"


async def test_only_joining_the_home_channel_counts_as_joining(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", f"ann: /kindling goal {GOAL}")
    community = CommunityRef("console", "console", "Console", "home")
    await console.kindling.handle(MemberJoined(community, Person("bob", "bob"), via_channel="random"))
    await console.worker.run_until_idle()
    assert console.to("dm", "bob") == []
    await console.kindling.handle(MemberJoined(community, Person("bob", "bob"), via_channel="home"))
    await console.worker.run_until_idle()
    assert len(console.to("dm", "bob")) == 1
