"""Scenarios that must hold on every platform: the welcome flow, commands and their refusals."""

from __future__ import annotations

from tests.scenarios.driver import CommunityDriver, Delivery

GOAL = "We help new referees grow. Share one match situation a week."


def _one(deliveries: list[Delivery], kind: str, to: str) -> Delivery:
    found = [d for d in deliveries if d.kind == kind and d.to == to]
    assert len(found) == 1, f"expected one {kind} to {to}, got {deliveries}"
    return found[0]


async def welcome_flow(driver: CommunityDriver) -> None:
    """Organiser sets the goal; a newcomer is welcomed with it and an ambassador is asked to greet them."""
    await driver.make_organiser("ann")
    await driver.join("amy")
    await driver.settle()
    await driver.command("ann", f"goal {GOAL}")
    saved = _one(await driver.settle(), "private", "ann")
    assert "Goal saved" in saved.text
    await driver.command("ann", "ambassador add @amy")
    assert "@amy is now an ambassador" in _one(await driver.settle(), "private", "ann").text

    await driver.join("bob")
    delivered = await driver.settle()
    welcome = _one(delivered, "dm", "bob")
    assert GOAL in welcome.text
    assert "half-finished" in welcome.text.lower()
    assert "@amy" in welcome.text
    request = _one(delivered, "dm", "amy")
    assert "@bob" in request.text
    label, action, value = request.buttons[0]
    assert (label, action) == ("I greeted them", "kindling.greeted")

    await driver.click("amy", action, value)
    assert "Thank you for greeting @bob" in _one(await driver.settle(), "private", "amy").text

    await driver.say("bob", "Here is a half-finished lesson plan")
    await driver.leave("bob")
    await driver.join("bob")  # back within 30 days: no second welcome
    assert [d for d in await driver.settle() if d.to == "bob"] == []


async def refusals(driver: CommunityDriver) -> None:
    """A member cannot configure, a malformed command is explained, and neither changes anything."""
    await driver.join("zed")
    await driver.settle()
    await driver.command("zed", "goal Take over.")
    assert "Only organisers" in _one(await driver.settle(), "private", "zed").text
    await driver.command("zed", "frobnicate now")
    assert "I don't know the command 'frobnicate'" in _one(await driver.settle(), "private", "zed").text
    await driver.command("zed", "goal")
    assert "No goal yet" in _one(await driver.settle(), "private", "zed").text


async def held_welcome(driver: CommunityDriver) -> None:
    """With no goal, the organiser is told instead of a goal-less welcome; setting the goal releases it."""
    await driver.make_organiser("ann")
    await driver.command("ann", "organiser list")  # makes sure Kindling has met ann
    await driver.settle()
    await driver.join("bob")
    delivered = await driver.settle()
    assert [d for d in delivered if d.to == "bob"] == []
    assert "no goal" in _one(delivered, "dm", "ann").text
    await driver.command("ann", f"goal {GOAL}")
    assert GOAL in _one(await driver.settle(), "dm", "bob").text
