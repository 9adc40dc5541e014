"""The scenario driver (tests/scenarios/driver.py) over the real Discord adapter and the fake Discord.

People are guild members by name; `command` dispatches a real slash-command INTERACTION_CREATE whose options
are what the `/kindling` group expects; `click` presses the button in the message that shows it (in a DM,
as Discord sends it: no guild, a `user` instead of a `member`).
"""

from __future__ import annotations

import re
import secrets
from itertools import count
from typing import Any

import discord
from discord import app_commands

from adapters.discord.tree import build_group, commands_in
from bot.feature import Command
from bot.features import registry
from tests.discord.harness import CALLBACK, WAIT, Adapter
from tests.fakes.discord_server import (
    Channel,
    FakeDiscord,
    FakeInteraction,
    Guild,
    Member,
    Permission,
    Role,
    User,
)
from tests.scenarios.driver import Delivery

MODERATORS = 500_000_000_000_000_001
OWNER = User(id=200_000_000_000_000_009, username="owner")
_MENTION = re.compile(r"<@!?(\d+)>")
_CHANNEL = re.compile(r"<#(\d+)>")
_LOADING = 1 << 7
_EPHEMERAL = 1 << 6


def scenario_guild() -> Guild:
    """A community with its home channel, a Manage Server role and nobody but the owner yet."""
    return Guild(
        id=300_000_000_000_000_001,
        name="Kindling Test Community",
        owner_id=OWNER.id,
        channels=[
            Channel(id=400_000_000_000_000_001, name="home", position=0),
            Channel(id=400_000_000_000_000_002, name="general", position=1),
        ],
        roles=[Role(id=MODERATORS, name="Moderators", permissions=int(Permission.MANAGE_GUILD))],
        members=[Member(OWNER)],
    )


def _subcommands() -> dict[str, list[app_commands.Command[Any, ..., Any]]]:
    """Discord's subcommands by the grammar's words (`goal` is two: show and set)."""
    found: dict[str, list[app_commands.Command[Any, ..., Any]]] = {}
    for command in commands_in(build_group(registry(), _unused)):
        found.setdefault(" ".join(_spec(command).words), []).append(command)
    return found


def _spec(command: app_commands.Command[Any, ..., Any]) -> Command[Any]:
    spec: Command[Any] = command.extras["kindling"]
    return spec


async def _unused(_interaction: discord.Interaction[Any], _text: str) -> None:
    raise AssertionError("the driver only reads the group's shape")


