"""What Kindling knows about its rooms, kept current from /sync: who is in them, their power levels, and
which rooms are direct chats (for which community and which members).

A room Kindling is invited to (not as a direct chat) is a community of its own. A direct chat is either one
Kindling created (marked with an `org.kindling.direct` state event naming the community and the members, so
that after a crash the room is found again instead of created twice) or one a member opened by inviting
Kindling with `is_direct` (recorded in Kindling's `m.direct` account data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from adapters.matrix.payloads import DIRECT_STATE, ClientEvent

ADMIN_LEVEL = 100
#: Room versions in which the creators are not in the power levels but above them (MSC4289, version 12 on).
_LEVELLED_CREATORS = frozenset(str(v) for v in range(1, 12))


@dataclass(slots=True)
class Room:
    room_id: str
    name: str = ""
    #: Joined or invited members, by user id, with their display names.
    members: dict[str, str] = field(default_factory=dict)
    joined: set[str] = field(default_factory=set)
    power_levels: dict[str, Any] = field(default_factory=dict)
    #: For a room Kindling made for members of a community: (community room id, sorted member ids).
    made_for: tuple[str, tuple[str, ...]] | None = None
    #: Who created the room, where that ranks above every power level (room version 12 and later).
    privileged_creators: frozenset[str] = frozenset()

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.privileged_creators or self.power_of(user_id) >= ADMIN_LEVEL

    def power_of(self, user_id: str) -> int:
        users = self.power_levels.get("users")
        default = self.power_levels.get("users_default", 0)
        level = users.get(user_id, default) if isinstance(users, dict) else default
        return level if isinstance(level, int) else 0


class Directory:
    def __init__(self, me: str) -> None:
        self.me = me
        self.rooms: dict[str, Room] = {}
        #: Kindling's `m.direct`: member -> their direct chats with Kindling.
        self.direct: dict[str, list[str]] = {}
        #: Rooms Kindling made, by (community, members), oldest first (a room whose invitation was refused
        #: stays made, but unused).
        self._made: dict[tuple[str, tuple[str, ...]], list[str]] = {}

    def room(self, room_id: str) -> Room:
        found = self.rooms.get(room_id)
        if found is None:
            found = self.rooms[room_id] = Room(room_id)
        return found

    def forget(self, room_id: str) -> None:
        room = self.rooms.pop(room_id, None)
        if room is not None and room.made_for is not None:
            made = self._made.get(room.made_for, [])
            if room_id in made:
                made.remove(room_id)

    def apply(self, room_id: str, event: ClientEvent) -> None:
        """Bring the room up to date with one state event (from the state block or the timeline)."""
        state_key = event.get("state_key")
        if state_key is None:
            return
        room = self.room(room_id)
        content = event["content"]
        kind = event["type"]
        if kind == "m.room.member":
            membership = content.get("membership")
            if membership in ("join", "invite"):
                name = content.get("displayname")
                room.members[state_key] = name if isinstance(name, str) and name else state_key
                if membership == "join":
                    room.joined.add(state_key)
                else:
                    room.joined.discard(state_key)
            else:
                room.members.pop(state_key, None)
                room.joined.discard(state_key)
        elif kind == "m.room.name":
            name = content.get("name")
            room.name = name if isinstance(name, str) else ""
        elif kind == "m.room.power_levels":
            room.power_levels = content
        elif kind == "m.room.create" and str(content.get("room_version", "1")) not in _LEVELLED_CREATORS:
            extra = content.get("additional_creators")
            more = [c for c in extra if isinstance(c, str)] if isinstance(extra, list) else []
            room.privileged_creators = frozenset([event["sender"], *more])
        elif kind == DIRECT_STATE and state_key == "":
            self.mark_made(room_id, content)

    def mark_made(self, room_id: str, content: dict[str, Any]) -> None:
        community = content.get("community")
        members = content.get("members")
        if not isinstance(community, str) or not isinstance(members, list):
            return
        key = (community, tuple(sorted(str(m) for m in members)))
        self.room(room_id).made_for = key
        made = self._made.setdefault(key, [])
        if room_id not in made:
            made.append(room_id)

    def set_direct(self, content: dict[str, Any]) -> None:
        self.direct = {
            user: [r for r in rooms if isinstance(r, str)]
            for user, rooms in content.items()
            if isinstance(rooms, list)
        }

    # -- questions the adapter asks ------------------------------------------------------------------------

    def made_room(self, community_id: str, members: tuple[str, ...]) -> str | None:
        """The newest room Kindling made for these members that it is in and they are in or invited to."""
        for room_id in reversed(self._made.get((community_id, tuple(sorted(members))), [])):
            room = self.room(room_id)
            if self.me in room.joined and all(member in room.members for member in members):
                return room_id
        return None

    def direct_room(self, community_id: str, member_id: str) -> str | None:
        """The member's direct chat for this community: one Kindling made, else one the member opened."""
        made = self.made_room(community_id, (member_id,))
        if made is not None:
            return made
        for room_id in self.direct.get(member_id, []):
            room = self.rooms.get(room_id)
            if room is not None and room.made_for is None and self.me in room.joined:
                return room_id
        return None

    def is_private(self, room_id: str) -> bool:
        """A direct chat or a pair's room, as opposed to a community room."""
        room = self.rooms.get(room_id)
        if room is not None and room.made_for is not None:
            return True
        return any(room_id in rooms for rooms in self.direct.values())

    def community_of(self, room_id: str, sender: str) -> str | None:
        """The community an event in this room belongs to: the room itself, the community a direct chat was
        made for, or (for a chat the member opened) the one community room Kindling shares with them."""
        room = self.rooms.get(room_id)
        if room is None:
            return None
        if room.made_for is not None:
            return room.made_for[0]
        if not self.is_private(room_id):
            return room_id
        shared = [
            r.room_id
            for r in self.rooms.values()
            if not self.is_private(r.room_id) and sender in r.joined and self.me in r.joined
        ]
        return shared[0] if len(shared) == 1 else None

    def name_of(self, user_id: str) -> str:
        for room in self.rooms.values():
            name = room.members.get(user_id)
            if name:
                return name
        return user_id

    def room_name(self, room_id: str) -> str:
        room = self.rooms.get(room_id)
        return room.name if room is not None and room.name else room_id
