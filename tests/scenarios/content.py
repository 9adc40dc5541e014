"""The content plan on every platform: a tip with its "Useful" vote and the tips list, an idea accepted and
posted for votes, and a meetup with an RSVP, a case and the list; a meetup in the past is refused."""

from __future__ import annotations

from tests.scenarios.driver import CommunityDriver, Delivery
from tests.scenarios.welcome import GOAL

TIP = "Open with a round of small wins."
#: The test clock starts on Monday 5 January 2026 (tests/conftest.py); the community is on UTC.
MEETUP = "meetup plan 2026-01-15 19:30 Case evening"


def _one(deliveries: list[Delivery], kind: str, to: str) -> Delivery:
    found = [d for d in deliveries if d.kind == kind and d.to == to]
    assert len(found) == 1, f"expected one {kind} to {to}, got {deliveries}"
    return found[0]


async def tips_and_meetups(driver: CommunityDriver) -> None:
    await driver.make_organiser("ann")
    await driver.join("bob")
    await driver.join("cas")
    await driver.settle()
    await driver.command("ann", f"goal {GOAL}")
    await driver.settle()

    await driver.command("bob", f"tip {TIP}")
    delivered = await driver.settle()
    post = _one(delivered, "channel", "home")
    assert TIP in post.text and "@bob" in post.text
    [(label, action, value)] = post.buttons
    assert label == "Useful"
    await driver.click("cas", action, value)
    assert "useful" in _one(await driver.settle(), "private", "cas").text.lower()
    await driver.command("cas", "tips")
    listed = _one(await driver.settle(), "private", "cas").text
    assert f"1 × {TIP} (@bob)" in listed

    await driver.command("ann", "meetup plan 2025-12-01 19:30 Too late")
    assert "has already passed" in _one(await driver.settle(), "private", "ann").text
    await driver.command("ann", MEETUP)
    delivered = await driver.settle()
    assert "Meetup #1 is planned for Thursday 15 January, 19:30" in _one(delivered, "private", "ann").text
    announcement = _one(delivered, "channel", "home")
    assert "Case evening" in announcement.text
    [going, _maybe, _no] = announcement.buttons
    await driver.click("bob", going[1], going[2])
    assert "see you at Case evening" in _one(await driver.settle(), "private", "bob").text
    await driver.command("cas", "case A parent who disagrees with a grade")
    assert "Case evening" in _one(await driver.settle(), "private", "cas").text
    await driver.command("cas", "meetup")
    listing = _one(await driver.settle(), "private", "cas").text
    assert "#1 Case evening, Thursday 15 January, 19:30: 1 coming, 1 case" in listing


async def idea_box(driver: CommunityDriver) -> None:
    await driver.make_organiser("ann")
    await driver.join("bob")
    await driver.settle()
    await driver.command("ann", f"goal {GOAL}")
    await driver.settle()
    await driver.command("bob", "idea Walk-and-talk")
    delivered = await driver.settle()
    assert "Idea #1 is in the idea box" in _one(delivered, "private", "bob").text
    await driver.command("ann", "ideas")
    assert "Walk-and-talk" in _one(await driver.settle(), "private", "ann").text
    await driver.command("bob", "idea accept 1")
    assert "Only organisers" in _one(await driver.settle(), "private", "bob").text
    await driver.command("ann", "idea accept 1")
    delivered = await driver.settle()
    assert "Idea #1 is accepted" in _one(delivered, "private", "ann").text
    assert "Walk-and-talk" in _one(delivered, "channel", "home").text
