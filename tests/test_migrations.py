"""The schema exists only through Alembic: up to head and back to base on both engines, and the models
never drift from what the migrations build."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.status import (
    ClaimOutcome,
    CoffeeRoundStatus,
    ColumnWeekStatus,
    FallbackMode,
    GrantedVia,
    IdeaStatus,
    MeetupStatus,
    OutboxStatus,
    PollOrigin,
    PollStatus,
    RoleName,
    RsvpAnswer,
    WatchKind,
    WatchStatus,
    WelcomeStatus,
)
from bot.storage.database import Database
from bot.storage.models import (
    Base,
    CoffeePairMember,
    CoffeeRound,
    ColumnWeek,
    Community,
    Delivery,
    Idea,
    Meetup,
    MeetupRsvp,
    OutboxMessage,
    Poll,
    Role,
    SlotClaim,
    Tip,
    UtcDateTime,
    WatchedPost,
    Welcome,
)

TABLES = {
    "communities",
    "members",
    "member_active_days",
    "roles",
    "welcomes",
    "outbox",
    "slack_installations",
    "slack_oauth_states",
    "schedules",
    "slot_claims",
    "rota_entries",
    "column_weeks",
    "prompts",
    "polls",
    "poll_votes",
    "watched_posts",
    "coffee_members",
    "coffee_rounds",
    "coffee_pairs",
    "coffee_pair_members",
    "coffee_checkins",
    "poll_tallies",
    "poll_ballots",
    "tips",
    "tip_votes",
    "ideas",
    "meetups",
    "meetup_rsvps",
    "meetup_cases",
    "deliveries",
    "member_syncs",
}


def _tables(connection: Connection) -> set[str]:
    return set(sa.inspect(connection).get_table_names()) - {"alembic_version"}


def _model_drift(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [*compare_metadata(context, Base.metadata), *_check_drift(connection)]


def _check_drift(connection: Connection) -> list[object]:
    """Alembic's comparison skips CHECK constraints: compare each table's by name and the values they
    allow (each engine words the condition its own way: `IN (...)` on SQLite, `= ANY (ARRAY[...])` on
    PostgreSQL)."""
    inspector = sa.inspect(connection)
    drift: list[object] = []
    for table in Base.metadata.sorted_tables:
        wanted = {
            f"ck_{table.name}_{column.name}": set(column.type.enums)
            for column in table.columns
            if isinstance(column.type, sa.Enum)
        }
        found = {
            check["name"]: set(re.findall(r"'([^']*)'", check["sqltext"]))
            for check in inspector.get_check_constraints(table.name)
        }
        if found != wanted:
            drift.append(("check constraints", table.name, found, wanted))
    return drift


async def test_upgrade_to_head_and_back_to_base(empty_database_url: str) -> None:
    database = Database(empty_database_url)
    try:
        await database.upgrade()
        async with database.engine.connect() as connection:
            assert await connection.run_sync(_tables) >= TABLES
            assert await connection.run_sync(_model_drift) == []
        await database.upgrade()  # a second start finds nothing to do
        await database.downgrade("base")
        async with database.engine.connect() as connection:
            assert await connection.run_sync(_tables) == set()
    finally:
        await database.close()


async def test_active_days_start_from_each_members_latest_post(empty_database_url: str) -> None:
    """0009 backfills the one active day the older schema can tell: the local day of the latest post."""
    database = Database(empty_database_url)
    try:
        await database.upgrade("0008")
        # Sunday 11 January 23:30 UTC is Monday 12 January 00:30 in Amsterdam.
        late_sunday = datetime(2026, 1, 11, 23, 30, tzinfo=UTC)
        async with database.engine.begin() as connection:
            community = _community("A", "Europe/Amsterdam")
            communities = _table("communities", ["id", *community])
            inserted = await connection.execute(communities.insert().returning(communities.c.id), community)
            community_id = inserted.scalar_one()
            members = [
                _member(community_id, "ann", last_post_at=late_sunday),
                _member(community_id, "bob", last_post_at=None),  # never posted
                _member(community_id, "botty", last_post_at=late_sunday, is_bot=True),
            ]
            await connection.execute(_table("members", list(members[0])).insert(), members)
        await database.upgrade("0009")
        async with database.engine.connect() as connection:
            active_days = _table("member_active_days", ["community_id", "member_external_id", "day"])
            rows = await connection.execute(sa.select(active_days))
            assert [tuple(row) for row in rows] == [(community_id, "ann", date(2026, 1, 12))]
    finally:
        await database.close()


# 0010 ------------------------------------------------------------------------------------------------------

T = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
ONE, TWO = 1, 2  # community ids

#: Member columns whose values carry over as they are: (table, name at 0009, name at 0010, value).
RENAMED = [
    ("members", "external_id", "member_id", "ann"),
    ("member_active_days", "member_external_id", "member_id", "ann"),
    ("rota_entries", "member_external_id", "member_id", "ann"),
    ("column_weeks", "expert_external_id", "expert_member_id", "ann"),
    ("prompts", "created_by", "author_member_id", "ann"),
    ("polls", "created_by", "creator_member_id", "bob"),
    ("poll_votes", "member_external_id", "member_id", "ann"),
    ("watched_posts", "author_external_id", "author_member_id", "dan"),
    ("coffee_members", "member_external_id", "member_id", "ann"),
    ("coffee_checkins", "member_external_id", "member_id", "ann"),
    ("tip_votes", "member_external_id", "member_id", "bob"),
    ("meetup_rsvps", "member_external_id", "member_id", "ann"),
    ("meetup_cases", "author_external_id", "author_member_id", "dan"),
]


async def test_0010_carries_every_row_to_the_new_schema_and_back(empty_database_url: str) -> None:
    database = Database(empty_database_url)
    try:
        await database.upgrade("0009")
        async with database.engine.begin() as connection:
            shape_at_0009 = await connection.run_sync(_schema)
            for table, rows in _rows_at_0009().items():
                await connection.execute(_table(table, list(rows[0])).insert(), rows)

        await database.upgrade("0010")
        async with database.engine.connect() as connection:
            await _assert_arrived_at_0010(connection)
            for table, column in (
                ("welcomes", "status"),
                ("roles", "granted_via"),
                ("communities", "fallback_mode"),
                ("meetup_rsvps", "answer"),
            ):
                with pytest.raises(sa.exc.IntegrityError, match=f"ck_{table}_{column}"):
                    await connection.execute(sa.text(f"UPDATE {table} SET {column} = 'bogus'"))
                await connection.rollback()

        await database.downgrade("0009")
        async with database.engine.connect() as connection:
            assert await connection.run_sync(_schema) == shape_at_0009
            await _assert_back_at_0009(connection)
    finally:
        await database.close()


async def test_0010_refuses_a_value_its_checks_would_reject_and_changes_nothing(
    empty_database_url: str,
) -> None:
    """Refused before any table changes, with the rows named; on SQLite that path also restores foreign key
    enforcement, which the migration switches off while it copies tables."""
    database = Database(empty_database_url)
    try:
        await database.upgrade("0009")
        rows = _rows_at_0009()
        rows["welcomes"][1]["status"] = "waiting"
        async with database.engine.begin() as connection:
            for table, table_rows in rows.items():
                await connection.execute(_table(table, list(table_rows[0])).insert(), table_rows)
        with pytest.raises(RuntimeError, match=r"welcomes\.status holds \['waiting'\]"):
            await database.upgrade("0010")
        async with database.engine.begin() as connection:
            assert await connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0009"
            assert await connection.scalar(sa.text("SELECT count(*) FROM poll_votes")) == 1
            if database.is_sqlite:
                assert await connection.scalar(sa.text("PRAGMA foreign_keys")) == 1
            await connection.execute(sa.text("UPDATE welcomes SET status = 'held' WHERE status = 'waiting'"))
        await database.upgrade("0010")
        async with database.engine.connect() as connection:
            assert await connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0010"
            if database.is_sqlite:
                assert await connection.scalar(sa.text("PRAGMA foreign_keys")) == 1
    finally:
        await database.close()


async def _assert_arrived_at_0010(connection: AsyncConnection) -> None:
    assert await _stored(connection, [(table, new) for table, _, new, _ in RENAMED]) == [
        value for *_, value in RENAMED
    ]
    assert await _rows(connection, Role.member_id, Role.role, Role.granted_via, Role.granter_member_id) == [
        ("ann", RoleName.ORGANISER, GrantedVia.PLATFORM_ADMIN, None),
        ("bob", RoleName.ORGANISER, GrantedVia.BOOTSTRAP, None),
        ("cat", RoleName.AMBASSADOR, GrantedVia.COMMAND, "ann"),
    ]
    welcomes = Welcome.member_id, Welcome.status, Welcome.greeter_member_id, Welcome.greeted_by_member_id
    assert await _rows(connection, *welcomes) == [
        ("dan", WelcomeStatus.SENT, "cat", "cat"),
        ("eve", WelcomeStatus.HELD, None, None),  # 'forgotten' named nobody
    ]
    assert await _rows(connection, Tip.author_member_id, Tip.saver_member_id) == [
        ("dan", "ann"),
        (None, None),
    ]
    assert await _rows(
        connection, CoffeePairMember.pair_id, CoffeePairMember.member_id, CoffeePairMember.position
    ) == [(1, "ann", 0), (1, "bob", 1), (1, "cat", 2), (2, "dan", 0)]
    assert await _rows(
        connection, Delivery.community_id, Delivery.key, Delivery.channel_id, Delivery.message_id
    ) == [(ONE, "meetup:1:event", "C1", "E9")]
    assert await connection.scalar(sa.select(Delivery.delivered_at)) == T
    assert await _rows(connection, Idea.community_id, Idea.number) == [
        (ONE, 1),
        (ONE, 2),
        (ONE, 3),  # the later of two number 1s
        (TWO, 1),  # numbers count per community
    ]
    assert await _rows(connection, Meetup.number, Meetup.creator_member_id, Meetup.event_key) == [
        (1, "ann", "meetup:1:event"),
        (2, "ann", "meetup:2:event"),
    ]
    statuses = {
        Community.fallback_mode: FallbackMode.AMBASSADORS,
        OutboxMessage.status: OutboxStatus.SENT,
        SlotClaim.outcome: ClaimOutcome.MISSED,
        ColumnWeek.status: ColumnWeekStatus.ASKED,
        Poll.origin: PollOrigin.FALLBACK,
        Poll.status: PollStatus.CLOSED,
        WatchedPost.kind: WatchKind.QUESTION,
        WatchedPost.status: WatchStatus.LIVELY,
        CoffeeRound.status: CoffeeRoundStatus.CHECKED,
        Idea.status: IdeaStatus.ACCEPTED,
        Meetup.status: MeetupStatus.DONE,
        MeetupRsvp.answer: RsvpAnswer.MAYBE,
    }
    for column, value in statuses.items():
        assert await connection.scalar(sa.select(column).order_by(column.class_.id).limit(1)) is value


async def _assert_back_at_0009(connection: AsyncConnection) -> None:
    assert await _stored(connection, [(table, old) for table, old, _, _ in RENAMED]) == [
        value for *_, value in RENAMED
    ]
    roles = _table("roles", ["id", "member_external_id", "granted_by"])
    assert await _old_rows(connection, roles) == [
        (1, "ann", "platform-admin"),
        (2, "bob", None),
        (3, "cat", "ann"),
    ]
    welcomes = _table("welcomes", ["id", "ambassador_external_id", "greeted_by"])
    # Only which ambassador was forgotten is lost: 0009 accepted NULL there too.
    assert await _old_rows(connection, welcomes) == [(1, "cat", "cat"), (2, None, "forgotten")]
    assert await _old_rows(connection, _table("tips", ["id", "saved_by"])) == [(1, "ann"), (2, "forgotten")]
    assert await _old_rows(connection, _table("coffee_pairs", ["id", "members"])) == [
        (1, "ann,bob,cat"),
        (2, "dan"),  # the forgotten member is not listed any more
    ]
    outbox = _table("outbox", ["id", "platform_channel_id", "platform_message_id"])
    assert await _old_rows(connection, outbox) == [(1, "C1", "E9"), (2, None, None), (3, None, None)]
    ideas = _table("ideas", ["id", "number"])
    assert await _old_rows(connection, ideas) == [(1, 1), (2, 2), (3, 3), (4, 1)]  # renumbering stays


def _schema(connection: Connection) -> dict[str, object]:
    """Everything the inspector can tell about every table, to compare two states of one database."""
    inspector = sa.inspect(connection)
    return {
        table: (
            {
                c["name"]: (str(c["type"]), c["nullable"], c.get("default"))
                for c in inspector.get_columns(table)
            },
            sorted((u["name"], u["column_names"]) for u in inspector.get_unique_constraints(table)),
            sorted((i["name"], i["column_names"], i["unique"]) for i in inspector.get_indexes(table)),
            sorted(
                (f["name"], f["constrained_columns"], f["referred_table"], f["options"].get("ondelete"))
                for f in inspector.get_foreign_keys(table)
            ),
            sorted((c["name"], c["sqltext"]) for c in inspector.get_check_constraints(table)),
        )
        for table in inspector.get_table_names()
    }


async def _rows(connection: AsyncConnection, *columns: Any) -> list[tuple[Any, ...]]:
    """The columns of one model's rows, in insertion (id) order."""
    found = await connection.execute(sa.select(*columns).order_by(columns[0].class_.id))
    return [tuple(row) for row in found]


