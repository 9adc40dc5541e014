"""The port through which the core talks to a chat platform: small on purpose.

Capabilities are declared, so the core picks a fallback (a DM instead of an ephemeral reply, buttons instead
of a native poll) rather than each adapter guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.messages import Destination, EventSpec, Message


@dataclass(frozen=True, slots=True)
class Capabilities:
    ephemeral_replies: bool
    threads: bool
    native_polls: bool
    group_direct_messages: bool
    buttons: bool = True


@dataclass(frozen=True, slots=True)
class Delivered:
    """What the platform answered: enough to find, thread under or edit the message later."""

    channel_id: str
    message_id: str | None = None


class DeliveryError(Exception):
    """A send failed. `retryable` tells the outbox whether trying again can help."""

    def __init__(self, reason: str, *, retryable: bool = True, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retryable = retryable
        self.retry_after = retry_after


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
    ) -> Delivered: ...


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
    """Optional: a platform with group DMs (Slack's multi-person DM, the console) opens one conversation
    for a few members. The outbox uses it when `capabilities.group_direct_messages` says so."""

    async def send_group(
        self, *, community_id: str, member_ids: tuple[str, ...], message: Message, key: str
    ) -> Delivered: ...


@runtime_checkable
class EditsMessages(Protocol):
    """Optional: a platform that can replace a message Kindling posted (Slack's chat.update, Discord's
    message edit). The outbox uses it for `Edit` destinations; without it those are dropped."""

    async def edit_message(
        self, *, community_id: str, channel_id: str, message_id: str, message: Message
    ) -> Delivered: ...


@runtime_checkable
class SchedulesEvents(Protocol):
    """Optional: a platform with its own event calendar (Discord's scheduled events). The outbox uses it for
    `Calendar` destinations; without it those are dropped. `Delivered.message_id` is the event's id, by
    which the core later recognises members marking themselves interested. Creating must not make a second
    event for the same `key` when an earlier, interrupted attempt already made one."""

    async def create_event(self, *, community_id: str, event: EventSpec, key: str) -> Delivered: ...
