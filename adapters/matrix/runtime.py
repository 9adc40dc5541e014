"""Start and stop Kindling on Matrix: the sync loop, and the platform the outbox delivers through (the
composition root runs the outbox worker for it once `ready` is set)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp
from mautrix.api import HTTPAPI
from mautrix.client import ClientAPI
from mautrix.types import UserID

from adapters.matrix.platform import MatrixPlatform
from adapters.matrix.rooms import Directory
from adapters.matrix.sync import SyncLoop
from adapters.matrix.translate import Translator
from bot.intake import Intake
from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)

PLATFORM = "matrix"
#: Within the composition root's shutdown budget (8 s): the sync loop is cancelled, the intake drains.
SHUTDOWN_TIMEOUT = 5.0
REQUEST_TIMEOUT = 60.0  # above the sync long-poll (30 s)


@dataclass(frozen=True, slots=True)
class Credentials:
    homeserver: str
    user_id: str
    access_token: str


def credentials(settings: Settings) -> Credentials:
    homeserver, user_id, token = (
        settings.matrix_homeserver,
        settings.matrix_user_id,
        settings.matrix_access_token,
    )
    if not homeserver or not user_id or token is None:
        missing = [
            name
            for name, value in (
                ("KINDLING_MATRIX_HOMESERVER", homeserver),
                ("KINDLING_MATRIX_USER_ID", user_id),
                ("KINDLING_MATRIX_ACCESS_TOKEN", token),
            )
            if not value
        ]
        raise SettingsError(f"{', '.join(missing)}: required for Matrix")
    return Credentials(homeserver.rstrip("/"), user_id, token.get_secret_value())


class MatrixAdapter:
    """Kindling's account on one homeserver: `run` checks the token, catches up from the stored sync
    position, sets `ready` (from then on the platform can deliver: it knows the rooms, so it finds direct
    chats instead of making new ones) and syncs until `stop` is set, or raises why the homeserver refused."""

    def __init__(self, *, settings: Settings, intake: Intake) -> None:
        self.account = credentials(settings)
        self.intake = intake
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT))
        http = HTTPAPI(
            base_url=self.account.homeserver,
            token=self.account.access_token,
            client_session=self.session,
            default_retry_count=0,  # the outbox and the sync loop retry, each in its own way
        )
        self.api = ClientAPI(mxid=UserID(self.account.user_id), api=http)
        self.directory = Directory(self.account.user_id)
        self.platform = MatrixPlatform(self.api, self.directory)
        self.sync = SyncLoop(
            self.api, self.directory, Translator(self.directory, self.platform.fetch_event), intake
        )
        self.ready = self.platform.ready
        self._syncing: asyncio.Task[None] | None = None

    def accepting(self) -> bool:
        """Caught up with the homeserver and syncing (`/readyz`)."""
        return self.ready.is_set() and self._syncing is not None and not self._syncing.done()

    async def run(self, stop: asyncio.Event) -> None:
        try:
            await self._check_account()
            await self.sync.first()
            self.ready.set()
            log.info("matrix: %s in %s room(s)", self.account.user_id, len(self.directory.rooms))
            syncing = self._syncing = asyncio.create_task(self.sync.run(stop), name="kindling-matrix-sync")
            stopping = asyncio.create_task(stop.wait(), name="kindling-matrix-stop")
            try:
                await asyncio.wait({syncing, stopping}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stopping.cancel()
                syncing.cancel()  # a long-poll in flight: nothing is lost, its position was not stored
                await self.intake.close()
                await _finish(syncing, stopping)
            if not stop.is_set():
                error = syncing.exception() if syncing.done() and not syncing.cancelled() else None
                raise error or RuntimeError("the Matrix sync loop ended")
        finally:
            await self.session.close()

    async def _check_account(self) -> None:
        whoami = await self.api.whoami()
        if whoami.user_id != self.account.user_id:
            raise SettingsError(
                f"KINDLING_MATRIX_ACCESS_TOKEN: belongs to {whoami.user_id}, not {self.account.user_id}"
            )


async def _finish(*tasks: asyncio.Task[Any]) -> None:
    _done, pending = await asyncio.wait(tasks, timeout=SHUTDOWN_TIMEOUT)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=1.0)
    for task in tasks:
        if task.done() and not task.cancelled():
            with contextlib.suppress(Exception):
                task.exception()  # retrieved: asyncio does not log it as "never retrieved"