async def _old_rows(connection: AsyncConnection, table: sa.TableClause) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in await connection.execute(sa.select(table).order_by(table.c.id))]


async def _stored(connection: AsyncConnection, columns: list[tuple[str, str]]) -> list[object]:
    """The value in each (table, column); every table named holds one row."""
    return [await connection.scalar(sa.select(_table(table, [column]))) for table, column in columns]


def _rows_at_0009() -> dict[str, list[dict[str, object]]]:
    """A row or more in every table 0010 changes, in the 0009 shape, in foreign key order."""
    return {
        "communities": [
            {"id": ONE, **_community("one", "UTC"), "fallback_mode": "ambassadors"},
            {"id": TWO, **_community("two", "UTC")},
        ],
        "members": [{"id": 1, **_member(ONE, "ann", last_post_at=T)}],
        "member_active_days": [{"id": 1, "community_id": ONE, "member_external_id": "ann", "day": T.date()}],
        "roles": [
            _role(1, "ann", "organiser", granted_by="platform-admin"),
            _role(2, "bob", "organiser", granted_by=None),  # bootstrapped
            _role(3, "cat", "ambassador", granted_by="ann"),
        ],
        "welcomes": [
            _welcome(1, "dan", "sent", ambassador="cat", greeted_by="cat"),
            _welcome(2, "eve", "held", ambassador="forgotten", greeted_by="forgotten"),
        ],
        "outbox": [
            _outbox(1, "meetup:1:event", channel_id="C1", message_id="E9"),
            _outbox(2, "welcome:1", channel_id=None, message_id=None),  # a DM gets no channel recorded
            _outbox(3, "prompt:1", channel_id=None, message_id=None, status="pending"),
        ],
        "slot_claims": [
            {"id": 1, "community_id": ONE, "kind": "column", "subject": "", "slot_at": T, "claimed_at": T}
            | {"claimed_by": "replica", "outcome": "missed"}
        ],
        "rota_entries": [
            {"id": 1, "community_id": ONE, "member_external_id": "ann", "position": 0, "added_at": T}
        ],
        "column_weeks": [
            {"id": 1, "community_id": ONE, "slot_at": T, "expert_external_id": "ann", "topic": "Marking"}
            | {"status": "asked", "updated_at": T}
        ],
        "prompts": [{"id": 1, "community_id": ONE, "text": "What?", "created_by": "ann", "created_at": T}],
        "polls": [
            {"id": 1, "community_id": ONE, "channel_id": "C1", "thread_id": None, "question": "Which?"}
            | {"options": '["a", "b"]', "multiple": False, "anonymous": False, "ballot_salt": None}
            | {"origin": "fallback", "created_by": "bob", "created_at": T, "closes_at": T}
            | {"status": "closed", "message_key": "poll:1"}
        ],
        "poll_votes": [{"id": 1, "poll_id": 1, "member_external_id": "ann", "option": 1, "voted_at": T}],
        "watched_posts": [
            {"id": 1, "community_id": ONE, "channel_id": "C1", "outbox_key": None, "message_id": "M1"}
            | {"kind": "question", "author_external_id": "dan", "posted_at": T, "check_at": T}
            | {"replies": 3, "status": "lively"}
        ],
        "coffee_members": [
            {"id": 1, "community_id": ONE, "member_external_id": "ann", "joined_at": T, "skip_until": None}
        ],
        "coffee_rounds": [
            {"id": 1, "community_id": ONE, "round_at": T, "checkin_at": T, "status": "checked"}
        ],
        "coffee_pairs": [
            {"id": 1, "round_id": 1, "community_id": ONE, "members": "ann,bob,cat"},
            {"id": 2, "round_id": 1, "community_id": ONE, "members": "forgotten,dan"},
        ],
        "coffee_checkins": [
            {"id": 1, "pair_id": 1, "member_external_id": "ann", "met": True, "answered_at": T}
        ],
        "tips": [_tip(1, author="dan", saved_by="ann"), _tip(2, author=None, saved_by="forgotten")],
        "tip_votes": [{"id": 1, "tip_id": 1, "member_external_id": "bob"}],
        "ideas": [
            _idea(1, ONE, number=1, status="accepted"),
            _idea(2, ONE, number=2),
            _idea(3, ONE, number=1),
            _idea(4, TWO, number=1),
        ],
        "meetups": [_meetup(1, number=1, status="done"), _meetup(2, number=1)],
        "meetup_rsvps": [
            {"id": 1, "meetup_id": 2, "member_external_id": "ann", "answer": "maybe", "answered_at": T}
        ],
        "meetup_cases": [
            {"id": 1, "community_id": ONE, "meetup_id": 1, "text": "A case", "author_external_id": "dan"}
            | {"created_at": T}
        ],
    }


