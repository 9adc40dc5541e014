"""The schema exists only through Alembic: up to head and back to base on both engines, and the models
never drift from what the migrations build."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from bot.storage.database import Database
from bot.storage.models import Base, MemberActiveDay, UtcDateTime

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
    "coffee_checkins",
    "poll_tallies",
    "poll_ballots",
    "tips",
    "tip_votes",
    "ideas",
    "meetups",
    "meetup_rsvps",
    "meetup_cases",
}


def _tables(connection: Connection) -> set[str]:
    return set(sa.inspect(connection).get_table_names()) - {"alembic_version"}


def _model_drift(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


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
        await database.upgrade()
        async with database.engine.connect() as connection:
            rows = await connection.execute(
                sa.select(
                    MemberActiveDay.community_id, MemberActiveDay.member_external_id, MemberActiveDay.day
                )
            )
            assert [tuple(row) for row in rows] == [(community_id, "ann", date(2026, 1, 12))]
    finally:
        await database.close()


def _table(name: str, columns: list[str]) -> sa.TableClause:
    """The table as it was at the older revision, just the columns given: the models describe head."""
    return sa.table(name, *(sa.column(c, UtcDateTime() if c.endswith("_at") else None) for c in columns))


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
