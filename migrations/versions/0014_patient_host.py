"""a patient host: the voice budget (voice_days, communities.voice_share), unasked DMs per member and day
(direct_days), own prompts used once, and when a quiet thread was handed to someone (watched_posts.asked_at)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"  # 0012 (existing members), then 0013 (long member ids)
branch_labels: str | None = None
depends_on: str | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "voice_days",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("community_id", Id, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("member_posts", sa.Integer(), nullable=False),
        sa.Column("kindling_posts", sa.Integer(), nullable=False),
        sa.Column("held_back", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_voice_days_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voice_days")),
        sa.UniqueConstraint("community_id", "day", name="uq_voice_days_day"),
    )
    op.create_table(
        "direct_days",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("community_id", Id, nullable=False),
        sa.Column("member_id", sa.String(length=255), nullable=False),  # a member id: 0013's length
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_direct_days_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_direct_days")),
        sa.UniqueConstraint("community_id", "member_id", "day", name="uq_direct_days_day"),
    )
    with op.batch_alter_table("communities") as batch_op:
        batch_op.add_column(sa.Column("voice_share", sa.Integer(), nullable=False, server_default="25"))
    with op.batch_alter_table("prompts") as batch_op:
        batch_op.add_column(sa.Column("used_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("watched_posts") as batch_op:
        batch_op.add_column(sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True))
    _carry_prompt_cursors()


def _carry_prompt_cursors() -> None:
    """The cursor used to count through [own prompts..., defaults...]; now own prompts are each used once
    (used_at) and the cursor counts through the defaults only. Own prompts the old cursor had passed are
    marked used (at the migration, the moment we know of), and the cursor keeps its place in the defaults."""
    bind = op.get_bind()
    communities = sa.table("communities", sa.column("id"), sa.column("prompt_cursor"))
    prompts = sa.table("prompts", sa.column("id"), sa.column("community_id"), sa.column("used_at"))
    moved = bind.execute(
        sa.select(communities.c.id, communities.c.prompt_cursor).where(communities.c.prompt_cursor > 0)
    )
    now = sa.func.current_timestamp()
    for community_id, cursor in moved.all():
        own = (
            bind.execute(
                sa.select(prompts.c.id).where(prompts.c.community_id == community_id).order_by(prompts.c.id)
            )
            .scalars()
            .all()
        )
        passed = own[:cursor]
        if passed:
            bind.execute(sa.update(prompts).where(prompts.c.id.in_(passed)).values(used_at=now))
        bind.execute(
            sa.update(communities)
            .where(communities.c.id == community_id)
            .values(prompt_cursor=max(0, cursor - len(own)))
        )


def downgrade() -> None:
    with op.batch_alter_table("watched_posts") as batch_op:
        batch_op.drop_column("asked_at")
    with op.batch_alter_table("prompts") as batch_op:
        batch_op.drop_column("used_at")
    with op.batch_alter_table("communities") as batch_op:
        batch_op.drop_column("voice_share")
    op.drop_table("direct_days")
    op.drop_table("voice_days")
