"""The Bolt app: which Slack requests Kindling listens to. Each listener hands the payload to the core's
intake (translation included, in order per workspace) and acknowledges once the event is stored.

A request that names no workspace is acknowledged and refused, and one whose translation fails on a missing
or malformed field is logged, counted and skipped (`adapters.slack.boundary`): never a community with an
empty id, never an exception out of a listener.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack import translate
from adapters.slack.boundary import envelope_problem, kind_of, refuse, team_id, translated
from adapters.slack.permissions import UserDirectory
from adapters.slack.workspaces import Workspaces, web_client
from bot import metrics
from bot.events import CommunityRef, Event
from bot.intake import Intake

log = logging.getLogger(__name__)

PLATFORM = "slack"
COMMAND = "/kindling"
#: Every button Kindling renders: the core's action ids all start with "kindling.".
ANY_ACTION = re.compile(r"^kindling\.")
EVENTS = ("team_join", "member_joined_channel", "member_left_channel", "message", "reaction_added")
REVOCATION_EVENTS = ("app_uninstalled", "tokens_revoked")


def build_app(
    *,
    workspaces: Workspaces,
    directory: UserDirectory,
    intake: Intake,
    signing_secret: str | None,
    bot_token: str | None,
    oauth_flow: AsyncOAuthFlow | None = None,
) -> AsyncApp:
    """A Bolt app on `workspaces.api_url`: one bot token, or the OAuth installs (`oauth_flow`)."""
    client = web_client(api_url=workspaces.api_url, token=None if oauth_flow else bot_token)
    app = KindlingApp(
        client=client,
        signing_secret=signing_secret,
        oauth_flow=oauth_flow,
        installation_store=oauth_flow.settings.installation_store if oauth_flow else None,
        installation_store_bot_only=True if oauth_flow else None,
        # Listeners only ack and submit to the inbox, so answering after them is still immediate, and the
        # work is counted as accepted before Slack hears back.
        process_before_response=True,
        request_verification_enabled=signing_secret is not None,
    )
    if oauth_flow is not None:
        app.enable_token_revocation_listeners()  # app_uninstalled / tokens_revoked forget the installation
    else:
        for name in REVOCATION_EVENTS:
            app.event(name)(_ignore)
    listeners = _Listeners(workspaces=workspaces, directory=directory, intake=intake)
    app.command(COMMAND)(listeners.on_command)
    app.action(ANY_ACTION)(listeners.on_action)
    for name in EVENTS:
        app.event(name)(listeners.on_event)
    return app


class KindlingApp(AsyncApp):
    """Bolt's app with one check in front: a request whose shape Bolt itself cannot read (an event that is
    not an object, say) is refused at the door, logged and acknowledged, instead of failing inside Bolt's
    middleware and being sent again by Slack, for ever. HTTP and Socket Mode both come in here."""

    async def async_dispatch(self, req: AsyncBoltRequest) -> BoltResponse:
        problem = envelope_problem(req.body)
        if problem is not None:
            refuse(kind_of(req.body) if isinstance(req.body, dict) else "request", problem)
            return BoltResponse(status=200, body="")
        return await super().async_dispatch(req)


Translation = Callable[[CommunityRef], Awaitable[Event | None]]


class _Listeners:
    def __init__(self, *, workspaces: Workspaces, directory: UserDirectory, intake: Intake):
        self._workspaces = workspaces
        self._directory = directory
        self._intake = intake

    async def on_command(self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        started = time.monotonic()

        async def translation(community: CommunityRef) -> Event | None:
            return await translate.command_invoked(body, community=community, directory=self._directory)

        await self._accept("slash_command", body, context, translation)
        await ack()  # no visible text: the answer arrives privately through response_url
        _acknowledged(started)

    async def on_action(self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        started = time.monotonic()

        async def translation(community: CommunityRef) -> Event | None:
            return await translate.button_clicked(body, community=community, directory=self._directory)

        await self._accept("block_actions", body, context, translation)
        await ack()
        _acknowledged(started)

    async def on_event(self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext) -> None:
        # Bolt acknowledges events by itself, once this listener returns.
        started = time.monotonic()
        bot_user_id = context.bot_user_id

        async def translation(community: CommunityRef) -> Event | None:
            return await translate.from_event(
                event, community=community, directory=self._directory, bot_user_id=bot_user_id
            )

        await self._accept(kind_of(body), body, context, translation)
        _acknowledged(started)

    async def _accept(
        self, kind: str, body: dict[str, Any], context: AsyncBoltContext, translation: Translation
    ) -> None:
        """Into the core's intake, keyed by workspace; a request that names none is refused."""
        team = team_id(body, context)
        if team is None:
            refuse(kind, "no team_id")
            return

        async def translate_here() -> Event | None:
            community = await self._workspaces.community(team)
            return await translated(kind, translation(community))

        await self._intake.accept(team, translate_here)


def _acknowledged(started: float) -> None:
    metrics.ACK_LATENCY.labels(PLATFORM).observe(time.monotonic() - started)


async def _ignore() -> None:
    """With one bot token there is no installation to forget; Bolt acknowledges the event."""
