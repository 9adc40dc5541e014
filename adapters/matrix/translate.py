"""Room events in, core events out. No decisions: the core makes them.

One Matrix event becomes at most one core event:
- `m.room.member` in a community room: a join (not a profile change) -> `MemberJoined`, a leave, kick or ban
  -> `MemberLeft`, both with `via_channel` (only the home room counts, the core decides).
- `m.room.message` starting with `!kindling` in a community room or a direct chat -> `CommandInvoked`; a
  reply that is just a number, to a Kindling message with buttons -> `ButtonClicked`, to a Kindling poll ->
  `PollVoted`; any other message by a member in a community room -> `MessagePosted`.
- `m.reaction` with a keycap on a Kindling message with buttons -> `ButtonClicked`; any other reaction in a
  community room -> `ReactionAdded`.
- A poll response (stable or MSC3381) to a Kindling poll -> `PollChosen`: Matrix sends the member's whole
  selection every time, and the core makes their votes exactly that.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from typing import Any

from adapters.matrix.capabilities import CAPABILITIES
from adapters.matrix.payloads import POLL_RESPONSE, POLL_START, ClientEvent, relation, text_of
from adapters.matrix.render import buttons_of, keycap_index, number_index
from adapters.matrix.rooms import Directory
from bot.events import (
    ButtonClicked,
    CommandInvoked,
    CommunityRef,
    Event,
    MemberJoined,
    MemberLeft,
    MessagePosted,
    Person,
    PollChosen,
    PollVoted,
    ReactionAdded,
)

COMMAND_PREFIX = CAPABILITIES.command_prefix
_COMMAND = re.compile(rf"{re.escape(COMMAND_PREFIX)}(?:\s|$)", re.IGNORECASE)
_PILL = re.compile(r'<a href="https://matrix\.to/#/(@[^"?]+)[^"]*">.*?</a>', re.DOTALL)
_REPLY = re.compile(r"<mx-reply>.*?</mx-reply>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_USER_ID = re.compile(r"(?<![<@\w])(@[a-z0-9._=/+-]+:[A-Za-z0-9.:\[\]-]+)")
_ROOM_PILL = re.compile(r'<a href="https://matrix\.to/#/([!#][^"?]+)[^"]*">.*?</a>', re.DOTALL)

FetchEvent = Callable[[str, str], Awaitable[ClientEvent | None]]


class Translator:
    def __init__(self, directory: Directory, fetch_event: FetchEvent) -> None:
        self.directory = directory
        self.fetch_event = fetch_event

    @property
    def me(self) -> str:
        return self.directory.me

    def community(self, room_id: str) -> CommunityRef:
        return CommunityRef(
            platform="matrix", external_id=room_id, name=self.directory.room_name(room_id)[:200]
        )

    def person(self, user_id: str) -> Person:
        return Person(external_id=user_id, display_name=self.directory.name_of(user_id))

    async def translate(self, room_id: str, event: ClientEvent) -> Event | None:
        if event["sender"] == self.me or "redacted_because" in event.get("unsigned", {}):
            return None
        kind = event["type"]
        if kind == "m.room.member":
            return self._membership(room_id, event)
        if kind == "m.room.message":
            return await self._message(room_id, event)
        if kind == "m.reaction":
            return await self._reaction(room_id, event)
        if kind in POLL_RESPONSE:
            return await self._poll_response(room_id, event)
        return None

    def is_public_press(self, room_id: str, event: ClientEvent, core_event: Event | None) -> bool:
        """A reaction or numbered reply in a community room that pressed a button of Kindling's."""
        return (
            isinstance(core_event, ButtonClicked)
            and event["type"] in ("m.reaction", "m.room.message")
            and not self.directory.is_private(room_id)
        )

    # -- membership --------------------------------------------------------------------------------------

    def _membership(self, room_id: str, event: ClientEvent) -> Event | None:
        member = event.get("state_key")
        if not member or member == self.me or self.directory.is_private(room_id):
            return None
        now = event["content"].get("membership")
        before = event.get("unsigned", {}).get("prev_content", {}).get("membership")
        if now == "join" and before != "join":
            return MemberJoined(self.community(room_id), self._joined_person(event), via_channel=room_id)
        if now in ("leave", "ban") and before == "join":
            return MemberLeft(self.community(room_id), member_id=member, via_channel=room_id)
        return None

    def _joined_person(self, event: ClientEvent) -> Person:
        member = event.get("state_key", "")
        name = event["content"].get("displayname")
        return Person(external_id=member, display_name=name if isinstance(name, str) and name else member)

    # -- messages ----------------------------------------------------------------------------------------

    async def _message(self, room_id: str, event: ClientEvent) -> Event | None:
        content = event["content"]
        relates = relation(content)
        if relates.get("rel_type") == "m.replace" or content.get("msgtype") == "m.notice":
            return None
        sender = event["sender"]
        community_id = self.directory.community_of(room_id, sender)
        if community_id is None:
            return None
        body = _without_reply_fallback(text_of(content))
        if _is_command(body):
            return self._command(room_id, community_id, event, body)
        replied = relates.get("m.in_reply_to", {}).get("event_id")
        picked = number_index(body)
        if isinstance(replied, str) and picked is not None:
            pressed = await self._press(room_id, community_id, sender, replied, picked)
            if pressed is not None:
                return pressed
        if self.directory.is_private(room_id):
            return None
        thread = relates.get("event_id") if relates.get("rel_type") == "m.thread" else None
        return MessagePosted(
            community=self.community(community_id),
            member=self.person(sender),
            channel_id=room_id,
            message_id=event.get("event_id", ""),
            thread_id=thread if isinstance(thread, str) else None,
            looks_like_question=thread is None and "?" in body,
        )

    def _command(self, room_id: str, community_id: str, event: ClientEvent, body: str) -> CommandInvoked:
        """`!kindling <text>`; mentions written as pills or bare user ids become the core's `<@id>`. In a
        direct chat the command is about the community, so it reads as if run in the community room."""
        formatted = event["content"].get("formatted_body")
        text = _command_text(formatted if isinstance(formatted, str) else None, body)
        sender = event["sender"]
        return CommandInvoked(
            community=self.community(community_id),
            member=self.person(sender),
            channel_id=community_id,
            text=text,
            reply_token=f"{room_id}|{event.get('event_id', '')}",
            invoker_is_admin=self._is_admin(community_id, sender),
        )

    def _is_admin(self, community_id: str, user_id: str) -> bool:
        """A room admin of the community room: power level 100 (or one of its creators, in version 12)."""
        room = self.directory.rooms.get(community_id)
        return room is not None and room.is_admin(user_id)

    # -- presses: reactions and numbered replies -----------------------------------------------------------

    async def _reaction(self, room_id: str, event: ClientEvent) -> Event | None:
        relates = relation(event["content"])
        target, emoji = relates.get("event_id"), relates.get("key")
        if relates.get("rel_type") != "m.annotation" or not isinstance(target, str):
            return None
        if not isinstance(emoji, str):
            return None
        sender = event["sender"]
        community_id = self.directory.community_of(room_id, sender)
        if community_id is None:
            return None
        index = keycap_index(emoji)
        if index is not None:
            pressed = await self._press(room_id, community_id, sender, target, index)
            if pressed is not None:
                return pressed
        if self.directory.is_private(room_id):
            return None
        original = await self.fetch_event(room_id, target)
        return ReactionAdded(
            community=self.community(community_id),
            member=self.person(sender),
            channel_id=room_id,
            message_id=target,
            emoji=emoji,
            author_id=original["sender"] if original is not None else None,
        )

    async def _press(
        self, room_id: str, community_id: str, sender: str, target: str, index: int
    ) -> Event | None:
        """Button `index` of a Kindling message, or answer `index` of a Kindling poll."""
        original = await self.fetch_event(room_id, target)
        if original is None or original["sender"] != self.me:
            return None
        if original["type"] in POLL_START:
            return PollVoted(self.community(community_id), self.person(sender), target, index, added=True)
        buttons = buttons_of(original["content"])
        if not 0 <= index < len(buttons):
            return None
        button = buttons[index]
        return ButtonClicked(
            community=self.community(community_id),
            member=self.person(sender),
            action_id=button.action_id,
            value=button.value,
            channel_id=room_id,
            reply_token=f"{room_id}|{target}",
            invoker_is_admin=self._is_admin(community_id, sender),
        )

    # -- polls -------------------------------------------------------------------------------------------

    async def _poll_response(self, room_id: str, event: ClientEvent) -> Event | None:
        content = event["content"]
        target = relation(content).get("event_id")
        if not isinstance(target, str):
            return None
        sender = event["sender"]
        community_id = self.directory.community_of(room_id, sender)
        original = await self.fetch_event(room_id, target)
        if community_id is None or original is None or original["sender"] != self.me:
            return None
        if original["type"] not in POLL_START:
            return None
        chosen = tuple(_selections(content))
        return PollChosen(self.community(community_id), self.person(sender), target, chosen)


