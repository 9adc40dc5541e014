"""The content plan through the console: tips (by command and by a 💡 reaction), the idea box (anonymous
ideas store no author), anonymous polls (no voter identity stored), and the weekly thank-you post."""

from __future__ import annotations

import sqlalchemy as sa

from bot.events import CommunityRef, Person, ReactionAdded
from bot.storage.models import Base, Idea, PollBallot, PollVote, Tip
from tests.scenarios.driver import Delivery
from tests.support.console_driver import ConsoleDriver

COMMUNITY = CommunityRef("console", "console", "Console", "home")


def _private(deliveries: list[Delivery], to: str) -> str:
    [reply] = [d for d in deliveries if d.kind == "private" and d.to == to]
    return reply.text


async def _community(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", "ann: /kindling goal Learn together.", "join bob", "join cas")


async def _anywhere(console: ConsoleDriver, value: str) -> list[str]:
    """Every table and text column in which `value` still appears."""
    found = []
    async with console.database.transaction() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, sa.String | sa.Text) and not isinstance(column.type, sa.Enum):
                    hit = await session.scalar(sa.select(sa.func.count()).where(column.like(f"%{value}%")))
                    if hit:
                        found.append(f"{table.name}.{column.name}")
    return found


async def test_tips_are_shared_marked_useful_and_listed_best_first(console: ConsoleDriver) -> None:
    await _community(console)
    delivered = await console.line("bob: /kindling tip Open with a round of small wins.")
    assert "shared in #home" in _private(delivered, "bob")
    [post] = [d for d in delivered if d.kind == "channel"]
    assert post.text == "💡 A tip from @bob: Open with a round of small wins."
    await console.line("cas: /kindling tip Keep a parking lot for side questions.")
    _, action, first = post.buttons[0]
    assert "useful" in _private(await console.line(f"ann: click {action} {first}"), "ann")
    assert "already" in _private(await console.line(f"ann: click {action} {first}"), "ann")
    listing = _private(await console.line("cas: /kindling tips"), "cas").splitlines()
    assert listing[1] == "1 × Open with a round of small wins. (@bob)"
    assert listing[2] == "0 × Keep a parking lot for side questions. (@cas)"
    assert "Keep a tip to 500" in _private(await console.line("bob: /kindling tip " + "x" * 501), "bob")


async def test_a_bulb_reaction_keeps_a_message_as_a_tip_once(console: ConsoleDriver) -> None:
    await _community(console)
    for reactor in ("ann", "cas"):
        event = ReactionAdded(COMMUNITY, Person(reactor, reactor), "home", "m7", "💡", author_id="bob")
        await console.kindling.handle(event)
    await console.kindling.handle(ReactionAdded(COMMUNITY, Person("ann", "ann"), "home", "m8", "👍", "bob"))
    async with console.database.transaction() as session:
        tips = list(await session.scalars(sa.select(Tip)))
    assert [(tip.message_id, tip.author_member_id, tip.saver_member_id) for tip in tips] == [
        ("m7", "bob", "ann")
    ]


async def test_the_idea_box_anonymous_ideas_store_no_author(console: ConsoleDriver) -> None:
    await _community(console)
    delivered = await console.line("bob: /kindling idea --anonymous Let's visit each other's classrooms")
    assert "did not store who sent it" in _private(delivered, "bob")
    assert [d.to for d in delivered if d.kind == "dm"] == ["ann"]  # the organiser hears of it
    await console.line("cas: /kindling idea A shared reading list")
    async with console.database.transaction() as session:
        authors = list(
            await session.execute(sa.select(Idea.number, Idea.author_member_id).order_by(Idea.number))
        )
    assert [(n, a) for n, a in authors] == [(1, None), (2, "cas")]
    assert "Only organisers" in _private(await console.line("bob: /kindling ideas"), "bob")
    listing = _private(await console.line("ann: /kindling ideas"), "ann")
    assert "#1: Let's visit each other's classrooms (anonymous)" in listing and "(@cas)" in listing
    delivered = await console.line("ann: /kindling idea accept 1")
    [poll] = [d for d in delivered if d.kind == "channel"]
    assert "visit each other's classrooms" in poll.text and len(poll.buttons) == 3
    assert not any(d.kind == "dm" for d in delivered)  # an anonymous idea has nobody to tell
    closed = await console.line("ann: /kindling idea close 2")
    assert "closed" in _private(closed, "ann")
    [told] = [d for d in closed if d.kind == "dm"]
    assert told.to == "cas" and "closed your idea #2 (“A shared reading list”)" in told.text
    assert "no open idea #2" in _private(await console.line("ann: /kindling idea accept 2"), "ann")


