"""The shared scenarios (tests/scenarios) over the real Discord adapter against the fake Discord."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.storage.database import Database
from tests.discord.driver import DiscordCommunity, scenario_guild
from tests.discord.harness import running_adapter, spec_problems
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.discord_spec import DiscordSpec
from tests.scenarios import content, welcome


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
async def test_scenario(
    scenario: Callable[[DiscordCommunity], Awaitable[None]],
    database: Database,
    clock: ManualClock,
    spec: DiscordSpec,
    loop_errors: list[dict[str, Any]],
) -> None:
    async with (
        FakeDiscord(guilds=[scenario_guild()]) as fake,
        fake.patch_discord_py(),
        running_adapter(fake, database=database, clock=clock) as adapter,
    ):
        await scenario(DiscordCommunity(adapter))
    assert spec_problems(spec, fake.requests) == []
    assert fake.handler_errors == []
    assert loop_errors == []
