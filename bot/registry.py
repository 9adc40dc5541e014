"""The registry: every feature's declarations, indexed once at start, for whoever routes by them.

Commands are found by their words (or an alias), longest first: `poll close 3` is `poll close`, not a poll
asking "close 3". A command whose words match but whose rest it does not take (`goal` shows, `goal <text>`
sets) gives way to the next that does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bot.events import Event
from bot.feature import (
    ButtonAction,
    Command,
    DueSource,
    Feature,
    Listener,
    PrivacyHooks,
    ScheduleKind,
    Undelivered,
)
from bot.port import Undeliverable
from bot.turn import Turn

MAX_WORDS = 3


@dataclass(frozen=True, slots=True)
class Match:
    command: Command[Any]
    #: The text after the command's words, as typed (quotes and spacing kept).
    rest: str
    #: The words as the asker typed them (an alias, say), for messages that name the command.
    typed: str
    #: False when the words are a command's but what follows is not (`ambassador @amy`): the asker gets
    #: that command's usage rather than "unknown command".
    fits: bool = True


class DuplicateDeclarationError(Exception):
    """Two features declared the same command words, button action or schedule kind."""


class Registry:
    def __init__(self, features: Sequence[Feature]) -> None:
        self.features = tuple(features)
        self._commands: dict[tuple[str, ...], list[Command[Any]]] = defaultdict(list)
        self._buttons: dict[str, ButtonAction] = {}
        self._listeners: dict[type[Any], list[Listener[Any]]] = defaultdict(list)
        self._schedules: dict[str, ScheduleKind] = {}
        for feature in self.features:
            for command in feature.commands:
                self._add_command(command)
            for button in feature.buttons:
                if button.action_id in self._buttons:
                    raise DuplicateDeclarationError(f"button {button.action_id} is declared twice")
                self._buttons[button.action_id] = button
            for listener in feature.listeners:
                self._listeners[listener.kind].append(listener)
            for kind in feature.schedules:
                if kind.kind in self._schedules:
                    raise DuplicateDeclarationError(f"schedule kind {kind.kind} is declared twice")
                self._schedules[kind.kind] = kind

    def _add_command(self, command: Command[Any]) -> None:
        for words in command.all_words:
            if not 1 <= len(words) <= MAX_WORDS or any(word != word.lower() for word in words):
                raise DuplicateDeclarationError(f"{words}: one to {MAX_WORDS} lowercase words")
            taken = self._commands[words]
            if any(other.rest == command.rest or "any" in (other.rest, command.rest) for other in taken):
                raise DuplicateDeclarationError(f"'{' '.join(words)}' is declared twice")
            taken.append(command)

    # -- commands ------------------------------------------------------------------------------------

    @property
    def commands(self) -> Iterator[Command[Any]]:
        for feature in self.features:
            yield from feature.commands

    def match(self, text: str) -> Match | None:
        stripped = text.strip()
        tokens = stripped.split(maxsplit=MAX_WORDS)
        unfit: Match | None = None
        for count in range(min(MAX_WORDS, len(tokens)), 0, -1):
            words = tuple(token.lower() for token in tokens[:count])
            candidates = self._commands.get(words)
            if not candidates:
                continue
            rest = stripped.split(maxsplit=count)[count].strip() if len(tokens) > count else ""
            typed = " ".join(tokens[:count]).lower()
            for command in candidates:
                if command.accepts(rest):
                    return Match(command, rest, typed)
            unfit = unfit or Match(candidates[0], rest, typed, fits=False)
        if unfit is None and tokens:
            # Only the first word is a command's (`welcome`, `column rota promote`): that command's usage.
            first = tokens[0].lower()
            starting = next((c for c in self.commands if first in (w[0] for w in c.all_words)), None)
            if starting is not None:
                rest = stripped.split(maxsplit=1)[1] if len(tokens) > 1 else ""
                unfit = Match(starting, rest, first, fits=False)
        return unfit

    def feature_of(self, command: Command[Any]) -> Feature:
        return next(feature for feature in self.features if command in feature.commands)

    def named(self, words: Sequence[str]) -> list[Command[Any]]:
        """The commands whose words (or aliases) start with `words`: what `help <words>` explains."""
        wanted = tuple(word.lower() for word in words)
        found: list[Command[Any]] = []
        for command in self.commands:
            if any(name[: len(wanted)] == wanted for name in command.all_words) and command not in found:
                found.append(command)
        return found

    def known_words(self) -> set[str]:
        return {words[0] for words in self._commands}

    # -- the rest ------------------------------------------------------------------------------------

    def button(self, action_id: str) -> ButtonAction | None:
        return self._buttons.get(action_id)

    def listeners(self, event: Event) -> list[Listener[Any]]:
        return self._listeners.get(type(event), [])

    @property
    def due_sources(self) -> Iterator[DueSource[Any]]:
        for feature in self.features:
            yield from feature.due

    def schedule(self, kind: str) -> ScheduleKind | None:
        return self._schedules.get(kind)

    @property
    def schedule_kinds(self) -> list[ScheduleKind]:
        return list(self._schedules.values())

    def undelivered(self, key: str, reason: Undeliverable) -> Undelivered | None:
        """Who takes care of a message under `key` that can never be delivered for `reason`, if anyone."""
        for feature in self.features:
            for handler in feature.undelivered:
                if handler.reason == reason and key.startswith(handler.key_prefix):
                    return handler
        return None

    async def home_channel_set(self, turn: Turn) -> None:
        for feature in self.features:
            if feature.home_channel_set is not None:
                await feature.home_channel_set(turn)

    @property
    def privacy_hooks(self) -> Iterator[tuple[str, PrivacyHooks]]:
        for feature in self.features:
            for hooks in feature.privacy:
                yield feature.name, hooks
