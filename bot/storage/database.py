"""The database handle: one async engine, short transactions, and the upgrade to head at start."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

import migrations

MIGRATIONS_DIR = Path(migrations.__file__).resolve().parent
# Any constant works; replicas starting together take turns at migrating.
_MIGRATION_LOCK_ID = 7_413_201


class Database:
    def __init__(self, url: str, **engine_options: Any) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            engine_options.setdefault("connect_args", {"timeout": 30})
        self.engine: AsyncEngine = create_async_engine(url, **engine_options)
        if self.is_sqlite:
            _make_sqlite_serialise_writers(self.engine)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: everything in it is committed together, or nothing is."""
        async with self._sessions() as session, session.begin():
            yield session

    async def ping(self) -> bool:
        """Whether the database answers now (the readiness probe)."""
        try:
            async with self.engine.connect() as connection:
                await connection.execute(sa.text("SELECT 1"))
        except Exception:
            return False
        return True

    async def upgrade(self, revision: str = "head") -> None:
        async with self.engine.begin() as connection:
            if not self.is_sqlite:
                await connection.execute(sa.text(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_ID})"))
            await connection.run_sync(_run_alembic, "upgrade", revision)

    async def downgrade(self, revision: str = "base") -> None:
        async with self.engine.begin() as connection:
            await connection.run_sync(_run_alembic, "downgrade", revision)

    async def close(self) -> None:
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _run_alembic(connection: Connection, action: str, revision: str) -> None:
    config = alembic_config(connection)
    with _sqlite_foreign_keys_off(connection):
        if action == "upgrade":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)


@contextmanager
def _sqlite_foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite changes a table by copying it, dropping the original and renaming the copy (Alembic's batch
    mode). With foreign keys enforced, that DROP first deletes every row, and ON DELETE CASCADE empties the
    tables that point at it (copying `polls` would empty `poll_votes`). SQLite's own recipe
    (https://www.sqlite.org/lang_altertable.html#otheralter): switch enforcement off, which it allows only
    outside a transaction, check the keys before committing, switch it back on. Every migration runs this
    way, so none can forget it; PostgreSQL changes tables in place and needs none of it."""
    if connection.dialect.name != "sqlite" or not connection.exec_driver_sql("PRAGMA foreign_keys").scalar():
        yield
        return
    _between_transactions(connection, "PRAGMA foreign_keys = OFF")
    try:
        yield
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(
                f"rows whose foreign key points nowhere (table, rowid, parent, fk): {broken[:10]}"
            )
    except BaseException:
        with suppress(sa.exc.OperationalError):  # some failures (a full disk) have ended the transaction
            connection.exec_driver_sql("ROLLBACK")
        connection.exec_driver_sql("PRAGMA foreign_keys = ON")
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # for the caller's own rollback to end
        raise
    _between_transactions(connection, "PRAGMA foreign_keys = ON")


def _between_transactions(connection: Connection, pragma: str) -> None:
    connection.exec_driver_sql("COMMIT")
    connection.exec_driver_sql(pragma)
    connection.exec_driver_sql("BEGIN IMMEDIATE")  # as every transaction begins here: the writer's lock first


def _make_sqlite_serialise_writers(engine: AsyncEngine) -> None:
    """SQLite allows one writer; BEGIN IMMEDIATE makes a second one wait (busy timeout) instead of failing
    halfway through a transaction that started as a reader."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


#: A unit of work as the rest of the core sees it: handed to storage functions, never used for SQL itself.
Session = AsyncSession
