"""The bot scopes Kindling asks for (the same list as slack-manifest.yaml), each with its reason."""

from __future__ import annotations

BOT_SCOPES: dict[str, str] = {
    "commands": "the /kindling slash command",
    "chat:write": "DMs, channel posts and ephemeral answers (chat.postMessage, chat.postEphemeral)",
    "im:write": "open a DM with a newcomer or an ambassador (conversations.open)",
    "users:read": "team_join; whether someone is a workspace admin or owner, and their name (users.info)",
    "channels:read": "member_joined_channel / member_left_channel in public channels",
    "groups:read": "member_joined_channel / member_left_channel in private channels Kindling is in",
    "channels:history": "message.channels: members posting and replying in public channels",
    "groups:history": "message.groups: members posting in private channels Kindling is in",
}
