"""Kindling on Slack: the Bolt app in Socket Mode or behind an HTTP server, and the platform the outbox
delivers through (the composition root runs the outbox worker for it), from start until `stop` is set."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

from adapters.slack.app import build_app
from adapters.slack.http import HttpServer, build_web_app
from adapters.slack.installation import DatabaseInstallationStore, DatabaseOAuthStateStore
from adapters.slack.pacing import ChannelPacer
from adapters.slack.permissions import UserDirectory
from adapters.slack.platform import SlackPlatform
from adapters.slack.scopes import BOT_SCOPES
from adapters.slack.socket_mode import SocketModeConnection
from adapters.slack.workspaces import Workspaces, web_client
from bot.clock import Clock
from bot.installations import SlackInstallations
from bot.intake import Intake
from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)

PLATFORM = "slack"


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
    ) -> None:
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
        self._database_ready = ready
        self._stopping = False
        #: Set once serving: from then on the platform can deliver (it needs no more than the tokens).
        self.ready = asyncio.Event()
        self.http: HttpServer | None = None
        if self.mode == "http" or oauth_flow is not None:
            web_app = build_web_app(self.app, serve_events=self.mode == "http", ready=self._ready)
            self.http = HttpServer(web_app, host=settings.http_host, port=settings.http_port)
        self.socket: SocketModeConnection | None = None
        if self.mode == "socket" and settings.slack_app_token is not None:
            self.socket = SocketModeConnection(
                self.app, app_token=settings.slack_app_token.get_secret_value()
            )

    async def start(self) -> None:
        if self.http is not None:
            await self.http.start()
            log.info("Slack HTTP endpoint on %s:%s", self.settings.http_host, self.http.port)
        if self.socket is not None:
            await self.socket.start()
            log.info("Slack Socket Mode connected")
        self.ready.set()

    async def _ready(self) -> bool:
        return not self._stopping and await self._database_ready()

    async def stop(self) -> None:
        """Stop taking requests, finish the ones already acknowledged, close the Web API sessions."""
        self._stopping = True  # /readyz answers 503 from here, so a load balancer sends no more work
        if self.socket is not None:
            await self.socket.stop()
        if self.http is not None:
            await self.http.stop()
        await self.intake.close()

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until `stop` is set, then stop taking requests and finish what was acknowledged."""
        await self.start()
        try:
            await stop.wait()
        finally:
            await self.stop()


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
