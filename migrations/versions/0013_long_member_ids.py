"""long member ids: a member's platform id may be 255 characters long (a Matrix user id)

Every column holding a member id goes from 64 to 255 characters, and so does a slot claim's subject (a
member, for a nudge). Outbox keys, which may name two members (a dead-letter notice to an organiser about a
message to a member), go from 200 to 1,000 characters in the outbox and in deliveries. Only lengths change:
every row stays as it is. PostgreSQL widens a varchar without rewriting the table; SQLite, which does not
enforce lengths, copies each table to record the new declaration (Database.upgrade runs every migration
with SQLite's foreign keys off, so a copy cascades into nothing).

The downgrade narrows them again, and refuses (changing nothing) while a value is longer than 0012 allows.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26 16:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None

MEMBER_ID = (64, 255)
KEY = (200, 1000)

# table: {column: (length before, length after)}, frozen here: the models describe head, not this revision.
WIDENED: dict[str, dict[str, tuple[int, int]]] = {
    "members": {"member_id": MEMBER_ID},
    "member_active_days": {"member_id": MEMBER_ID},
    "roles": {"member_id": MEMBER_ID, "granter_member_id": MEMBER_ID},
    "member_syncs": {"requested_by_member_id": MEMBER_ID},
    "welcomes": {"member_id": MEMBER_ID, "greeter_member_id": MEMBER_ID, "greeted_by_member_id": MEMBER_ID},
    "outbox": {"key": KEY},
    "deliveries": {"key": KEY},
    "slot_claims": {"subject": MEMBER_ID},
    "rota_entries": {"member_id": MEMBER_ID},
    "column_weeks": {"expert_member_id": MEMBER_ID},
    "prompts": {"author_member_id": MEMBER_ID},
    "polls": {"creator_member_id": MEMBER_ID},
    "poll_votes": {"member_id": MEMBER_ID},
    "watched_posts": {"author_member_id": MEMBER_ID},
    "coffee_members": {"member_id": MEMBER_ID},
    "coffee_pair_members": {"member_id": MEMBER_ID},
    "coffee_checkins": {"member_id": MEMBER_ID},
    "tips": {"author_member_id": MEMBER_ID, "saver_member_id": MEMBER_ID},
    "tip_votes": {"member_id": MEMBER_ID},
    "ideas": {"author_member_id": MEMBER_ID},
    "meetups": {"creator_member_id": MEMBER_ID},
    "meetup_rsvps": {"member_id": MEMBER_ID},
    "meetup_cases": {"author_member_id": MEMBER_ID},
}


def upgrade() -> None:
    _resize(after=True)


def downgrade() -> None:
    _refuse_long_values()
    _resize(after=False)


def _resize(*, after: bool) -> None:
    # One batch per table: on SQLite each is one copy of the table, however many columns it widens.
    for table, columns in WIDENED.items():
        with op.batch_alter_table(table) as batch_op:
            for column, (before, widened) in columns.items():
                batch_op.alter_column(
                    column,
                    existing_type=sa.String(length=before if after else widened),
                    type_=sa.String(length=widened if after else before),
                )


def _refuse_long_values() -> None:
    bind = op.get_bind()
    too_long = []
    for table, columns in WIDENED.items():
        for column, (before, _) in columns.items():
            value = sa.column(column, sa.String())
            found = bind.execute(
                sa.select(sa.func.count())
                .select_from(sa.table(table, value))
                .where(sa.func.length(value) > before)
            ).scalar_one()
            if found:
                too_long.append(f"{table}.{column}: {found} longer than {before}")
    if too_long:
        raise RuntimeError("cannot narrow the member ids back to 0012's lengths: " + "; ".join(too_long))
