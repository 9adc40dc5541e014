"""poll numbers: each community numbers its polls, so `/kindling poll close 3` names one

Existing polls are numbered per community in the order they were made.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 16:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("polls") as batch_op:
        batch_op.add_column(sa.Column("number", sa.Integer(), nullable=True))
    polls = sa.table(
        "polls", sa.column("id", Id), sa.column("community_id", Id), sa.column("number", sa.Integer)
    )
    bind = op.get_bind()
    numbers: dict[int, int] = {}
    for poll_id, community_id in bind.execute(
        sa.select(polls.c.id, polls.c.community_id).order_by(polls.c.id)
    ):
        numbers[community_id] = numbers.get(community_id, 0) + 1
        bind.execute(polls.update().where(polls.c.id == poll_id).values(number=numbers[community_id]))
    with op.batch_alter_table("polls") as batch_op:
        batch_op.alter_column("number", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint("uq_polls_number", ["community_id", "number"])


def downgrade() -> None:
    with op.batch_alter_table("polls") as batch_op:
        batch_op.drop_constraint("uq_polls_number", type_="unique")
        batch_op.drop_column("number")
