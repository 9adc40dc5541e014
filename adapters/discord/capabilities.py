"""What Kindling can do on Discord, for the core to shape its messages (no discord.py import here, so the
composition root can read it without loading discord.py)."""

from __future__ import annotations

from bot.port import Capabilities, Limits

#: Messages up to 2,000 characters; native polls (question 300, answers 55, at most 10, up to 32 days);
#: bots cannot open group DMs; scheduled events are the calendar (names up to 100).
CAPABILITIES = Capabilities(
    ephemeral_replies=True,
    threads=True,
    native_polls=True,
    group_direct_messages=False,
    buttons=True,
    edits=True,
    calendar=True,
    files=True,
    member_lists=True,
    limits=Limits(
        message_length=2000,
        poll_question=300,
        poll_option=55,
        poll_options=10,
        poll_hours=768,
        button_label=80,
        event_title=100,
    ),
)
