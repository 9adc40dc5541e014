"""Who is in a Discord server now, for the core to note as existing members (`bot.port.ListsMembers`).

GET /guilds/{guild}/members, 1,000 at a time in the order of their ids (it needs the Server Members Intent,
which Kindling asks for anyway). Members still in membership screening are left out: they are welcomed
when they pass it (`adapters.discord.screening`), like any newcomer. The count for a progress bar comes
from the gateway's cache, else from GET /guilds/{guild}?with_counts=true.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import Any

import discord

from bot.port import ListedMember, ListingError

log = logging.getLogger(__name__)

#: Discord's largest page of members.
PAGE = 1000


async def list_members(client: discord.Client, guild_id: int) -> AsyncIterator[ListedMember]:
    after: int | None = None
    while True:
        try:
            page: list[Any] = list(await client.http.get_members(guild_id, PAGE, after))
        except discord.HTTPException as error:  # 403 without the Server Members Intent, 404 a server left
            raise ListingError(f"Discord: {error.status} {error.code} {error.text}") from error
        for raw in page:
            listed = listed_member(raw)
            if listed is not None:
                yield listed
        ids = [int(raw["user"]["id"]) for raw in page if _user_id(raw) is not None]
        if len(page) < PAGE or not ids:
            return
        after = max(ids)


async def count_members(client: discord.Client, guild_id: int) -> int | None:
    guild = client.get_guild(guild_id)
    if guild is not None and guild.member_count is not None:
        return guild.member_count
    answer: Mapping[str, Any] = await client.http.get_guild(guild_id, with_counts=True)
    count = answer.get("approximate_member_count")
    return count if isinstance(count, int) else None


def listed_member(raw: Any) -> ListedMember | None:
    """One member payload as the core lists it; None for one still screening or without a user."""
    user_id = _user_id(raw)
    if user_id is None:
        log.warning("a listed member without a user id: skipped")
        return None
    if raw.get("pending") is True:
        return None
    user = raw["user"]
    name = raw.get("nick") or user.get("global_name") or user.get("username") or user_id
    return ListedMember(
        member_id=user_id,
        name=str(name),
        joined_at=_timestamp(raw.get("joined_at")),
        is_bot=user.get("bot") is True,
    )


def _user_id(raw: Any) -> str | None:
    user = raw.get("user") if isinstance(raw, Mapping) else None
    user_id = user.get("id") if isinstance(user, Mapping) else None
    return str(user_id) if isinstance(user_id, str | int) and str(user_id).isdigit() else None


def _timestamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
