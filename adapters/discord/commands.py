"""`/kindling` as a Discord command group that mirrors the core grammar (bot/commands/grammar.py).

Each subcommand only gathers typed options and hands the core the same text line a console or Slack user
would type, so the grammar, its checks and its error messages stay in one place. The line is the command's
path with `-` read as a space (`/kindling column rota-add` -> `column rota add`), then the option values in
order: members as `<@id>`, channels as `<#id>`, missing optional values left out. Where the words differ from
the path, `extras={"words": ...}` says so. Adding a subcommand is one small method here.

Discord allows a group, a subgroup and a subcommand, no deeper: `column rota add` becomes `column rota-add`.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

Interaction = discord.Interaction[Any]
#: Defers, then hands the core `text`; the client supplies it.
LineHandler = Callable[[Interaction, str], Awaitable[None]]

LANGUAGES = [
    app_commands.Choice(name="Nederlands", value="nl"),
    app_commands.Choice(name="English", value="en"),
]
WEEKDAYS = [
    app_commands.Choice(name=day.capitalize(), value=day)
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
]
AUTOCOMPLETE_LIMIT = 25
_SUBCOMMAND_TYPES = (1, 2)  # SUB_COMMAND, SUB_COMMAND_GROUP
_USER_TYPES = (6, 9)  # USER, MENTIONABLE
_CHANNEL_TYPE = 7
_TIME_ZONES = sorted(zoneinfo.available_timezones())

Value = str | discord.abc.User | discord.abc.GuildChannel | discord.Thread | app_commands.AppCommandChannel


def words(command: object) -> str:
    """The grammar's words for a subcommand: its path below `/kindling`, `-` read as a space."""
    if not isinstance(command, app_commands.Command):
        return ""
    explicit = command.extras.get("words")
    if isinstance(explicit, str):
        return explicit
    path = command.qualified_name.split(" ")[1:]
    return " ".join(path).replace("-", " ")


def line(command: object, *values: Value | None) -> str:
    parts = [words(command)]
    for value in values:
        if value is None:
            continue
        if isinstance(value, discord.abc.User):
            parts.append(f"<@{value.id}>")
        elif isinstance(value, str):
            parts.append(value.strip())
        else:
            parts.append(f"<#{value.id}>")
    return " ".join(part for part in parts if part)


def raw_line(data: object) -> str:
    """The line from an interaction's raw options, for commands the tree cannot match."""
    parts: list[str] = []
    options = data.get("options", []) if isinstance(data, dict) else []
    while options:
        nested = next((o for o in options if o.get("type") in _SUBCOMMAND_TYPES), None)
        if nested is None:
            parts += [_raw_value(o) for o in options]
            break
        parts.append(str(nested.get("name", "")).replace("-", " "))
        options = nested.get("options", [])
    return " ".join(part for part in parts if part)


def _raw_value(option: dict[str, Any]) -> str:
    value = str(option.get("value", "")).strip()
    if option.get("type") in _USER_TYPES:
        return f"<@{value}>"
    if option.get("type") == _CHANNEL_TYPE:
        return f"<#{value}>"
    return value


def time_zone_choices(current: str) -> list[app_commands.Choice[str]]:
    needle = current.strip().lower().replace(" ", "_")
    found = [name for name in _TIME_ZONES if needle in name.lower()]
    found.sort(key=lambda name: (not name.lower().startswith(needle), name))
    return [app_commands.Choice(name=name, value=name) for name in found[:AUTOCOMPLETE_LIMIT]]


