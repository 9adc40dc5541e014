"""Live counts on a poll's own message: each vote edits it (one edit for a burst), anonymous polls show only
how many voted until they close, and the close leaves the final counts without buttons. Numbered votes in
the console press the same buttons. A version replaced while it is being sent is sent again afterwards."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa

from adapters.console.session import COMMUNITY, HOME
from bot.events import ButtonClicked, Person
from bot.messages import Edit, InChannel, Message
from bot.storage import outbox
from bot.storage.models import Community, OutboxMessage
from tests.scenarios.driver import Delivery
from tests.support.console_driver import ConsoleDriver


async def _poll(console: ConsoleDriver, flags: str = "") -> Delivery:
    await console.lines(
        "organiser ann",
        "ann: /kindling goal Learn.",
        "join amy",
        "join bob",
        "join cas",
        "ann: /kindling ambassador add amy",
    )
    delivered = await console.line(f'amy: /kindling poll {flags}"Which evening?" "Tuesday" "Thursday"')
    [post] = [d for d in delivered if d.kind == "channel"]
    return post


def _edits(deliveries: list[Delivery], message_id: str) -> list[Delivery]:
    return [d for d in deliveries if d.kind == "edit" and d.to == message_id]


async def test_each_vote_updates_the_counts_on_the_buttons(console: ConsoleDriver) -> None:
    post = await _poll(console)
    _, action, tuesday = post.buttons[0]

    [edit] = _edits(await console.line(f"bob: click {action} {tuesday}"), post.message_id)
    assert [label for label, _, _ in edit.buttons] == ["Tuesday · 1", "Thursday · 0"]
    assert "Which evening?" in edit.text and "Voted so far: 1" in edit.text
    # The relabelled buttons still vote: the same action and values as the original ones.
    assert [(a, v) for _, a, v in edit.buttons] == [(a, v) for _, a, v in post.buttons]

    # A numbered vote presses the second button of that message.
    [edit] = _edits(await console.line(f"cas: press {post.message_id} 2"), post.message_id)
    assert [label for label, _, _ in edit.buttons] == ["Tuesday · 1", "Thursday · 1"]
    assert "Voted so far: 2" in edit.text

    # Changing a vote moves the count.
    [edit] = _edits(await console.line(f"bob: press {post.message_id} 2"), post.message_id)
    assert [label for label, _, _ in edit.buttons] == ["Tuesday · 0", "Thursday · 2"]

    await console.line("time +2d")
    [closed] = _edits(console.deliveries, post.message_id)[-1:]
    assert closed.buttons == ()
    assert "Closed. 2 member(s) voted" in closed.text
    assert "Tuesday: 0" in closed.text and "Thursday: 2" in closed.text


async def test_an_anonymous_poll_shows_only_how_many_voted_until_it_closes(console: ConsoleDriver) -> None:
    post = await _poll(console, "--anonymous ")
    [edit] = _edits(await console.line(f"bob: press {post.message_id} 1"), post.message_id)
    assert [label for label, _, _ in edit.buttons] == ["Tuesday", "Thursday"]
    assert "Voted so far: 1 (the count per option is shown when the poll closes)" in edit.text
    # A refused second vote changes nothing, so nothing is edited.
    assert _edits(await console.line(f"bob: press {post.message_id} 2"), post.message_id) == []

    await console.line("time +2d")
    closed = _edits(console.deliveries, post.message_id)[-1]
    # One voter: the poll closes quietly; only its creator hears the count.
    assert closed.buttons == () and closed.text.endswith("Closed.") and "Tuesday: 1" not in closed.text
    [told] = [d for d in console.deliveries if d.kind == "dm" and "closed with one vote" in d.text]
    assert "Tuesday: 1" in told.text and "Thursday: 0" in told.text


async def test_a_burst_of_votes_makes_one_edit_with_the_latest_counts(console: ConsoleDriver) -> None:
    post = await _poll(console)
    _, action, tuesday = post.buttons[0]
    before = len(console.deliveries)
    # Votes handled before the outbox gets a turn, as under load: they share one queued edit.
    for name in ("amy", "bob", "cas"):
        await console.kindling.handle(ButtonClicked(COMMUNITY, Person(name, name), action, tuesday, HOME))
    async with console.database.transaction() as session:
        keys = list(
            await session.scalars(sa.select(OutboxMessage.key).where(OutboxMessage.key.like("poll:%:counts")))
        )
    assert len(keys) == 1
    await console.worker.run_until_idle()
    [edit] = _edits(console.deliveries[before:], post.message_id)
    assert [label for label, _, _ in edit.buttons] == ["Tuesday · 3", "Thursday · 0"]


async def test_a_press_on_an_unknown_button_is_explained(console: ConsoleDriver) -> None:
    post = await _poll(console)
    [answer] = await console.line(f"bob: press {post.message_id} 3")
    assert answer.kind == "console" and f"message {post.message_id} has no button 3" in answer.text
    [answer] = await console.line("bob: press x")
    assert "press takes a message number and a button number" in answer.text


async def test_a_version_replaced_while_being_sent_is_sent_again(console: ConsoleDriver) -> None:
    await console.line("join amy")
    now = console.clock.now()
    queued = outbox.QueuedMessage("counts", Edit("poll:1"), Message("one vote"))
    async with console.database.transaction() as session:
        community = await session.scalar(sa.select(Community))
        assert community is not None
        await outbox.enqueue_many(session, community=community, queued=[queued], now=now)
    async with console.database.transaction() as session:
        [row] = [
            r
            for r in await outbox.claim_due(session, platform="console", now=now, limit=50, skip_locked=False)
            if r.key == "counts"
        ]
    async with console.database.transaction() as session:  # a vote while the first version is in flight
        newer = outbox.QueuedMessage("counts", Edit("poll:1"), Message("two votes"))
        await outbox.enqueue_latest(session, community=community, queued=newer, now=now)
    async with console.database.transaction() as session:
        await outbox.mark_sent(session, row=row, now=now, channel_id=None, message_id=None)
    async with console.database.transaction() as session:
        again = await session.get(OutboxMessage, row.id)
        assert again is not None
        assert (again.status, again.attempts) == ("pending", 0)
        assert "two votes" in again.message
    # An ordinary message still finishes as before.
    async with console.database.transaction() as session:
        other = outbox.QueuedMessage("plain", InChannel(HOME), Message("hello"))
        await outbox.enqueue_many(session, community=community, queued=[other], now=now)
    async with console.database.transaction() as session:
        [plain] = [
            r
            for r in await outbox.claim_due(session, platform="console", now=now, limit=50, skip_locked=False)
            if r.key == "plain"
        ]
        await outbox.mark_sent(session, row=plain, now=now, channel_id=HOME, message_id="9")
    async with console.database.transaction() as session:
        sent = await session.get(OutboxMessage, plain.id)
        assert sent is not None and sent.status == "sent"


async def test_two_votes_racing_replace_the_one_row_without_an_error(console: ConsoleDriver) -> None:
    """The second writer arrives while the first still holds the new row uncommitted (PostgreSQL makes it
    wait; SQLite waits for the write lock) and then replaces it, instead of failing on the unique key."""
    await console.line("join amy")
    async with console.database.transaction() as session:
        community = await session.scalar(sa.select(Community))
    assert community is not None
    first_wrote = asyncio.Event()

    async def replace(text: str, *, wait_for_first: bool) -> None:
        if wait_for_first:
            await first_wrote.wait()
        queued = outbox.QueuedMessage("race", Edit("poll:1"), Message(text))
        async with console.database.transaction() as session:
            await outbox.enqueue_latest(session, community=community, queued=queued, now=console.clock.now())
            if not wait_for_first:
                first_wrote.set()
                await asyncio.sleep(0.3)  # let the second writer arrive before this one commits

    await asyncio.gather(replace("first", wait_for_first=False), replace("second", wait_for_first=True))
    async with console.database.transaction() as session:
        [row] = list(await session.scalars(sa.select(OutboxMessage).where(OutboxMessage.key == "race")))
    assert "second" in row.message and row.status == "pending"
