"""one home per feature: member columns named one way, checked statuses, pair members and deliveries as rows

- Every column holding a member's platform id ends in `member_id` (RENAMES); 'forgotten' placeholders become
  NULL; roles say how they were granted (granted_via) and by whom (granter_member_id).
- Status, kind and answer columns get a CHECK constraint (CHECKS).
- coffee_pairs.members (comma-joined ids) becomes rows in coffee_pair_members.
- The platform ids a sent message got move from the outbox into deliveries; meetups name their calendar
  event's outbox key (event_key).
- Idea and meetup numbers are unique per community; older duplicates are renumbered.

The downgrade brings the 0009 shape back (the migration test compares the two). It is lossy only here:
forgotten members are gone from their coffee pair's list; a forgotten ambassador on a welcome stays NULL
(0009 wrote 'forgotten'); a role granted by command whose granter was forgotten looks bootstrapped;
renumbered ideas and meetups keep their new numbers; deliveries with no outbox row of their key, and values
new in 0010 ('queued', 'cancelled'), mean nothing to 0009's code.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 10:12:03.118406
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations
from sqlalchemy.engine import Connection

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None

FORGOTTEN = "forgotten"  # what 0009's privacy forget wrote in place of a member id
PLATFORM_ADMIN = "platform-admin"  # 0009's roles.granted_by for an organiser the platform made

# The values each column may hold at this revision, frozen here: bot/domain/status.py may grow, and a later
# revision then widens its own copy.
CHECKS: dict[str, dict[str, tuple[str, ...]]] = {
    "communities": {"fallback_mode": ("poll", "ambassadors")},
    "roles": {"role": ("organiser", "ambassador"), "granted_via": ("command", "platform_admin", "bootstrap")},
    "welcomes": {"status": ("held", "sent")},
    "outbox": {"status": ("pending", "sending", "sent", "dead")},
    "slot_claims": {"outcome": ("done", "missed")},
    "column_weeks": {"status": ("open", "asked", "confirmed", "skipped", "posted", "prompted")},
    "polls": {"origin": ("manual", "fallback", "idea"), "status": ("open", "closed")},
    "watched_posts": {
        "kind": ("prompt", "column", "question"),
        "status": ("watching", "lively", "polled", "asked", "skipped", "queued"),
    },
    "coffee_rounds": {"status": ("paired", "checked")},
    "ideas": {"status": ("open", "accepted", "closed")},
    "meetups": {"status": ("planned", "done", "cancelled")},
    "meetup_rsvps": {"answer": ("going", "maybe", "no")},
}

# table: {0009 name: 0010 name}. All are String(64); unique constraints and indexes follow the column.
RENAMES: dict[str, dict[str, str]] = {
    "members": {"external_id": "member_id"},
    "member_active_days": {"member_external_id": "member_id"},
    "roles": {"member_external_id": "member_id", "granted_by": "granter_member_id"},
    "welcomes": {
        "member_external_id": "member_id",
        "ambassador_external_id": "greeter_member_id",
        "greeted_by": "greeted_by_member_id",
    },
    "rota_entries": {"member_external_id": "member_id"},
    "column_weeks": {"expert_external_id": "expert_member_id"},
    "prompts": {"created_by": "author_member_id"},
    "polls": {"created_by": "creator_member_id"},
    "poll_votes": {"member_external_id": "member_id"},
    "watched_posts": {"author_external_id": "author_member_id"},
    "coffee_members": {"member_external_id": "member_id"},
    "coffee_checkins": {"member_external_id": "member_id"},
    "tips": {"author_external_id": "author_member_id", "saved_by": "saver_member_id"},
    "tip_votes": {"member_external_id": "member_id"},
    "ideas": {"author_external_id": "author_member_id"},
    "meetups": {"created_by": "creator_member_id"},
    "meetup_rsvps": {"member_external_id": "member_id"},
    "meetup_cases": {"author_external_id": "author_member_id"},
}

# NOT NULL in 0009, nullable from 0010 on: a forgotten author or saver leaves NULL, not a placeholder.
RELAXED: dict[str, str] = {"prompts": "author_member_id", "tips": "saver_member_id"}

UNIQUE_NUMBERS = ("ideas", "meetups")  # unique (community_id, number) as uq_<table>_number

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with _sqlite_foreign_keys_off(done="0010", expected_by_alembic="0009"):
        _refuse_unknown_values()
        _move_platform_ids_to_deliveries()
        _split_coffee_pairs()
        for table in UNIQUE_NUMBERS:
            _renumber_duplicates(table)
        _record_how_roles_were_granted()
        _forget_placeholders(("welcomes", "greeted_by"), ("welcomes", "ambassador_external_id"))
        op.add_column("meetups", sa.Column("event_key", sa.String(length=200), nullable=True))
        meetups = sa.table("meetups", sa.column("id", Id), sa.column("event_key", sa.String()))
        op.execute(
            meetups.update().values(event_key="meetup:" + sa.cast(meetups.c.id, sa.String()) + ":event")
        )
        _rename_members_unique("uq_members_community_external", "uq_members_member", on="external_id")
        # One batch per table: on SQLite each is one copy of the table, however many changes it carries.
        for table in sorted(RENAMES.keys() | CHECKS.keys() | {"coffee_pairs"}):
            with op.batch_alter_table(table) as batch_op:
                for old, new in RENAMES.get(table, {}).items():
                    batch_op.alter_column(
                        old,
                        new_column_name=new,
                        existing_type=sa.String(length=64),
                        nullable=True if RELAXED.get(table) == new else None,
                    )
                _upgrade_table_specifics(table, batch_op)
                for column, values in CHECKS.get(table, {}).items():
                    batch_op.create_check_constraint(op.f(f"ck_{table}_{column}"), _one_of(column, values))
        _forget_placeholders(("tips", "saver_member_id"))  # nullable only now


def _upgrade_table_specifics(table: str, batch_op: BatchOperations) -> None:
    if table == "roles":
        batch_op.alter_column("granted_via", existing_type=sa.String(length=16), nullable=False)
    elif table == "outbox":
        batch_op.drop_index("ix_outbox_platform_message")
        batch_op.drop_column("platform_message_id")
        batch_op.drop_column("platform_channel_id")
    elif table == "coffee_pairs":
        batch_op.drop_column("members")
    elif table in UNIQUE_NUMBERS:
        batch_op.create_unique_constraint(f"uq_{table}_number", ["community_id", "number"])


def _rename_members_unique(old: str, new: str, *, on: str) -> None:
    """A batch of its own, before the rename, on the column's current name: SQLite's copy silently leaves out
    a new constraint on a column renamed in the same batch; an existing one follows the rename."""
    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_constraint(old, type_="unique")
        batch_op.create_unique_constraint(new, ["community_id", on])


def _refuse_unknown_values() -> None:
    """A value outside its CHECK would fail the migration halfway with a bare integrity error; say which."""
    bind = op.get_bind()
    for table, checks in CHECKS.items():
        for column, values in checks.items():
            if column == "granted_via":  # new in this revision
                continue
            stored = sa.table(table, sa.column(column, sa.String()))
            unknown = bind.execute(
                sa.select(stored.c[column]).distinct().where(stored.c[column].not_in(values))
            ).scalars()
            if found := sorted(unknown):
                raise RuntimeError(
                    f"{table}.{column} holds {found}, outside {values}: correct those rows and upgrade again"
                )


def _move_platform_ids_to_deliveries() -> None:
    deliveries = op.create_table(
        "deliveries",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("community_id", Id, nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("channel_id", sa.String(length=64), nullable=False),
        sa.Column("message_id", sa.String(length=64), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_deliveries_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("key", name=op.f("uq_deliveries_key")),
    )
    op.create_index("ix_deliveries_message", "deliveries", ["community_id", "message_id"], unique=False)
    outbox = sa.table(
        "outbox",
        sa.column("community_id", Id),
        sa.column("key", sa.String()),
        sa.column("status", sa.String()),
        sa.column("platform_channel_id", sa.String()),
        sa.column("platform_message_id", sa.String()),
        sa.column("sent_at", sa.DateTime(timezone=True)),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        deliveries.insert().from_select(
            ["community_id", "key", "channel_id", "message_id", "delivered_at"],
            sa.select(
                outbox.c.community_id,
                outbox.c.key,
                outbox.c.platform_channel_id,
                outbox.c.platform_message_id,
                sa.func.coalesce(outbox.c.sent_at, outbox.c.created_at),
            ).where(outbox.c.status == "sent", outbox.c.platform_channel_id.is_not(None)),
        )
    )


def _split_coffee_pairs() -> None:
    pair_members = op.create_table(
        "coffee_pair_members",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("pair_id", Id, nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["coffee_pairs.id"],
            name=op.f("fk_coffee_pair_members_pair_id_coffee_pairs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coffee_pair_members")),
        sa.UniqueConstraint("pair_id", "member_id", name="uq_coffee_pair_members_member"),
    )
    op.create_index(op.f("ix_coffee_pair_members_pair_id"), "coffee_pair_members", ["pair_id"], unique=False)
    pairs = sa.table("coffee_pairs", sa.column("id", Id), sa.column("members", sa.Text()))
    rows = []
    for pair_id, joined in op.get_bind().execute(sa.select(pairs.c.id, pairs.c.members)):
        # Forgotten members are dropped; a member listed twice is one member.
        people = [p for p in dict.fromkeys(p.strip() for p in joined.split(",")) if p and p != FORGOTTEN]
        rows += [{"pair_id": pair_id, "member_id": m, "position": n} for n, m in enumerate(people)]
    if rows:
        op.bulk_insert(pair_members, rows)


def _renumber_duplicates(table: str) -> None:
    """Keeps the first (lowest id) of each duplicate number; each later one gets its community's next."""
    rows = sa.table(
        table, sa.column("id", Id), sa.column("community_id", Id), sa.column("number", sa.Integer())
    )
    bind = op.get_bind()
    duplicated = (
        sa.select(rows.c.community_id)
        .group_by(rows.c.community_id, rows.c.number)
        .having(sa.func.count() > 1)
        .distinct()
    )
    affected = bind.execute(
        sa.select(rows.c.id, rows.c.community_id, rows.c.number)
        .where(rows.c.community_id.in_(duplicated))
        .order_by(rows.c.id)
    ).all()
    highest: dict[int, int] = defaultdict(int)
    for _, community_id, number in affected:
        highest[community_id] = max(highest[community_id], number)
    seen: set[tuple[int, int]] = set()
    for row_id, community_id, number in affected:
        if (community_id, number) in seen:
            highest[community_id] += 1
            number = highest[community_id]
            bind.execute(rows.update().where(rows.c.id == row_id).values(number=number))
        seen.add((community_id, number))


