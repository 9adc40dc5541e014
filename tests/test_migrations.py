"""The schema exists only through Alembic: up to head and back to base on both engines, and the models
never drift from what the migrations build."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from bot.storage.database import Database
from bot.storage.models import Base

TABLES = {
    "communities",
    "members",
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
