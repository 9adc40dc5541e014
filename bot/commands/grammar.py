"""`/kindling <subcommand> ...`: one grammar for every platform, parsed here and nowhere else."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from bot.i18n import Text, is_language

Permission = Literal["anyone", "organiser"]
RoleName = Literal["organiser", "ambassador"]


@dataclass(frozen=True, slots=True)
class MemberRef:
    """Who a command names: an id from a platform mention (`<@U123|ann>`), or a name typed by hand."""

    text: str
    member_id: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Help:
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class Status:
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class Setup:
    channel_id: str | None = None
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class ShowGoal:
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class SetGoal:
    text: str
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class SetLanguage:
    language: Literal["nl", "en"]
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class SetTimezone:
    name: str
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class ChangeRole:
    role: RoleName
    grant: bool
    member: MemberRef
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class ListRole:
    role: RoleName
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class PreviewWelcome:
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class SetWelcomeTemplate:
    """`template` None means: back to the default."""

    template: str | None
    permission: ClassVar[Permission] = "organiser"


Command = (
    Help
    | Status
    | Setup
    | ShowGoal
    | SetGoal
    | SetLanguage
    | SetTimezone
    | ChangeRole
    | ListRole
    | PreviewWelcome
    | SetWelcomeTemplate
)


@dataclass(frozen=True, slots=True)
class ParseError:
    key: Text
    values: dict[str, str] = field(default_factory=dict)


_MENTION = re.compile(r"^<@!?([A-Za-z0-9_.-]+)(?:\|([^>]*))?>$")
_CHANNEL = re.compile(r"^<#([A-Za-z0-9_.-]+)(?:\|[^>]*)?>$|^#([\w.-]+)$")

USAGE = {
    "setup": "/kindling setup [#channel]",
    "goal": "/kindling goal [text]",
    "language": "/kindling language nl|en",
    "timezone": "/kindling timezone <Area/City>",
    "ambassador": "/kindling ambassador add|remove @member, /kindling ambassador list",
    "organiser": "/kindling organiser add|remove @member, /kindling organiser list",
    "welcome": "/kindling welcome preview, /kindling welcome template <text>|reset",
    "status": "/kindling status",
    "help": "/kindling help",
}


def parse_member(text: str) -> MemberRef:
    match = _MENTION.match(text)
    if match:
        return MemberRef(text=text, member_id=match.group(1), name=match.group(2) or None)
    return MemberRef(text=text, name=text.removeprefix("@"))


def parse_command(text: str) -> Command | ParseError:
    word, _, rest = text.strip().partition(" ")
    name = word.lower()
    rest = rest.strip()
    if name in ("", "help"):
        return Help()
    if name == "status":
        return Status() if not rest else _unexpected(name, rest)
    if name == "setup":
        return _parse_setup(rest)
    if name == "goal":
        return SetGoal(text=rest) if rest else ShowGoal()
    if name == "language":
        return _parse_language(rest)
    if name == "timezone":
        if not rest or " " in rest:
            return _missing(name) if not rest else _unexpected(name, rest)
        return SetTimezone(name=rest)
    if name in ("ambassador", "ambassadors"):
        return _parse_role("ambassador", rest)
    if name in ("organiser", "organizer", "organisers", "organizers"):
        return _parse_role("organiser", rest)
    if name == "welcome":
        return _parse_welcome(rest)
    return ParseError(Text.UNKNOWN_COMMAND, {"command": word[:40]})


def _missing(name: str) -> ParseError:
    return ParseError(Text.MISSING_ARGUMENT, {"command": name, "usage": USAGE[name]})


def _unexpected(name: str, argument: str) -> ParseError:
    return ParseError(
        Text.UNEXPECTED_ARGUMENT, {"command": name, "argument": argument[:40], "usage": USAGE[name]}
    )


def _parse_setup(rest: str) -> Setup | ParseError:
    if not rest:
        return Setup()
    match = _CHANNEL.match(rest)
    if not match:
        return _unexpected("setup", rest)
    return Setup(channel_id=match.group(1) or match.group(2))


def _parse_language(rest: str) -> SetLanguage | ParseError:
    if not rest:
        return _missing("language")
    value = rest.lower()
    if value == "nl":
        return SetLanguage(language="nl")
    if value == "en":
        return SetLanguage(language="en")
    assert not is_language(value)
    return ParseError(Text.LANGUAGE_INVALID, {"language": rest[:40]})


def _parse_role(role: RoleName, rest: str) -> ChangeRole | ListRole | ParseError:
    action, _, target = rest.partition(" ")
    action = action.lower()
    target = target.strip()
    if action in ("", "list"):
        return ListRole(role=role) if not target else _unexpected(role, target)
    if action not in ("add", "remove"):
        return _unexpected(role, action)
    if not target:
        return _missing(role)
    if " " in target:
        return _unexpected(role, target)
    return ChangeRole(role=role, grant=action == "add", member=parse_member(target))


def _parse_welcome(rest: str) -> PreviewWelcome | SetWelcomeTemplate | ParseError:
    action, _, template = rest.partition(" ")
    action = action.lower()
    template = template.strip()
    if action == "preview":
        return PreviewWelcome() if not template else _unexpected("welcome", template)
    if action == "template":
        if not template:
            return _missing("welcome")
        return SetWelcomeTemplate(template=None if template.lower() == "reset" else template)
    if not action:
        return _missing("welcome")
    return _unexpected("welcome", action)