def _record_how_roles_were_granted() -> None:
    op.add_column("roles", sa.Column("granted_via", sa.String(length=16), nullable=True))
    roles = sa.table("roles", sa.column("granted_by", sa.String()), sa.column("granted_via", sa.String()))
    op.execute(
        roles.update().values(
            granted_via=sa.case(
                (roles.c.granted_by == PLATFORM_ADMIN, "platform_admin"),
                (roles.c.granted_by.is_(None), "bootstrap"),
                else_="command",
            ),
            granted_by=sa.case((roles.c.granted_by == PLATFORM_ADMIN, None), else_=roles.c.granted_by),
        )
    )


def _forget_placeholders(*columns: tuple[str, str]) -> None:
    for table, column in columns:
        stored = sa.table(table, sa.column(column, sa.String()))
        op.execute(stored.update().where(stored.c[column] == FORGOTTEN).values({column: None}))


def _one_of(column: str, values: tuple[str, ...]) -> str:
    """The condition as SQLAlchemy renders an Enum's own CHECK, so both read the same in the schema."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def downgrade() -> None:
    with _sqlite_foreign_keys_off(done="0009", expected_by_alembic="0010"):
        _rename_members_unique("uq_members_member", "uq_members_community_external", on="member_id")
        _restore_placeholders()
        _join_coffee_pairs()
        _return_platform_ids_to_outbox()
        for table in sorted(RENAMES.keys() | CHECKS.keys() | {"coffee_pairs"}):
            with op.batch_alter_table(table) as batch_op:
                for column in CHECKS.get(table, {}):
                    batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
                _downgrade_table_specifics(table, batch_op)
                for old, new in RENAMES.get(table, {}).items():
                    batch_op.alter_column(
                        new,
                        new_column_name=old,
                        existing_type=sa.String(length=64),
                        nullable=False if RELAXED.get(table) == new else None,
                    )
        op.drop_table("coffee_pair_members")
        op.drop_table("deliveries")


def _downgrade_table_specifics(table: str, batch_op: BatchOperations) -> None:
    if table == "roles":
        batch_op.drop_column("granted_via")
    elif table == "outbox":
        batch_op.create_index(
            "ix_outbox_platform_message", ["community_id", "platform_message_id"], unique=False
        )
    elif table == "coffee_pairs":
        batch_op.alter_column("members", existing_type=sa.Text(), nullable=False)
    elif table in UNIQUE_NUMBERS:
        batch_op.drop_constraint(f"uq_{table}_number", type_="unique")
        if table == "meetups":
            batch_op.drop_column("event_key")


def _restore_placeholders() -> None:
    """0009 wrote 'forgotten' where 0010 has NULL, and marked platform-made organisers in granted_by."""
    roles = sa.table(
        "roles", sa.column("granted_via", sa.String()), sa.column("granter_member_id", sa.String())
    )
    op.execute(
        roles.update().where(roles.c.granted_via == "platform_admin").values(granter_member_id=PLATFORM_ADMIN)
    )
    for table, column in RELAXED.items():  # NOT NULL again
        stored = sa.table(table, sa.column(column, sa.String()))
        op.execute(stored.update().where(stored.c[column].is_(None)).values({column: FORGOTTEN}))
    welcomes = sa.table(
        "welcomes",
        sa.column("greeted_at", sa.DateTime(timezone=True)),
        sa.column("greeted_by_member_id", sa.String()),
    )
    # 0009 set greeted_by together with greeted_at: a greeting without a greeter was a forgotten one.
    op.execute(
        welcomes.update()
        .where(welcomes.c.greeted_at.is_not(None), welcomes.c.greeted_by_member_id.is_(None))
        .values(greeted_by_member_id=FORGOTTEN)
    )


def _join_coffee_pairs() -> None:
    op.add_column("coffee_pairs", sa.Column("members", sa.Text(), nullable=True))
    pairs = sa.table("coffee_pairs", sa.column("id", Id), sa.column("members", sa.Text()))
    pair_members = sa.table(
        "coffee_pair_members",
        sa.column("pair_id", Id),
        sa.column("member_id", sa.String()),
        sa.column("position", sa.Integer()),
    )
    joined: dict[int, list[str]] = defaultdict(list)
    bind = op.get_bind()
    for pair_id, member_id in bind.execute(
        sa.select(pair_members.c.pair_id, pair_members.c.member_id).order_by(
            pair_members.c.pair_id, pair_members.c.position
        )
    ):
        joined[pair_id].append(member_id)
    for pair_id, people in joined.items():
        bind.execute(pairs.update().where(pairs.c.id == pair_id).values(members=",".join(people)))
    op.execute(pairs.update().where(pairs.c.members.is_(None)).values(members=""))


def _return_platform_ids_to_outbox() -> None:
    with op.batch_alter_table("outbox") as batch_op:  # adding nullable columns copies nothing on SQLite
        batch_op.add_column(sa.Column("platform_channel_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("platform_message_id", sa.String(length=64), nullable=True))
    outbox = sa.table(
        "outbox",
        sa.column("key", sa.String()),
        sa.column("platform_channel_id", sa.String()),
        sa.column("platform_message_id", sa.String()),
    )
    deliveries = sa.table(
        "deliveries",
        sa.column("key", sa.String()),
        sa.column("channel_id", sa.String()),
        sa.column("message_id", sa.String()),
    )
    delivered = sa.select(deliveries).where(deliveries.c.key == outbox.c.key)
    op.execute(
        outbox.update()
        .where(delivered.exists())
        .values(
            platform_channel_id=delivered.with_only_columns(deliveries.c.channel_id).scalar_subquery(),
            platform_message_id=delivered.with_only_columns(deliveries.c.message_id).scalar_subquery(),
        )
    )


@contextmanager
def _sqlite_foreign_keys_off(*, done: str, expected_by_alembic: str) -> Iterator[None]:
    """SQLite changes a table by copying it, dropping the original and renaming the copy (batch mode). With
    foreign keys enforced, that DROP first deletes every row, and ON DELETE CASCADE empties the tables that
    reference it (copying `communities` would empty nearly all the others). SQLite's own recipe
    (https://www.sqlite.org/lang_altertable.html#otheralter): switch enforcement off, which it only allows
    outside a transaction, check the keys before committing, and switch it back on.

    Database.upgrade runs the migrations in one transaction with enforcement on; this commits that
    transaction, runs the revision in a new one and commits that too. The revision's own commit records it
    in alembic_version (so a crash right after cannot leave 0010's schema labelled 0009), and the version
    Alembic expects to move from is put back in the next transaction, where Alembic moves it itself. A
    connection without enforcement (`alembic upgrade` from the shell, PostgreSQL) runs straight through."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" or not bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        yield
        return
    _between_transactions(bind, "PRAGMA foreign_keys = OFF")
    try:
        yield
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(
                f"rows whose foreign key points nowhere (table, rowid, parent, fk): {broken[:10]}"
            )
    except BaseException:
        # Some failures (a full disk) have already ended the transaction in SQLite.
        with suppress(sa.exc.OperationalError):
            bind.exec_driver_sql("ROLLBACK")
        bind.exec_driver_sql("PRAGMA foreign_keys = ON")
        bind.exec_driver_sql("BEGIN IMMEDIATE")  # for the caller's own rollback to end
        raise
    version = sa.table(op.get_context().version_table, sa.column("version_num", sa.String()))
    bind.execute(version.update().values(version_num=done))
    _between_transactions(bind, "PRAGMA foreign_keys = ON")
    bind.execute(version.update().values(version_num=expected_by_alembic))


def _between_transactions(bind: Connection, pragma: str) -> None:
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql(pragma)
    bind.exec_driver_sql("BEGIN IMMEDIATE")  # as Database begins every transaction: the writer's lock first
