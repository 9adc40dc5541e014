"""Slack payloads -> core events. Nothing is decided here beyond "is this a member doing something"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from adapters.slack.render import unescape
from bot.events import (
    ButtonClicked,
    CommandInvoked,
    CommunityRef,
    Event,
    MemberJoined,
    MemberLeft,
    MessagePosted,
    Person,
    ReactionAdded,
)

#: Message subtypes that are still a member posting (a reply also sent to the channel, a shared file).
#: Everything else (edits, deletions, joins, bot messages, topic changes...) is not activity.
MEMBER_POST_SUBTYPES = frozenset({"thread_broadcast", "file_share"})
#: Channel types whose messages count: public and private channels, not DMs.
CHANNEL_TYPES = frozenset({"channel", "group"})

Payload = Mapping[str, Any]


class Directory(Protocol):
    """Who a Slack user is, as `users.info` says (see `permissions.UserDirectory`)."""

    async def person(self, *, team_id: str, user_id: str) -> Person: ...

    async def is_admin(self, *, team_id: str, user_id: str) -> bool: ...


def person_from_user(user: Payload) -> Person:
    """A Slack user object (from `team_join` or `users.info`) as a core Person."""
    profile = user.get("profile") or {}
    name = (
        _text(profile.get("display_name"))
        or _text(profile.get("real_name"))
        or _text(user.get("real_name"))
        or _text(user.get("name"))
        or _text(user.get("id"))
    )
    is_bot = bool(user.get("is_bot")) or bool(user.get("is_app_user")) or user.get("id") == "USLACKBOT"
    return Person(external_id=_text(user.get("id")), display_name=name, is_bot=is_bot)


async def command_invoked(
    body: Payload, *, community: CommunityRef, directory: Directory
) -> CommandInvoked | None:
    """`/kindling <text>`: the text after the command, answered later through `response_url`."""
    user_id = _text(body.get("user_id"))
    if not user_id:
        return None
    person = await directory.person(team_id=community.external_id, user_id=user_id)
    if not person.display_name:
        person = Person(user_id, _text(body.get("user_name")), person.is_bot)
    return CommandInvoked(
        community=community,
        member=person,
        channel_id=_text(body.get("channel_id")),
        text=unescape(_text(body.get("text"))).strip(),
        reply_token=_text(body.get("response_url")) or None,
        invoker_is_admin=await directory.is_admin(team_id=community.external_id, user_id=user_id),
    )


async def button_clicked(
    body: Payload, *, community: CommunityRef, directory: Directory
) -> ButtonClicked | None:
    """A `block_actions` click on one of Kindling's buttons."""
    actions = body.get("actions") or []
    user_id = _text((body.get("user") or {}).get("id"))
    if not actions or not user_id:
        return None
    action = actions[0]
    channel = body.get("channel") or {}
    container = body.get("container") or {}
    person = await directory.person(team_id=community.external_id, user_id=user_id)
    return ButtonClicked(
        community=community,
        member=person,
        action_id=_text(action.get("action_id")),
        value=_text(action.get("value")),
        channel_id=_text(channel.get("id")) or _text(container.get("channel_id")),
        reply_token=_text(body.get("response_url")) or None,
        invoker_is_admin=await directory.is_admin(team_id=community.external_id, user_id=user_id),
    )


async def from_event(
    event: Payload, *, community: CommunityRef, directory: Directory, bot_user_id: str | None
) -> Event | None:
    """An Events API `event` as a core event, or None when it is not a member doing something."""
    kind = event.get("type")
    team_id = community.external_id
    if kind == "team_join":
        user = event.get("user") or {}
        person = person_from_user(user)
        if not person.external_id or user.get("deleted"):
            return None
        return MemberJoined(community=community, member=person)
    user_id = _text(event.get("user"))
    if not user_id or user_id == bot_user_id:
        return None
    if kind == "member_joined_channel":
        person = await directory.person(team_id=team_id, user_id=user_id)
        return MemberJoined(community=community, member=person, via_channel=_text(event.get("channel")))
    if kind == "member_left_channel":
        return MemberLeft(community=community, member_id=user_id, via_channel=_text(event.get("channel")))
    if kind == "message" and _is_member_post(event):
        person = await directory.person(team_id=team_id, user_id=user_id)
        ts = _text(event.get("ts"))
        thread_ts = _text(event.get("thread_ts"))
        return MessagePosted(
            community=community,
            member=person,
            channel_id=_text(event.get("channel")),
            message_id=ts,
            thread_id=thread_ts if thread_ts and thread_ts != ts else None,
            # Only the "is this a question" hint leaves the adapter; the text itself is never kept.
            looks_like_question="?" in _text(event.get("text")),
        )
    if kind == "reaction_added":
        return await _reaction_added(event, community=community, directory=directory, user_id=user_id)
    return None


async def _reaction_added(
    event: Payload, *, community: CommunityRef, directory: Directory, user_id: str
) -> ReactionAdded | None:
    """`reaction_added` on a message (not a file or file comment): who reacted with what (Slack's name,
    "bulb" for 💡, without colons or skin tone), on which message, and whose message it is."""
    item = event.get("item") or {}
    if not isinstance(item, Mapping) or item.get("type") != "message":
        return None
    channel_id, ts = _text(item.get("channel")), _text(item.get("ts"))
    emoji = _text(event.get("reaction")).strip(":").split("::", 1)[0]
    if not channel_id or not ts or not emoji:
        return None
    person = await directory.person(team_id=community.external_id, user_id=user_id)
    return ReactionAdded(
        community=community,
        member=person,
        channel_id=channel_id,
        message_id=ts,
        emoji=emoji,
        author_id=_text(event.get("item_user")) or None,
    )


def _is_member_post(event: Payload) -> bool:
    subtype = event.get("subtype")
    if subtype is not None and subtype not in MEMBER_POST_SUBTYPES:
        return False
    if event.get("bot_id") or event.get("bot_profile"):
        return False
    # Missing or null alike: Slack sends it with every message event; without it, assume a channel.
    return (event.get("channel_type") or "channel") in CHANNEL_TYPES


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