def _role(row_id: int, member: str, role: str, *, granted_by: str | None) -> dict[str, object]:
    return {"id": row_id, "community_id": ONE, "member_external_id": member, "role": role} | {
        "granted_at": T,
        "granted_by": granted_by,
    }


def _welcome(row_id: int, member: str, status: str, *, ambassador: str, greeted_by: str) -> dict[str, object]:
    return {
        "id": row_id,
        "community_id": ONE,
        "member_external_id": member,
        "status": status,
        "ambassador_external_id": ambassador,
        "created_at": T,
        "sent_at": T if status == "sent" else None,
        "greeted_at": T,
        "greeted_by": greeted_by,
    }


def _outbox(
    row_id: int, key: str, *, channel_id: str | None, message_id: str | None, status: str = "sent"
) -> dict[str, object]:
    return {
        "id": row_id,
        "community_id": ONE,
        "platform": "console",
        "key": key,
        "destination": "{}",
        "message": "{}",
        "status": status,
        "attempts": 1,
        "next_attempt_at": T,
        "lease_until": None,
        "created_at": T,
        "sent_at": T if status == "sent" else None,
        "last_error": None,
        "platform_channel_id": channel_id,
        "platform_message_id": message_id,
    }


def _tip(row_id: int, *, author: str | None, saved_by: str) -> dict[str, object]:
    return {
        "id": row_id,
        "community_id": ONE,
        "text": "Start small",
        "author_external_id": author,
        "saved_by": saved_by,
        "channel_id": None,
        "message_id": None,
        "created_at": T,
    }


