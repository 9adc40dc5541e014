"""Wiring: the one place every part is built and handed its collaborators at construction.

The core (registry, turns, Kindling, due work), the signals between them, an intake and an outbox worker per
adapter, the scheduler, and the process's one HTTP server (/healthz, /readyz, /metrics, and the routes
adapters add). Adapters are imported only when used: a Slack-only deployment never loads discord.py or
mautrix, and the reverse.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol, runtime_checkable

from adapters.console.capabilities import CAPABILITIES as CONSOLE
from adapters.discord.capabilities import CAPABILITIES as DISCORD
from adapters.matrix.capabilities import CAPABILITIES as MATRIX
from adapters.slack.capabilities import CAPABILITIES as SLACK
from adapters.web.operations import Readiness, operations_routes
from adapters.web.server import WebServer
from bot import metrics
from bot.clock import Clock, ManualClock, SystemClock
from bot.due_work import DueWork, process_identity
from bot.features import registry
from bot.features.configuration.roster import MemberSyncWorker
from bot.intake import Intake
from bot.kindling import Kindling
from bot.outbox_worker import OutboxWorker
from bot.port import CapabilityBook, ChatPlatform, ListsMembers
from bot.registry import Registry
from bot.settings import Settings
from bot.signals import ScheduleChanges, Wakeup
from bot.storage.database import Database
from bot.turn import Turns
from scheduling.jobs import JobScheduler

log = logging.getLogger(__name__)

#: After `stop`, how long adapters and outbox workers get to finish before what is left is cancelled:
#: `kindling run` ends within 10 s of SIGTERM (an orchestrator's usual grace before SIGKILL).
SHUTDOWN_BUDGET = 8.0

#: Every platform Kindling knows, so the core can shape a message for any community whichever adapters run
#: in this process (a Discord-only replica still runs due work for Slack communities' schedules).
CAPABILITIES: CapabilityBook = {"console": CONSOLE, "slack": SLACK, "discord": DISCORD, "matrix": MATRIX}


@dataclass(frozen=True, slots=True)
class Core:
    database: Database
    clock: Clock
    registry: Registry
    wakeup: Wakeup
    schedule_changes: ScheduleChanges
    turns: Turns
    kindling: Kindling
    due_work: DueWork

    def intake(self, platform: str | None = None) -> Intake:
        """An adapter's way into the core; named after its platform, it counts what passes (`/metrics`)."""
        return Intake(handle=self.kindling.handle, platform=platform)

    def worker(self, settings: Settings, *, platform_name: str, chat: ChatPlatform) -> OutboxWorker:
        return OutboxWorker(
            turns=self.turns,
            platform_name=platform_name,
            chat=chat,
            clock=self.clock,
            wakeup=self.wakeup,
            max_attempts=settings.outbox_max_attempts,
            lease=timedelta(seconds=settings.outbox_lease_seconds),
            registry=self.registry,
        )

    def member_sync(self, *, platform_name: str, lister: ListsMembers) -> MemberSyncWorker:
        """Notes who is already in a community, at set-up, through the platform that can list them."""
        return MemberSyncWorker(
            turns=self.turns, platform_name=platform_name, lister=lister, clock=self.clock, wakeup=self.wakeup
        )


def build_core(settings: Settings, *, database: Database, clock: Clock) -> Core:
    features = registry()
    wakeup, schedule_changes = Wakeup(), ScheduleChanges()
    turns = Turns(
        database=database,
        clock=clock,
        capabilities=CAPABILITIES,
        wakeup=wakeup,
        schedule_changes=schedule_changes,
        default_language=settings.default_language,
        owner=process_identity(),
    )
    return Core(
        database=database,
        clock=clock,
        registry=features,
        wakeup=wakeup,
        schedule_changes=schedule_changes,
        turns=turns,
        kindling=Kindling(turns=turns, registry=features),
        due_work=DueWork(
            turns=turns, registry=features, clock=clock, grace=timedelta(hours=settings.schedule_grace_hours)
        ),
    )


async def migrate(settings: Settings) -> None:
    database = Database(settings.database_url)
    try:
        await database.upgrade()
    finally:
        await database.close()


