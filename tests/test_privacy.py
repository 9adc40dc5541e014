"""A member's data: export and forget, covering every table; and no command reaches another community."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from bot.events import ButtonClicked, CommandInvoked, CommunityRef, MemberJoined, Person
from bot.messages import message_from_json
from bot.storage.database import Database
from bot.storage.models import Base, Community, OutboxMessage
from tests.support.console_driver import ConsoleDriver

OTHER = CommunityRef("console", "other-community", "Other", "lobby")


async def _busy_member(console: ConsoleDriver) -> None:
    """bob everywhere: welcomed, ambassador, on the rota, coffee, a poll vote, a question, a prompt."""
    await console.lines(
        "organiser ann",
        "ann: /kindling goal Learn together.",
        "join bob",
        "join cas",
        "ann: /kindling ambassador add bob",
        "ann: /kindling organiser add bob",
        "ann: /kindling column rota add @bob",
        "ann: /kindling column schedule wednesday 10:00",
        "bob: /kindling coffee join",
        "cas: /kindling coffee join",
        "ann: /kindling coffee cadence 1",
        "bob: /kindling prompt add What surprised you this week?",
        "bob: Who has tips for parent evenings?",
        'bob: /kindling poll "Which day?" "Tue" "Thu"',
    )
    [poll] = [d for d in console.deliveries if d.kind == "channel" and "Which day?" in d.text]
    await console.line(f"bob: click {poll.buttons[0][1]} {poll.buttons[0][2]}")
    await console.lines(
        # Others name bob in what they write: forgetting bob rewrites those texts too.
        "cas: /kindling tip Ask <@bob> about the offside rule.",
        "cas: /kindling case What would bob do with a late tackle?",
        "bob: /kindling tip Start with the hardest case.",
        "bob: /kindling idea A shared drive for lesson plans",
        "bob: /kindling case A parent who disagrees with a grade",
        "ann: /kindling meetup plan 2026-02-01 10:00 Case morning",
    )
    [invite] = [d for d in console.deliveries if d.kind == "channel" and "Case morning" in d.text]
    await console.line(f"bob: click {invite.buttons[0][1]} {invite.buttons[0][2]}")
    [tip] = [d for d in console.deliveries if d.kind == "channel" and "Start with the hardest case" in d.text]
    await console.line(f"cas: click {tip.buttons[0][1]} {tip.buttons[0][2]}")
    await console.line(f"bob: click {tip.buttons[0][1]} {tip.buttons[0][2]}")
    await console.line("time +7d")


async def _rows_mentioning(database: Database, member_id: str) -> dict[str, int]:
    """Every table, every text column: how many rows still carry the member's id anywhere in a text (a
    column of their own, a mention inside a message, a key). Statuses are closed sets, not texts."""
    found: dict[str, int] = {}
    async with database.transaction() as session:
        for table in Base.metadata.sorted_tables:
            columns = [
                c
                for c in table.columns
                if isinstance(c.type, sa.String | sa.Text) and not isinstance(c.type, sa.Enum)
            ]
            if not columns:
                continue
            condition = sa.or_(*(c.like(f"%{member_id}%") for c in columns))
            count = await session.scalar(sa.select(sa.func.count()).select_from(table).where(condition))
            if count:
                found[table.name] = count
    return found


async def test_a_member_exports_their_own_data(console: ConsoleDriver) -> None:
    await _busy_member(console)
    delivered = await console.line("bob: /kindling privacy export")
    [reply] = [d for d in delivered if d.kind == "private"]
    assert "on its way to your DMs" in reply.text
    [sent] = [d for d in delivered if d.kind == "dm" and d.to == "bob"]
    assert "(file) kindling-1-data.json" in sent.text  # the console takes files: the export is one
    data = await _exported(console)
    assert data["member"][0]["member_id"] == "bob"
    assert data["active_days"] == ["2026-01-05"]  # the day of bob's one post (the commands are not posts)
    assert {role["role"] for role in data["roles"]} == {"ambassador", "organiser"}
    assert data["poll_votes"][0]["vote"] == "Tue"
    assert data["prompts"][0]["text"] == "What surprised you this week?"
    assert data["coffee"] and data["coffee_pairs"] and data["column_rota"] and data["questions_watched"]
    assert data["meetup_cases"] and data["meetup_answers"][0]["answer"] == "going"
    assert data["tips"] and data["ideas"]
    assert any("Welcome to" in message["text"] for message in data["messages_to_them"])


async def _exported(console: ConsoleDriver) -> dict[str, Any]:
    """The JSON of the latest export, as the file the platform received."""
    async with console.database.transaction() as session:
        raw = await session.scalar(
            sa.select(OutboxMessage.message)
            .where(OutboxMessage.key.startswith("privacy-export:"))
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
    assert raw is not None
    found: dict[str, Any] = json.loads(message_from_json(raw).attachments[0].data)
    return found


async def test_an_export_never_holds_earlier_exports(console: ConsoleDriver) -> None:
    await _busy_member(console)
    await console.line("bob: /kindling privacy export")
    await console.line("ann: /kindling privacy export @bob")
    data = await _exported(console)
    assert not [
        m for m in data["messages_to_them"] if "kindling-1-data.json" in m["text"] or "member_id" in m["text"]
    ]


async def test_forget_leaves_nothing_of_the_member(console: ConsoleDriver) -> None:
    await _busy_member(console)
    assert await _rows_mentioning(console.database, "bob")  # there is plenty to forget
    delivered = await console.line("ann: /kindling privacy forget @bob")
    [reply] = [d for d in delivered if d.kind == "private"]
    assert "has forgotten them" in reply.text
    assert await _rows_mentioning(console.database, "bob") == {}


async def test_only_organisers_handle_someone_elses_data(console: ConsoleDriver) -> None:
    await _busy_member(console)
    [reply] = [d for d in await console.line("cas: /kindling privacy forget @bob") if d.kind == "private"]
    assert "only organisers" in reply.text
    assert await _rows_mentioning(console.database, "bob")


async def test_a_command_in_one_community_cannot_reach_another(console: ConsoleDriver) -> None:
    await _busy_member(console)
    kindling = console.kindling
    stranger = Person("zed", "zed")
    await kindling.handle(MemberJoined(OTHER, stranger))
    admin = Person("ola", "ola")
    for text in ("goal Other goals.", "ambassador add @bob", "privacy forget @bob", "coffee cadence 4"):
        await kindling.handle(CommandInvoked(OTHER, admin, "lobby", text, invoker_is_admin=True))
    # Buttons from this community's welcome and poll, clicked from the other one, find nothing there.
    await kindling.handle(
        ButtonClicked(OTHER, admin, "kindling.greeted", "1", "lobby", invoker_is_admin=True)
    )
    await kindling.handle(ButtonClicked(OTHER, admin, "kindling.poll.vote", "1:1", "lobby"))
    await console.worker.run_until_idle()
    async with console.database.transaction() as session:
        home = await session.scalar(sa.select(Community).where(Community.external_id == "console"))
        assert home is not None and home.goal == "Learn together."
    assert await _rows_mentioning(console.database, "bob")  # bob of the console community untouched
    [export] = [d for d in await console.line("bob: /kindling privacy export") if d.kind == "private"]
    assert "on its way" in export.text