def _idea(row_id: int, community_id: int, *, number: int, status: str = "open") -> dict[str, object]:
    return {
        "id": row_id,
        "community_id": community_id,
        "number": number,
        "text": "More meetups",
        "author_external_id": None,
        "status": status,
        "created_at": T,
        "decided_at": None,
    }


def _meetup(row_id: int, *, number: int, status: str = "planned") -> dict[str, object]:
    return {
        "id": row_id,
        "community_id": ONE,
        "number": number,
        "title": "Spring meetup",
        "starts_at": T,
        "created_by": "ann",
        "status": status,
        "recap": None,
        "created_at": T,
    }


def _table(name: str, columns: list[str]) -> sa.TableClause:
    """The table as it was at the older revision, just the columns given: the models describe head."""
    return sa.table(name, *(sa.column(c, _old_type(c)) for c in columns))


def _old_type(column: str) -> sa.types.TypeEngine[Any] | None:
    if column.endswith("_at"):
        return UtcDateTime()
    return sa.Date() if column == "day" else None


def _community(external_id: str, zone: str) -> dict[str, object]:
    return {
        "platform": "console",
        "external_id": external_id,
        "name": external_id,
        "language": "en",
        "timezone": zone,
        "ambassador_cursor": 0,
        "quiet_start": "22:00",
        "quiet_end": "08:00",
        "rota_cursor": 0,
        "prompt_cursor": 0,
        "fallback_min_replies": 2,
        "fallback_after_hours": 48,
        "fallback_mode": "poll",
        "fallback_cooldown_hours": 24,
        "created_at": datetime(2025, 12, 1, tzinfo=UTC),
    }


