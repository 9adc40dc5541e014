"""What a scenario needs from a platform: people by name in, deliveries by name out.

Each adapter's tests implement this over its real adapter (console session, Slack over signed HTTP or Socket
Mode against the fake Slack, Discord over the fake gateway and REST); the scenarios in this package then
prove the same behaviour on every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Delivery:
    """A message as the member saw it. `to` is a person's name (dm, private) or a channel name (channel);
    mentions in `text` are rendered as @name and #channel."""

    kind: str  # "dm" | "private" | "channel" (the console driver adds "console" for its own lines)
    to: str
    text: str
    buttons: tuple[tuple[str, str, str], ...] = ()  # (label, action id, value)
    message_id: str = ""  # where the platform tells it: Kindling's channel posts
    thread: str = ""  # the message whose thread it was posted in, where the platform tells it


class CommunityDriver(Protocol):
    async def join(self, name: str) -> None: ...

    async def leave(self, name: str) -> None: ...

    async def say(self, name: str, text: str) -> None:
        """`name` posts `text` in the home channel."""
        ...

    async def command(self, name: str, text: str) -> None:
        """`name` runs `/kindling <text>` in the home channel."""
        ...

    async def click(self, name: str, action_id: str, value: str) -> None: ...

    async def make_organiser(self, name: str) -> None:
        """However the platform makes someone an organiser (workspace admin, Manage Server, console)."""
        ...

    async def settle(self) -> list[Delivery]:
        """Wait until Kindling has delivered everything it queued; return what arrived since last time."""
        ...
