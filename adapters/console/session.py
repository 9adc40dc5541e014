"""Turns console lines into core events; after each line the outbox is delivered so output stays in order.

join NAME | leave NAME | organiser NAME | time +3d (or +5h, +30m)
NAME: some text            NAME posts in the home channel
NAME: /kindling goal ...   NAME runs a command
NAME: click ACTION VALUE   NAME presses a button Kindling showed them
NAME: press MSG N          NAME presses the Nth button of Kindling's message MSG (a numbered vote)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from adapters.console.platform import ConsolePlatform
from bot.clock import ManualClock
from bot.due_work import DueWork
from bot.events import (
    ButtonClicked,
    CommandInvoked,
    CommunityRef,
    MemberJoined,
    MemberLeft,
    MessagePosted,
    Person,
)
from bot.kindling import Kindling
from bot.outbox_worker import OutboxWorker

HOME = "home"
COMMUNITY = CommunityRef(platform="console", external_id="console", name="Console", default_home_channel=HOME)
_SPOKEN = re.compile(r"^([\w.-]+):\s*(.*)$")
_DURATION = re.compile(r"^\+(\d+)([dhm])$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}
# Due work is jumped to directly; the cap only keeps the console's clock readable on long jumps.
STEP = timedelta(days=1)

HELP = """[console] join NAME | leave NAME | organiser NAME | time +3d / +5h / +30m | quit
[console] NAME: text  (posts in #home; members' posts are m1, m2, ...)   NAME: reply ID text  (in a thread)
[console] NAME: /kindling help   NAME: click ACTION VALUE   NAME: press MSG N  (button N of message MSG)"""


class ConsoleSession:
    def __init__(
        self,
        *,
        kindling: Kindling,
        worker: OutboxWorker,
        clock: ManualClock,
        write: Callable[[str], None],
        due_work: DueWork | None = None,
        platform: ConsolePlatform | None = None,
    ) -> None:
        self.kindling = kindling
        self.worker = worker
        self.clock = clock
        self.write = write
        self.due_work = due_work
        self._message_count = 0
        self._platform = platform

    async def feed(self, line: str) -> None:
        await self._interpret(line.strip())
        await self.worker.run_until_idle()

    async def _interpret(self, line: str) -> None:
        if not line or line.startswith("#"):
            return
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        spoken = _SPOKEN.match(line)
        if spoken and word.endswith(":"):
            await self._spoken(spoken.group(1), spoken.group(2).strip())
        elif word == "join" and _is_name(rest):
            await self.kindling.handle(MemberJoined(COMMUNITY, Person(rest, rest)))
        elif word == "leave" and _is_name(rest):
            await self.kindling.handle(MemberLeft(COMMUNITY, rest))
        elif word in ("organiser", "organizer") and _is_name(rest):
            await self.kindling.grant_organiser(community=COMMUNITY, person=Person(rest, rest))
            self.write(f"[console] {rest} is an organiser")
        elif word == "time":
            await self._advance(rest)
        elif word == "help":
            self.write(HELP)
        else:
            self.write(f"[console] I don't understand '{line[:60]}'. Type help.")

    async def _spoken(self, name: str, text: str) -> None:
        person = Person(name, name)
        if text.startswith("/kindling"):
            command = text.removeprefix("/kindling").strip()
            await self.kindling.handle(CommandInvoked(COMMUNITY, person, HOME, command))
        elif text.startswith("click "):
            _, action, value = [*text.split(" ", 2), "", ""][:3]
            await self.kindling.handle(ButtonClicked(COMMUNITY, person, action, value.strip(), HOME))
        elif text.startswith("press "):
            await self._press(person, text.split()[1:])
        elif text.startswith("reply ") and len(text.split(" ", 2)) == 3:
            _, thread, _body = text.split(" ", 2)
            await self.kindling.handle(
                MessagePosted(COMMUNITY, person, HOME, self._next_id(), thread_id=thread)
            )
        elif text:
            await self.kindling.handle(
                MessagePosted(COMMUNITY, person, HOME, self._next_id(), looks_like_question="?" in text)
            )

    async def _press(self, person: Person, words: list[str]) -> None:
        shown = self._platform.buttons if self._platform is not None else {}
        if len(words) != 2 or not words[1].isdigit():
            self.write("[console] press takes a message number and a button number, e.g. press 3 1")
            return
        buttons = shown.get(words[0], ())
        if not 1 <= int(words[1]) <= len(buttons):
            self.write(f"[console] message {words[0]} has no button {words[1]}")
            return
        button = buttons[int(words[1]) - 1]
        await self.kindling.handle(ButtonClicked(COMMUNITY, person, button.action_id, button.value, HOME))

    def _next_id(self) -> str:
        # Members' posts are m1, m2, ... in order; Kindling's own posts show their number when delivered.
        self._message_count += 1
        return f"m{self._message_count}"

    async def _advance(self, amount: str) -> None:
        match = _DURATION.match(amount)
        if not match:
            self.write("[console] time takes +Nd, +Nh or +Nm, e.g. time +3d")
            return
        target = self.clock.now() + timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
        # Walk through the time in steps, as a running Kindling would live through it: each step runs what
        # became due and delivers what may go out, so a month of a community passes in order.
        if self.due_work is not None:
            await self.due_work.run_due()  # what is due already (an ask for a column in two days) goes first
            await self.worker.run_until_idle()
        while self.clock.now() < target:
            step_to = min(target, self.clock.now() + STEP)
            if self.due_work is not None:
                due = await self.due_work.next_due_after(self.clock.now())
                if due is not None and due < step_to:
                    step_to = due
            self.clock.set(step_to)
            if self.due_work is not None:
                await self.due_work.run_due()
            await self.worker.run_until_idle()
        self.write(f"[console] it is now {self.clock.now():%a %Y-%m-%d %H:%M} UTC")


def _is_name(text: str) -> bool:
    return bool(re.fullmatch(r"[\w.-]+", text))