def _member(
    community_id: int, external_id: str, *, last_post_at: datetime | None, is_bot: bool = False
) -> dict[str, object]:
    return {
        "community_id": community_id,
        "external_id": external_id,
        "display_name": external_id,
        "is_bot": is_bot,
        "joined_at": datetime(2026, 1, 1, tzinfo=UTC),
        "first_post_at": last_post_at,
        "last_post_at": last_post_at,
        "post_count": int(last_post_at is not None),
        "appreciation_opt_out": False,
    }


async def test_0011_numbers_each_communitys_polls_in_the_order_they_were_made(
    empty_database_url: str,
) -> None:
    database = Database(empty_database_url)
    try:
        await database.upgrade("0010")
        now = datetime(2026, 1, 5, tzinfo=UTC)
        async with database.engine.begin() as connection:
            ids = {name: await _insert_community(connection, name, now) for name in ("A", "B")}
            for community in ("A", "B", "A"):
                await connection.execute(
                    sa.text(
                        "INSERT INTO polls (community_id, channel_id, question, options, multiple, "
                        "anonymous, origin, created_at, closes_at, status, message_key) "
                        "VALUES (:c, 'home', 'Q?', '[\"a\", \"b\"]', false, false, 'manual', :now, :now, "
                        "'open', 'poll:x')"
                    ),
                    {"c": ids[community], "now": now},
                )
        await database.upgrade("0011")
        async with database.engine.connect() as connection:
            numbered = (
                await connection.execute(sa.text("SELECT community_id, number FROM polls ORDER BY id"))
            ).all()
        assert [tuple(row) for row in numbered] == [(ids["A"], 1), (ids["B"], 1), (ids["A"], 2)]
    finally:
        await database.close()


