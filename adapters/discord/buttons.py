"""Persistent buttons: the custom id carries everything, so a click works after any restart.

custom id = `<action_id>:<guild id>:<value>` (at most 100 characters). The guild is in it because a button
in a direct message (an ambassador's "I greeted them") is clicked outside any guild.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, Self, runtime_checkable

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


@runtime_checkable
class ClickHandler(Protocol):
    """The client side of a click (the Kindling client implements it)."""

    async def kindling_button(
        self, interaction: discord.Interaction[Any], *, guild_id: int, action_id: str, value: str
    ) -> None: ...


class KindlingButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.compile(_TEMPLATE, re.DOTALL),
):
    """Registered once with `client.add_dynamic_items`; discord.py rebuilds it from each click's custom id."""

    def __init__(self, button: Button, *, guild_id: str) -> None:
        self.action_id = button.action_id
        self.guild_id = int(guild_id)
        self.value = button.value
        super().__init__(
            discord.ui.Button(
                label=button.label,
                style=_STYLES[button.style],
                custom_id=custom_id(action_id=button.action_id, guild_id=guild_id, value=button.value),
            )
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(Button(match["action"], label or "", match["value"]), guild_id=match["guild"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        client = interaction.client
        if isinstance(client, ClickHandler):
            await client.kindling_button(
                interaction, guild_id=self.guild_id, action_id=self.action_id, value=self.value
            )
