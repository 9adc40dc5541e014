"""existing members: who was here before Kindling, and the requests to note them

- members.before_kindling: recorded from the platform's member list at set-up (false for every member
  Kindling knew before: it met them as they joined or posted, and cannot tell now).
- member_syncs: one request per community to note who is already there (who asked, the worker's lease,
  attempts, how many were noted, when it was done, the last error).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UtcDateTime = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("members") as batch_op:
        batch_op.add_column(
            sa.Column("before_kindling", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "member_syncs",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("community_id", Id, nullable=False),
        sa.Column("requested_at", UtcDateTime, nullable=False),
        sa.Column("requested_by_member_id", sa.String(64), nullable=True),
        sa.Column("leased_until", UtcDateTime, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("recorded", sa.Integer(), nullable=False),
        sa.Column("done_at", UtcDateTime, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name="fk_member_syncs_community_id_communities",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_member_syncs"),
        sa.UniqueConstraint("community_id", name="uq_member_syncs_community_id"),
    )


def downgrade() -> None:
    op.drop_table("member_syncs")
    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_column("before_kindling")
