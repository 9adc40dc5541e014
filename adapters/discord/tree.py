"""`/kindling` on Discord, generated from the core's command registry.

Every command the registry declares becomes a subcommand at its Discord path (at most a group and a
subcommand below /kindling: `column rota add` is `column rota-add`), with one typed option per declared
option. A subcommand only gathers the values and hands the core the same text line a Slack or console user
would type (`line`), so the grammar, its checks and its messages stay in the core.

Names and descriptions carry their Dutch in `locale_str` extras, which `DutchTranslator` hands Discord for
Dutch clients. Discord's limits (25 entries per level, 32-character names, 100-character descriptions)
are checked by the tests against the tree as built.
"""

from __future__ import annotations

import inspect
import zoneinfo
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import discord
from discord import app_commands

from bot.feature import Command, Option
from bot.i18n import Text, translate
from bot.registry import Registry

Interaction = discord.Interaction[Any]
#: Defers, then hands the core `text`; the client supplies it.
LineHandler = Callable[[Interaction, str], Awaitable[None]]

ROOT = "kindling"
DESCRIPTION_LIMIT = 100
AUTOCOMPLETE_LIMIT = 25
_TIME_ZONES = sorted(zoneinfo.available_timezones())
_SUBCOMMAND_TYPES = (1, 2)  # SUB_COMMAND, SUB_COMMAND_GROUP
_USER_TYPES = (6, 9)  # USER, MENTIONABLE
_CHANNEL_TYPE = 7
#: The core reads typographic double quotes as straight ones: they are escaped too (and come back straight).
_QUOTES = ('"', "\u201c", "\u201d")
#: Discord's paths of the grammar's words (in English) and in Dutch, where they are not the words themselves.
Path = tuple[str, ...]


def english(key: Text) -> str:
    return translate("en", key)


def localised(key: Text, *, limit: int | None = None) -> app_commands.locale_str:
    text, dutch = english(key), translate("nl", key)
    if limit is not None:
        text, dutch = _cut(text, limit), _cut(dutch, limit)
    return app_commands.locale_str(text, nl=dutch)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def discord_path(command: Command[Any]) -> Path:
    """Where a command sits: its declared path, or its words with a third word joined to the second."""
    words = command.discord_path or command.words
    return words if len(words) <= 2 else (words[0], "-".join(words[1:]))


def dutch_path(command: Command[Any]) -> Path | None:
    words = command.discord_path_nl or command.dutch
    if not words:
        return None
    return words if len(words) <= 2 else (words[0], "-".join(words[1:]))


@dataclass(frozen=True, slots=True)
class Parameter:
    """One Discord option of a subcommand: which declared option it fills, and as which repeat."""

    name: str
    option: Option
    required: bool


def parameters(command: Command[Any]) -> list[Parameter]:
    found: list[Parameter] = []
    for option in command.options:
        for number in range(1, option.repeat + 1):
            name = option.name if number == 1 else f"{option.name}{number}"
            required = option.required and number <= option.required_repeats
            found.append(Parameter(name, option, required))
    return found


# -- from values to the core's text line ------------------------------------------------------------------


def quoted(value: str) -> str:
    """`value` as one double-quoted word of the core's grammar (`shlex`, POSIX rules)."""
    escaped = value.strip().replace("\\", "\\\\")
    for quote in _QUOTES:
        escaped = escaped.replace(quote, "\\" + quote)
    return f'"{escaped}"'


def _render(option: Option, value: object) -> str:
    if value is None or value is False or value == "":
        return ""
    if option.kind == "flag":
        return option.flag or ""
    if isinstance(value, discord.abc.User):
        text = f"<@{value.id}>"
    elif isinstance(value, discord.abc.GuildChannel | discord.Thread | app_commands.AppCommandChannel):
        text = f"<#{value.id}>"
    elif option.kind == "quoted" and option.separator:
        text = " ".join(quoted(part) for part in str(value).split(option.separator) if part.strip())
    elif option.kind == "quoted":
        text = quoted(str(value))
    else:
        text = str(value).strip()
    return f"{option.flag} {text}" if option.flag else text


def line(command: Command[Any], values: dict[str, object]) -> str:
    """The grammar's line for `command` with these option values: flagged options first (the grammar reads
    flags before everything else), then the rest in declared order; missing optional values left out."""
    ordered = sorted(parameters(command), key=lambda parameter: parameter.option.flag is None)
    parts = [" ".join(command.words)]
    parts += [_render(parameter.option, values.get(parameter.name)) for parameter in ordered]
    return " ".join(part for part in parts if part)


# -- building the tree ------------------------------------------------------------------------------------


_ANNOTATIONS: dict[str, Any] = {
    "text": str,
    "word": str,
    "quoted": str,
    "choice": str,
    "timezone": str,
    "flag": bool,
    "member": discord.User,
    "channel": discord.TextChannel,
}


def _annotation(option: Option) -> Any:
    if option.kind == "integer":
        return app_commands.Range[int, option.minimum or 1, option.maximum or 999_999]
    return _ANNOTATIONS[option.kind]


