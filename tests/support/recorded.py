"""Recorded real-shaped payloads (tests/fixtures/<platform>/*.json) and their variants.

Each fixture is one payload as the platform sends it, with what Kindling should make of it:

* `about`: what it is, in words;
* `yields`: the core event's class name, or null when the payload is not a member doing something;
* Slack: `kind` (`event`, `command` or `action`) and `payload` (the event envelope, the slash command's form
  fields, or the interactivity payload);
* Discord: `event` (the dispatch name, `t`) and `d` (its data); `unique` (a path made fresh per variant, so
  discord.py's caches do not discard a repeat) and `match` (the core event's field that carries it).

`variants` derives from each fixture one variant per field at any depth with the field left out, and one
with it `null`: the real-world failures were exactly that, a field missing or null where the code expected
it. Which ones must still be read (optional fields) the tests decide, from the platforms' descriptions.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

Path_ = tuple[str | int, ...]
Change = Literal["original", "dropped", "null"]


@dataclass(frozen=True)
class Recorded:
    name: str
    spec: dict[str, Any]

    @property
    def yields(self) -> str | None:
        found = self.spec.get("yields")
        return str(found) if found is not None else None

    @property
    def payload(self) -> dict[str, Any]:
        found: dict[str, Any] = self.spec["payload" if "payload" in self.spec else "d"]
        return found


@dataclass(frozen=True)
class Variant:
    recorded: Recorded
    change: Change
    path: Path_
    payload: dict[str, Any]

    @property
    def label(self) -> str:
        where = ".".join(str(part) for part in self.path)
        return f"{self.recorded.name}: {self.change} {where}".rstrip()


def load(platform: str) -> list[Recorded]:
    return [
        Recorded(path.stem, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted((FIXTURES / platform).glob("*.json"))
    ]


def paths(value: Any, prefix: Path_ = ()) -> Iterator[Path_]:
    """Every field at any depth (object keys; list items are walked into, not removed)."""
    if isinstance(value, dict):
        for key, nested in value.items():
            yield (*prefix, key)
            yield from paths(nested, (*prefix, key))
    elif isinstance(value, list):
        for index, nested in enumerate(value):
            yield from paths(nested, (*prefix, index))


def variants(recorded: Recorded) -> Iterator[Variant]:
    yield Variant(recorded, "original", (), copy.deepcopy(recorded.payload))
    changes: tuple[Change, ...] = ("dropped", "null")
    for path in paths(recorded.payload):
        for change in changes:
            payload = copy.deepcopy(recorded.payload)
            parent: Any = payload
            for part in path[:-1]:
                parent = parent[part]
            if change == "dropped":
                del parent[path[-1]]
            else:
                parent[path[-1]] = None
            yield Variant(recorded, change, path, payload)


def get(value: Any, dotted: str) -> Any:
    """`value["a"][0]["b"]` for "a.0.b", None when any step is missing."""
    for part in dotted.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def put(value: dict[str, Any], dotted: str, new: Any) -> None:
    """Set "a.b" if the path still exists (a variant may have removed it)."""
    *parents, last = dotted.split(".")
    for part in parents:
        value = value.get(part)  # type: ignore[assignment]
        if not isinstance(value, dict):
            return
    if last in value and isinstance(value[last], str):
        value[last] = new


def attribute(event: object, dotted: str) -> object:
    for part in dotted.split("."):
        event = getattr(event, part)
    return event


def type_problems(value: object, where: str = "event") -> list[str]:
    """Fields of a core event (a frozen dataclass, at any depth) whose value does not have the declared type:
    what the core would otherwise store (a `None` name, the text "None" as a channel)."""
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return [f"{where} is not a core event: {value!r}"]
    hints = typing.get_type_hints(type(value))
    problems: list[str] = []
    for field in dataclasses.fields(value):
        found = getattr(value, field.name)
        problems += _check(found, hints[field.name], f"{where}.{field.name}")
    return problems


def _check(found: object, expected: Any, where: str) -> list[str]:
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(expected)
        results = [_check(found, option, where) for option in options]
        return [] if any(not r for r in results) else results[0]
    if origin is Literal:
        return [] if found in typing.get_args(expected) else [f"{where} = {found!r}"]
    if expected is type(None):
        return [] if found is None else [f"{where} = {found!r}"]
    if isinstance(expected, type) and dataclasses.is_dataclass(expected):
        return type_problems(found, where) if isinstance(found, expected) else [f"{where} = {found!r}"]
    if not isinstance(found, expected) or (expected is int and isinstance(found, bool)):
        return [f"{where} = {found!r}, not {expected.__name__}"]
    if expected is str and found in ("None", "null"):
        return [f"{where} = {found!r}"]
    return []
