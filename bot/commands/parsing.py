"""The pieces every command's grammar fragment is made of: members, channels, clock times, dates, numbers,
and the error a fragment returns when the text does not fit.

A fragment parses what follows a command's words and returns the command's arguments or a `ParseError`.
Refusals that need the community (an unknown member, a poll option too long for the platform) are the
feature's, after parsing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Literal, TypeVar

from bot.i18n import Text

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ParseError:
    """Why a command's text does not fit. `missing` and `unexpected` are told with the command's usage
    (dispatch knows it); `key` with `values` is a refusal of the fragment's own."""

    kind: Literal["missing", "unexpected", "own"]
    key: Text | None = None
    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def missing(cls) -> ParseError:
        return cls("missing")

    @classmethod
    def unexpected(cls, argument: str) -> ParseError:
        return cls("unexpected", values={"argument": argument[:40]})

    @classmethod
    def own(cls, key: Text, **values: str) -> ParseError:
        return cls("own", key, dict(values))


@dataclass(frozen=True, slots=True)
class MemberRef:
    """Who a command names: an id from a platform mention (`<@U123|ann>`), or a name typed by hand."""

    text: str
    member_id: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Nothing:
    """The arguments of a command that takes none."""


NOTHING = Nothing()

# Ids as Slack (U123), Discord (123) and Matrix (@ann:example.org; localparts may hold = / +) write them.
_MENTION = re.compile(r"^<@!?([A-Za-z0-9_.:@=/+-]+)(?:\|([^>]*))?>$")
_CHANNEL = re.compile(r"^<#([A-Za-z0-9_.:!-]+)(?:\|[^>]*)?>$|^#([\w.-]+)$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
#: Numbers people type for "which one": up to six digits, no sign, no decimals.
_NUMBER = re.compile(r"^[0-9]{1,6}$")


def nothing(rest: str) -> Nothing | ParseError:
    return NOTHING if not rest else ParseError.unexpected(rest)


def text_of(rest: str) -> str | ParseError:
    return rest.strip() or ParseError.missing()


def parse_clock(text: str) -> time | None:
    match = _CLOCK.match(text)
    return time(int(match.group(1)), int(match.group(2))) if match else None


def parse_day(text: str) -> date | None:
    """2026-03-12, or the Dutch way 12-03-2026 (also with slashes)."""
    parts = text.replace("/", "-").split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    first, second, third = (int(part) for part in parts)
    try:
        return date(first, second, third) if len(parts[0]) == 4 else date(third, second, first)
    except ValueError:
        return None


def parse_number(text: str) -> int | None:
    """A positive whole number as typed ("3"); None for "abc", "-1", "1.5", "+3" or an absurd length."""
    return int(text) if _NUMBER.match(text) and int(text) > 0 else None


def parse_member(text: str) -> MemberRef:
    match = _MENTION.match(text)
    if match:
        return MemberRef(text=text, member_id=match.group(1), name=match.group(2) or None)
    return MemberRef(text=text, name=text.removeprefix("@"))


def parse_channel(text: str) -> str | None:
    match = _CHANNEL.match(text)
    return (match.group(1) or match.group(2)) if match else None


def one_member(rest: str) -> MemberRef | ParseError:
    if not rest:
        return ParseError.missing()
    if " " in rest:
        return ParseError.unexpected(rest)
    return parse_member(rest)


def members(rest: str) -> tuple[MemberRef, ...] | ParseError:
    """One or more members; the same member twice is one."""
    refs: dict[str, MemberRef] = {}
    for word in rest.split():
        ref = parse_member(word)
        refs.setdefault(ref.member_id or (ref.name or word).lower(), ref)
    return tuple(refs.values()) or ParseError.missing()


def number(rest: str) -> int | ParseError:
    if not rest:
        return ParseError.missing()
    found = parse_number(rest)
    return found if found is not None else ParseError.own(Text.NOT_A_NUMBER, value=rest[:40])


def choice(options: Mapping[str, T]) -> Callable[[str], T | ParseError]:
    """One word out of `options` (any case)."""

    def parse(rest: str) -> T | ParseError:
        if not rest:
            return ParseError.missing()
        found = options.get(rest.lower())
        return found if found is not None else ParseError.unexpected(rest)

    return parse
