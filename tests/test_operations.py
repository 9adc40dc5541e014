"""Operations in every mode: `kindling run` with only Discord, or only Slack in Socket Mode, serves /healthz,
/readyz and /metrics on KINDLING_HTTP_HOST:KINDLING_HTTP_PORT from the process's one HTTP server."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from adapters.web.operations import Readiness, operations_routes
from adapters.web.server import WebServer
from bot.settings import Settings
from kindling_cli import wiring
from kindling_cli.healthcheck import healthcheck
from tests.fakes.discord_server import FakeDiscord, User, default_guild
from tests.fakes.slack_api import RESPONSE_URL_METHOD, FakeSlackApi
from tests.fakes.slack_signing import slash_command_payload
from tests.fakes.slack_socket import FakeSocketMode
from tests.resilience.support import REPO, free_port

WAIT = 10.0
BOT_TOKEN = "xoxb-operations"
APP_TOKEN = "xapp-1-A0OPS-1-operations"
REQUIRED = (
    "kindling_outbox_pending",
    "kindling_outbox_dead_letters",
    "kindling_rate_limited_total",
    "kindling_inbox_lag_seconds",
    "kindling_ack_latency_seconds_bucket",
    "kindling_events_total",
)


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


async def _until(url: str, status: int = 200) -> str:
    deadline = time.monotonic() + WAIT
    last: object = None
    while time.monotonic() < deadline:
        try:
            found, text = await _get(url)
            if found == status:
                return text
            last = (found, text)
        except aiohttp.ClientConnectionError as error:
            last = error
        await asyncio.sleep(0.05)
    raise AssertionError(f"{url} never answered {status}: {last}")


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(text: str, name: str, **labels: str) -> float:
    return _samples(text).get((name, tuple(sorted(labels.items()))), 0.0)


@asynccontextmanager
async def _running(settings: Settings) -> AsyncIterator[str]:
    stop = asyncio.Event()
    running = asyncio.create_task(wiring.run_platforms(settings, stop=stop))
    base = f"http://127.0.0.1:{settings.http_port}"
    try:
        await _until(base + "/healthz")
        yield base
    finally:
        stop.set()
        await asyncio.wait_for(running, timeout=WAIT)
    assert running.exception() is None


def _settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'kindling.db'}",
        http_host="127.0.0.1",
        http_port=free_port(),
        **values,
    )


async def test_discord_only_serves_health_readiness_and_metrics(tmp_path: Path) -> None:
    guild = default_guild()
    async with FakeDiscord(guilds=[guild]) as fake:
        settings = _settings(
            tmp_path,
            discord_token=SecretStr(fake.token),
            discord_api_url=fake.api_url,
            discord_gateway_url=fake.gateway_url,
        )
        async with _running(settings) as base:
            ready = await _until(base + "/readyz")
            assert '"discord": true' in ready and '"database": true' in ready
            before = (await _get(base + "/metrics"))[1]
            fake.fail_next("POST", "/channels/{channel_id}/messages", 429, retry_after=0.05)
            await fake.member_add(guild.id, User(id=200_000_000_000_000_123, username="dora"))
            # No goal and no organiser yet: the owner is told by DM (after one 429, retried).
            await fake.wait_for_requests("POST", "/channels/{channel_id}/messages", 2, timeout=WAIT)
            status, after = await _get(base + "/metrics")
    assert status == 200
    for name in REQUIRED:
        assert name in after, name
    assert _value(after, "kindling_events_total", platform="discord", type="MemberJoined") == 1 + _value(
        before, "kindling_events_total", platform="discord", type="MemberJoined"
    )
    assert _value(after, "kindling_rate_limited_total", platform="discord") >= 1 + _value(
        before, "kindling_rate_limited_total", platform="discord"
    )


async def test_slack_socket_mode_serves_them_too_and_counts_acks(tmp_path: Path) -> None:
    async with FakeSlackApi(bot_tokens=[BOT_TOKEN], app_tokens=[APP_TOKEN]) as slack, FakeSocketMode() as sm:
        slack.socket_mode_url = sm.url
        settings = _settings(
            tmp_path,
            slack_bot_token=SecretStr(BOT_TOKEN),
            slack_app_token=SecretStr(APP_TOKEN),
            slack_api_url=slack.base_url,
        )
        async with _running(settings) as base:
            ready = await _until(base + "/readyz")
            assert '"slack": true' in ready
            before = (await _get(base + "/metrics"))[1]
            payload = slash_command_payload(
                text="help", team_id=slack.team_id, response_url=slack.response_url()
            )
            await sm.push_and_wait_for_ack("slash_commands", payload, timeout=WAIT)
            await slack.wait_for_calls(RESPONSE_URL_METHOD, 1, timeout=WAIT)
            status, after = await _get(base + "/metrics")
            assert (await _get(base + "/slack/events"))[0] == 404  # Socket Mode: no events endpoint
    assert status == 200
    for name in REQUIRED:
        assert name in after, name
    acks = "kindling_ack_latency_seconds_count"
    assert _value(after, acks, platform="slack") == 1 + _value(before, acks, platform="slack")
    assert _value(after, "kindling_events_total", platform="slack", type="CommandInvoked") == 1 + _value(
        before, "kindling_events_total", platform="slack", type="CommandInvoked"
    )


async def test_readyz_names_what_is_not_ready(tmp_path: Path) -> None:
    async with FakeDiscord(guilds=[default_guild()]) as fake:
        fake.refuse_gateway(times=1000)  # the gateway never lets Kindling in
        settings = _settings(
            tmp_path,
            discord_token=SecretStr(fake.token),
            discord_api_url=fake.api_url,
            discord_gateway_url=fake.gateway_url,
        )
        async with _running(settings) as base:
            text = await _until(base + "/readyz", status=503)
            assert '"discord": false' in text and '"database": true' in text


async def test_the_server_takes_route_sets_and_applications_before_it_starts() -> None:
    server = WebServer(host="127.0.0.1", port=0)

    async def hello(_request: web.Request) -> web.Response:
        return web.Response(text="hello")

    dashboard = web.Application()
    dashboard.router.add_get("/", hello)
    server.add_routes([web.get("/hello", hello)])
    server.add_subapp("/dashboard/", dashboard)
    await server.start()
    try:
        base = f"http://127.0.0.1:{server.port}"
        assert await _get(base + "/hello") == (200, "hello")
        assert await _get(base + "/dashboard/") == (200, "hello")
        with pytest.raises(RuntimeError, match="before the HTTP server starts"):
            server.add_routes([web.get("/late", hello)])
    finally:
        await server.stop()


async def test_the_console_serves_them_too(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINDLING_")}
    env.update(KINDLING_HTTP_PORT=str(port), PYTHONPATH=str(REPO))
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kindling_cli.main",
        "console",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        assert '"database": true' in await _until(base + "/readyz")
        assert "kindling_events_total" in await _until(base + "/metrics")
    finally:
        assert process.stdin is not None
        process.stdin.write(b"quit\n")
        await process.stdin.drain()
        process.stdin.close()
        assert await asyncio.wait_for(process.wait(), timeout=WAIT) == 0


async def test_healthcheck_exits_0_when_kindling_answers_and_1_when_not() -> None:
    server = WebServer(host="127.0.0.1", port=0)
    server.add_routes(operations_routes(readiness=Readiness()))
    await server.start()
    try:
        answering = Settings(_env_file=None, http_host="0.0.0.0", http_port=server.port)
        assert await healthcheck(answering) == 0
    finally:
        await server.stop()
    assert await healthcheck(answering) == 1
