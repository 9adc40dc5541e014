"""The Client-Server API's JSON as Kindling reads it, typed once at the edge.

Only the fields Kindling uses; `NotRequired` marks what the homeserver may leave out, so a missing field is a
normal case in the type, not a surprise at run time. Names follow the spec's
(https://spec.matrix.org/v1.11/client-server-api/#get_matrixclientv3sync).
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

#: Kindling's own namespaced content fields (Matrix allows any namespaced key in event content).
KEY_FIELD = "org.kindling.key"
BUTTONS_FIELD = "org.kindling.buttons"
#: The state event that marks a room Kindling created for one member (a direct chat) or a few (a pair).
DIRECT_STATE = "org.kindling.direct"
#: Kindling's sync position, kept in its own account data so a restart resumes where it stopped.
SYNC_ACCOUNT_DATA = "org.kindling.sync"

POLL_START = ("m.poll.start", "org.matrix.msc3381.poll.start")
POLL_RESPONSE = ("m.poll.response", "org.matrix.msc3381.poll.response")


class Unsigned(TypedDict, total=False):
    prev_content: dict[str, Any]
    redacted_because: dict[str, Any]


class ClientEvent(TypedDict):
    type: str
    content: dict[str, Any]
    sender: str
    event_id: NotRequired[str]
    state_key: NotRequired[str]
    origin_server_ts: NotRequired[int]
    unsigned: NotRequired[Unsigned]
    room_id: NotRequired[str]


class Timeline(TypedDict, total=False):
    events: list[ClientEvent]
    limited: bool
    prev_batch: str


class EventList(TypedDict, total=False):
    events: list[ClientEvent]


class JoinedRoom(TypedDict, total=False):
    state: EventList
    timeline: Timeline


class InvitedRoom(TypedDict, total=False):
    invite_state: EventList


class Rooms(TypedDict, total=False):
    join: dict[str, JoinedRoom]
    invite: dict[str, InvitedRoom]
    leave: dict[str, JoinedRoom]


class SyncResponse(TypedDict):
    next_batch: str
    rooms: NotRequired[Rooms]
    account_data: NotRequired[EventList]


class Messages(TypedDict):
    chunk: list[ClientEvent]
    start: NotRequired[str]
    end: NotRequired[str]


def relation(content: dict[str, Any]) -> dict[str, Any]:
    """`m.relates_to`, or an empty dict when absent or malformed."""
    found = content.get("m.relates_to")
    return found if isinstance(found, dict) else {}


def text_of(content: dict[str, Any]) -> str:
    body = content.get("body")
    return body if isinstance(body, str) else ""
