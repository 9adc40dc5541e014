"""The database answers, and its schema is the newest this Kindling knows (else: `kindling migrate`)."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, make_url

from bot.storage.database import Database, alembic_config
from kindling_cli.doctor.report import Section


async def check_database(url: str) -> Section:
    shown = make_url(url).render_as_string(hide_password=True)
    section = Section(f"Database ({shown})")
    database = Database(url)
    try:
        if not await database.ping():
            section.problem(
                "the database does not answer: check KINDLING_DATABASE_URL, and that the server runs and "
                "lets this user in"
            )
            return section
        section.ok("the database answers")
        async with database.engine.connect() as connection:
            current, newest = await connection.run_sync(_revisions)
    finally:
        await database.close()
    known = set(ScriptDirectory.from_config(alembic_config()).walk_revisions())
    if current == newest:
        section.ok(f"the schema is the newest ({newest})")
    elif current is None:
        section.problem(f"the database is empty: run `kindling migrate` (creates the schema, {newest})")
    elif current not in {script.revision for script in known}:
        section.problem(
            f"the schema is at {current}, which this Kindling does not know: a newer Kindling migrated it; "
            "run that version"
        )
    else:
        section.problem(f"the schema is at {current}, the newest is {newest}: run `kindling migrate`")
    return section


def _revisions(connection: Connection) -> tuple[str | None, str | None]:
    current = MigrationContext.configure(connection).get_current_revision()
    newest = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return current, newest