class DiscordCommunity:
    def __init__(self, adapter: Adapter) -> None:
        self.adapter = adapter
        self.fake: FakeDiscord = adapter.fake
        self.guild = self.fake.guilds[0]
        self._users: dict[str, User] = {}
        self._ids = count(200_000_000_000_001_000)
        self._handled = 0
        self._seen: set[int] = set(self.fake.messages)
        self._subcommands = _subcommands()

    # -- people ------------------------------------------------------------------------------------------

    def user(self, name: str) -> User:
        if name not in self._users:
            self._users[name] = User(id=next(self._ids), username=name, global_name=name)
        return self._users[name]

    def _name_of(self, user_id: int) -> str:
        found = next((n for n, u in self._users.items() if u.id == user_id), None)
        return found or str(user_id)

    def _member(self, name: str) -> Member:
        user = self.user(name)
        member = self.guild.member(user.id)
        if member is None:  # on the server before Kindling arrived
            member = Member(user)
            self.guild.members.append(member)
        return member

    # -- the driver protocol ------------------------------------------------------------------------------

    async def join(self, name: str) -> None:
        await self.fake.member_add(self.guild.id, self.user(name))
        self._handled += 1

    async def leave(self, name: str) -> None:
        await self.fake.member_remove(self.guild.id, self.user(name))
        self._handled += 1

    async def say(self, name: str, text: str) -> None:
        await self.fake.message_create(self.guild.home_channel.id, self._member(name), text)
        self._handled += 1

    async def make_organiser(self, name: str) -> None:
        member = self._member(name)
        if MODERATORS not in member.roles:
            member.roles.append(MODERATORS)

    async def command(self, name: str, text: str) -> None:
        member = self._member(name)
        options, resolved = self._options(text)
        before = len(self.fake.requests_to("POST", CALLBACK))
        await self.fake.slash_command(
            self.guild.id, self.guild.home_channel.id, member, "kindling", options, resolved=resolved
        )
        await self.fake.wait_for_requests("POST", CALLBACK, before + 1, timeout=WAIT)
        self._handled += 1

    async def click(self, name: str, action_id: str, value: str) -> None:
        custom_id = f"{action_id}:{self.guild.id}:{value}"
        message = next(m for m in reversed(self.fake.messages.values()) if _has_button(m, custom_id))
        user = self.user(name)
        if _dm_channel(self.fake, message["channel_id"]) is not None:
            await dm_button_click(self.fake, user, message, custom_id)
        else:
            await self.fake.button_click(
                self.guild.id, int(message["channel_id"]), self._member(name), custom_id, message
            )
        self._handled += 1

    async def settle(self) -> list[Delivery]:
        await self.adapter.recorder.wait_for(self._handled)
        await self.adapter.deliver()
        new = [m for i, m in self.fake.messages.items() if i not in self._seen]
        self._seen.update(self.fake.messages)
        return [d for d in (self._delivery(m) for m in new) if d is not None]

    # -- reading what Kindling sent -----------------------------------------------------------------------

    def _delivery(self, message: dict[str, Any]) -> Delivery | None:
        if message["author"]["id"] != str(self.fake.bot_user.id) or message["flags"] & _LOADING:
            return None
        text = _MENTION.sub(lambda m: "@" + self._name_of(int(m[1])), message["content"])
        text = _CHANNEL.sub(lambda m: "#" + self._channel_name(int(m[1])), text)
        buttons = tuple(_buttons(message))
        metadata = message.get("interaction_metadata")
        if metadata is not None and message["flags"] & _EPHEMERAL:
            return Delivery("private", self._name_of(int(metadata["user"]["id"])), text, buttons)
        dm = _dm_channel(self.fake, message["channel_id"])
        if dm is not None:
            return Delivery("dm", self._name_of(int(dm["recipients"][0]["id"])), text, buttons)
        return Delivery("channel", self._channel_name(int(message["channel_id"])), text, buttons)

    def _channel_name(self, channel_id: int) -> str:
        channel = self.guild.channel(channel_id)
        return channel.name if channel is not None else str(channel_id)

    # -- slash-command options from a scenario's text -----------------------------------------------------

    def _options(self, text: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        tokens = text.split()
        path_words = max(
            (key for key in self._subcommands if key and tokens[: len(key.split())] == key.split()),
            key=lambda key: len(key.split()),
            default=None,
        )
        if path_words is None:  # not a /kindling subcommand: what a stale Discord client could still send
            leaf = [{"name": "text", "type": 3, "value": " ".join(tokens[1:])}] if tokens[1:] else []
            return [{"name": tokens[0] if tokens else "help", "type": 1, "options": leaf}], {}
        rest = tokens[len(path_words.split()) :]
        candidates = self._subcommands[path_words]
        command = next((c for c in candidates if _spec(c).accepts(" ".join(rest))), candidates[0])
        leaves: list[dict[str, Any]] = []
        resolved: dict[str, Any] = {"users": {}, "members": {}}
        for index, parameter in enumerate(command.parameters):
            if not rest:
                break
            if parameter.type is discord.AppCommandOptionType.user:
                member = self._member(rest.pop(0).removeprefix("@"))
                leaves.append({"name": parameter.display_name, "type": 6, "value": str(member.id)})
                resolved["users"][str(member.id)] = member.user.payload()
                payload = member.payload()
                payload.pop("user")
                resolved["members"][str(member.id)] = {**payload, "permissions": "0"}
            else:
                last = index == len(command.parameters) - 1 or all(
                    p.type is discord.AppCommandOptionType.user for p in command.parameters[index + 1 :]
                )
                value = " ".join(rest) if last else rest[0]
                rest = [] if last else rest[1:]
                leaves.append({"name": parameter.display_name, **_typed(parameter, value)})
        node: list[dict[str, Any]] = leaves
        path = command.qualified_name.split(" ")[1:]
        for depth, part in enumerate(reversed(path)):
            node = [{"name": part, "type": 1 if depth == 0 else 2, "options": node}]
        return node, resolved if resolved["users"] else {}


def _typed(parameter: app_commands.Parameter, value: str) -> dict[str, Any]:
    """A scenario's word as the option type the parameter declares (numbers and yes/no are typed)."""
    if parameter.type is discord.AppCommandOptionType.integer and value.isdigit():
        return {"type": 4, "value": int(value)}
    if parameter.type is discord.AppCommandOptionType.boolean:
        return {"type": 5, "value": value.lower() in ("true", "yes", "1")}
    return {"type": 3, "value": value}


def _dm_channel(fake: FakeDiscord, channel_id: str) -> dict[str, Any] | None:
    return next((dm for dm in fake.dm_channels.values() if dm["id"] == channel_id), None)


def _has_button(message: dict[str, Any], custom_id: str) -> bool:
    return any(b.get("custom_id") == custom_id for b in _components(message))


def _components(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message.get("components", []) for c in row.get("components", [])]


def _buttons(message: dict[str, Any]) -> list[tuple[str, str, str]]:
    found = []
    for component in _components(message):
        action, _guild, value = str(component.get("custom_id", "")).split(":", 2)
        found.append((str(component.get("label", "")), action, value))
    return found


_interaction_ids = count(900_000_000_000_000_001)


async def dm_button_click(
    fake: FakeDiscord, user: User, message: dict[str, Any], custom_id: str
) -> FakeInteraction:
    """INTERACTION_CREATE for a button in a DM, shaped as Discord sends it (no guild, `user` not `member`)."""
    interaction_id = next(_interaction_ids)
    token = f"fake-dm-interaction-{secrets.token_urlsafe(24)}"
    channel_id = int(message["channel_id"])
    channel = _dm_channel(fake, message["channel_id"])
    assert channel is not None, "not a DM"
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(fake.application_id),
        "type": 3,
        "token": token,
        "version": 1,
        "channel_id": str(channel_id),
        "channel": channel,
        "user": user.payload(),
        "app_permissions": "0",
        "locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(fake.guilds[0].id)},
        "context": 1,
        "attachment_size_limit": 10 * 1024 * 1024,
        "data": {"custom_id": custom_id, "component_type": 2},
        "message": message,
    }
    interaction = FakeInteraction(
        id=interaction_id,
        token=token,
        type=3,
        guild_id=None,
        channel_id=channel_id,
        user_id=user.id,
        payload=payload,
    )
    fake.interactions[interaction_id] = interaction
    await fake.dispatch("INTERACTION_CREATE", payload)
    return interaction