def _callback(command: Command[Any], on_line: LineHandler) -> Callable[..., Awaitable[None]]:
    async def run(interaction: Interaction, **values: object) -> None:
        await on_line(interaction, line(command, values))

    found = parameters(command)
    signature = [
        inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Interaction)
    ]
    for parameter in found:
        annotation = _annotation(parameter.option)
        signature.append(
            inspect.Parameter(
                parameter.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=annotation if parameter.required else annotation | None,
                default=inspect.Parameter.empty if parameter.required else None,
            )
        )
    run.__signature__ = inspect.Signature(signature)  # type: ignore[attr-defined]
    run.__discord_app_commands_param_description__ = {  # type: ignore[attr-defined]
        parameter.name: localised(parameter.option.description, limit=DESCRIPTION_LIMIT)
        for parameter in found
    }
    choices = {
        parameter.name: [
            app_commands.Choice(name=localised(choice.label, limit=DESCRIPTION_LIMIT), value=choice.value)
            for choice in parameter.option.choices
        ]
        for parameter in found
        if parameter.option.choices
    }
    if choices:
        run.__discord_app_commands_param_choices__ = choices  # type: ignore[attr-defined]
    return run


def _name(english_name: str, dutch_name: str | None) -> app_commands.locale_str:
    return (
        app_commands.locale_str(english_name, nl=dutch_name)
        if dutch_name
        else app_commands.locale_str(english_name)
    )


def time_zone_choices(current: str) -> list[app_commands.Choice[str]]:
    needle = current.strip().lower().replace(" ", "_")
    found = [name for name in _TIME_ZONES if needle in name.lower()]
    found.sort(key=lambda name: (not name.lower().startswith(needle), name))
    return [app_commands.Choice(name=name, value=name) for name in found[:AUTOCOMPLETE_LIMIT]]


async def _time_zones(_interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    return time_zone_choices(current)


def _subcommand(
    command: Command[Any], name: str, dutch: str | None, parent: app_commands.Group, on_line: LineHandler
) -> app_commands.Command[Any, ..., None]:
    built: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=_name(name, dutch),
        description=localised(command.summary, limit=DESCRIPTION_LIMIT),
        callback=cast(Any, _callback(command, on_line)),
        parent=parent,
        extras={"kindling": command},
    )
    for parameter in parameters(command):
        if parameter.option.kind == "timezone":
            built.autocomplete(parameter.name)(_time_zones)
    return built


def build_group(registry: Registry, on_line: LineHandler) -> app_commands.Group:
    """`/kindling` with a subcommand (or a group of them) for every command in the registry."""
    root = app_commands.Group(name=ROOT, description="Kindling", guild_only=True)
    groups: dict[str, app_commands.Group] = {}
    for command in registry.commands:
        path, nl = discord_path(command), dutch_path(command)
        if len(path) == 1:
            root.add_command(_subcommand(command, path[0], nl[0] if nl else None, root, on_line))
            continue
        group = groups.get(path[0])
        if group is None:  # described by the feature of its first command
            group = app_commands.Group(
                name=_name(path[0], nl[0] if nl else None),
                description=localised(registry.feature_of(command).summary, limit=DESCRIPTION_LIMIT),
                parent=root,
            )
            groups[path[0]] = group  # a group made with a parent adds itself to it
        group.add_command(_subcommand(command, path[1], nl[1] if nl else None, group, on_line))
    return root


def find(registry: Registry, path: Sequence[str]) -> Command[Any] | None:
    for command in registry.commands:
        if discord_path(command) == tuple(path):
            return command
    return None


def raw_line(registry: Registry, data: object) -> str:
    """The line from an interaction's raw options, for a command the tree cannot match (a stale command in
    someone's Discord client, an option missing): the core then explains the usage in the community's
    language."""
    path: list[str] = []
    options = data.get("options", []) if isinstance(data, dict) else []
    while options:
        nested = next(
            (o for o in options if isinstance(o, dict) and o.get("type") in _SUBCOMMAND_TYPES), None
        )
        if nested is None:
            break
        path.append(str(nested.get("name", "")))
        options = nested.get("options", [])
    values = {str(o.get("name")): _raw_value(o) for o in options if isinstance(o, dict)}
    command = find(registry, path)
    if (
        command is None
    ):  # a path this version no longer has (`goal` before it was `goal set`): words and values
        words = [part.replace("-", " ") for part in path]
        return " ".join([*words, *(str(value).strip() for value in values.values() if value is not None)])
    return line(command, values)


def _raw_value(option: dict[str, Any]) -> object:
    value = option.get("value")
    if option.get("type") in _USER_TYPES:
        return f"<@{value}>"
    if option.get("type") == _CHANNEL_TYPE:
        return f"<#{value}>"
    return value


class DutchTranslator(app_commands.Translator):
    """Discord's Dutch client sees the Dutch each name and description carries."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale is not discord.Locale.dutch:
            return None
        dutch = string.extras.get("nl")
        return dutch if isinstance(dutch, str) else None


def commands_in(group: app_commands.Group) -> Iterable[app_commands.Command[Any, ..., Any]]:
    return (command for command in group.walk_commands() if isinstance(command, app_commands.Command))
