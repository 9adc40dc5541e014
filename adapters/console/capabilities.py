"""What the console shows: everything, as labelled text (threads by message number, edits reprinted)."""

from __future__ import annotations

from bot.port import Capabilities

CAPABILITIES = Capabilities(
    ephemeral_replies=True,
    threads=True,
    native_polls=False,
    group_direct_messages=True,
    buttons=True,
    edits=True,
    calendar=False,
    files=True,
)
