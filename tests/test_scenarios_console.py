"""The shared scenarios over the console adapter."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.clock import ManualClock
from bot.storage.database import Database
from tests.scenarios import content, welcome
from tests.scenarios.driver import Delivery
from tests.support.console_driver import ConsoleDriver


class ConsoleCommunity:
    """The scenario driver over the console session."""

    def __init__(self, console: ConsoleDriver) -> None:
        self.console = console
        self._seen = 0

    async def join(self, name: str) -> None:
        await self.console.line(f"join {name}")

    async def leave(self, name: str) -> None:
        await self.console.line(f"leave {name}")

    async def say(self, name: str, text: str) -> None:
        await self.console.line(f"{name}: {text}")

    async def command(self, name: str, text: str) -> None:
        await self.console.line(f"{name}: /kindling {text}")

    async def click(self, name: str, action_id: str, value: str) -> None:
        await self.console.line(f"{name}: click {action_id} {value}")

    async def make_organiser(self, name: str) -> None:
        await self.console.line(f"organiser {name}")

    async def settle(self) -> list[Delivery]:
        await self.console.worker.run_until_idle()
        new = self.console.deliveries[self._seen :]
        self._seen = len(self.console.deliveries)
        return [d for d in new if d.kind != "console"]


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
    scenario: Callable[[ConsoleCommunity], Awaitable[None]], database: Database, clock: ManualClock
) -> None:
    await scenario(ConsoleCommunity(ConsoleDriver(database=database, clock=clock)))
