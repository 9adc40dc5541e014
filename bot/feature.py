"""What a feature declares, in one place: its commands, buttons, event listeners, due work, schedules and
privacy hooks. Command dispatch, button routing, the due-work sweep, privacy export and forget, `/kindling
help` and the Discord command tree are all built by iterating these declarations (see `bot.registry`).

Adding a command means: the feature's module, the catalogs, and a migration if the schema changes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands.parsing import ParseError
from bot.events import Event, Person
from bot.i18n import Text
from bot.messages import Destination, Message
from bot.port import Undeliverable
from bot.storage.models import Schedule
from bot.turn import Turn

if TYPE_CHECKING:
    from bot.registry import Registry

Permission = Literal["anyone", "ambassador", "organiser"]
#: Who may use a command, from least to most: an organiser may do anything an ambassador may.
RANKS: dict[Permission, int] = {"anyone": 0, "ambassador": 1, "organiser": 2}


class Step(StrEnum):
    """The method's steps, which `/kindling help` groups the commands by (in this order)."""

    START = "start"
    GOAL = "goal"
    AMBASSADORS = "ambassadors"
    SHARING = "sharing"
    CONTENT = "content"
    MEETING = "meeting"
    PATIENCE = "patience"
    DATA = "data"


@dataclass(frozen=True, slots=True)
class Invocation:
    """Who did something (a command, a click), where, and how to answer them privately."""

    turn: Turn
    registry: Registry
    member: Person
    channel_id: str
    reply_token: str | None = None
    #: The platform says this person administers the community (Slack admin, Discord Manage Server).
    platform_admin: bool = False
    #: What the asker may do here: "organiser", "ambassador" or "anyone" (worked out once per command).
    rank: Permission = "anyone"

    @property
    def member_id(self) -> str:
        return self.member.external_id

    @property
    def privately(self) -> Destination:
        """Where an answer to this member goes (ephemeral where the platform has it, else a DM)."""
        return self.turn.privately(
            member_id=self.member.external_id, channel_id=self.channel_id, reply_token=self.reply_token
        )

    def may(self, permission: Permission) -> bool:
        return RANKS[self.rank] >= RANKS[permission]


OptionKind = Literal["text", "word", "integer", "member", "channel", "choice", "flag", "quoted", "timezone"]


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: Text


