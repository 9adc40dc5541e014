"""The bot scopes Kindling asks for (the same list as slack-manifest.yaml), each with its reason."""

from __future__ import annotations

BOT_SCOPES: dict[str, str] = {
    "commands": "the /kindling slash command",
    "chat:write": "DMs, channel posts and ephemeral answers (chat.postMessage, chat.postEphemeral)",
    "files:write": "the organisers' weekly pulse chart, uploaded with its message (files_upload_v2)",
    "im:write": "open a DM with a newcomer or an ambassador (conversations.open)",
    "im:history": "after a crash, find Kindling's own DM by its outbox key before sending it again",
    "mpim:write": "open one group DM for a coffee pair or trio (conversations.open with several users)",
    "users:read": (
        "team_join; whether someone is a workspace admin or owner, and their name (users.info); at set-up, "
        "the names of the members already there, and which are bots (users.list)"
    ),
    "channels:read": (
        "member_joined_channel / member_left_channel in public channels; at set-up, who is already in a "
        "public home channel (conversations.members)"
    ),
    "groups:read": (
        "member_joined_channel / member_left_channel in private channels Kindling is in; who is already in a "
        "private home channel"
    ),
    "channels:history": "message.channels: members posting and replying in public channels",
    "groups:history": "message.groups: members posting in private channels Kindling is in",
    "reactions:read": "reaction_added: a 💡 (bulb) reaction keeps a member's message as a best tip",
}
