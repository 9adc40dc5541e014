"""The core's `ChatPlatform` port on Matrix: direct chats, room posts, threads, edits, pairs' rooms.

Exactly once: every send is `PUT /rooms/{room}/send/{type}/{txnId}` with a transaction id derived from the
outbox key, and Synapse answers a repeated transaction id (same room, same device) with the event it already
made (in memory for 30 minutes, from its `event_txn_id_device_id` table for 24 hours). A retry after a crash
therefore never posts twice, as long as it goes to the same room: direct chats are found, not re-created,
through the `org.kindling.direct` state event they are created with (see rooms.py). Beyond that window, or
after the access token (and so the device) changed, `find_delivered` looks for the key Kindling puts in
every event it sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from typing import Any, cast

import aiohttp
from mautrix.api import Method, Path
from mautrix.client import ClientAPI
from mautrix.errors import MatrixConnectionError, MatrixRequestError, MNotFound
from mautrix.types import RoomCreatePreset, UserID

from adapters.matrix.capabilities import CAPABILITIES
from adapters.matrix.payloads import DIRECT_STATE, KEY_FIELD, ClientEvent, Messages
from adapters.matrix.render import POLL_END_TYPE, Rendered, edit_content, poll_end_content, render
from adapters.matrix.rooms import Directory
from bot.messages import Attachment, Destination, Direct, Group, InChannel, Message, Private
from bot.port import Delivered, DeliveryError, ListedMember, ListingError, Undeliverable

log = logging.getLogger(__name__)

#: The homeserver refuses to invite a member who blocks invitations (`m.invite_permission_config`, MSC4380).
INVITE_BLOCKED = "M_INVITE_BLOCKED"
#: How many of Kindling's latest events in a room `find_delivered` reads.
LOOK_BACK = 50
EVENT_CACHE = 2000
READY_TIMEOUT = 60.0


def txn_id(key: str) -> str:
    """Deterministic per outbox key (and part), so Synapse recognises a retry."""
    return "kindling." + hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


class MatrixPlatform:
    capabilities = CAPABILITIES

    def __init__(self, api: ClientAPI, directory: Directory) -> None:
        self._api = api
        self._directory = directory
        self._creating = asyncio.Lock()
        self._events: OrderedDict[str, ClientEvent] = OrderedDict()
        #: Set once the first sync is in: until then the directory does not know the existing direct chats.
        self.ready = asyncio.Event()

    @property
    def me(self) -> str:
        return self._directory.me

    # -- the port ----------------------------------------------------------------------------------------

    async def send_direct(
        self, *, community_id: str, member_id: str, message: Message, key: str
    ) -> Delivered:
        with _delivery_errors(f"direct message to {member_id}"):
            room = await self._private_room(community_id, (member_id,))
            return await self._send(room, message, key)

    async def send_group(
        self, *, community_id: str, member_ids: tuple[str, ...], message: Message, key: str
    ) -> Delivered:
        with _delivery_errors(f"message to {', '.join(member_ids)}"):
            room = await self._private_room(community_id, member_ids)
            return await self._send(room, message, key)

    async def post_in_channel(
        self, *, community_id: str, channel_id: str, thread_id: str | None, message: Message, key: str
    ) -> Delivered:
        with _delivery_errors(f"post in {channel_id}"):
            return await self._send(channel_id, message, key, thread_id=thread_id)

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
        """Matrix has no ephemeral messages, so the core sends private answers as direct messages; a row
        queued as private all the same goes to the member's direct chat."""
        return await self.send_direct(
            community_id=community_id, member_id=member_id, message=message, key=key
        )

    async def edit_message(
        self, *, community_id: str, channel_id: str, message_id: str, message: Message
    ) -> Delivered:
        """An `m.replace` edit. Its transaction id comes from the edit itself, so a repeated edit is one."""
        rendered = self._render(message, key=None, native_poll=False)
        content = edit_content(rendered, message_id)
        digest = json.dumps(content, sort_keys=True, ensure_ascii=False)
        with _delivery_errors(f"edit of {message_id}"):
            await self.put_event(channel_id, "m.room.message", content, txn_id(f"edit:{message_id}:{digest}"))
        return Delivered(channel_id=channel_id, message_id=message_id)

    async def close_poll(
        self, *, community_id: str, channel_id: str, message_id: str, message: Message, key: str
    ) -> Delivered:
        """An MSC3381 poll end for the poll `message_id`, with the core's closing text; one per `key`."""
        content = poll_end_content(message.text, message_id, key=key)
        with _delivery_errors(f"end of poll {message_id}"):
            event_id = await self.put_event(channel_id, POLL_END_TYPE, content, txn_id(key))
        return Delivered(channel_id=channel_id, message_id=event_id)

    async def find_delivered(
        self, *, community_id: str, destination: Destination, key: str
    ) -> Delivered | None:
        room = self._room_for(community_id, destination)
        if room is None:
            return None
        with _delivery_errors(f"look-up of {key}"):
            found = cast(
                Messages,
                await self._api.api.request(
                    Method.GET,
                    Path.v3.rooms[room].messages,
                    query_params={
                        "dir": "b",
                        "limit": str(LOOK_BACK),
                        "filter": json.dumps({"senders": [self.me]}),
                    },
                ),
            )
        for event in found.get("chunk", []):
            if event.get("content", {}).get(KEY_FIELD) == key and "event_id" in event:
                return Delivered(channel_id=room, message_id=event["event_id"])
        return None

    # -- who is already in a community (set-up notes them, so they are not newcomers) ---------------------

    async def members(self, *, community_id: str, channel_id: str | None) -> AsyncIterator[ListedMember]:
        """The room's joined members but Kindling, in one answer (`/joined_members` has no pages)."""
        room = channel_id or community_id
        try:
            answer = await self._api.api.request(Method.GET, Path.v3.rooms[room].joined_members)
        except (MatrixRequestError, MatrixConnectionError, aiohttp.ClientError) as error:
            raise ListingError(
                f"{getattr(error, 'errcode', None) or type(error).__name__}: {error}"
            ) from error
        joined = answer.get("joined") if isinstance(answer, dict) else None
        for user_id, profile in (joined if isinstance(joined, dict) else {}).items():
            if user_id == self.me:
                continue
            name = profile.get("display_name") if isinstance(profile, dict) else None
            yield ListedMember(member_id=user_id, name=name if isinstance(name, str) and name else user_id)

    # -- reading Kindling's own events back (button presses, poll votes) ---------------------------------

    async def fetch_event(self, room_id: str, event_id: str) -> ClientEvent | None:
        cached = self._events.get(event_id)
        if cached is not None:
            return cached
        try:
            raw = await self._api.api.request(Method.GET, Path.v3.rooms[room_id].event[event_id])
        except (MNotFound, MatrixRequestError) as error:
            log.info("could not read event %s in %s: %s", event_id, room_id, error)
            return None
        event = cast(ClientEvent, raw)
        self._events[event_id] = event
        while len(self._events) > EVENT_CACHE:
            self._events.popitem(last=False)
        return event

    # -- sending -----------------------------------------------------------------------------------------

    async def put_event(self, room: str, event_type: str, content: dict[str, Any], txn: str) -> str:
        """`PUT /rooms/{room}/send/{type}/{txn}`: the homeserver makes one event per transaction id."""
        answer = await self._api.api.request(
            Method.PUT, Path.v3.rooms[room].send[event_type][txn], cast(Any, content)
        )
        event_id = answer.get("event_id") if isinstance(answer, dict) else None
        if not isinstance(event_id, str):
            raise DeliveryError(f"no event id for {txn} in {room}")
        return event_id

    def _render(self, message: Message, *, key: str | None, native_poll: bool = True) -> Rendered:
        return render(
            message,
            key=key,
            user_name=self._directory.name_of,
            room_name=self._directory.room_name,
            native_poll=native_poll,
        )

    async def _send(
        self,
        room: str,
        message: Message,
        key: str,
        *,
        thread_id: str | None = None,
    ) -> Delivered:
        rendered = self._render(message, key=key)
        content = dict(rendered.content)
        relates = _thread(thread_id)
        if relates:
            content["m.relates_to"] = relates
        event_id = await self.put_event(room, rendered.event_type, content, txn_id(key))
        self._events[event_id] = ClientEvent(
            type=rendered.event_type, content=content, sender=self.me, event_id=event_id
        )
        for index, keycap in enumerate(rendered.reactions):
            await self.put_event(
                room,
                "m.reaction",
                {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": keycap}},
                txn_id(f"{key}:reaction:{index}"),
            )
        for index, attachment in enumerate(rendered.attachments):
            await self._send_file(room, attachment, f"{key}:file:{index}", relates)
        return Delivered(channel_id=room, message_id=event_id)

    async def _send_file(
        self, room: str, attachment: Attachment, key: str, relates: dict[str, Any] | None
    ) -> None:
        data = attachment.data
        uri = await self._api.upload_media(
            data, mime_type=attachment.content_type, filename=attachment.filename, size=len(data)
        )
        msgtype = "m.image" if attachment.content_type.startswith("image/") else "m.file"
        content: dict[str, Any] = {
            "msgtype": msgtype,
            "body": attachment.filename,
            "filename": attachment.filename,
            "url": str(uri),
            "info": {"mimetype": attachment.content_type, "size": len(data)},
            KEY_FIELD: key,
        }
        if relates:
            content["m.relates_to"] = relates
        await self.put_event(room, "m.room.message", content, txn_id(key))

    # -- direct chats and pairs' rooms -------------------------------------------------------------------

    def _room_for(self, community_id: str, destination: Destination) -> str | None:
        """The room a destination's message went to, without creating one."""
        match destination:
            case InChannel(channel_id=channel_id):
                return channel_id
            case Direct(member_id=member_id) | Private(member_id=member_id):
                return self._directory.direct_room(community_id, member_id)
            case Group(member_ids=member_ids):
                return self._directory.made_room(community_id, member_ids)
        return None

    async def _private_room(self, community_id: str, members: tuple[str, ...]) -> str:
        """The room Kindling shares with just these members for this community, created the first time.
        One creation at a time, so two messages for the same newcomer never make two rooms."""
        async with asyncio.timeout(READY_TIMEOUT):
            await self.ready.wait()
        async with self._creating:
            found = (
                self._directory.direct_room(community_id, members[0])
                if len(members) == 1
                else self._directory.made_room(community_id, members)
            )
            if found is not None:
                return found
            return await self._create(community_id, members)

    async def _create(self, community_id: str, members: tuple[str, ...]) -> str:
        marker = {"community": community_id, "members": sorted(members)}
        community_name = self._directory.room_name(community_id)
        direct = len(members) == 1
        try:
            room = await self._api.create_room(
                preset=RoomCreatePreset.TRUSTED_PRIVATE,
                is_direct=direct,
                invitees=[UserID(m) for m in members],
                name=None if direct else f"Kindling · {community_name}",
                topic=f"Kindling for {community_name}",
                initial_state=[cast(Any, {"type": DIRECT_STATE, "state_key": "", "content": marker})],
            )
        except MatrixRequestError as error:
            if direct and getattr(error, "errcode", None) == INVITE_BLOCKED:
                # The member takes no invitations from Kindling: the core reaches them another way.
                raise DeliveryError(
                    f"{members[0]} blocks invitations: {error}",
                    retryable=False,
                    reason=Undeliverable.DIRECT_MESSAGES_CLOSED,
                ) from error
            raise
        log.info("created room %s for %s in %s", room, ", ".join(members), community_id)
        self._directory.mark_made(room, marker)
        made = self._directory.room(room)
        made.joined.add(self.me)
        made.members.update({m: self._directory.name_of(m) for m in members})
        if direct:
            await self._remember_direct(members[0], room)
        return room

    async def _remember_direct(self, member_id: str, room: str) -> None:
        """Add the room to Kindling's `m.direct`, so Kindling's own clients list it as a direct chat. Only
        a convenience: finding the room again relies on its state event, so a failure here is logged."""
        try:
            try:
                current = dict(await self._api.get_account_data("m.direct"))
            except MNotFound:
                current = {}
            rooms = [r for r in current.get(member_id, []) if r != room] + [room]
            current[member_id] = rooms
            await self._api.set_account_data("m.direct", cast(Any, current))
            self._directory.set_direct(current)
        except (MatrixRequestError, MatrixConnectionError, aiohttp.ClientError) as error:
            log.warning("could not record %s in m.direct: %s", room, error)


def _thread(thread_id: str | None) -> dict[str, Any] | None:
    if thread_id is None:
        return None
    # `is_falling_back` with a reply to the root: clients without threads show a reply instead.
    return {
        "rel_type": "m.thread",
        "event_id": thread_id,
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": thread_id},
    }


@contextlib.contextmanager
def _delivery_errors(what: str) -> Iterator[None]:
    """Translate homeserver and connection failures into the outbox's `DeliveryError`."""
    try:
        yield
    except DeliveryError:
        raise
    except MatrixRequestError as error:
        status = getattr(error, "http_status", 0)
        reason = f"{what}: {status} {getattr(error, 'errcode', '')} {error}"
        if status == 429:
            raise DeliveryError(reason) from error
        # 5xx: the homeserver had trouble; 4xx: this request can never succeed (not in the room, no power).
        raise DeliveryError(reason, retryable=status >= 500 or status == 0) from error
    except (MatrixConnectionError, aiohttp.ClientError, OSError, TimeoutError) as error:
        raise DeliveryError(f"{what}: {type(error).__name__}: {error}") from error