@dataclass(frozen=True, slots=True)
class Operations:
    """The process's one HTTP server with /healthz, /readyz and /metrics; adapters add their routes to it
    (before it starts) and their readiness checks."""

    web: WebServer
    readiness: Readiness


def operations(settings: Settings, core: Core) -> Operations:
    web = WebServer(host=settings.http_host, port=settings.http_port)
    readiness = Readiness()
    readiness.add("database", core.database.ping)
    refresh = functools.partial(metrics.refresh_outbox, core.database)
    web.add_routes(operations_routes(readiness=readiness, refresh=refresh))
    return Operations(web, readiness)


async def run_console(settings: Settings) -> None:
    from adapters.console.platform import ConsolePlatform
    from adapters.console.runner import run_console as read_console
    from adapters.console.session import ConsoleSession

    database = Database(settings.database_url)
    try:
        await database.upgrade()
        # The console's clock starts now and moves only on `time +3d`, so a month passes in a minute.
        clock = ManualClock(SystemClock().now())
        core = build_core(settings, database=database, clock=clock)

        def write(text: str) -> None:
            print(text, flush=True)

        platform = ConsolePlatform(write)
        session = ConsoleSession(
            kindling=core.kindling,
            worker=core.worker(settings, platform_name="console", chat=platform),
            clock=clock,
            write=write,
            due_work=core.due_work,
            platform=platform,
        )
        web = operations(settings, core).web
        try:
            await web.start()
        except OSError as error:  # a second console, say: the console works without its health endpoints
            log.warning("no /healthz, /readyz, /metrics on %s:%s: %s", web.host, web.port, error)
        try:
            await read_console(session, source=sys.stdin)
        finally:
            await web.stop()
    finally:
        await database.close()


class Adapter(Protocol):
    """What the composition root needs of a platform adapter."""

    @property
    def platform(self) -> ChatPlatform: ...

    @property
    def ready(self) -> asyncio.Event: ...

    async def run(self, stop: asyncio.Event) -> None: ...


@runtime_checkable
class Accepting(Protocol):
    """Optional: an adapter that can tell whether it takes events right now (for /readyz). Without it, an
    adapter counts as ready once its `ready` is set."""

    def accepting(self) -> bool: ...


#: Builds an adapter; `web` is the process's HTTP server for routes of its own (None: serve them itself).
AdapterFactory = Callable[[Settings, Core, WebServer | None], Adapter]


def adapter_factories(settings: Settings) -> dict[str, AdapterFactory]:
    """The adapters whose settings are present."""
    factories: dict[str, AdapterFactory] = {}
    if settings.slack_configured:
        factories["slack"] = _slack
    if settings.discord_configured:
        factories["discord"] = _discord
    if settings.matrix_configured:
        factories["matrix"] = _matrix
    return factories


def _slack(settings: Settings, core: Core, web: WebServer | None) -> Adapter:
    from adapters.slack.runtime import SlackRuntime
    from bot.installations import SlackInstallations

    return SlackRuntime(
        settings=settings,
        intake=core.intake("slack"),
        installations=SlackInstallations(database=core.database, clock=core.clock),
        clock=core.clock,
        ready=core.database.ping,
        web=web,
    )


def _discord(settings: Settings, core: Core, web: WebServer | None) -> Adapter:
    from adapters.discord.runtime import DiscordAdapter

    return DiscordAdapter(
        settings=settings,
        intake=core.intake("discord"),
        registry=core.registry,
        guild_ready_timeout=settings.discord_guild_ready_timeout,
    )


def _matrix(settings: Settings, core: Core, web: WebServer | None) -> Adapter:
    from adapters.matrix.runtime import MatrixAdapter

    return MatrixAdapter(settings=settings, intake=core.intake("matrix"))