async def test_a_table_copied_on_sqlite_keeps_the_rows_that_point_at_it(empty_database_url: str) -> None:
    """0011 copies `polls` (batch mode) to add its number: the votes that point at a poll must survive
    (Database.upgrade switches SQLite's foreign keys off while migrations copy tables)."""
    database = Database(empty_database_url)
    try:
        await database.upgrade("0010")
        now = datetime(2026, 1, 5, tzinfo=UTC)
        async with database.engine.begin() as connection:
            community = await _insert_community(connection, "c", now)
            await connection.execute(
                sa.text(
                    "INSERT INTO polls (community_id, channel_id, question, options, multiple, "
                    "anonymous, origin, created_at, closes_at, status, message_key) "
                    "VALUES (:c, 'home', 'Q?', '[\"a\", \"b\"]', false, false, 'manual', :now, :now, "
                    "'open', 'poll:1')"
                ),
                {"c": community, "now": now},
            )
            poll = await connection.scalar(sa.text("SELECT id FROM polls"))
            await connection.execute(
                sa.text(
                    "INSERT INTO poll_votes (poll_id, member_id, option, voted_at) "
                    "VALUES (:p, 'bob', 0, :now)"
                ),
                {"p": poll, "now": now},
            )
        await database.upgrade()
        async with database.engine.connect() as connection:
            assert await connection.scalar(sa.text("SELECT count(*) FROM poll_votes")) == 1
            if database.is_sqlite:
                assert await connection.scalar(sa.text("PRAGMA foreign_keys")) == 1
    finally:
        await database.close()


async def test_0014_carries_each_prompt_cursor_into_own_prompts_used_and_a_place_in_the_defaults(
    empty_database_url: str,
) -> None:
    """Before 0014 the cursor counted through [own prompts..., defaults...]. A's cursor 3 had passed both
    own prompts and one default; B's cursor 1 had used one of two own prompts; C never posted one."""
    database = Database(empty_database_url)
    try:
        await database.upgrade("0011")
        now = datetime(2026, 1, 5, tzinfo=UTC)
        async with database.engine.begin() as connection:
            ids = {
                name: await _insert_community(connection, name, now, prompt_cursor=cursor)
                for name, cursor in (("A", 3), ("B", 1), ("C", 0))
            }
            for community, text in (("A", "a1"), ("B", "b1"), ("A", "a2"), ("B", "b2"), ("C", "c1")):
                await connection.execute(
                    sa.text("INSERT INTO prompts (community_id, text, created_at) VALUES (:c, :text, :now)"),
                    {"c": ids[community], "text": text, "now": now},
                )
        await database.upgrade("0014")
        async with database.engine.connect() as connection:
            used = await connection.execute(
                sa.text("SELECT text, used_at IS NOT NULL FROM prompts ORDER BY text")
            )
            cursors = await connection.execute(
                sa.text("SELECT external_id, prompt_cursor FROM communities ORDER BY external_id")
            )
            assert [tuple(row) for row in used] == [
                ("a1", True),
                ("a2", True),
                ("b1", True),
                ("b2", False),
                ("c1", False),
            ]
            assert [tuple(row) for row in cursors] == [("A", 1), ("B", 0), ("C", 0)]
    finally:
        await database.close()


