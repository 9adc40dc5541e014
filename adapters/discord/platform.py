"""The core's `ChatPlatform` port on Discord: direct messages, channel posts, ephemeral follow-ups.

Attachments (the pulse chart) go with any of them as `discord.File`s: a multipart body of `payload_json`
and `files[n]`.

Every channel or DM send carries a nonce derived from the outbox key with `enforce_nonce` (discord.py adds it
whenever a nonce is given), so a resend after an interrupted send returns the first message instead of a
second one. Interaction follow-ups (webhooks) have no nonce in Discord's API.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

import aiohttp
import discord

from adapters.discord.capabilities import CAPABILITIES
from adapters.discord.render import Rendered, render
from adapters.discord.roster import count_members, list_members
from adapters.discord.translate import parse_reply_token
from bot.messages import EventSpec, Message
from bot.port import Delivered, DeliveryError, ListedMember, Undeliverable

log = logging.getLogger(__name__)

NONCE_LENGTH = 25
EVENT_LOCATION_LIMIT = 100
EVENT_DESCRIPTION_LIMIT = 1000
THREAD_NAME_LIMIT = 100
UNKNOWN_CHANNEL = 10003
THREAD_EXISTS = 160004
#: "Cannot send messages to this user": their direct messages are closed to Kindling.
CANNOT_MESSAGE_USER = 50007
#: Discord's answers when an interaction token has expired (15 minutes) or never existed.
_TOKEN_GONE = frozenset({401, 404})


def nonce(key: str) -> str:
    """Deterministic per outbox key, at most 25 characters (Discord's limit)."""
    return hashlib.blake2b(key.encode(), digest_size=12).hexdigest()[:NONCE_LENGTH]


class DiscordPlatform:
    capabilities = CAPABILITIES

    def __init__(self, client: discord.Client) -> None:
        self._client = client

    def members(self, *, community_id: str, channel_id: str | None) -> AsyncIterator[ListedMember]:
        """The server's members (see `adapters.discord.roster`); the channel does not matter here."""
        return list_members(self._client, int(community_id))

    async def member_count(self, *, community_id: str, channel_id: str | None) -> int | None:
        return await count_members(self._client, int(community_id))

    async def send_direct(
        self, *, community_id: str, member_id: str, message: Message, key: str
    ) -> Delivered:
        rendered = render(message, guild_id=community_id)
        with _delivery_errors(f"DM to {member_id}"):
            channel = await self._client.create_dm(discord.Object(int(member_id)))
            sent = await _send(channel, rendered, key)
        return Delivered(channel_id=str(channel.id), message_id=str(sent.id))

    async def post_in_channel(
        self, *, community_id: str, channel_id: str, thread_id: str | None, message: Message, key: str
    ) -> Delivered:
        rendered = render(message, guild_id=community_id)
        # A thread is a channel of its own on Discord: post into it by its id.
        target = self._client.get_partial_messageable(
            int(thread_id or channel_id), guild_id=int(community_id)
        )
        with _delivery_errors(f"post in {target.id}"):
            try:
                sent = await _send(target, rendered, key)
            except discord.NotFound as error:
                # The core's thread is a message (one of Kindling's posts, a member's question) under which
                # nobody has started a thread yet: open it (it takes the message's id), then post there.
                if thread_id is None or error.code != UNKNOWN_CHANNEL:
                    raise
                await self._open_thread(community_id, channel_id, thread_id, rendered.content or "")
                sent = await _send(target, rendered, key)
        # The channel the message is in (the thread, for a thread reply): what an edit needs.
        return Delivered(channel_id=str(target.id), message_id=str(sent.id))

    async def _open_thread(self, community_id: str, channel_id: str, message_id: str, title: str) -> None:
        channel = self._client.get_partial_messageable(int(channel_id), guild_id=int(community_id))
        name = (title.strip().splitlines() or ["Kindling"])[0][:THREAD_NAME_LIMIT] or "Kindling"
        try:
            await channel.get_partial_message(int(message_id)).create_thread(name=name)
        except discord.HTTPException as error:
            if error.code != THREAD_EXISTS:  # opened meanwhile (an earlier attempt): post there
                raise

    async def edit_message(
        self, *, community_id: str, channel_id: str, message_id: str, message: Message
    ) -> Delivered:
        """Replace text and buttons of a message Kindling posted (an anonymous poll's live count); no
        buttons left means none shown. Its files stay as they were."""
        rendered = render(message, guild_id=community_id)
        target = self._client.get_partial_messageable(int(channel_id), guild_id=int(community_id))
        with _delivery_errors(f"edit of {message_id} in {channel_id}"):
            await target.get_partial_message(int(message_id)).edit(
                content=rendered.content, view=rendered.view
            )
        return Delivered(channel_id=channel_id, message_id=message_id)

    async def create_event(self, *, community_id: str, event: EventSpec, key: str) -> Delivered:
        """A scheduled event held outside Discord (entity type external, seen by the server's members).
        Discord has no nonce for events, so the server's events are read first: one Kindling already made
        with this name and start (an attempt that was cut off after Discord made it) is the answer."""
        starts = datetime.fromisoformat(event.starts_at)
        with _delivery_errors(f"event in {community_id}"):
            guild = self._client.get_guild(int(community_id)) or await self._client.fetch_guild(
                int(community_id)
            )
            mine = self._client.user.id if self._client.user is not None else None
            for existing in await guild.fetch_scheduled_events(with_counts=False):
                if (
                    existing.creator_id == mine
                    and existing.name == event.title
                    and existing.start_time == starts
                ):
                    return Delivered(channel_id="", message_id=str(existing.id))
            created = await guild.create_scheduled_event(
                name=event.title,
                start_time=starts,
                end_time=datetime.fromisoformat(event.ends_at),
                entity_type=discord.EntityType.external,
                privacy_level=discord.PrivacyLevel.guild_only,
                location=event.location[:EVENT_LOCATION_LIMIT],
                description=event.description[:EVENT_DESCRIPTION_LIMIT],
                reason=f"Kindling meetup ({key})",
            )
        return Delivered(channel_id="", message_id=str(created.id))

    async def change_event(self, *, community_id: str, event_id: str, event: EventSpec | None) -> None:
        """Move Kindling's event to `event` (times, title, texts), or cancel it (None). Repeating is
        harmless: an event already cancelled, started, over or deleted is left as it is."""
        with _delivery_errors(f"event {event_id} in {community_id}"):
            guild = self._client.get_guild(int(community_id)) or await self._client.fetch_guild(
                int(community_id)
            )
            try:
                found = await guild.fetch_scheduled_event(int(event_id), with_counts=False)
            except discord.NotFound:
                return  # deleted in Discord by someone: nothing left to change
            if found.status is not discord.EventStatus.scheduled:
                return
            if event is None:
                await found.cancel(reason="Kindling: the meetup was cancelled")
                return
            await found.edit(
                name=event.title,
                start_time=datetime.fromisoformat(event.starts_at),
                end_time=datetime.fromisoformat(event.ends_at),
                location=event.location[:EVENT_LOCATION_LIMIT],
                description=event.description[:EVENT_DESCRIPTION_LIMIT],
                reason="Kindling: the meetup was moved",
            )

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
        """An ephemeral follow-up to the interaction; once its token has expired, a direct message."""
        parsed = parse_reply_token(reply_token) if reply_token else None
        if parsed is not None:
            rendered = render(message, guild_id=community_id)
            application_id, token = parsed
            webhook = discord.Webhook.from_state(
                data={"id": application_id, "type": 3, "token": token},
                state=self._client._connection,
            )
            try:
                with _delivery_errors(f"follow-up to {member_id}"):
                    sent = await _follow_up(webhook, rendered)
            except DeliveryError as error:
                if not isinstance(error.__cause__, discord.HTTPException):
                    raise
                if error.__cause__.status not in _TOKEN_GONE:
                    raise
                log.info("interaction token expired; answering %s by direct message", member_id)
            else:
                return Delivered(channel_id=channel_id, message_id=str(sent.id))
        return await self.send_direct(
            community_id=community_id, member_id=member_id, message=message, key=key
        )


async def _send(channel: discord.abc.Messageable, rendered: Rendered, key: str) -> discord.Message:
    return await channel.send(content=rendered.content, nonce=nonce(key), **_extras(rendered))


async def _follow_up(webhook: discord.Webhook, rendered: Rendered) -> discord.WebhookMessage:
    return await webhook.send(rendered.content or "", ephemeral=True, wait=True, **_extras(rendered))


def _extras(rendered: Rendered) -> dict[str, Any]:
    """Only what the message has: discord.py reads an empty `files` as `"attachments": []` and a `None`
    poll as an error."""
    extras: dict[str, Any] = {}
    if rendered.view is not None:
        extras["view"] = rendered.view
    if rendered.poll is not None:
        extras["poll"] = rendered.poll
    if rendered.attachments:
        extras["files"] = rendered.files()
    return extras


@contextlib.contextmanager
def _delivery_errors(what: str) -> Iterator[None]:
    """Translate discord.py and connection failures into the outbox's `DeliveryError`."""
    try:
        yield
    except discord.RateLimited as error:
        raise DeliveryError(f"{what}: rate limited", retry_after=error.retry_after) from error
    except discord.HTTPException as error:
        reason = f"{what}: {error.status} {error.code} {error.text}"
        if error.status == 429:
            raise DeliveryError(reason, retry_after=_retry_after(error)) from error
        if error.code == CANNOT_MESSAGE_USER:
            raise DeliveryError(
                reason, retryable=False, reason=Undeliverable.DIRECT_MESSAGES_CLOSED
            ) from error
        # 5xx: Discord had trouble (discord.py already retried); 4xx: this request can never succeed
        # (404 unknown channel, 400 invalid body).
        raise DeliveryError(reason, retryable=error.status >= 500) from error
    except (aiohttp.ClientError, OSError, TimeoutError) as error:
        raise DeliveryError(f"{what}: {type(error).__name__}: {error}") from error


def _retry_after(error: discord.HTTPException) -> float | None:
    header = error.response.headers.get("Retry-After") if error.response is not None else None
    try:
        return float(header) if header is not None else None
    except ValueError:
        return None
