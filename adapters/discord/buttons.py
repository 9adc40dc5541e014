"""Persistent buttons: the custom id carries everything, so a click works after any restart.

custom id = `<action_id>:<guild id>:<value>` (at most 100 characters). The guild is in it because a button
in a direct message (an ambassador's "I greeted them") is clicked outside any guild.
"""

from __future__ import annotations

import re

import discord

from bot.messages import Button, ButtonStyle

CUSTOM_ID_LIMIT = 100
_TEMPLATE = r"(?P<action>[A-Za-z0-9_.-]+):(?P<guild>[0-9]{1,20}):(?P<value>.*)"
_STYLES: dict[ButtonStyle, discord.ButtonStyle] = {
    "default": discord.ButtonStyle.secondary,
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
}


def custom_id(*, action_id: str, guild_id: str, value: str) -> str:
    return f"{action_id}:{guild_id}:{value}"


def parse_custom_id(raw: str) -> tuple[str, int, str] | None:
    match = re.fullmatch(_TEMPLATE, raw, flags=re.DOTALL)
    if match is None:
        return None
    return match["action"], int(match["guild"]), match["value"]


def button_item(button: Button, *, guild_id: str) -> discord.ui.Button[discord.ui.View]:
    """The button as discord.py sends it. Clicks are not routed through discord.py's views: the client reads
    every click's custom id itself (`KindlingClient.on_interaction`), so a click works after any restart and
    whatever shape the clicked message arrives in."""
    return discord.ui.Button(
        label=button.label,
        style=_STYLES[button.style],
        custom_id=custom_id(action_id=button.action_id, guild_id=guild_id, value=button.value),
    )