@dataclass(frozen=True, slots=True)
class Option:
    """One value a command takes, as Discord's command tree shows it. The core's grammar reads the same
    values from the text line; `line` (in the Discord adapter) writes them there in this order.

    - text: free text to the end of the line; word: one word; integer (`minimum`..`maximum`);
      member: `<@id>`; channel: `<#id>`; choice: one of `choices`; timezone: an IANA name (autocompleted);
    - flag: a yes/no written as `flag` (e.g. `--multiple`) when yes;
      an integer or word with `flag` set is written after it (`--hours 24`);
    - quoted: a value in double quotes (the poll's question); with `separator`, several values typed in one
      option, each quoted (a poll's answers: "Tuesday | Thursday").
    `repeat` > 1 makes `name`, `name2`, ... (members of a rota)."""

    name: str
    kind: OptionKind
    description: Text
    required: bool = True
    choices: tuple[Choice, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    flag: str | None = None
    repeat: int = 1
    #: How many of the repeated values are required.
    required_repeats: int = 1
    #: Splits one typed value into several (each rendered as its own quoted word).
    separator: str | None = None


A = TypeVar("A")
Rest = Literal["none", "some", "any"]


@dataclass(frozen=True, slots=True)
class Command(Generic[A]):
    """One command of the grammar: `/kindling <words> <rest>`.

    `rest` says whether it takes more after its words ("none": nothing, "some": something, "any": either);
    two commands may share their words when one takes none and the other some (`goal` shows the goal,
    `goal <text>` sets it). `parse` reads the rest (its grammar fragment); `run` carries it out after the
    permission check, and its answer goes to the asker privately."""

    words: tuple[str, ...]
    permission: Permission
    step: Step
    parse: Callable[[str], A | ParseError]
    run: Callable[[Invocation, A], Awaitable[Message]]
    usage: Text
    summary: Text
    example: Text
    rest: Rest = "none"
    #: The Dutch words for the same command (they work in every community, like the English ones).
    dutch: tuple[str, ...] = ()
    #: Other words for the same command (plurals, American spelling, a shorter form).
    aliases: tuple[tuple[str, ...], ...] = ()
    options: tuple[Option, ...] = ()
    #: Where it sits in Discord's command tree (at most two levels below /kindling); by default its words.
    discord_path: tuple[str, ...] | None = None
    #: The same path with Dutch names, for Dutch Discord clients; by default the Dutch words.
    discord_path_nl: tuple[str, ...] | None = None

    @property
    def all_words(self) -> tuple[tuple[str, ...], ...]:
        """Every way to name it: its words, the Dutch ones, the aliases (each once)."""
        found: list[tuple[str, ...]] = []
        for words in (self.words, self.dutch, *self.aliases):
            if words and words not in found:
                found.append(words)
        return tuple(found)

    @property
    def name(self) -> str:
        return " ".join(self.words)

    def accepts(self, rest: str) -> bool:
        if self.rest == "none":
            return not rest
        if self.rest == "some":
            return bool(rest)
        return True


@dataclass(frozen=True, slots=True)
class ButtonAction:
    """A button Kindling shows: its stable action id and what a click does. The answer goes to the clicker."""

    action_id: str
    run: Callable[[Invocation, str], Awaitable[Message]]


E = TypeVar("E", bound=Event)


@dataclass(frozen=True, slots=True)
class Listener(Generic[E]):
    """What a feature does when an event of `kind` arrives (a member joined, posted, reacted...)."""

    kind: type[E]
    run: Callable[[Turn, E], Awaitable[None]]


W = TypeVar("W")


@dataclass(frozen=True, slots=True)
class Due(Generic[W]):
    """One piece of due work for one community: `what` is the source's own (a poll id, a member...)."""

    community_id: int
    what: W


@dataclass(frozen=True, slots=True)
class DueSource(Generic[W]):
    """Work that comes due by itself, found from Kindling's tables: `find` what is due now (within `grace`
    of its moment), `run` each piece in a turn of its own, and `next_after` says when the next comes due
    (the console jumps there)."""

    name: str
    find: Callable[[AsyncSession, datetime, timedelta], Awaitable[list[Due[W]]]]
    run: Callable[[Turn, W, timedelta], Awaitable[None]]
    next_after: Callable[[AsyncSession, datetime], Awaitable[datetime | None]]


@dataclass(frozen=True, slots=True)
class ScheduleKind:
    """A kind of recurring slot in the `schedules` table (the expert column, coffee rounds...). `ask_ahead`:
    how long before a slot its work starts (the column asks its expert three days ahead)."""

    kind: str
    run: Callable[[Turn, Schedule, timedelta], Awaitable[None]]
    what: Text
    ask_ahead: timedelta = timedelta(0)


@dataclass(frozen=True, slots=True)
class Undelivered:
    """What a feature does when the platform says one of its messages (outbox key starting `key_prefix`)
    can never be delivered, for a `reason` the core can work around: a welcome to a newcomer whose direct
    messages are closed goes to the home channel instead. `run` (in the turn that records the failure)
    returns True when it took care of it; then the organisers are not told of a dead letter."""

    key_prefix: str
    reason: Undeliverable
    run: Callable[[Turn, str, Destination], Awaitable[bool]]


Export = Callable[[AsyncSession, int, str], Awaitable[dict[str, Any]]]
#: (session, community id, member id, what to write where a text named them)
Forget = Callable[[AsyncSession, int, str, str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class PrivacyHooks:
    """A feature's part of a member's data: `export` returns it (sections by name), `forget` erases it or
    makes the community's own rows stop naming the member."""

    export: Export
    forget: Forget


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    #: One line about the feature (Discord describes a group of its commands with it).
    summary: Text
    commands: tuple[Command[Any], ...] = ()
    buttons: tuple[ButtonAction, ...] = ()
    listeners: tuple[Listener[Any], ...] = ()
    due: tuple[DueSource[Any], ...] = ()
    schedules: tuple[ScheduleKind, ...] = ()
    privacy: tuple[PrivacyHooks, ...] = ()
    undelivered: tuple[Undelivered, ...] = ()
    #: Runs when a community gets a home channel (set up, or met with one): what needs one can start.
    home_channel_set: Callable[[Turn], Awaitable[None]] | None = None
    #: Storage columns that name a member and are this feature's to export and forget ("table.column").
    member_columns: tuple[str, ...] = field(default=())
