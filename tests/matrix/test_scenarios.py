"""The shared scenarios (tests/scenarios) over the real Matrix adapter against the real Synapse."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.clock import ManualClock
from bot.storage.database import Database
from tests.matrix.driver import ALREADY_THERE, MatrixCommunity
from tests.matrix.harness import running_adapter
from tests.matrix.synapse import Synapse
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
    scenario: Callable[[MatrixCommunity], Awaitable[None]],
    synapse: Synapse,
    database: Database,
    clock: ManualClock,
) -> None:
    async with running_adapter(
        synapse, database=database, clock=clock, already_there=ALREADY_THERE
    ) as adapter:
        await scenario(MatrixCommunity(adapter))
        assert adapter.recorder.errors == []
