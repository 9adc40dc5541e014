"""Fixtures for the Slack adapter's tests: the fake Slack, the spec, and the adapter running on them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slack_sdk.http_retry import builtin_async_handlers

from bot.clock import ManualClock
from bot.storage.database import Database
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_socket import FakeSocketMode
from tests.fakes.slack_spec import SlackSpec, assert_calls_valid, slack_spec_or_skip
from tests.slack.harness import APP_TOKEN, BOT_TOKEN, SlackHarness, settings_for


@pytest.fixture
def spec() -> SlackSpec:
    return slack_spec_or_skip()


@pytest.fixture
async def slack(spec: SlackSpec) -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi(bot_tokens=[BOT_TOKEN], app_tokens=[APP_TOKEN]) as fake:
        yield fake
        # Every Web API call Kindling made in the test, checked against Slack's published spec.
        assert_calls_valid(spec, fake.calls)


@pytest.fixture
async def http(slack: FakeSlackApi, database: Database, clock: ManualClock) -> AsyncIterator[SlackHarness]:
    async with SlackHarness(slack, database, clock, settings_for(slack, mode="http")) as harness:
        yield harness


@pytest.fixture
async def socket_mode(
    slack: FakeSlackApi, database: Database, clock: ManualClock
) -> AsyncIterator[SlackHarness]:
    async with (
        FakeSocketMode() as sm,
        SlackHarness(slack, database, clock, settings_for(slack, mode="socket"), socket=sm) as harness,
    ):
        yield harness


class _NoJitter:
    @staticmethod
    def random() -> float:
        return 0.0


@pytest.fixture
def no_retry_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """slack-sdk's rate-limit handler waits Retry-After plus up to a second of jitter: drop the jitter."""
    monkeypatch.setattr(builtin_async_handlers, "random", _NoJitter())
