"""`kindling run` with both platforms configured: the composition root starts Slack (HTTP mode), Discord and
the scheduler on one database, serves both fakes, and stops cleanly when asked."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest
import sqlalchemy as sa
from pydantic import SecretStr

from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import Member
from kindling_cli import wiring
from tests.fakes.discord_server import FakeDiscord, User, default_guild
from tests.fakes.slack_api import RESPONSE_URL_METHOD, FakeSlackApi
from tests.fakes.slack_signing import FORM_CONTENT_TYPE, signed_headers, slash_command_payload

SIGNING_SECRET = "run-platforms-secret"
WAIT = 10.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _until_healthy(url: str) -> None:
    deadline = time.monotonic() + WAIT
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.05)
    raise TimeoutError(url)


BOT_TOKEN = "xoxb-run-platforms-very-secret"


async def test_run_serves_slack_and_discord_and_stops_cleanly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # everything any library logs, to search it for secrets
    guild = default_guild()
    async with FakeSlackApi() as slack, FakeDiscord(guilds=[guild]) as discord_fake:
        port = _free_port()
        settings = Settings(
            _env_file=None,
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'kindling.db'}",
            slack_bot_token=SecretStr(BOT_TOKEN),
            slack_signing_secret=SecretStr(SIGNING_SECRET),
            slack_mode="http",
            slack_api_url=slack.base_url,
            http_host="127.0.0.1",
            http_port=port,
            discord_token=SecretStr(discord_fake.token),
            discord_api_url=discord_fake.api_url,
            discord_gateway_url=discord_fake.gateway_url,
        )
        stop = asyncio.Event()
        running = asyncio.create_task(wiring.run_platforms(settings, stop=stop))
        try:
            await _until_healthy(f"http://127.0.0.1:{port}/healthz")
            await _until_healthy(f"http://127.0.0.1:{port}/readyz")
            payload = slash_command_payload(text="help", response_url=slack.response_url("help"))
            body = urlencode(payload).encode()
            async with (
                aiohttp.ClientSession() as session,
                session.post(
                    f"http://127.0.0.1:{port}/slack/events",
                    data=body,
                    headers=signed_headers(SIGNING_SECRET, body, FORM_CONTENT_TYPE),
                ) as ack,
            ):
                assert ack.status == 200
            [answer] = await slack.wait_for_calls(RESPONSE_URL_METHOD, 1, timeout=WAIT)
            assert "What you can do with Kindling" in answer.args["text"]

            await discord_fake.wait_for_requests(
                "PUT", "/applications/{application_id}/guilds/{guild_id}/commands", 1, timeout=WAIT
            )
            newcomer = User(id=400_000_000_000_000_777, username="newbie")
            await discord_fake.member_add(guild.id, newcomer)
            # No goal yet, so the welcome is held (the owner is told), but Kindling has met the newcomer.
            assert await _eventually_a_member(settings, str(newcomer.id))
        finally:
            stop.set()
            await asyncio.wait_for(running, timeout=WAIT)
        assert running.exception() is None
    secrets = (BOT_TOKEN, SIGNING_SECRET, "fake-bot-token")
    assert caplog.records, "the run logged nothing at all: the search below would prove nothing"
    leaked = [secret for secret in secrets if secret in caplog.text]
    assert leaked == [], f"secrets in the logs: {leaked}"


async def _eventually_a_member(settings: Settings, external_id: str) -> bool:
    database = Database(settings.database_url)
    try:
        for _ in range(200):
            async with database.transaction() as session:
                found = await session.scalar(sa.select(Member.id).where(Member.member_id == external_id))
            if found is not None:
                return True
            await asyncio.sleep(0.05)
        return False
    finally:
        await database.close()
