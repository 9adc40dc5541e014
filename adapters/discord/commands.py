"""`/kindling` as a Discord command group that mirrors the core grammar (bot/commands/grammar.py).

Each subcommand only gathers typed options and hands the core the same text line a console or Slack user
would type, so the grammar, its checks and its error messages stay in one place. The line is the command's
path with `-` read as a space (`/kindling column rota-add` -> `column rota add`), then the option values in
order: members as `<@id>`, channels as `<#id>`, numbers as digits, missing optional values left out. Where the
words differ from the path, `extras={"words": ...}` says so. Adding a subcommand is one small method here.

`poll` is the one command whose grammar quotes its values
(`poll [--multiple] [--anonymous] [--hours N] "question" "a" "b"`, read with `shlex`): `poll_line` wraps each
value in double quotes and escapes `\\` and `"` inside it. Yes/no options become the grammar's flags
(`--multiple`, `--anonymous`), put before the free text.

`idea` is a subgroup (`idea submit|accept|close|list`), not four top-level subcommands: Discord allows 25
entries per level and a flat `idea`, `ideas`, `idea-accept`, `idea-close` would fill 25 of them (22 this way).
In a group, `/kindling idea` itself cannot run, so submitting is `idea submit` (the line stays
`idea [--anonymous] <text>`) and the list is `idea list` (the line `ideas`).

Discord allows a group, a subgroup and a subcommand, no deeper: `column rota add` becomes `column rota-add`.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Awaitable, Callable, Iterable
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
FALLBACK_MODES = [
    app_commands.Choice(name="A poll in the quiet thread", value="poll"),
    app_commands.Choice(name="Ask the ambassadors to step in", value="ambassadors"),
]
APPRECIATION_CHOICES = [
    app_commands.Choice(name="On: you may be named in the weekly thank-you", value="on"),
    app_commands.Choice(name="Off: leave me out of the weekly thank-you", value="off"),
]
PRIVACY_ACTIONS = [
    app_commands.Choice(name="Export: everything Kindling keeps, sent to your DMs", value="export"),
    app_commands.Choice(name="Forget: erase what Kindling keeps", value="forget"),
]
COFFEE_CADENCES = [
    app_commands.Choice(name="Every week", value=1),
    app_commands.Choice(name="Every two weeks", value=2),
    app_commands.Choice(name="Every four weeks", value=4),
]
POLL_OPTIONS = 10
AUTOCOMPLETE_LIMIT = 25
_SUBCOMMAND_TYPES = (1, 2)  # SUB_COMMAND, SUB_COMMAND_GROUP
_USER_TYPES = (6, 9)  # USER, MENTIONABLE
_CHANNEL_TYPE = 7
_TIME_ZONES = sorted(zoneinfo.available_timezones())

Value = (
    str | int | discord.abc.User | discord.abc.GuildChannel | discord.Thread | app_commands.AppCommandChannel
)
#: The core reads typographic double quotes as straight ones: they are escaped too (and come back straight).
_QUOTES = ('"', "\u201c", "\u201d")
#: Raw paths (see `raw_line`) whose grammar words differ from the path, as `extras={"words": ...}` says.
_RAW_WORDS = {"coffee show": "coffee", "column show": "column", "idea list": "ideas"}


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
        elif isinstance(value, int):
            parts.append(str(value))
        else:
            parts.append(f"<#{value.id}>")
    return " ".join(part for part in parts if part)


def quoted(value: str) -> str:
    """`value` as one double-quoted word of the core's poll grammar (`shlex`, POSIX rules)."""
    escaped = value.strip().replace("\\", "\\\\")
    for quote in _QUOTES:
        escaped = escaped.replace(quote, "\\" + quote)
    return f'"{escaped}"'


def poll_line(
    command: object,
    question: str,
    options: Iterable[str | None],
    *,
    hours: int | str | None,
    multiple: bool,
    anonymous: bool = False,
) -> str:
    """`poll [--multiple] [--anonymous] [--hours N] "question" "option" ...`; empty options are left out."""
    parts = [words(command) or "poll"]
    if multiple:
        parts.append("--multiple")
    if anonymous:
        parts.append("--anonymous")
    if hours is not None:
        parts += ["--hours", str(hours).strip()]
    parts.append(quoted(question))
    parts += [quoted(option) for option in options if option is not None and option.strip()]
    return " ".join(parts)