async def test_anonymous_polls_keep_counts_and_no_voter_identity(console: ConsoleDriver) -> None:
    await _community(console)
    await console.line("ann: /kindling ambassador add bob")
    delivered = await console.line('bob: /kindling poll --anonymous --hours 24 "Workload ok?" "Yes" "No"')
    [post] = [d for d in delivered if d.kind == "channel"]
    assert "anonymous" in post.text
    _, action, yes = post.buttons[0]
    no = post.buttons[1][2]
    assert "nobody, Kindling included" in _private(await console.line(f"cas: click {action} {no}"), "cas")
    assert "cannot be changed" in _private(await console.line(f"cas: click {action} {yes}"), "cas")
    await console.line(f"ann: click {action} {no}")
    async with console.database.transaction() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(PollVote)) == 0
        assert await session.scalar(sa.select(sa.func.count()).select_from(PollBallot)) == 2
    # While open, only digests; after closing, not even those.
    assert [hit for hit in await _anywhere(console, "cas") if hit.startswith("poll")] == []
    await console.line("time +1d")
    [result] = [d for d in console.deliveries if d.kind == "edit" and d.message_id == post.message_id][-1:]
    assert "Yes: 0" in result.text and "No: 2" in result.text and "2 member(s) voted" in result.text
    async with console.database.transaction() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(PollBallot)) == 0


async def test_the_weekly_thank_you_names_who_shared_unless_they_opted_out(console: ConsoleDriver) -> None:
    await _community(console)  # Monday 5 January; the thank-you goes out on Fridays at 16:00
    await console.lines(
        "join dan", "bob: a half-finished plan", "cas: a question?", "dan: /kindling appreciation off"
    )
    await console.line("dan: my draft")
    await console.line("time +5d")
    [thanks] = [d for d in console.deliveries if d.kind == "channel" and "Thank you this week" in d.text]
    assert "@bob, @cas" in thanks.text and "@dan" not in thanks.text and "@ann" not in thanks.text
    await console.line("time +7d")  # a quiet week: no empty thank-you
    assert len([d for d in console.deliveries if "Thank you this week" in d.text]) == 1


async def test_a_monthly_digest_of_the_best_tips(console: ConsoleDriver) -> None:
    await _community(console)  # Monday 5 January 2026
    await console.lines(
        "bob: /kindling tip Open with a round of small wins.", "cas: /kindling tip Timebox debates."
    )
    [post] = [d for d in console.deliveries if d.kind == "channel" and "Timebox" in d.text]
    await console.line(f"ann: click {post.buttons[0][1]} {post.buttons[0][2]}")
    await console.line("time +27d")  # Sunday 1 February 09:00: not yet
    assert [d for d in console.deliveries if "best tips of" in d.text] == []
    await console.line("time +2h")
    [digest] = [d for d in console.deliveries if d.kind == "channel" and "best tips of January" in d.text]
    lines = digest.text.splitlines()
    assert lines[1:3] == ["1 × Timebox debates. (@cas)", "0 × Open with a round of small wins. (@bob)"]
    await console.line("time +28d")  # March: no tips in February, so no digest
    assert len([d for d in console.deliveries if "best tips of" in d.text]) == 1
