"""What discord.py drops from an interaction that Kindling still needs: the raw `channel_id`, and when the
interaction arrived.

discord.py 2.x reads the channel only from the interaction's `channel` object (`Interaction.channel_id` is
`channel.id`); a payload with just `channel_id` (Discord documents both as optional) leaves it `None`, and
`/kindling setup` would store the text "None" as the home channel. The gateway parser is wrapped so the raw
values are kept, keyed by interaction id, for the few seconds until the command runs.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import discord

from bot import metrics

#: Interactions remembered at once; the oldest are forgotten first (a command runs within seconds).
LIMIT = 1000
#: Ping, application command, message component, autocomplete, modal submit.
KNOWN_TYPES = frozenset({1, 2, 3, 4, 5})
PING, COMMAND, COMPONENT, AUTOCOMPLETE = 1, 2, 3, 4
#: What Discord documents every interaction, its data and its options always to have (never
#: null); discord.py reads them without looking, some in tasks of its own where a failure is never seen.
INTERACTION_FIELDS = ("id", "application_id", "type", "token", "version")
COMMAND_DATA_FIELDS = ("id", "name", "type")
COMPONENT_DATA_FIELDS = ("custom_id", "component_type")
OPTION_FIELDS = ("name", "type")
SUBCOMMAND_TYPES = frozenset({1, 2})

log = logging.getLogger(__name__)

Parser = Callable[[Any], None]


@dataclass(frozen=True, slots=True)
class Arrival:
    channel_id: int | None
    received_at: float


class RawInteractions:
    def __init__(self, *, limit: int = LIMIT) -> None:
        self._limit = limit
        self._seen: OrderedDict[int, Arrival] = OrderedDict()

    def remembering(self, parse: Parser) -> Parser:
        """`parse` (INTERACTION_CREATE's parser), after noting the payload's id, channel and arrival."""

        def remember_then_parse(data: Any) -> None:
            # discord.py would read these and route them nowhere, or fail in a task of its own: either way
            # nobody would ever answer them.
            problem = problem_with(data)
            if problem is not None:
                skip(problem)
                return
            self._remember(data)
            parse(data)

        return remember_then_parse

    def _remember(self, data: dict[str, Any]) -> None:
        interaction_id = _snowflake(data.get("id"))
        if interaction_id is None:
            return
        channel = data.get("channel")
        channel_id = _snowflake(channel.get("id")) if isinstance(channel, dict) else None
        self._seen[interaction_id] = Arrival(
            channel_id=channel_id or _snowflake(data.get("channel_id")), received_at=time.monotonic()
        )
        while len(self._seen) > self._limit:
            self._seen.popitem(last=False)

    def channel_id(self, interaction: discord.Interaction[Any]) -> str | None:
        """The channel the interaction was sent in, as discord.py read it or else from the raw payload."""
        if interaction.channel_id is not None:
            return str(interaction.channel_id)
        arrival = self._seen.get(interaction.id)
        return str(arrival.channel_id) if arrival is not None and arrival.channel_id is not None else None

    def age(self, interaction: discord.Interaction[Any]) -> float | None:
        """Seconds since the interaction arrived on the gateway (None if it was not seen arriving)."""
        arrival = self._seen.get(interaction.id)
        return time.monotonic() - arrival.received_at if arrival is not None else None


def problem_with(data: object) -> str | None:
    """What makes an INTERACTION_CREATE unusable, in words, or None."""
    if not isinstance(data, dict) or data.get("type") not in KNOWN_TYPES:
        return f"of unknown type {_type(data)!r}"
    missing = _missing(data, INTERACTION_FIELDS, "")
    if missing or data["type"] == PING:
        return missing
    inner = data.get("data")
    if not isinstance(inner, dict):
        return "without its data (which command, which button)"
    if data["type"] in (COMMAND, AUTOCOMPLETE):
        return _missing(inner, COMMAND_DATA_FIELDS, "data.") or _bad_options(inner.get("options", []))
    if data["type"] == COMPONENT:
        return _missing(inner, COMPONENT_DATA_FIELDS, "data.")
    return None


def _bad_options(options: object) -> str | None:
    """A command's options (and a subcommand's, at any depth): a list of objects with a name and a type, and
    a value unless they are a subcommand or a group."""
    if not isinstance(options, list):
        return "with options that are not a list"
    for option in options:
        if not isinstance(option, dict) or _missing(option, OPTION_FIELDS, ""):
            return "with an option lacking its name or type"
        if option["type"] not in SUBCOMMAND_TYPES and option.get("value") is None:
            return f"with option {option['name']!r} lacking its value"
        nested = _bad_options(option.get("options", []))
        if nested:
            return nested
    return None


def _missing(data: dict[str, Any], fields: tuple[str, ...], prefix: str) -> str | None:
    absent = [f"{prefix}{name}" for name in fields if data.get(name) is None]
    return f"without {', '.join(absent)}" if absent else None


def skip(why: str) -> None:
    metrics.EVENTS_SKIPPED.labels("discord", "INTERACTION_CREATE").inc()
    log.warning("skipped a Discord INTERACTION_CREATE event: %s", why)


def _type(data: object) -> object:
    return data.get("type") if isinstance(data, dict) else type(data).__name__


def _snowflake(value: object) -> int | None:
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None
