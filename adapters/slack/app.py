"""The Bolt app: which Slack requests Kindling listens to. Each listener hands the payload to the core's
intake (translation included, in order per workspace) and acknowledges once the event is stored."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow

from adapters.slack import translate
from adapters.slack.permissions import UserDirectory
from adapters.slack.workspaces import Workspaces, web_client
from bot.events import Event
from bot.intake import Intake

log = logging.getLogger(__name__)

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
    listeners = _Listeners(workspaces=workspaces, directory=directory, intake=intake)
    app.command(COMMAND)(listeners.on_command)
    app.action(ANY_ACTION)(listeners.on_action)
    for name in EVENTS:
        app.event(name)(listeners.on_event)
    return app


class _Listeners:
    def __init__(self, *, workspaces: Workspaces, directory: UserDirectory, intake: Intake):
        self._workspaces = workspaces
        self._directory = directory
        self._intake = intake

    async def on_command(self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        team_id = _team_id(body, context)

        async def translated() -> Event | None:
            community = await self._workspaces.community(team_id)
            return await translate.command_invoked(body, community=community, directory=self._directory)

        await self._intake.accept(team_id, translated)
        await ack()  # no visible text: the answer arrives privately through response_url

    async def on_action(self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        team_id = _team_id(body, context)

        async def translated() -> Event | None:
            community = await self._workspaces.community(team_id)
            return await translate.button_clicked(body, community=community, directory=self._directory)

        await self._intake.accept(team_id, translated)
        await ack()

    async def on_event(self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext) -> None:
        # Bolt acknowledges events by itself, once this listener returns.
        team_id = _team_id(body, context)
        bot_user_id = context.bot_user_id

        async def translated() -> Event | None:
            community = await self._workspaces.community(team_id)
            return await translate.from_event(
                event, community=community, directory=self._directory, bot_user_id=bot_user_id
            )

        await self._intake.accept(team_id, translated)


async def _ignore() -> None:
    """With one bot token there is no installation to forget; Bolt acknowledges the event."""


def _team_id(body: Mapping[str, Any], context: AsyncBoltContext) -> str:
    team = body.get("team")
    from_body = body.get("team_id") or (team.get("id") if isinstance(team, Mapping) else None)
    return str(context.team_id or from_body or "")
