"""Kindling on Slack: the Bolt app in Socket Mode or behind an HTTP server, and the platform the outbox
delivers through (the composition root runs the outbox worker for it), from start until `stop` is set.

Slack's HTTP routes go on the process's one HTTP server when the composition root passes it (`web`); a
runtime built on its own (a benchmark, a test) serves them itself, with /healthz, /readyz and /metrics.
`stop` ends the runtime within `STOP_BUDGET` seconds in every state, also while Socket Mode is still
trying to connect.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

from adapters.slack.app import build_app
from adapters.slack.http import slack_routes
from adapters.slack.installation import DatabaseInstallationStore, DatabaseOAuthStateStore
from adapters.slack.pacing import ChannelPacer
from adapters.slack.permissions import UserDirectory
from adapters.slack.platform import SlackPlatform
from adapters.slack.scopes import BOT_SCOPES
from adapters.slack.socket_mode import SocketModeConnection
from adapters.slack.workspaces import Workspaces, web_client
from adapters.web.operations import Readiness, operations_routes
from adapters.web.server import WebServer
from bot.clock import Clock
from bot.installations import SlackInstallations
from bot.intake import Intake
from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)

PLATFORM = "slack"
#: `kindling run` must end within 10 s of SIGTERM in every state: Slack's part of that.
STOP_BUDGET = 7.0
#: Closing a WebSocket waits for Slack's close frame; a connection cut off mid-handshake may never send one.
SOCKET_CLOSE_BUDGET = 2.0


class SlackRuntime:
    """Everything Kindling runs for Slack, wired once; `start`/`stop`, or `run` until an event is set."""

    def __init__(
        self,
        *,
        settings: Settings,
        intake: Intake,
        installations: SlackInstallations,
        clock: Clock,
        ready: Callable[[], Awaitable[bool]],
        pacer: ChannelPacer | None = None,
        web: WebServer | None = None,
    ) -> None:
        """`ready`: whether the database answers (for /readyz when the runtime serves HTTP itself); `web`:
        the process's HTTP server to add Slack's routes to, before it starts."""
        _check(settings)
        self.settings = settings
        self.mode = settings.slack_mode
        self.intake = intake
        secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
        bot_token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
        oauth_flow = _oauth_flow(settings, installations=installations)
        self.workspaces = Workspaces(
            api_url=settings.slack_api_url,
            bot_token=bot_token,
            installations=oauth_flow.settings.installation_store if oauth_flow else None,
        )
        self.directory = UserDirectory(client_for=self.workspaces.client, clock=clock)
        self.platform = SlackPlatform(workspaces=self.workspaces, pacer=pacer)
        self.app: AsyncApp = build_app(
            workspaces=self.workspaces,
            directory=self.directory,
            intake=intake,
            signing_secret=secret if self.mode == "http" else None,
            bot_token=bot_token,
            oauth_flow=oauth_flow,
        )
        self._stopping = False
        self._started = False
        #: Set once serving: from then on the platform can deliver (it needs no more than the tokens).
        self.ready = asyncio.Event()
        #: The server Slack's routes are on (this runtime's own when `_owns_http`); None in Socket Mode alone.
        self.http: WebServer | None = None
        self._owns_http = False
        if self.mode == "http" or oauth_flow is not None:
            self.http = web
            if self.http is None:
                self.http = WebServer(host=settings.http_host, port=settings.http_port)
                self._owns_http = True
                readiness = Readiness()
                readiness.add("database", ready)
                readiness.add(PLATFORM, self.accepting)
                self.http.add_routes(operations_routes(readiness=readiness))
            self.http.add_routes(
                slack_routes(self.app, serve_events=self.mode == "http", accepting=self.accepting)
            )
        self.socket: SocketModeConnection | None = None
        if self.mode == "socket" and settings.slack_app_token is not None:
            self.socket = SocketModeConnection(
                self.app, app_token=settings.slack_app_token.get_secret_value()
            )

    async def start(self) -> None:
        if self.http is not None and self._owns_http:
            await self.http.start()
            log.info("Slack HTTP endpoint on %s:%s", self.settings.http_host, self.http.port)
        if self.socket is not None:
            await self.socket.start()
            log.info("Slack Socket Mode connected")
        self._started = True
        self.ready.set()

    def accepting(self) -> bool:
        """Started and not stopping: Slack's requests are taken (else answered 503, and Slack retries)."""
        return self._started and not self._stopping

    async def stop(self, timeout: float = STOP_BUDGET) -> None:  # noqa: ASYNC109 - bounded on purpose
        """Stop taking requests, finish the ones already acknowledged, close the Web API sessions; within
        `timeout` seconds in every state (what is still running then is cancelled)."""
        self._stopping = True  # /readyz answers 503 from here, so a load balancer sends no more work
        deadline = asyncio.get_running_loop().time() + timeout
        if self.socket is not None:
            try:
                await asyncio.wait_for(self.socket.stop(), timeout=SOCKET_CLOSE_BUDGET)
            except TimeoutError:
                log.warning("the Socket Mode connection did not close within %ss; left", SOCKET_CLOSE_BUDGET)
        if self.http is not None and self._owns_http:
            await self.http.stop()
        await self.intake.close(timeout=_left(deadline))

    async def run(self, stop: asyncio.Event) -> None:
        """Start, serve until `stop` is set, then stop taking requests and finish what was acknowledged.
        `stop` also ends a start that does not finish (Socket Mode retries apps.connections.open every 10 s
        for as long as it fails, and waits out a rate limit)."""
        try:
            if await _unless_stopped(self.start(), stop):
                await stop.wait()
        finally:
            await self.stop()


