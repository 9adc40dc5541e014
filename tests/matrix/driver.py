"""The scenario driver (tests/scenarios/driver.py) over the real Matrix adapter and the real Synapse.

People are accounts on the homeserver by name. `join`, `leave` and `say` happen in the community room;
`command` is the `!kindling <text>` message there (`@name` written as the member's user id, as a client's
pill is); `click` reacts with the button's keycap on the message that shows it. `settle` waits until the
adapter has handled everything so far, drains the outbox, then reads what each person received: they
accept Kindling's invitations to direct chats, as a person does, and read the rooms they are in.

Matrix has no ephemeral messages, so the core answers a command or a click in the asker's direct chat.
The driver tells such an answer ("private") from a message Kindling sent of its own accord ("dm") by the
outbox key Kindling puts in every event: only answers are queued without a key of their own ("once:...").

The scenarios' organiser (ann) was in the room before Kindling's setup (`ALREADY_THERE`), as members are in
the fake Slack workspace and Discord guild; anyone else who acts without having joined joins the room first,
as on Matrix no one can speak in a room they are not in.
"""

from __future__ import annotations

import re
from typing import Any

from adapters.matrix.payloads import BUTTONS_FIELD, DIRECT_STATE, KEY_FIELD
from adapters.matrix.render import KEYCAPS
from tests.matrix.client import Person
from tests.matrix.harness import MatrixHarness
from tests.scenarios.driver import Delivery

_USER_ID = re.compile(r"@([a-z0-9._=/+-]+):[A-Za-z0-9.:\[\]-]+")
_NAME = re.compile(r"@(\w+)")
#: Who was in the community room before Kindling was set up there.
ALREADY_THERE = ("ann",)
KINDLING_TYPES = ("m.room.message", "org.matrix.msc3381.poll.start", "m.poll.start")


class MatrixCommunity:
    def __init__(self, adapter: MatrixHarness) -> None:
        self.adapter = adapter
        self.home = adapter.home
        self._joined: set[str] = set(adapter.people)
        #: Kindling's messages as they were read: event id -> (room, content).
        self.messages: dict[str, tuple[str, dict[str, Any]]] = {}
        self._private_rooms: dict[str, str] = {}  # room -> whose direct chat it is
        self._seen: set[str] = set()

    # -- people ------------------------------------------------------------------------------------------

    async def _present(self, name: str) -> Person:
        person = await self.adapter.person(name)
        if name not in self._joined:
            await person.join(self.home)
            self._joined.add(name)
        return person

    def _name_of(self, user_id: str) -> str:
        for name, person in self.adapter.people.items():
            if person.user_id == user_id:
                return name
        return user_id

    # -- the driver protocol ------------------------------------------------------------------------------

    async def join(self, name: str) -> None:
        person = await self.adapter.person(name)
        await person.join(self.home)
        self._joined.add(name)

    async def leave(self, name: str) -> None:
        person = await self.adapter.person(name)
        await person.leave(self.home)
        self._joined.discard(name)

    async def say(self, name: str, text: str) -> None:
        person = await self._present(name)
        await person.say(self.home, text)

    async def command(self, name: str, text: str) -> None:
        person = await self._present(name)
        words = []
        for word in text.split(" "):
            match = _NAME.fullmatch(word)
            words.append((await self.adapter.person(match[1])).user_id if match else word)
        await person.say(self.home, "!kindling " + " ".join(words))

    async def click(self, name: str, action_id: str, value: str) -> None:
        person = await self._present(name)
        for event_id, (room, content) in reversed(self.messages.items()):
            buttons = content.get(BUTTONS_FIELD, [])
            for index, button in enumerate(buttons):
                if button.get("action_id") == action_id and button.get("value") == value:
                    await person.react(room, event_id, KEYCAPS[index])
                    return
        raise AssertionError(f"no message with button {action_id} {value}")

    async def make_organiser(self, name: str) -> None:
        """Power level 100 in the community room: a room admin."""
        person = await self.adapter.person(name)
        owner = self.adapter.owner
        levels = await owner.state(self.home, "m.room.power_levels")
        levels.setdefault("users", {})[person.user_id] = 100
        await owner.set_state(self.home, "m.room.power_levels", levels)

    async def settle(self) -> list[Delivery]:
        await self.adapter.settle()
        deliveries: list[Delivery] = []
        for name, person in list(self.adapter.people.items()):
            deliveries += await self._read(name, person)
        return deliveries

    # -- reading what Kindling sent -----------------------------------------------------------------------

    async def _read(self, name: str, person: Person) -> list[Delivery]:
        found: list[Delivery] = []
        for _ in range(3):  # an accepted invitation shows the room's messages in the next sync
            answer = await person.sync()
            rooms = answer.get("rooms", {})
            invited = [r for r, room in rooms.get("invite", {}).items() if _from_kindling(room, self)]
            for room_id, joined in rooms.get("join", {}).items():
                for event in joined.get("state", {}).get("events", []):
                    if event["type"] == DIRECT_STATE:
                        self._private_rooms[room_id] = name
                for event in joined.get("timeline", {}).get("events", []):
                    if event["type"] == DIRECT_STATE:
                        self._private_rooms[room_id] = name
                    delivery = self._delivery(room_id, event)
                    if delivery is not None:
                        found.append(delivery)
            for room_id in invited:
                await person.join(room_id)
            if not invited:
                break
        return found

    def _delivery(self, room_id: str, event: dict[str, Any]) -> Delivery | None:
        event_id = event.get("event_id", "")
        if event.get("sender") != self.adapter.bot.user_id or event["type"] not in KINDLING_TYPES:
            return None
        if event_id in self._seen:
            return None
        content = event["content"]
        if "m.relates_to" in content and content["m.relates_to"].get("rel_type") == "m.replace":
            return None
        if content.get("msgtype") in ("m.image", "m.file"):
            return None
        self._seen.add(event_id)
        self.messages[event_id] = (room_id, content)
        text = _USER_ID.sub(lambda m: "@" + self._name_of(m[0]), str(content.get("body", "")))
        buttons = tuple(
            (str(b.get("label")), str(b.get("action_id")), str(b.get("value")))
            for b in content.get(BUTTONS_FIELD, [])
        )
        if room_id == self.home:
            return Delivery("channel", "home", text, buttons, event_id)
        owner = self._private_rooms.get(room_id, "?")
        kind = "private" if str(content.get(KEY_FIELD, "")).startswith("once:") else "dm"
        return Delivery(kind, owner, text, buttons, event_id)


def _from_kindling(room: dict[str, Any], community: MatrixCommunity) -> bool:
    events = room.get("invite_state", {}).get("events", [])
    return any(e.get("sender") == community.adapter.bot.user_id for e in events)
