"""Slack as `kindling run` serves it: Socket Mode and the outbox worker, until `stop` is set."""

from __future__ import annotations

import asyncio

import pytest

from bot.clock import ManualClock
from bot.settings import SettingsError
from bot.storage.database import Database
from kindling_cli.wiring import serve
from tests.fakes.slack_api import RESPONSE_URL_METHOD, FakeSlackApi
from tests.fakes.slack_signing import slash_command_payload
from tests.fakes.slack_socket import FakeSocketMode
from tests.slack.harness import settings_for
from tests.support.core import test_core


async def test_serving_slack_answers_a_command_then_stops_cleanly(
    slack: FakeSlackApi, database: Database, clock: ManualClock
) -> None:
    stop = asyncio.Event()
    async with FakeSocketMode() as sm:
        slack.socket_mode_url = sm.url
        settings = settings_for(slack, mode="socket")
        running = asyncio.create_task(serve(settings, core=test_core(database, clock), stop=stop))
        try:
            payload = slash_command_payload(
                text="help", team_id=slack.team_id, response_url=slack.response_url()
            )
            ack = await sm.push_and_wait_for_ack("slash_commands", payload, timeout=5)
            assert ack.payload is None
            # The running outbox worker is woken by the core and delivers without polling.
            [answer] = await slack.wait_for_calls(RESPONSE_URL_METHOD, 1, timeout=0.9)
            assert answer.args["response_type"] == "ephemeral"
        finally:
            stop.set()
            await asyncio.wait_for(running, timeout=5)
        assert sm.connection_count == 0


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"slack_app_token": None}, "KINDLING_SLACK_APP_TOKEN"),
        ({"slack_mode": "http", "slack_signing_secret": None}, "KINDLING_SLACK_SIGNING_SECRET"),
        ({"slack_bot_token": None}, "KINDLING_SLACK_BOT_TOKEN"),
    ],
)
async def test_missing_settings_are_named(
    slack: FakeSlackApi, database: Database, clock: ManualClock, overrides: dict[str, object], named: str
) -> None:
    settings = settings_for(slack, mode="socket").model_copy(update=overrides)
    with pytest.raises(SettingsError, match=named):
        await serve(settings, core=test_core(database, clock), stop=asyncio.Event())


async def test_serving_slack_notes_the_members_already_there_when_set_up(
    slack: FakeSlackApi, database: Database, clock: ManualClock
) -> None:
    """The member-list worker runs beside the outbox worker and wakes when set-up asks."""
    slack.set_channel_members("C0HOME", ["U0OWNER", "U0ANN", "U0BEN"])
    slack.set_user("U0OWNER", name="owner", is_owner=True)
    stop = asyncio.Event()
    async with FakeSocketMode() as sm:
        slack.socket_mode_url = sm.url
        settings = settings_for(slack, mode="socket")
        running = asyncio.create_task(serve(settings, core=test_core(database, clock), stop=stop))
        try:
            payload = slash_command_payload(
                text="setup",
                user_id="U0OWNER",
                channel_id="C0HOME",
                team_id=slack.team_id,
                response_url=slack.response_url(),
            )
            await sm.push_and_wait_for_ack("slash_commands", payload, timeout=5)
            done = [
                call
                for call in await slack.wait_for_calls("chat.postMessage", 1, timeout=5)
                if str(call.args["text"]).startswith("Done: 3 members")
            ]
            assert done, "whoever ran set-up hears the outcome"
        finally:
            stop.set()
            await asyncio.wait_for(running, timeout=5)
