"""Outbound messages and where they go, in a form every adapter can render and the outbox can store."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ButtonStyle = Literal["default", "primary", "danger"]


@dataclass(frozen=True, slots=True)
class Button:
    #: Stable across restarts and versions: adapters use it as Slack's action_id / Discord's custom_id.
    action_id: str
    label: str
    value: str = ""
    style: ButtonStyle = "default"


@dataclass(frozen=True, slots=True)
class PollSpec:
    """A poll for a platform with native polls (Discord). Where there are none the core sends buttons
    instead, so an adapter only renders this when its capabilities say `native_polls`."""

    poll_id: str
    question: str
    options: tuple[str, ...]
    multiple: bool = False
    duration_hours: int = 24


@dataclass(frozen=True, slots=True)
class EventSpec:
    """A meetup as the platform's own calendar event (a Discord scheduled event: listed in the server's
    events, members mark themselves interested). Times are ISO 8601 in UTC, so the outbox keeps JSON."""

    title: str
    starts_at: str
    ends_at: str
    location: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message (the pulse chart). Base64 so the message stays JSON in the outbox."""

    filename: str
    content_type: str
    data_base64: str

    @classmethod
    def of(cls, filename: str, content_type: str, data: bytes) -> Attachment:
        return cls(filename, content_type, base64.b64encode(data).decode("ascii"))

    @property
    def data(self) -> bytes:
        return base64.b64decode(self.data_base64)


def post_link(channel_id: str, message_id: str) -> str:
    """A link to a post in a channel, which each adapter renders its platform's way (a permalink)."""
    return f"<post:{channel_id}:{message_id}>"


def mentions(member_ids: Iterable[str]) -> str:
    """`<@a>, <@b>`: members named the way Slack and Discord render natively (the console shows @a)."""
    return ", ".join(f"<@{member_id}>" for member_id in member_ids)


@dataclass(frozen=True, slots=True)
class Message:
    """Text may hold `<@member>` and `<#channel>` mentions, which Slack and Discord both render natively."""

    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)
    poll: PollSpec | None = None
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    #: Only for the `Calendar` destination.
    event: EventSpec | None = None


@dataclass(frozen=True, slots=True)
class Direct:
    member_id: str
    kind: Literal["direct"] = "direct"


@dataclass(frozen=True, slots=True)
class InChannel:
    channel_id: str
    thread_id: str | None = None
    kind: Literal["channel"] = "channel"


@dataclass(frozen=True, slots=True)
class Private:
    """Seen only by one member, as an answer to something they did (ephemeral where the platform allows)."""

    member_id: str
    channel_id: str
    reply_token: str | None = None
    kind: Literal["private"] = "private"


@dataclass(frozen=True, slots=True)
class Group:
    """One conversation with a few members (a coffee pair). Where the platform has no group DMs (Discord),
    the outbox sends each of them the same message instead; the text names everyone either way."""

    member_ids: tuple[str, ...]
    kind: Literal["group"] = "group"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the message Kindling sent under outbox key `of_key` (a poll's live counts). It waits until
    that message is out; where the platform cannot edit, or the message went out as a native poll (which
    counts by itself), nothing is sent. With `ends_poll`, the native poll sent under `of_key` is closed
    instead, the message as its closing text, where the platform can close polls."""

    of_key: str
    ends_poll: bool = False
    kind: Literal["edit"] = "edit"


@dataclass(frozen=True, slots=True)
class Calendar:
    """The platform's event calendar: the message's `event` becomes a scheduled event there. Where the
    platform has none, nothing is sent; the announcement with its buttons is the RSVP on every platform."""

    kind: Literal["calendar"] = "calendar"


@dataclass(frozen=True, slots=True)
class CalendarChange:
    """Change the platform event made under outbox key `of_key`: to the message's `event` (a meetup moved), or
    `cancelled`. Where the platform has no calendar, or the event was never made, nothing is sent."""

    of_key: str
    cancelled: bool = False
    kind: Literal["calendar_change"] = "calendar_change"


Destination = Direct | InChannel | Private | Group | Edit | Calendar | CalendarChange


def message_to_json(message: Message) -> str:
    return json.dumps(asdict(message), ensure_ascii=False, separators=(",", ":"))


def message_from_json(raw: str) -> Message:
    data: dict[str, Any] = json.loads(raw)
    buttons = tuple(Button(**button) for button in data.get("buttons", ()))
    poll_data = data.get("poll")
    poll = None
    if poll_data is not None:
        poll = PollSpec(**{**poll_data, "options": tuple(poll_data["options"])})
    attachments = tuple(Attachment(**attachment) for attachment in data.get("attachments", ()))
    event = EventSpec(**data["event"]) if data.get("event") else None
    return Message(text=data["text"], buttons=buttons, poll=poll, attachments=attachments, event=event)


def destination_to_json(destination: Destination) -> str:
    return json.dumps(asdict(destination), separators=(",", ":"))


def destination_from_json(raw: str) -> Destination:
    data: dict[str, Any] = json.loads(raw)
    kind = data.pop("kind")
    if kind == "direct":
        return Direct(**data)
    if kind == "channel":
        return InChannel(**data)
    if kind == "private":
        return Private(**data)
    if kind == "group":
        return Group(member_ids=tuple(data["member_ids"]))
    if kind == "edit":
        return Edit(**data)
    if kind == "calendar":
        return Calendar()
    if kind == "calendar_change":
        return CalendarChange(**data)
    raise ValueError(f"unknown destination kind {kind!r}")
