"""Migration 0013 widens member ids to 255 characters (a Matrix user id) and outbox keys to 1,000, keeping
every row, on SQLite and PostgreSQL; its downgrade refuses while a longer value is stored.

Rows are written as plain SQL with only the columns 0012 has: the models describe the newest schema."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from bot.storage.database import Database

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
#: As long as the Matrix spec allows: "@" + localpart + ":" + server name, 255 characters in all.
LONG_ID = "@" + "a" * 200 + ":" + "s" * 49 + ".org"
SHORT_ID = "@ann:kindling.test"
LONG_KEY = f"deadletter:nudge:1:{LONG_ID}:{LONG_ID}"

COMMUNITY = (
    "INSERT INTO communities (platform, external_id, name, language, timezone, ambassador_cursor, "
    "quiet_start, quiet_end, rota_cursor, prompt_cursor, fallback_min_replies, fallback_after_hours, "
    "fallback_mode, fallback_cooldown_hours, created_at) VALUES ('matrix', '!home:kindling.test', 'home', "
    "'en', 'UTC', 0, '22:00', '08:00', 0, 0, 2, 48, 'poll', 24, :now)"
)
MEMBER = (
    "INSERT INTO members (community_id, member_id, display_name, is_bot, joined_at, post_count, "
    "appreciation_opt_out) VALUES (:community, :member, 'someone', false, :now, 0, false)"
)
POLL = (
    "INSERT INTO polls (community_id, number, channel_id, question, options, multiple, anonymous, origin, "
    "creator_member_id, created_at, closes_at, status, message_key) VALUES (:community, 1, "
    "'!home:kindling.test', 'Q?', '[\"a\", \"b\"]', false, false, 'manual', :member, :now, :now, 'open', "
    "'poll:1')"
)
VOTE = "INSERT INTO poll_votes (poll_id, member_id, option, voted_at) VALUES (:poll, :member, 0, :now)"
OUTBOX = (
    "INSERT INTO outbox (community_id, platform, key, destination, message, status, attempts, "
    "next_attempt_at, created_at) VALUES (:community, 'matrix', :key, '{}', '{}', 'pending', 0, :now, :now)"
)


async def _one(database: Database, sql: str) -> list[str]:
    async with database.engine.connect() as connection:
        return [str(row[0]) for row in await connection.execute(sa.text(sql))]


async def test_0013_takes_a_matrix_user_id_of_255_characters_and_keeps_every_row(
    empty_database_url: str,
) -> None:
    assert len(LONG_ID) == 255
    database = Database(empty_database_url)
    try:
        await database.upgrade("0012")
        async with database.engine.begin() as connection:
            await connection.execute(sa.text(COMMUNITY), {"now": NOW})
            community = (await connection.execute(sa.text("SELECT id FROM communities"))).scalar_one()
            values = {"community": community, "member": SHORT_ID, "now": NOW}
            await connection.execute(sa.text(MEMBER), values)
            await connection.execute(sa.text(POLL), values)
            poll = (await connection.execute(sa.text("SELECT id FROM polls"))).scalar_one()
            # A child of a table SQLite copies: a copy with foreign keys on would cascade it away.
            await connection.execute(sa.text(VOTE), {"poll": poll, "member": SHORT_ID, "now": NOW})

        await database.upgrade("0013")
        async with database.engine.begin() as connection:
            await connection.execute(sa.text(MEMBER), {**values, "member": LONG_ID})
            await connection.execute(sa.text(OUTBOX), {**values, "key": LONG_KEY})
        assert sorted(await _one(database, "SELECT member_id FROM members")) == sorted([SHORT_ID, LONG_ID])
        assert await _one(database, "SELECT key FROM outbox") == [LONG_KEY]
        assert await _one(database, "SELECT member_id FROM poll_votes") == [SHORT_ID]

        with pytest.raises(RuntimeError, match=r"members\.member_id: 1 longer than 64"):
            await database.downgrade("0012")
        assert await _one(database, "SELECT version_num FROM alembic_version") == ["0013"]
        assert len(await _one(database, "SELECT member_id FROM members")) == 2

        async with database.engine.begin() as connection:
            await connection.execute(sa.text("DELETE FROM members WHERE member_id = :m"), {"m": LONG_ID})
            await connection.execute(sa.text("DELETE FROM outbox"))
        await database.downgrade("0012")
        assert await _one(database, "SELECT version_num FROM alembic_version") == ["0012"]
        assert await _one(database, "SELECT member_id FROM members") == [SHORT_ID]
        assert await _one(database, "SELECT member_id FROM poll_votes") == [SHORT_ID]
    finally:
        await database.close()
