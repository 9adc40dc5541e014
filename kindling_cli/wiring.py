"""Wiring: which adapters run, on which database, with which clock and scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from adapters.console.platform import ConsolePlatform
from adapters.console.runner import run_console as read_console
from adapters.console.session import ConsoleSession
from bot.clock import ManualClock, SystemClock
from bot.kindling import Kindling
from bot.outbox_worker import OutboxWorker
from bot.services.due_work import DueWork
from bot.settings import Settings
from bot.storage.database import Database
from scheduling.jobs import JobScheduler

log = logging.getLogger(__name__)


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

        platform = ConsolePlatform(write)
        worker = OutboxWorker(
            database=database,
            platform_name="console",
            chat=platform,
            clock=clock,
            max_attempts=settings.outbox_max_attempts,
            lease=timedelta(seconds=settings.outbox_lease_seconds),
        )
        due_work = DueWork(
            database=database, clock=clock, grace=timedelta(hours=settings.schedule_grace_hours)
        )
        session = ConsoleSession(
            kindling=kindling,
            worker=worker,
            clock=clock,
            write=write,
            due_work=due_work,
            platform=platform,
        )
        await read_console(session, source=sys.stdin)
    finally:
        await database.close()


Runner = Callable[..., Coroutine[Any, Any, None]]


def platform_runners(settings: Settings) -> dict[str, Runner]:
    """The adapters whose settings are present. Imported only when used: a Slack-only deployment never
    loads discord.py, and the reverse."""
    runners: dict[str, Runner] = {}
    if settings.slack_configured:
        from adapters.slack.runtime import run_slack

        runners["slack"] = run_slack
    if settings.discord_configured:
        from adapters.discord.runtime import run_discord

        runners["discord"] = run_discord
    return runners


async def run_platforms(settings: Settings, *, stop: asyncio.Event | None = None) -> None:
    """Run every configured adapter and the scheduler until SIGINT/SIGTERM (or `stop`), then shut down in
    order: adapters stop taking events and drain their outbox, the scheduler stops, the database closes."""
    stop = stop or asyncio.Event()
    signals = _stop_on_signals(stop)
    database = Database(settings.database_url)
    try:
        await database.upgrade()
        clock = SystemClock()
        kindling = Kindling(database=database, clock=clock)
        due_work = DueWork(
            database=database,
            clock=clock,
            grace=timedelta(hours=settings.schedule_grace_hours),
            on_queued=kindling.wake_delivery,
        )
        scheduler = JobScheduler(database=database, due_work=due_work, clock=clock)
        kindling.on_schedules_changed = scheduler.schedules_changed
        due_work.on_schedules_changed = scheduler.schedules_changed
        await scheduler.start()
        try:
            await _run_until_stopped(settings, kindling=kindling, database=database, clock=clock, stop=stop)
        finally:
            await scheduler.settled()
            await scheduler.stop()
    finally:
        await database.close()
        for signum in signals:
            asyncio.get_running_loop().remove_signal_handler(signum)


async def _run_until_stopped(
    settings: Settings, *, kindling: Kindling, database: Database, clock: SystemClock, stop: asyncio.Event
) -> None:
    tasks: dict[str, asyncio.Task[None]] = {
        name: asyncio.create_task(
            runner(settings=settings, kindling=kindling, database=database, clock=clock, stop=stop), name=name
        )
        for name, runner in platform_runners(settings).items()
    }
    log.info("kindling running: %s", ", ".join(tasks) or "nothing")
    try:
        done, _ = await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            if task.exception() is not None:
                log.error("the %s adapter stopped: %s", task.get_name(), task.exception())
    finally:
        stop.set()  # one adapter failing stops the others cleanly too
        await asyncio.gather(*tasks.values(), return_exceptions=True)
    for task in tasks.values():
        error = task.exception()
        if error is not None:
            raise error


def _stop_on_signals(stop: asyncio.Event) -> list[signal.Signals]:
    loop = asyncio.get_running_loop()
    installed = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Not in the main thread, or a platform without signals: then only `stop` ends the run.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
            installed.append(signum)
    return installed


async def discord_invite_url(settings: Settings) -> str:
    from adapters.discord.runtime import fetch_invite_url

    return await fetch_invite_url(settings)
