"""The OAuth2 invite: exactly the scopes and permissions Kindling uses, nothing more.

Each permission names the code that needs it; `tests/discord/test_runtime.py` keeps this list and the
README's table in step. Left out on purpose: Create Private Threads, Embed Links, Read Message History
and Use Application Commands (no code sends embeds, creates private threads or reads past messages, and
members' use of /kindling depends on their own permissions, not the bot's); Administrator, Manage Server
and Mention Everyone (never).
"""

from __future__ import annotations

import discord

SCOPES: tuple[str, ...] = ("bot", "applications.commands")

#: Each permission Kindling asks for, and what uses it.
REASONS: dict[str, str] = {
    "view_channel": "see the home channel: members' messages, reactions and poll votes arrive from it",
    "send_messages": "post in the home channel (columns, prompts, tips, polls, meetups, notices)",
    "send_messages_in_threads": "post in a discussion's thread (the fallback poll when it stays quiet)",
    "create_public_threads": "open that thread under a post nobody answered yet (DiscordPlatform)",
    "send_polls": "send native polls (/kindling poll, the fallback poll)",
    "create_events": "make a meetup a scheduled event in the server's calendar",
}

PERMISSIONS: int = discord.Permissions(**dict.fromkeys(REASONS, True)).value
"""The permissions integer in the invite URL."""


def invite_url(application_id: str) -> str:
    """The URL a server owner opens to add Kindling to their server."""
    return discord.utils.oauth_url(
        int(application_id), permissions=discord.Permissions(PERMISSIONS), scopes=SCOPES
    )