def idea_line(text: str, *, anonymous: bool) -> str:
    """`idea [--anonymous] <text>`: the flag before the free text, where the grammar looks for it."""
    return " ".join(part for part in ("idea", "--anonymous" if anonymous else "", text.strip()) if part)


def raw_line(data: object) -> str:
    """The line from an interaction's raw options, for commands the tree cannot match."""
    parts: list[str] = []
    options = data.get("options", []) if isinstance(data, dict) else []
    while options:
        nested = next((o for o in options if o.get("type") in _SUBCOMMAND_TYPES), None)
        if nested is None:
            if parts == ["poll"]:
                return _raw_poll(options)
            if parts == ["idea", "submit"]:
                return _raw_idea(options)
            break
        parts.append(str(nested.get("name", "")).replace("-", " "))
        options = nested.get("options", [])
    path = " ".join(part for part in parts if part)
    path = _RAW_WORDS.get(path, path)
    return " ".join(part for part in (path, *(_raw_value(o) for o in options)) if part)


def _raw_value(option: dict[str, Any]) -> str:
    value = str(option.get("value", "")).strip()
    if option.get("type") in _USER_TYPES:
        return f"<@{value}>"
    if option.get("type") == _CHANNEL_TYPE:
        return f"<#{value}>"
    return value


def _raw_poll(options: list[dict[str, Any]]) -> str:
    """A poll as Discord sent it (say with an option missing): quoted, so the core can say what is wrong."""
    values = {str(o.get("name")): o.get("value") for o in options}
    hours = values.get("hours")
    return poll_line(
        "poll",
        str(values.get("question", "")),
        (str(values[f"option{n}"]) for n in range(1, POLL_OPTIONS + 1) if f"option{n}" in values),
        hours=None if hours is None else str(hours),
        multiple=values.get("multiple") is True,
        anonymous=values.get("anonymous") is True,
    )


