"""The OAuth2 invite: exactly the scopes and permissions Kindling needs, nothing more."""

from __future__ import annotations

import discord

SCOPES: tuple[str, ...] = ("bot", "applications.commands")

_NEEDED = discord.Permissions(
    # See the home channel and receive its messages (MESSAGE_CREATE counts activity).
    view_channel=True,
    # Post the content plan in the home channel: expert columns, prompts, idea box.
    send_messages=True,
    # Post follow-ups inside a discussion thread (InChannel with a thread id).
    send_messages_in_threads=True,
    # Open a discussion thread under a column or prompt (content plan).
    create_public_threads=True,
    # Open a small private thread for a coffee pairing (online meets face-to-face).
    create_private_threads=True,
    # Links in the goal, a column or a tip unfold into a preview.
    embed_links=True,
    # Threads and replies on Kindling's own earlier messages need to read them.
    read_message_history=True,
    # /kindling: let the application's commands be used where the bot is.
    use_application_commands=True,
    # Native polls when a discussion stays quiet.
    send_polls=True,
    # A meetup (online meets face-to-face) is also a scheduled event in the server's calendar.
    create_events=True,
)

PERMISSIONS: int = _NEEDED.value
"""The permissions integer in the invite URL."""


def invite_url(application_id: str) -> str:
    """The URL a server owner opens to add Kindling to their server."""
    return discord.utils.oauth_url(
        int(application_id), permissions=discord.Permissions(PERMISSIONS), scopes=SCOPES
    )
