"""Slack requests that name no workspace are acknowledged and refused: no community with an empty id."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
import sqlalchemy as sa

from bot import metrics
from bot.clock import ManualClock
from bot.storage.database import Database
from bot.storage.models import Community, OutboxMessage
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_signing import (
    block_actions_payload,
    event_callback_payload,
    message_event,
    slash_command_payload,
    team_join_event,
)
from tests.fakes.slack_socket import FakeSocketMode
from tests.slack.harness import HOME, Kind, SlackHarness, settings_for


def _skipped(kind: str) -> float:
    return (
        metrics.REGISTRY.get_sample_value(
            "kindling_events_skipped_total", {"platform": "slack", "type": kind}
        )
        or 0.0
    )


def _without_team(value: Any) -> Any:
    """Every place Slack (and Bolt's reading of it) could name the workspace, at any depth, left out."""
    if isinstance(value, dict):
        gone = ("team_id", "team", "authorizations")
        return {k: _without_team(v) for k, v in value.items() if k not in gone}
    return value


def _requests(slack: FakeSlackApi) -> list[tuple[Kind, str, dict[str, Any]]]:
    return [
        ("event", "message", event_callback_payload(slack.team_id, message_event(HOME, "U0ANN", "Why?"))),
        ("event", "team_join", event_callback_payload(slack.team_id, team_join_event("U0BEN"))),
        (
            "command",
            "slash_command",
            dict(
                slash_command_payload(
                    text="goal Ours.", team_id=slack.team_id, response_url=slack.response_url()
                )
            ),
        ),
        (
            "action",
            "block_actions",
            block_actions_payload(action_id="kindling.vote", value="1:0", response_url=slack.response_url()),
        ),
    ]


@pytest.fixture(params=["http", "socket"])
async def harness(
    request: pytest.FixtureRequest, slack: FakeSlackApi, database: Database, clock: ManualClock
) -> AsyncIterator[SlackHarness]:
    """Kindling on Slack over HTTP and over Socket Mode."""
    mode = request.param
    async with contextlib.AsyncExitStack() as stack:
        socket = await stack.enter_async_context(FakeSocketMode()) if mode == "socket" else None
        yield await stack.enter_async_context(
            SlackHarness(slack, database, clock, settings_for(slack, mode=mode), socket=socket)
        )


async def test_a_request_without_a_team_id_is_acknowledged_refused_and_stores_nothing(
    harness: SlackHarness, slack: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    for kind, name, payload in _requests(slack):
        before = _skipped(name)
        with caplog.at_level(logging.WARNING, logger="adapters.slack.boundary"):
            ack = await harness.send(kind, _without_team(payload))
        assert ack.status == 200, (name, ack)
        assert _skipped(name) == before + 1, name
        assert any(f"refused a Slack {name}: no team_id" in r.getMessage() for r in caplog.records), name
    await harness.settle()
    async with harness.database.transaction() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Community)) == 0
        assert await session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


async def test_the_same_requests_with_their_team_reach_the_core(
    http: SlackHarness, slack: FakeSlackApi
) -> None:
    for kind, _name, payload in _requests(slack):
        assert (await http.send(kind, payload)).status == 200
    await http.settle()
    async with http.database.transaction() as session:
        assert await session.scalar(sa.select(Community.external_id)) == slack.team_id


async def test_an_envelope_bolt_cannot_read_is_acknowledged_and_refused(
    harness: SlackHarness, slack: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    """Bolt fails inside its own middleware (`event: null`) or while reading the request
    (`authorizations: [null]`): answered 200 so Slack does not send it again and again, logged, nothing
    stored."""
    broken = [
        {**event_callback_payload(slack.team_id, message_event(HOME, "U0ANN", "hi")), "event": None},
        {
            **event_callback_payload(slack.team_id, message_event(HOME, "U0ANN", "hi")),
            "authorizations": [None],
        },
    ]
    with caplog.at_level(logging.WARNING, logger="adapters.slack.boundary"):
        acks = [await harness.send("event", payload) for payload in broken]
    assert [a.status for a in acks] == [200, 200]
    assert len([r for r in caplog.records if r.getMessage().startswith("refused a Slack")]) == 2
    await harness.settle()
    async with harness.database.transaction() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Community)) == 0