def _raw_idea(options: list[dict[str, Any]]) -> str:
    values = {str(o.get("name")): o.get("value") for o in options}
    return idea_line(str(values.get("text", "")), anonymous=values.get("anonymous") is True)


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
    coffee = app_commands.Group(
        name="coffee", description="Coffee pairings: meet another member now and then"
    )
    idea = app_commands.Group(name="idea", description="The idea box: suggest, and (organisers) decide")
    meetup = app_commands.Group(name="meetup", description="Meetups")

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

    @app_commands.command(name="tip", description="Share a tip in the home channel for the best-tips list")
    @app_commands.describe(text="The tip, at most 500 characters")
    async def tip(self, interaction: Interaction, text: str) -> None:
        await self.run(interaction, text)

    @app_commands.command(name="case", description="A case for the next meetup")
    async def case(self, interaction: Interaction, text: str) -> None:
        await self.run(interaction, text)

    @meetup.command(name="list", description="Planned meetups", extras={"words": "meetup"})
    async def meetup_list(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @meetup.command(name="plan", description="Plan a meetup")
    @app_commands.describe(date="2026-03-12 or 12-03-2026", time="19:30")
    async def meetup_plan(self, interaction: Interaction, date: str, time: str, title: str) -> None:
        await self.run(interaction, date, time, title)

    @meetup.command(name="recap", description="Post a recap")
    async def meetup_recap(
        self, interaction: Interaction, number: app_commands.Range[int, 1, 999_999], text: str
    ) -> None:
        await self.run(interaction, number, text)

    @app_commands.command(name="tips", description="The tips members found most useful")
    async def tips(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @idea.command(name="submit", description="Put an idea in the idea box", extras={"words": "idea"})
    @app_commands.describe(
        text="The idea, at most 500 characters", anonymous="Leave your name out: not even stored"
    )
    async def idea_submit(self, interaction: Interaction, text: str, anonymous: bool | None = None) -> None:
        await self._on_line(interaction, idea_line(text, anonymous=bool(anonymous)))

    @app_commands.command(
        name="appreciation", description="Whether you may be named in the weekly thank-you post"
    )
    @app_commands.choices(named=APPRECIATION_CHOICES)
    async def appreciation(self, interaction: Interaction, named: str) -> None:
        await self.run(interaction, named)

    @app_commands.command(
        name="privacy", description="Export or forget what Kindling keeps about you (or, organisers: someone)"
    )
    @app_commands.describe(
        action="Export to your DMs, or forget", member="Someone else (organisers only); leave out for you"
    )
    @app_commands.choices(action=PRIVACY_ACTIONS)
    async def privacy(
        self, interaction: Interaction, action: str, member: discord.User | None = None
    ) -> None:
        await self.run(interaction, action, member)

    @coffee.command(name="join", description="Take part in the coffee pairings")
    async def coffee_join(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @coffee.command(name="leave", description="Stop taking part in the coffee pairings")
    async def coffee_leave(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @coffee.command(name="skip", description="Sit out the next coffee round")
    async def coffee_skip(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @coffee.command(
        name="show",
        description="The coffee pairings: who takes part and how often",
        extras={"words": "coffee"},
    )
    async def coffee_show(self, interaction: Interaction) -> None:
        await self.run(interaction)

    # -- ambassadors -----------------------------------------------------------------------------------

    @app_commands.command(name="poll", description="Ask the channel a question with 2 to 10 answers")
    @app_commands.describe(
        question="What you ask",
        option1="An answer",
        option2="An answer",
        option3="An answer",
        option4="An answer",
        option5="An answer",
        option6="An answer",
        option7="An answer",
        option8="An answer",
        option9="An answer",
        option10="An answer",
        hours="How long the poll runs, 1 to 768 hours (default 48)",
        multiple="Whether members may pick more than one answer",
        anonymous="Buttons instead of a native poll: nobody sees who voted what",
    )
    async def poll(
        self,
        interaction: Interaction,
        question: str,
        option1: str,
        option2: str,
        option3: str | None = None,
        option4: str | None = None,
        option5: str | None = None,
        option6: str | None = None,
        option7: str | None = None,
        option8: str | None = None,
        option9: str | None = None,
        option10: str | None = None,
        hours: app_commands.Range[int, 1, 768] | None = None,
        multiple: bool | None = None,
        anonymous: bool | None = None,
    ) -> None:
        options = (option1, option2, option3, option4, option5, option6, option7, option8, option9, option10)
        text = poll_line(
            interaction.command,
            question,
            options,
            hours=hours,
            multiple=bool(multiple),
            anonymous=bool(anonymous),
        )
        await self._on_line(interaction, text)

    @app_commands.command(name="newcomers", description="Newcomers of the last days who have not posted yet")
    async def newcomers(self, interaction: Interaction) -> None:
        await self.run(interaction)

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

    @app_commands.command(name="fallback", description="What Kindling does when a new thread stays quiet")
    @app_commands.describe(
        replies="A thread with fewer replies than this counts as quiet (1-20)",
        hours="How long Kindling waits before it steps in (1-336)",
        mode="What Kindling does then",
    )
    @app_commands.choices(mode=FALLBACK_MODES)
    async def fallback(
        self,
        interaction: Interaction,
        replies: app_commands.Range[int, 1, 20],
        hours: app_commands.Range[int, 1, 336],
        mode: str | None = None,
    ) -> None:
        await self.run(interaction, replies, hours, mode)

    @app_commands.command(name="pulse", description="The community's pulse of the last weeks, with a chart")
    async def pulse(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @idea.command(name="list", description="The open ideas in the idea box", extras={"words": "ideas"})
    async def idea_list(self, interaction: Interaction) -> None:
        await self.run(interaction)

    @idea.command(name="accept", description="Accept an idea: it goes to the home channel for a vote")
    @app_commands.describe(number="The idea's number, as /kindling idea list shows it")
    async def idea_accept(
        self, interaction: Interaction, number: app_commands.Range[int, 1, 999_999]
    ) -> None:
        await self.run(interaction, number)

    @idea.command(name="close", description="Close an idea without a vote")
    @app_commands.describe(number="The idea's number, as /kindling idea list shows it")
    async def idea_close(self, interaction: Interaction, number: app_commands.Range[int, 1, 999_999]) -> None:
        await self.run(interaction, number)

    @coffee.command(name="cadence", description="How often coffee pairs are made")
    @app_commands.describe(weeks="Every how many weeks")
    @app_commands.choices(weeks=COFFEE_CADENCES)
    async def coffee_cadence(self, interaction: Interaction, weeks: int) -> None:
        await self.run(interaction, weeks)

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