def _is_command(body: str) -> bool:
    """`!kindling` alone or followed by a space: `!kindlingfoo` is someone else's word."""
    return _COMMAND.match(body) is not None


def _selections(content: dict[str, Any]) -> list[int]:
    raw: object = None
    for block in ("org.matrix.msc3381.poll.response", "m.poll.response"):
        found = content.get(block)
        if isinstance(found, dict):
            raw = found.get("answers")
    for field in ("m.selections", "org.matrix.msc3381.v2.selections"):
        if raw is None:
            raw = content.get(field)
    if not isinstance(raw, list):
        return []
    picked = []
    for answer in raw:
        if isinstance(answer, str) and answer.isdigit() and int(answer) not in picked:
            picked.append(int(answer))
    return picked


def _without_reply_fallback(body: str) -> str:
    """Older clients quote the replied-to message (`> ...` lines, then a blank line) before the reply."""
    lines = body.splitlines()
    while lines and lines[0].startswith(">"):
        lines.pop(0)
    return "\n".join(lines).strip()


def _command_text(formatted: str | None, body: str) -> str:
    """The words after `!kindling`. Pills in the HTML become `<@id>`; a bare user id in the text too."""
    source = body
    if formatted:
        source = _REPLY.sub("", formatted)
        source = _PILL.sub(lambda m: f"<@{m[1]}>", source)
        source = _ROOM_PILL.sub(lambda m: f"<#{m[1]}>", source)
        source = re.sub(r"<br\s*/?>", "\n", source)
        source = _TAG.sub(lambda m: m[0] if m[0].startswith(("<@", "<#")) else "", source)
        source = html.unescape(_without_reply_fallback(source))
    source = _USER_ID.sub(lambda m: f"<@{m[1]}>", source)
    return source.strip()[len(COMMAND_PREFIX) :].strip()