async def _unless_stopped(starting: Coroutine[Any, Any, None], stop: asyncio.Event) -> bool:
    """Run `starting` until it is done (True) or `stop` is set first (False: it is cancelled)."""
    task = asyncio.create_task(starting, name="slack-start")
    stopping = asyncio.create_task(stop.wait(), name="slack-start-stop")
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if task.done():
        task.result()  # a start that failed says why
        return True
    log.info("stopping while Slack was still connecting")
    task.cancel()  # a retry loop or a Retry-After wait: nothing in it is worth waiting for
    await asyncio.wait({task}, timeout=1.0)
    return False


def _left(deadline: float) -> float:
    return max(0.1, deadline - asyncio.get_running_loop().time())


def _check(settings: Settings) -> None:
    if settings.slack_bot_token is None and not (settings.slack_client_id and settings.slack_client_secret):
        raise SettingsError(
            "KINDLING_SLACK_BOT_TOKEN: required "
            "(or KINDLING_SLACK_CLIENT_ID and KINDLING_SLACK_CLIENT_SECRET)"
        )
    if settings.slack_client_id and settings.slack_client_secret is None:
        raise SettingsError("KINDLING_SLACK_CLIENT_SECRET: required with KINDLING_SLACK_CLIENT_ID")
    if settings.slack_mode == "socket" and settings.slack_app_token is None:
        raise SettingsError(
            "KINDLING_SLACK_APP_TOKEN: required in socket mode (or set KINDLING_SLACK_MODE=http)"
        )
    needs_secret = settings.slack_mode == "http" or settings.slack_client_id
    if needs_secret and settings.slack_signing_secret is None:
        raise SettingsError("KINDLING_SLACK_SIGNING_SECRET: required to check Slack's HTTP requests")


def _oauth_flow(settings: Settings, *, installations: SlackInstallations) -> AsyncOAuthFlow | None:
    if not (settings.slack_client_id and settings.slack_client_secret):
        return None
    oauth_settings = AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        installation_store=DatabaseInstallationStore(installations=installations),
        installation_store_bot_only=True,
        state_store=DatabaseOAuthStateStore(installations=installations),
        install_page_rendering_enabled=False,
    )
    return AsyncOAuthFlow(client=web_client(api_url=settings.slack_api_url), settings=oauth_settings)
