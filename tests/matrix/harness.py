"""Kindling's real Matrix adapter wired to the core, running against the real Synapse.

Each test gets a Kindling account of its own and a community room ("home") made by its owner, who invites
Kindling and runs `!kindling setup` there, as a room admin would. The product's `MatrixAdapter` runs (its
`run`, as `kindling run` runs it) in the test's event loop with the core built as the wiring builds it, the
test's database and clock; `deliver()` drains the outbox, `fence()` waits until the sync loop has handed
over everything sent so far.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from mautrix.client import ClientAPI
from pydantic import SecretStr

from adapters.matrix.payloads import SyncResponse
from adapters.matrix.platform import MatrixPlatform
from adapters.matrix.runtime import PLATFORM, MatrixAdapter
from adapters.matrix.sync import SyncLoop
from adapters.matrix.translate import Translator
from bot.clock import ManualClock
from bot.events import Event
from bot.intake import Intake
from bot.kindling import Kindling
from bot.outbox_worker import OutboxWorker
from bot.settings import Settings
from bot.storage.database import Database
from kindling_cli.wiring import Core
from tests.matrix.client import Person
from tests.matrix.synapse import Account, Synapse
from tests.support.core import test_core

WAIT = 15.0
FENCE = "org.kindling.test.fence"


class RecordingSync(SyncLoop):
    """The product's sync loop, noting which events each fully handled batch held."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen: set[str] = set()
        self._changed = asyncio.Condition()

    async def _process(self, response: SyncResponse, *, dispatch: bool) -> bool:
        held = await super()._process(response, dispatch=dispatch)
        await self._settled()
        for joined in response.get("rooms", {}).get("join", {}).values():
            self.seen.update(e.get("event_id", "") for e in joined.get("timeline", {}).get("events", []))
        async with self._changed:
            self._changed.notify_all()
        return held

    async def processed(self, event_id: str, timeout: float = WAIT) -> None:  # noqa: ASYNC109
        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(lambda: event_id in self.seen)
        except TimeoutError:
            raise AssertionError(f"the sync loop did not hand over {event_id} within {timeout}s") from None


class Recorder:
    """Wraps `Kindling.handle` so a failure in the core fails the test instead of vanishing in a log."""

    def __init__(self, kindling: Kindling) -> None:
        self._kindling = kindling
        self.events: list[Event] = []
        self.errors: list[BaseException] = []

    async def __call__(self, event: Event) -> None:
        self.events.append(event)
        try:
            await self._kindling.handle(event)
        except Exception as error:
            self.errors.append(error)
            raise


def settings_for(synapse: Synapse, bot: Account) -> Settings:
    return Settings(
        _env_file=None,
        matrix_homeserver=synapse.url,
        matrix_user_id=bot.user_id,
        matrix_access_token=SecretStr(bot.access_token),
    )


@dataclass
class MatrixHarness:
    synapse: Synapse
    session: aiohttp.ClientSession
    bot: Account
    owner: Person
    home: str
    recorder: Recorder
    core: Core
    timeline_limit: int
    adapter: MatrixAdapter = field(init=False)
    worker: OutboxWorker = field(init=False)
    sync: RecordingSync = field(init=False)
    people: dict[str, Person] = field(default_factory=dict)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _running: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """A fresh process on the same account and database: nothing kept in memory, the sync position and
        the rooms' state read back from the homeserver."""
        self.adapter = MatrixAdapter(
            settings=settings_for(self.synapse, self.bot), intake=Intake(handle=self.recorder)
        )
        directory = self.adapter.directory
        self.sync = RecordingSync(
            self.adapter.api,
            directory,
            Translator(directory, self.adapter.platform.fetch_event),
            self.adapter.intake,
            timeline_limit=self.timeline_limit,
        )
        self.adapter.sync = self.sync
        self.worker = self.core.worker(
            Settings(_env_file=None), platform_name=PLATFORM, chat=self.adapter.platform
        )
        self._stop = asyncio.Event()
        self._running = asyncio.create_task(self.adapter.run(self._stop), name="matrix-adapter")
        ready = asyncio.ensure_future(self.adapter.ready.wait())
        await asyncio.wait({ready, self._running}, timeout=WAIT, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        if self._running.done():
            self._running.result()  # raises why it stopped
        if not self.adapter.ready.is_set():
            raise AssertionError(f"the adapter was not ready within {WAIT}s")

    async def stop(self) -> None:
        """As `kindling run` stops: the sync loop ends where it is (a long-poll in flight is dropped)."""
        if self._running is not None:
            self._stop.set()
            await asyncio.wait_for(self._running, timeout=WAIT)
            self._running = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    @property
    def platform(self) -> MatrixPlatform:
        return self.adapter.platform

    @property
    def api(self) -> ClientAPI:
        return self.adapter.api

    async def deliver(self) -> None:
        await self.worker.run_until_idle()

    async def fence(self) -> None:
        """Wait until everything sent to the homeserver so far has been handed to the core: the owner's
        marker event comes after it, and the batch holding the marker is handled whole."""
        marker = await self.owner.send(self.home, FENCE, {})
        await self.sync.processed(marker)
        if self.recorder.errors:
            raise AssertionError(f"the core failed: {self.recorder.errors!r}")

    async def settle(self) -> None:
        await self.fence()
        await self.deliver()

    async def person(self, name: str) -> Person:
        if name not in self.people:
            account = self.synapse.register(f"{name}-{secrets.token_hex(3)}", displayname=name)
            self.people[name] = Person(self.session, self.synapse.url, account)
        return self.people[name]


def unique(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


@contextlib.asynccontextmanager
async def running_adapter(
    synapse: Synapse,
    *,
    database: Database,
    clock: ManualClock,
    timeline_limit: int = 100,
    already_there: tuple[str, ...] = (),
) -> AsyncIterator[MatrixHarness]:
    """`already_there`: people in the room before `!kindling setup` (members from before Kindling, as the
    fake Slack workspace and Discord guild have them): their joins are not newcomers'."""
    bot = synapse.register(unique("kindling"), displayname="Kindling")
    core = test_core(database, clock)
    async with aiohttp.ClientSession() as session:
        owner = Person(session, synapse.url, synapse.register(unique("owner"), displayname="owner"))
        home = await owner.create_room("home")
        await owner.invite(home, bot.user_id)
        harness = MatrixHarness(
            synapse,
            session,
            bot,
            owner,
            home,
            Recorder(core.kindling),
            core,
            timeline_limit,
        )
        harness.people["owner"] = owner
        for name in already_there:
            await (await harness.person(name)).join(home)
        await harness.start()
        try:
            await _until_joined(owner, home, bot.user_id)
            await owner.say(home, "!kindling setup")
            await harness.settle()
            yield harness
        finally:
            await harness.stop()


async def _until_joined(owner: Person, room: str, user_id: str) -> None:
    async with asyncio.timeout(WAIT):
        while True:
            member = await owner.state(room, "m.room.member", user_id)
            if member.get("membership") == "join":
                return
            await asyncio.sleep(0.05)
