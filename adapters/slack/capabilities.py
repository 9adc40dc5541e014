"""What Kindling can do on Slack, for the core to shape its messages (no Slack library is imported here, so
the composition root can read it without loading slack-sdk)."""

from __future__ import annotations

from bot.port import Capabilities, Limits

#: Block Kit: section text up to 3,000 characters (a message is split into sections; 12,000 keeps it
#: readable), button text up to 75. Polls are buttons. Group DMs are multi-person DMs (mpim:write).
CAPABILITIES = Capabilities(
    ephemeral_replies=True,
    threads=True,
    native_polls=False,
    group_direct_messages=True,
    buttons=True,
    edits=True,
    calendar=False,
    files=True,
    member_lists=True,
    limits=Limits(message_length=12_000, poll_question=300, poll_option=75, poll_options=10, button_label=75),
)
