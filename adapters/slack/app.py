"""The Bolt app: which Slack requests Kindling listens to. Each listener acknowledges at once and hands
the payload to the inbox; the translation and the core's work run there, after Slack has its answer."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow

from adapters.slack import translate
from adapters.slack.inbox import Inbox
from adapters.slack.permissions import UserDirectory
from adapters.slack.workspaces import Workspaces, web_client
from bot.events import CommunityRef, Event

log = logging.getLogger(__name__)

COMMAND = "/kindling"
#: Every button Kindling renders: the core's action ids all start with "kindling.".
ANY_ACTION = re.compile(r"^kindling\.")
EVENTS = ("team_join", "member_joined_channel", "member_left_channel", "message", "reaction_added")
REVOCATION_EVENTS = ("app_uninstalled", "tokens_revoked")

Handle = Callable[[Event], Awaitable[None]]


def build_app(
    *,
    workspaces: Workspaces,
    directory: UserDirectory,
    inbox: Inbox,
    handle: Handle,
    signing_secret: str | None,
    bot_token: str | None,
    oauth_flow: AsyncOAuthFlow | None = None,
) -> AsyncApp:
    """A Bolt app on `workspaces.api_url`: one bot token, or the OAuth installs (`oauth_flow`)."""
    client = web_client(api_url=workspaces.api_url, token=None if oauth_flow else bot_token)
    app = AsyncApp(
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
    listeners = _Listeners(workspaces=workspaces, directory=directory, inbox=inbox, handle=handle)
    app.command(COMMAND)(listeners.on_command)
    app.action(ANY_ACTION)(listeners.on_action)
    for name in EVENTS:
        app.event(name)(listeners.on_event)
    return app


class _Listeners:
    def __init__(self, *, workspaces: Workspaces, directory: UserDirectory, inbox: Inbox, handle: Handle):
        self._workspaces = workspaces
        self._directory = directory
        self._inbox = inbox
        self._handle = handle

    async def on_command(self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        team_id = _team_id(body, context)

        async def job() -> None:
            community = await self._workspaces.community(team_id)
            await self._dispatch(
                await translate.command_invoked(body, community=community, directory=self._directory)
            )

        await self._inbox.stored(self._inbox.submit(team_id, job))
        await ack()  # no visible text: the answer arrives privately through response_url

    async def on_action(self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        team_id = _team_id(body, context)

        async def job() -> None:
            community = await self._workspaces.community(team_id)
            await self._dispatch(
                await translate.button_clicked(body, community=community, directory=self._directory)
            )

        await self._inbox.stored(self._inbox.submit(team_id, job))
        await ack()

    async def on_event(self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext) -> None:
        # Bolt acknowledges events by itself.
        team_id = _team_id(body, context)
        bot_user_id = context.bot_user_id

        async def job() -> None:
            community: CommunityRef = await self._workspaces.community(team_id)
            await self._dispatch(
                await translate.from_event(
                    event, community=community, directory=self._directory, bot_user_id=bot_user_id
                )
            )

        await self._inbox.stored(self._inbox.submit(team_id, job))

    async def _dispatch(self, event: Event | None) -> None:
        if event is not None:
            await self._handle(event)


async def _ignore() -> None:
    """With one bot token there is no installation to forget; Bolt acknowledges the event."""


def _team_id(body: Mapping[str, Any], context: AsyncBoltContext) -> str:
    team = body.get("team")
    from_body = body.get("team_id") or (team.get("id") if isinstance(team, Mapping) else None)
    return str(context.team_id or from_body or "")
