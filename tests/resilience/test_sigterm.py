"""`kindling run` on Slack in Socket Mode ends within 10 s of SIGTERM in every state of its connection:
while apps.connections.open keeps failing (slack-sdk retries it every 10 s for ever), while it waits out a
rate limit (Retry-After: 30), and connected."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_socket import FakeSocketMode
from tests.resilience.support import (
    START_TIMEOUT,
    KindlingProcess,
    crash_database,
    eventually,
    free_port,
    http_ok,
)

BOT_TOKEN = "xoxb-sigterm-test"
APP_TOKEN = "xapp-1-A0SIGTERM-1-sigterm"
#: What "stops promptly" means: an orchestrator's usual grace period before SIGKILL is 10 s.
STOP_LIMIT = 10.0


@pytest.mark.parametrize("state", ["connections_open_failing", "rate_limited", "connected"])
async def test_socket_mode_stops_within_ten_seconds_of_sigterm(state: str, tmp_path: Path) -> None:
    async with (
        FakeSlackApi(bot_tokens=[BOT_TOKEN], app_tokens=[APP_TOKEN]) as slack,
        FakeSocketMode() as socket_mode,
        crash_database(tmp_path) as url,
    ):
        if state == "connections_open_failing":
            slack.socket_mode_url = None  # every apps.connections.open answers ok: false
        elif state == "rate_limited":
            slack.fail_next("apps.connections.open", 429, retry_after=30, times=10)
        else:
            slack.socket_mode_url = socket_mode.url
        port = free_port()
        process = KindlingProcess(
            settings={
                "KINDLING_DATABASE_URL": url,
                "KINDLING_SLACK_BOT_TOKEN": BOT_TOKEN,
                "KINDLING_SLACK_APP_TOKEN": APP_TOKEN,
                "KINDLING_SLACK_API_URL": slack.base_url,
                "KINDLING_HTTP_HOST": "127.0.0.1",
                "KINDLING_HTTP_PORT": str(port),
            },
            directory=tmp_path,
        )
        await process.start()
        try:

            async def in_state() -> bool:
                if state == "connected":  # and started: /readyz says so
                    return socket_mode.connection_count > 0 and await http_ok(
                        f"http://127.0.0.1:{port}/readyz"
                    )
                return len(slack.calls_to("apps.connections.open", include_faulted=True)) > 0

            await eventually(in_state, timeout=START_TIMEOUT, what=f"Kindling {state}")
            started = time.monotonic()
            code = await process.stop()
            took = time.monotonic() - started
        finally:
            await process.stop()
        assert code == 0, process.tail()
        assert took < STOP_LIMIT, f"{took:.1f}s\n{process.tail()}"
