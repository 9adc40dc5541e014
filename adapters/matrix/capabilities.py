"""What Kindling can do on Matrix, for the core to shape its messages (no mautrix import here, so the
composition root can read it without loading the client library)."""

from __future__ import annotations

from bot.port import Capabilities, Limits

#: No ephemeral messages: private answers go to the member's direct chat. Polls are MSC3381 polls, which
#: Kindling ends (`m.poll.end`) when it closes them; buttons are numbered keycap reactions, ten at most.
#: A group conversation is a room Kindling makes for the members (a coffee pair). Commands are messages
#: starting with `!kindling`. An event may be 64 KiB: a text of 4,000 characters fits with its HTML twin.
#: The room's joined members are listed at set-up, so those already there are not newcomers.
CAPABILITIES = Capabilities(
    ephemeral_replies=False,
    threads=True,
    native_polls=True,
    group_direct_messages=True,
    buttons=True,
    edits=True,
    calendar=False,
    files=True,
    member_lists=True,
    closes_polls=True,
    command_prefix="!kindling",
    limits=Limits(
        message_length=4000,
        poll_question=300,
        poll_option=100,
        poll_options=10,
        poll_hours=768,
        button_label=75,
        event_title=100,
    ),
)
