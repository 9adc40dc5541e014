"""Discord: the token (GET /users/@me), the application's privileged intents (its flags, from
GET /oauth2/applications/@me), and in each server Kindling's permissions (GET /users/@me/guilds) against the
ones the invite asks for."""

from __future__ import annotations

import aiohttp
import discord

from adapters.discord.endpoints import pointed_at
from adapters.discord.invite import PERMISSIONS, REASONS, invite_url
from bot.settings import Settings
from kindling_cli.doctor.report import Section

#: Application flags: the Server Members Intent, enabled (verified apps) or limited (under 100 servers).
MEMBERS_INTENT = (1 << 14) | (1 << 15)
MESSAGE_CONTENT_INTENT = (1 << 18) | (1 << 19)
SERVERS_LISTED = 200


async def check_discord(settings: Settings) -> Section:
    section = Section("Discord")
    if settings.discord_token is None:
        return section
    with pointed_at(settings):
        async with discord.Client(intents=discord.Intents.none()) as client:
            try:
                await client.login(settings.discord_token.get_secret_value())
            except discord.LoginFailure:
                section.problem(
                    "Discord refused KINDLING_DISCORD_TOKEN: copy the bot's token (Developer Portal -> your "
                    "application -> Bot -> Reset Token)"
                )
                return section
            except (discord.HTTPException, aiohttp.ClientError, TimeoutError, OSError) as error:
                section.problem(f"could not reach Discord at {settings.discord_api_url}: {error}")
                return section
            user = client.user
            section.ok(f"the token works: bot {user.name if user else '?'} ({user.id if user else '?'})")
            application = await client.application_info()
            _intents(section, application.flags.value)
            await _servers(section, client, str(application.id))
    return section


def _intents(section: Section, flags: int) -> None:
    if flags & MEMBERS_INTENT:
        section.ok("the Server Members Intent is on (joins and leaves arrive)")
    else:
        section.problem(
            "the Server Members Intent is off, so Kindling never hears that someone joined: turn it on under "
            "Developer Portal -> your application -> Bot -> Privileged Gateway Intents"
        )
    if flags & MESSAGE_CONTENT_INTENT:
        section.note(
            "the Message Content Intent is on, but Kindling never reads messages: you can turn it off"
        )


async def _servers(section: Section, client: discord.Client, application_id: str) -> None:
    servers = await client.http.get_guilds(SERVERS_LISTED, with_counts=False)
    if not servers:
        section.problem(f"Kindling is in no server yet: open {invite_url(application_id)}")
        return
    for server in servers:
        name = f"{server.get('name')} ({server.get('id')})"
        granted = discord.Permissions(int(str(server.get("permissions") or 0)))
        if granted.administrator:
            section.note(f"{name}: Kindling has Administrator; it needs only {_names(PERMISSIONS)}")
            continue
        missing = discord.Permissions(PERMISSIONS & ~granted.value)
        if missing.value == 0:
            section.ok(f"{name}: Kindling has every permission it uses")
            continue
        for permission, lacking in missing:
            if lacking and permission in REASONS:
                section.problem(f"{name}: Kindling lacks {_label(permission)} (to {REASONS[permission]})")
        section.problem(
            f"{name}: give Kindling's role those permissions (Server Settings -> Roles), or invite it again "
            f"with {invite_url(application_id)}"
        )


def _names(value: int) -> str:
    return ", ".join(_label(name) for name, on in discord.Permissions(value) if on)


def _label(permission: str) -> str:
    """`send_messages_in_threads` as Discord's settings name it: Send Messages In Threads."""
    return permission.replace("_", " ").title().replace("In ", "in ")
