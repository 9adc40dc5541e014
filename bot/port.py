"""The port through which the core talks to a chat platform: small on purpose.

`Capabilities` is the single source of truth about a platform: what it can do and its limits. The core reads
it to pick the form of every message (a native poll or buttons, never both; an ephemeral answer or a DM; one
group DM or a DM each; a thread or the channel), so adapters only translate and render.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable

from bot.messages import Destination, EventSpec, Message


@dataclass(frozen=True, slots=True)
class Limits:
    """What a platform accepts. The core shapes messages to fit, so nothing is cut off on the way out."""

    #: Characters in one message's text; longer texts go out as several messages.
    message_length: int = 4000
    poll_question: int = 300
    poll_option: int = 55
    poll_options: int = 10
    poll_hours: int = 768
    button_label: int = 75
    event_title: int = 100


@dataclass(frozen=True, slots=True)
class Capabilities:
    #: Answers only the asker sees, in the channel they asked in; otherwise answers go by DM.
    ephemeral_replies: bool
    #: Replies under a post; otherwise follow-ups go in the channel itself.
    threads: bool
    #: The platform's own polls; otherwise polls are buttons.
    native_polls: bool
    #: One conversation with a few members; otherwise each gets a DM naming the others.
    group_direct_messages: bool
    #: Clickable buttons; otherwise the text says which command does the same.
    buttons: bool = True
    #: Kindling can replace a message it posted (live poll counts).
    edits: bool = False
    #: The platform has an event calendar of its own (Discord's scheduled events).
    calendar: bool = False
    #: Files can go with a message (the pulse chart, a privacy export).
    files: bool = True
    #: The platform lists who is already in a community (`ListsMembers`): set-up notes them as existing.
    member_lists: bool = False
    #: Kindling can mark a native poll closed, so clients stop taking votes (Matrix's `m.poll.end`).
    closes_polls: bool = False
    #: How members write a command here ("/kindling" for a slash command, "!kindling" as a message); every
    #: command the core names in a text is written with it.
    command_prefix: str = "/kindling"
    limits: Limits = field(default_factory=Limits)


#: What the core assumes of a platform it has no declaration for: the plainest form of everything.
PLAIN = Capabilities(
    ephemeral_replies=False,
    threads=False,
    native_polls=False,
    group_direct_messages=False,
    buttons=True,
    files=False,
    limits=Limits(message_length=2000),
)

#: The capabilities of every platform Kindling knows, by platform name; built by the composition root from
#: the adapters' declarations, so the core can shape a message for any community whichever adapters run here.
CapabilityBook = Mapping[str, Capabilities]


def capabilities_of(book: CapabilityBook, platform: str) -> Capabilities:
    return book.get(platform, PLAIN)


@dataclass(frozen=True, slots=True)
class Delivered:
    """What the platform answered: enough to find, thread under or edit the message later."""

    channel_id: str
    message_id: str | None = None


class Undeliverable(StrEnum):
    """Why a send can never succeed, where the core has a way around it (see `DeliveryError.reason`)."""

    #: The member does not accept direct messages from Kindling (Discord 50007; Slack `user_not_visible`,
    #: `cannot_dm_bot`): the core may reach them in the community's channel instead.
    DIRECT_MESSAGES_CLOSED = "direct_messages_closed"


class DeliveryError(Exception):
    """A send failed. `retryable` tells the outbox whether trying again can help; `reason`, when the platform
    said why in a way the core can act on, lets the core choose another way (a welcome in the home channel
    for a member whose direct messages are closed)."""

    def __init__(
        self,
        detail: str,
        *,
        retryable: bool = True,
        retry_after: float | None = None,
        reason: Undeliverable | None = None,
    ) -> None:
        super().__init__(detail)
        self.retryable = retryable
        self.retry_after = retry_after
        self.reason = reason


class ChatPlatform(Protocol):
    @property
    def capabilities(self) -> Capabilities: ...

    async def send_direct(
        self, *, community_id: str, member_id: str, message: Message, key: str
    ) -> Delivered:
        """Send `message` to one member privately. `key` is the outbox row's idempotency key."""
        ...

    async def post_in_channel(
        self, *, community_id: str, channel_id: str, thread_id: str | None, message: Message, key: str
    ) -> Delivered: ...

    async def reply_privately(
        self,
        *,
        community_id: str,
        member_id: str,
        channel_id: str,
        reply_token: str | None,
        message: Message,
        key: str,
    ) -> Delivered:
        """Only for platforms whose capabilities say `ephemeral_replies`: the core sends a DM elsewhere."""
        ...


@runtime_checkable
class FindsDelivered(Protocol):
    """Optional: a platform that can tell whether a message with Kindling's key already arrived (Slack keeps
    the key in message metadata). The outbox asks before re-sending a message whose earlier send may have
    been interrupted, so a crash between "sent" and "marked sent" does not post twice. Platforms that
    deduplicate by themselves (Discord's nonce with enforce_nonce) need not implement it."""

    async def find_delivered(
        self, *, community_id: str, destination: Destination, key: str
    ) -> Delivered | None: ...


@runtime_checkable
class SendsGroupMessages(Protocol):
    """For platforms whose capabilities say `group_direct_messages`: one conversation for a few members."""

    async def send_group(
        self, *, community_id: str, member_ids: tuple[str, ...], message: Message, key: str
    ) -> Delivered: ...


@runtime_checkable
class EditsMessages(Protocol):
    """For platforms whose capabilities say `edits`: replace a message Kindling posted."""

    async def edit_message(
        self, *, community_id: str, channel_id: str, message_id: str, message: Message
    ) -> Delivered: ...


@runtime_checkable
class ClosesPolls(Protocol):
    """For platforms whose capabilities say `closes_polls`: end a native poll Kindling posted, with
    `message` (the result) as its closing text."""

    async def close_poll(
        self, *, community_id: str, channel_id: str, message_id: str, message: Message, key: str
    ) -> Delivered: ...


@runtime_checkable
class SchedulesEvents(Protocol):
    """For platforms whose capabilities say `calendar`. `Delivered.message_id` is the event's id, by which the
    core later recognises members marking themselves interested. Creating must not make a second event for
    the same `key` when an earlier, interrupted attempt already made one."""

    async def create_event(self, *, community_id: str, event: EventSpec, key: str) -> Delivered: ...

    async def change_event(self, *, community_id: str, event_id: str, event: EventSpec | None) -> None:
        """Move the event to `event`'s times and texts, or cancel it (None). Both may be repeated."""
        ...


@dataclass(frozen=True, slots=True)
class ListedMember:
    """Someone the platform lists as in a community now. `joined_at` when the platform says (Discord does;
    Slack's channel member list does not)."""

    member_id: str
    name: str
    joined_at: datetime | None = None
    is_bot: bool = False


class ListingError(Exception):
    """The platform would not list a community's members; the message says why in a few words (the
    platform's own error code), for the organiser who asked."""


@runtime_checkable
class ListsMembers(Protocol):
    """For platforms whose capabilities say `member_lists`: who is already in the community (Discord: the
    server's members past screening; Slack: the home channel's members), page by page as the platform
    gives them. `channel_id` is the community's home channel where the platform's community is one. A
    refusal raises `ListingError`."""

    def members(self, *, community_id: str, channel_id: str | None) -> AsyncIterator[ListedMember]: ...


@runtime_checkable
class CountsMembers(Protocol):
    """Optional, beside `ListsMembers`: how many members there are, before listing them (a progress bar's
    end); None when the platform cannot say."""

    async def member_count(self, *, community_id: str, channel_id: str | None) -> int | None: ...
