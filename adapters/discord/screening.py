"""Membership screening: a member with `pending: true` has not accepted the server's rules yet. Kindling
welcomes them when GUILD_MEMBER_UPDATE says they passed (`pending` turned false), not when they join.

The transition is read while discord.py parses the update: its `on_member_update` hands listeners the live
cached member as `after`, which later updates may already have changed by the time a listener runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord

EVENT = "kindling_member_screened"

Parser = Callable[[Any], None]


def watch_screening(client: discord.Client, parse: Parser) -> Parser:
    """Wrap the GUILD_MEMBER_UPDATE parser: after it, dispatch `EVENT` with the member if they were pending
    and the update says they are not any more."""

    def parse_and_watch(data: Any) -> None:
        member = _cached(client, data)
        was_pending = member is not None and member.pending
        parse(data)
        if was_pending and isinstance(data, dict) and data.get("pending") is False and member is not None:
            client.dispatch(EVENT, member)

    return parse_and_watch


def _cached(client: discord.Client, data: Any) -> discord.Member | None:
    if not isinstance(data, dict) or not isinstance(data.get("user"), dict):
        return None
    guild_id, user_id = str(data.get("guild_id")), str(data["user"].get("id"))
    if not (guild_id.isdigit() and user_id.isdigit()):
        return None
    guild = client.get_guild(int(guild_id))
    return guild.get_member(int(user_id)) if guild is not None else None
