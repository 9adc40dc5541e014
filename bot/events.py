"""Inbound events: what adapters hand the core, translated from each platform's payloads.

Adapters fill these in and nothing more; every decision about them is made in the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Platform = Literal["console", "slack", "discord", "matrix"]


@dataclass(frozen=True, slots=True)
class CommunityRef:
    """A community as the platform knows it: a Slack workspace, a Discord guild, a Matrix room, the
    console."""

    platform: Platform
    external_id: str
    name: str = ""
    #: Used only when Kindling first meets the community (the console's #home, a guild's system channel).
    default_home_channel: str | None = None
    #: Whoever installed Kindling, where the platform says (Discord: the server's owner; Slack: the user
    #: who installed it through OAuth): told what to do when nobody is an organiser yet.
    installer_id: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    external_id: str
    display_name: str
    is_bot: bool = False


@dataclass(frozen=True, slots=True)
class MemberJoined:
    """Joined the community, or (`via_channel`) a channel: only the home channel counts as joining."""

    community: CommunityRef
    member: Person
    via_channel: str | None = None


@dataclass(frozen=True, slots=True)
class MemberLeft:
    """Left the community, or (`via_channel`) a channel: only leaving the home channel counts."""

    community: CommunityRef
    member_id: str
    via_channel: str | None = None


@dataclass(frozen=True, slots=True)
class MessagePosted:
    """Someone posted. Kindling counts activity; it never needs what was written."""

    community: CommunityRef
    member: Person
    channel_id: str
    message_id: str
    thread_id: str | None = None
    #: The adapter's guess that a top-level post asks something (Slack and the console see a "?"; Discord,
    #: without the message-content intent, cannot tell). Kindling then watches its thread for replies.
    looks_like_question: bool = False


@dataclass(frozen=True, slots=True)
class CommandInvoked:
    """`/kindling <text>`; `reply_token` is the adapter's own handle for a private answer."""

    community: CommunityRef
    member: Person
    channel_id: str
    text: str
    reply_token: str | None = None
    #: The platform says this person administers the community (Slack admin/owner, Discord Manage Server).
    invoker_is_admin: bool = False


@dataclass(frozen=True, slots=True)
class ButtonClicked:
    community: CommunityRef
    member: Person
    action_id: str
    value: str
    channel_id: str
    reply_token: str | None = None
    invoker_is_admin: bool = False


@dataclass(frozen=True, slots=True)
class PollVoted:
    """A vote on a native platform poll (Discord), added or taken back. `message_id` is the poll message
    Kindling posted; `option` counts from 0."""

    community: CommunityRef
    member: Person
    message_id: str
    option: int
    added: bool = True


@dataclass(frozen=True, slots=True)
class PollChosen:
    """A member's whole choice on a native platform poll, as platforms that send the full selection with
    every answer report it (Matrix's `m.poll.response`); an empty `options` takes every vote back."""

    community: CommunityRef
    member: Person
    message_id: str
    options: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ReactionAdded:
    """Someone reacted to a message; `emoji` is the platform's name or character (Slack "bulb", "💡")."""

    community: CommunityRef
    member: Person
    channel_id: str
    message_id: str
    emoji: str
    author_id: str | None = None


@dataclass(frozen=True, slots=True)
class EventInterest:
    """A member marked themselves interested in one of Kindling's scheduled events on the platform (Discord),
    or took it back. `event_id` is the platform's id of the event Kindling created."""

    community: CommunityRef
    member: Person
    event_id: str
    interested: bool = True


Event = (
    MemberJoined
    | MemberLeft
    | MessagePosted
    | CommandInvoked
    | ButtonClicked
    | PollVoted
    | PollChosen
    | ReactionAdded
    | EventInterest
)
