"""The shared platform scenarios over Kindling's real Slack adapter: HTTP mode and Socket Mode."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from tests.scenarios import content, welcome
from tests.slack.harness import ACK_BUDGET, SlackCommunity, SlackHarness

Scenario = Callable[[SlackCommunity], Awaitable[None]]


@pytest.mark.parametrize(
    "scenario",
    [
        welcome.welcome_flow,
        welcome.refusals,
        welcome.held_welcome,
        content.tips_and_meetups,
        content.idea_box,
    ],
)
async def test_scenario_over_http(scenario: Scenario, http: SlackHarness) -> None:
    community = SlackCommunity(http)
    await community.start()
    await scenario(community)
    assert http.acks and all(a.status == 200 and a.seconds < ACK_BUDGET for a in http.acks)


async def test_welcome_flow_over_socket_mode(socket_mode: SlackHarness) -> None:
    community = SlackCommunity(socket_mode)
    await community.start()
    await welcome.welcome_flow(community)
    assert socket_mode.acks and all(a.seconds < ACK_BUDGET for a in socket_mode.acks)
    # Slash commands are acknowledged with no visible text; the answer comes through response_url.
    assert socket_mode.socket is not None
    command_acks = [
        a
        for e, a in zip(socket_mode.socket.sent, socket_mode.socket.acks, strict=False)
        if e["type"] == "slash_commands"
    ]
    assert command_acks and all(not a.payload for a in command_acks)
