"""The boundary between Discord's gateway and discord.py's parsers: one bad event is skipped, never fatal.

discord.py turns each gateway dispatch into objects in `ConnectionState.parse_<event>` and lets anything
those raise escape `Client.connect()`, which ends the connection for good (a `TypeError` from
`int(data["guild_id"])` on a DM whose `guild_id` is `null`, say). Here every parser is wrapped:

* first, fields Discord documents as optional (left out, never `null`) are dropped when a server sends them
  as `null`, so discord.py reads them as absent, which is what they mean (`OMITTED_WHEN_NULL`);
* then the parser runs; if it still raises, the event is logged with its type, counted
  (`kindling_events_skipped_total`) and skipped, and the connection carries on.

READY is left unguarded: a session discord.py could not set up is better started again (the supervisor in
`adapters.discord.supervisor` reconnects with backoff) than run half-built.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot import metrics

log = logging.getLogger(__name__)

PLATFORM = "discord"

#: Optional, non-nullable fields (Discord leaves them out rather than sending `null`) that discord.py reads
#: as "present means usable" (`data["thread"]["id"]`, `int(data["guild_id"])`). Some servers send `null`.
#: The message fields are checked against Discord's OpenAPI description (`MessageResponse`) in
#: `tests/discord/test_gateway_guard.py`; the others are gateway- and interaction-only fields the
#: documentation marks optional (`guild_id?`, `member?` on MESSAGE_CREATE; `guild?`, `channel?`,
#: `member?`, `user?`, `message?`, `data?` on an interaction).
MESSAGE_FIELDS = frozenset(
    {
        "thread",
        "poll",
        "interaction",
        "interaction_metadata",
        "message_reference",
        "message_snapshots",
        "application",
        "activity",
        "webhook_id",
        "sticker_items",
        "stickers",
        "reactions",
        "resolved",
    }
)
GATEWAY_FIELDS = frozenset({"guild_id", "member", "guild", "channel", "user", "message", "data"})
OMITTED_WHEN_NULL = MESSAGE_FIELDS | GATEWAY_FIELDS
#: Dispatches whose failure should end the session instead (see the module docstring).
UNGUARDED = frozenset({"READY"})

Parser = Callable[[Any], None]


def without_nulls(value: Any) -> Any:
    """`value` with every `OMITTED_WHEN_NULL` key whose value is `None` removed, at any depth (in place)."""
    if isinstance(value, dict):
        for key in [k for k, v in value.items() if v is None and k in OMITTED_WHEN_NULL]:
            del value[key]
        for nested in value.values():
            if isinstance(nested, dict | list):
                without_nulls(nested)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict | list):
                without_nulls(item)
    return value


def guarded(event: str, parse: Parser) -> Parser:
    def parse_safely(data: Any) -> None:
        try:
            parse(without_nulls(data))
        except Exception as error:
            metrics.EVENTS_SKIPPED.labels(PLATFORM, event).inc()
            log.warning(
                "skipped a Discord %s event that could not be read (%s: %s)",
                event,
                type(error).__name__,
                error,
                exc_info=log.isEnabledFor(logging.DEBUG),
            )

    return parse_safely


def guard_parsers(parsers: dict[str, Parser]) -> None:
    """Wrap discord.py's parsers (`client._connection.parsers`) in place."""
    for event, parse in list(parsers.items()):
        if event not in UNGUARDED:
            parsers[event] = guarded(event, parse)