class KindlingCommands(app_commands.Group, name="kindling", description="Kindling", guild_only=True):
    """The group. Everyone may run every subcommand; the core refuses what only organisers may do."""

    ambassador = app_commands.Group(name="ambassador", description="Ambassadors greet newcomers in turn")
    organiser = app_commands.Group(name="organiser", description="Who may configure Kindling besides admins")
    welcome = app_commands.Group(name="welcome", description="The welcome a newcomer gets")
    column = app_commands.Group(name="column", description="The weekly expert column")
    prompt = app_commands.Group(name="prompt", description="Discussion prompts")

    def __init__(self, on_line: LineHandler) -> None:
        super().__init__()
        self._on_line = on_line

    async def run(self, interaction: Interaction, *values: Value | None) -> None:
        await self._on_line(interaction, line(interaction.command, *values))

    # -- everyone --------------------------------------------------------------------------------------

    @app_commands.command(name="help", description="List the commands")
    async def help(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @app_commands.command(
        name="status", description="The method as a checklist: what is set up, what is missing"
    )
    async def status(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @app_commands.command(name="goal", description="Show the goal, or set it (at most two sentences)")
    @app_commands.describe(text="The new goal; leave out to see the current one")
    async def goal(self, interaction: Interaction, text: str | None = None) -> None:
        await self.run(interaction, text)

    # -- organisers ------------------------------------------------------------------------------------

    @app_commands.command(name="setup", description="Make this (or the named) channel the home channel")
    @app_commands.describe(channel="The home channel; leave out for this one")
    async def setup(self, interaction: Interaction, channel: discord.TextChannel | None = None) -> None:
        await self.run(interaction, channel)

    @app_commands.command(name="language", description="The language Kindling speaks here")
    @app_commands.choices(language=LANGUAGES)
    async def language(self, interaction: Interaction, language: str) -> None:
        await self.run(interaction, language)

    @app_commands.command(name="timezone", description="The community's time zone (Area/City)")
    @app_commands.describe(name="An IANA time zone such as Europe/Amsterdam")
    async def timezone(self, interaction: Interaction, name: str) -> None:
        await self.run(interaction, name)

    @timezone.autocomplete("name")
    async def timezone_names(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return time_zone_choices(current)

    @app_commands.command(name="quiet", description="Quiet hours: no posts between these times (HH:MM)")
    @app_commands.describe(start="From, e.g. 22:00", end="Until, e.g. 08:00")
    async def quiet(self, interaction: Interaction, start: str, end: str) -> None:
        await self.run(interaction, start, end)

    @ambassador.command(name="add", description="Make a member an ambassador")
    async def ambassador_add(self, interaction: Interaction, member: discord.User) -> None:
        await self.run(interaction, member)

    @ambassador.command(name="remove", description="Stop a member being an ambassador")
    async def ambassador_remove(self, interaction: Interaction, member: discord.User) -> None:
        await self.run(interaction, member)

    @ambassador.command(name="list", description="Who the ambassadors are")
    async def ambassador_list(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @organiser.command(name="add", description="Let a member configure Kindling")
    async def organiser_add(self, interaction: Interaction, member: discord.User) -> None:
        await self.run(interaction, member)

    @organiser.command(name="remove", description="Stop a member configuring Kindling")
    async def organiser_remove(self, interaction: Interaction, member: discord.User) -> None:
        await self.run(interaction, member)

    @organiser.command(name="list", description="Who may configure Kindling")
    async def organiser_list(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @welcome.command(name="preview", description="Show the welcome a newcomer gets")
    async def welcome_preview(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @welcome.command(
        name="template", description="Your own welcome: {name} {goal} {community} {ambassador} {channel}"
    )
    async def welcome_template(self, interaction: Interaction, text: str) -> None:
        await self.run(interaction, text)

    @welcome.command(name="template-reset", description="Back to the default welcome")
    async def welcome_template_reset(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @column.command(
        name="show", description="The column's schedule, topic and rota", extras={"words": "column"}
    )
    async def column_show(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @column.command(name="schedule", description="When the column appears each week")
    @app_commands.choices(weekday=WEEKDAYS)
    @app_commands.describe(time="HH:MM in the community's time zone")
    async def column_schedule(self, interaction: Interaction, weekday: str, time: str) -> None:
        await self.run(interaction, weekday, time)

    @column.command(name="topic", description="What the column is about")
    async def column_topic(self, interaction: Interaction, text: str) -> None:
        await self.run(interaction, text)

    @column.command(name="rota-add", description="Add experts to the column's rota")
    async def column_rota_add(
        self,
        interaction: Interaction,
        member: discord.User,
        member2: discord.User | None = None,
        member3: discord.User | None = None,
    ) -> None:
        await self.run(interaction, member, member2, member3)

    @column.command(name="rota-remove", description="Take experts off the column's rota")
    async def column_rota_remove(
        self,
        interaction: Interaction,
        member: discord.User,
        member2: discord.User | None = None,
        member3: discord.User | None = None,
    ) -> None:
        await self.run(interaction, member, member2, member3)

    @column.command(name="rota-list", description="Who writes the column, in turn")
    async def column_rota_list(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @prompt.command(name="add", description="Add a discussion prompt")
    async def prompt_add(self, interaction: Interaction, text: str) -> None:
        await self.run(interaction, text)


class KindlingTree(app_commands.CommandTree[Any]):
    """The client's command tree holding `/kindling`."""

    def __init__(self, client: discord.Client, on_line: LineHandler) -> None:
        super().__init__(client)
        self._on_line = on_line
        self.add_command(KindlingCommands(on_line))

    async def on_error(self, interaction: Interaction, error: app_commands.AppCommandError, /) -> None:
        """A command or options that do not fit (a stale command in someone's Discord client, a missing
        option, a member who left): the line as Discord sent it goes to the core, whose answer explains the
        usage in the community's language."""
        unfit = (
            app_commands.CommandNotFound
            | app_commands.CommandSignatureMismatch
            | app_commands.TransformerError
        )
        if (
            isinstance(error, unfit)
            and interaction.type is discord.InteractionType.application_command
            and not interaction.response.is_done()
        ):
            await self._on_line(interaction, raw_line(interaction.data))
            return
        await super().on_error(interaction, error)

    async def sync_to(self, guild: discord.abc.Snowflake) -> list[app_commands.AppCommand]:
        """Commands are registered per guild (they appear at once, unlike global ones)."""
        self.copy_global_to(guild=guild)
        return await self.sync(guild=guild)