async def test_0012_counts_every_member_it_finds_as_known_and_goes_back_without_losing_them(
    empty_database_url: str,
) -> None:
    """Members Kindling met before 0012 stay as they were (it cannot tell now who was here first); the
    downgrade drops the flag and the requests, never a member."""
    database = Database(empty_database_url)
    try:
        await database.upgrade("0011")
        now = datetime(2026, 1, 5, tzinfo=UTC)
        async with database.engine.begin() as connection:
            await connection.execute(
                sa.text(
                    "INSERT INTO communities (platform, external_id, name, language, timezone, "
                    "ambassador_cursor, quiet_start, quiet_end, rota_cursor, prompt_cursor, "
                    "fallback_min_replies, fallback_after_hours, fallback_mode, "
                    "fallback_cooldown_hours, created_at) VALUES ('console', 'c', 'C', 'en', 'UTC', "
                    "0, '22:00', '08:00', 0, 0, 2, 48, 'poll', 24, :now)"
                ),
                {"now": now},
            )
            community = (await connection.execute(sa.text("SELECT id FROM communities"))).scalar_one()
            for member in ("ann", "bob"):
                await connection.execute(
                    sa.text(
                        "INSERT INTO members (community_id, member_id, display_name, is_bot, joined_at, "
                        "post_count, appreciation_opt_out) VALUES (:c, :m, :m, false, :now, 0, false)"
                    ),
                    {"c": community, "m": member, "now": now},
                )
        await database.upgrade("0012")
        async with database.engine.begin() as connection:
            flags = (
                await connection.execute(sa.text("SELECT member_id, before_kindling FROM members ORDER BY 1"))
            ).all()
            assert [(member, bool(flag)) for member, flag in flags] == [("ann", False), ("bob", False)]
            await connection.execute(
                sa.text(
                    "INSERT INTO member_syncs (community_id, requested_at, attempts, recorded) "
                    "VALUES (:c, :now, 0, 0)"
                ),
                {"c": community, "now": now},
            )
            with pytest.raises(sa.exc.IntegrityError):  # one request per community
                async with connection.begin_nested():
                    await connection.execute(
                        sa.text(
                            "INSERT INTO member_syncs (community_id, requested_at, attempts, recorded) "
                            "VALUES (:c, :now, 0, 0)"
                        ),
                        {"c": community, "now": now},
                    )
        await database.downgrade("0011")
        async with database.engine.connect() as connection:
            assert "member_syncs" not in await connection.run_sync(_tables)
            kept = (await connection.execute(sa.text("SELECT member_id FROM members ORDER BY 1"))).all()
        assert [member for (member,) in kept] == ["ann", "bob"]
    finally:
        await database.close()


async def _insert_community(
    connection: AsyncConnection, name: str, now: datetime, *, prompt_cursor: int = 0
) -> int:
    """A community row as the schema of 0010 to 0013 has it (raw SQL: the models describe the head)."""
    await connection.execute(
        sa.text(
            "INSERT INTO communities (platform, external_id, name, language, timezone, "
            "ambassador_cursor, quiet_start, quiet_end, rota_cursor, prompt_cursor, "
            "fallback_min_replies, fallback_after_hours, fallback_mode, "
            "fallback_cooldown_hours, created_at) VALUES ('console', :name, :name, 'en', 'UTC', "
            "0, '22:00', '08:00', 0, :cursor, 2, 48, 'poll', 24, :now)"
        ),
        {"name": name, "cursor": prompt_cursor, "now": now},
    )
    found = await connection.scalar(
        sa.text("SELECT id FROM communities WHERE external_id = :name"), {"name": name}
    )
    assert isinstance(found, int)
    return found
