"""Point discord.py's REST and gateway at configured base URLs (a proxy or a local test server).

discord.py has no constructor option for either: both are class attributes, process-wide. They are set only
when a setting differs from Discord's own URL, and restored when Kindling's Discord adapter stops.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import discord.gateway
import discord.http
import yarl

from bot.settings import DISCORD_API_DEFAULT, DISCORD_GATEWAY_DEFAULT, Settings


@contextlib.contextmanager
def pointed_at(settings: Settings) -> Iterator[None]:
    """`KINDLING_DISCORD_API_URL` includes the version (`.../api/v10`), like `Route.BASE`."""
    saved_base = discord.http.Route.BASE
    saved_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    if settings.discord_api_url.rstrip("/") != DISCORD_API_DEFAULT:
        discord.http.Route.BASE = settings.discord_api_url.rstrip("/")
    if settings.discord_gateway_url.rstrip("/") != DISCORD_GATEWAY_DEFAULT:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = saved_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved_gateway
