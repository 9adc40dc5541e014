"""Drives Kindling through its console adapter and reads back what it delivered, block by block.

The console is Kindling's shipped test double: the same core, storage and outbox as on Slack and Discord.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from adapters.console.platform import ConsolePlatform
from adapters.console.session import ConsoleSession
from bot.clock import ManualClock
from bot.settings import Settings
from bot.storage.database import Database
from tests.scenarios.driver import Delivery
from tests.support.core import test_core

_LABEL = re.compile(r"^\[(DM -> |private -> |group -> |#)([^\]]+?)(?: thread ([^\]]+))?\] ?(.*)$")
_BUTTON = re.compile(r"^\(button\) (.+): type `NAME: click (\S+) (\S*)`$")
_MESSAGE_ID = re.compile(r"^\(message (\S+): reply with")
_EDIT = re.compile(r"^\[edit of message (\S+)\] ?(.*)$")


@dataclass
class ConsoleDriver:
    database: Database
    clock: ManualClock
    deliveries: list[Delivery] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.core = test_core(self.database, self.clock)
        self.kindling = self.core.kindling
        self.platform = ConsolePlatform(self._record)
        self.worker = self.core.worker(Settings(), platform_name="console", chat=self.platform)
        self.due_work = self.core.due_work
        self.session = ConsoleSession(
            kindling=self.kindling,
            worker=self.worker,
            clock=self.clock,
            write=self._record,
            due_work=self.due_work,
            platform=self.platform,
        )

    async def line(self, text: str) -> list[Delivery]:
        """Feed one console line; returns what Kindling delivered in answer."""
        before = len(self.deliveries)
        await self.session.feed(text)
        return self.deliveries[before:]

    async def lines(self, *texts: str) -> list[Delivery]:
        out: list[Delivery] = []
        for text in texts:
            out += await self.line(text)
        return out

    async def advance(self, delta: timedelta) -> list[Delivery]:
        seconds = int(delta.total_seconds())
        return await self.line(f"time +{seconds // 60}m")

    async def run_at(self, moment: datetime) -> list[Delivery]:
        """Set the clock to `moment`, run what is due there and deliver it; returns what was delivered."""
        self.clock.set(moment)
        before = len(self.deliveries)
        await self.due_work.run_due()
        await self.worker.run_until_idle()
        return self.deliveries[before:]

    def to(self, kind: str, who: str) -> list[Delivery]:
        return [d for d in self.deliveries if d.kind == kind and d.to == who]

    def _record(self, block: str) -> None:
        first, *rest = block.splitlines()
        match = _LABEL.match(first)
        edit = _EDIT.match(first)
        thread = None
        if edit:  # a new version of an earlier message: `to` and `message_id` are that message's number
            kind, target, head = "edit", edit.group(1), edit.group(2)
        elif not match:
            self.deliveries.append(Delivery("console", "", block))
            return
        else:
            prefix, target, thread, head = match.groups()
            kind = {"DM -> ": "dm", "private -> ": "private", "group -> ": "group", "#": "channel"}[prefix]
        body = [head]
        buttons = []
        message_id = ""
        for line in rest:
            stripped = line.strip()
            button = _BUTTON.match(stripped)
            identified = _MESSAGE_ID.match(stripped)
            if button:
                buttons.append((button.group(1), button.group(2), button.group(3)))
            elif stripped.startswith("(file) "):
                body.append(stripped)  # kept in the text, so tests can see a file went with it
            elif identified:
                message_id = identified.group(1)
            elif stripped.startswith("(or by number: "):
                continue  # the numbered form of the buttons above
            else:
                body.append(stripped)
        if kind == "edit":
            message_id = target
        self.deliveries.append(
            Delivery(kind, target, "\n".join(body), tuple(buttons), message_id, thread or "")
        )