async def run_platforms(settings: Settings, *, stop: asyncio.Event | None = None) -> None:
    """Run every configured adapter, its outbox worker, the scheduler and the HTTP server until
    SIGINT/SIGTERM (or `stop`), then shut down in order: /readyz turns 503, adapters stop taking events and
    finish what they acknowledged, workers finish their batch, the scheduler stops, the HTTP server and the
    database close."""
    stop = stop or asyncio.Event()
    signals = _stop_on_signals(stop)
    database = Database(settings.database_url)
    try:
        await database.upgrade()
        core = build_core(settings, database=database, clock=SystemClock())
        scheduler = JobScheduler(
            database=database, due_work=core.due_work, clock=core.clock, changes=core.schedule_changes
        )
        await scheduler.start()
        try:
            await serve(settings, core=core, stop=stop, operations=operations(settings, core))
        finally:
            await scheduler.stop()
    finally:
        await database.close()
        for signum in signals:
            asyncio.get_running_loop().remove_signal_handler(signum)


class Worker(Protocol):
    async def run(self, stop: asyncio.Event) -> None: ...


async def _when_ready(adapter: Adapter, worker: Worker, stop: asyncio.Event) -> None:
    """Run `worker` once the adapter can reach its platform (or not at all, if `stop` comes first)."""
    ready = asyncio.ensure_future(adapter.ready.wait())
    stopped = asyncio.ensure_future(stop.wait())
    await asyncio.wait({ready, stopped}, return_when=asyncio.FIRST_COMPLETED)
    ready.cancel()
    stopped.cancel()
    if adapter.ready.is_set():
        await worker.run(stop)


async def serve(
    settings: Settings, *, core: Core, stop: asyncio.Event, operations: Operations | None = None
) -> None:
    """Every configured adapter with its outbox worker, until `stop` is set or one of them fails (then the
    others stop cleanly too and the failure is raised). With `operations`, its HTTP server carries every
    adapter's routes and readiness and runs as long as they do."""
    web = operations.web if operations is not None else None
    adapters = {name: build(settings, core, web) for name, build in adapter_factories(settings).items()}
    if operations is not None:
        for name, adapter in adapters.items():
            check = adapter.accepting if isinstance(adapter, Accepting) else adapter.ready.is_set
            operations.readiness.add(name, check)
        await operations.web.start()
        log.info(
            "serving %s on %s:%s",
            ", ".join(sorted(operations.web.paths())),
            operations.web.host,
            operations.web.port,
        )
    marking = asyncio.create_task(_not_ready_once_stopping(stop, operations))
    try:
        await _serve(adapters, core=core, settings=settings, stop=stop)
    finally:
        stop.set()
        await marking
        if operations is not None:
            await operations.web.stop()


async def _not_ready_once_stopping(stop: asyncio.Event, operations: Operations | None) -> None:
    """/readyz answers 503 from the moment shutdown starts, so a load balancer sends no more work."""
    await stop.wait()
    if operations is not None:
        operations.readiness.stopping = True


async def _serve(
    adapters: dict[str, Adapter], *, core: Core, settings: Settings, stop: asyncio.Event
) -> None:
    tasks: dict[str, asyncio.Task[None]] = {}
    for name, adapter in adapters.items():
        workers: dict[str, Worker] = {
            "outbox": core.worker(settings, platform_name=name, chat=adapter.platform)
        }
        if adapter.platform.capabilities.member_lists and isinstance(adapter.platform, ListsMembers):
            workers["member lists"] = core.member_sync(platform_name=name, lister=adapter.platform)
        tasks[name] = asyncio.create_task(adapter.run(stop), name=name)
        for kind, worker in workers.items():
            tasks[f"{name} {kind}"] = asyncio.create_task(
                _when_ready(adapter, worker, stop), name=f"{name} {kind}"
            )
    log.info("kindling running: %s", ", ".join(adapters) or "nothing")
    if not tasks:
        return
    try:
        done, _ = await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            if task.exception() is not None:
                log.error("the %s stopped: %s", task.get_name(), task.exception())
    finally:
        stop.set()  # one part failing stops the others cleanly too
        _finished, unfinished = await asyncio.wait(tasks.values(), timeout=SHUTDOWN_BUDGET)
        for task in unfinished:
            log.warning("the %s did not stop within %ss; cancelled", task.get_name(), SHUTDOWN_BUDGET)
            task.cancel()
        await asyncio.gather(*tasks.values(), return_exceptions=True)
    for task in tasks.values():
        error = None if task.cancelled() else task.exception()
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
