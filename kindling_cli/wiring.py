"""Wiring: which adapters run, on which database, with which clock."""

from __future__ import annotations

import sys
from datetime import timedelta

from adapters.console.platform import ConsolePlatform
from adapters.console.runner import run_console as read_console
from adapters.console.session import ConsoleSession
from bot.clock import ManualClock, SystemClock
from bot.kindling import Kindling
from bot.outbox_worker import OutboxWorker
from bot.services.due_work import DueWork
from bot.settings import Settings
from bot.storage.database import Database


async def migrate(settings: Settings) -> None:
    database = Database(settings.database_url)
    try:
        await database.upgrade()
    finally:
        await database.close()


async def run_console(settings: Settings) -> None:
    database = Database(settings.database_url)
    try:
        await database.upgrade()
        # The console's clock starts now and moves only on `time +3d`, so a month passes in a minute.
        clock = ManualClock(SystemClock().now())
        kindling = Kindling(database=database, clock=clock)

        def write(text: str) -> None:
            print(text, flush=True)

        worker = OutboxWorker(
            database=database,
            platform_name="console",
            chat=ConsolePlatform(write),
            clock=clock,
            max_attempts=settings.outbox_max_attempts,
        )
        due_work = DueWork(
            database=database, clock=clock, grace=timedelta(hours=settings.schedule_grace_hours)
        )
        session = ConsoleSession(
            kindling=kindling, worker=worker, clock=clock, write=write, due_work=due_work
        )
        await read_console(session, source=sys.stdin)
    finally:
        await database.close()


async def run_platforms(settings: Settings) -> None:
    raise SystemExit("kindling: the Slack and Discord adapters are not wired in yet")
