"""Validate recorded Discord REST requests against Discord's official OpenAPI description.

The description lives outside the repository, at ``../shared/specs/discord/openapi.json`` (relative to the
repository root). It is an OpenAPI 3.1 document, so its schemas are JSON Schema 2020-12.

Usage::

    spec = load_discord_spec()                 # parsed once per process
    errors = validate_request(spec, recorded)  # [] when the request is valid

``recorded`` is anything with ``method``, ``path``, ``route`` and ``json`` attributes, e.g.
:class:`tests.fakes.discord_server.RecordedRequest`.

In a pytest fixture, use :func:`discord_spec_or_skip`: it skips the test when the spec directory is absent
(a checkout without ``../shared``) but fails when ``CI=true``, where the spec must be present.

One deliberate leniency (``lenient_snowflakes=True``, the default): the spec declares every snowflake as a
decimal *string*, but Discord also accepts JSON integers, and discord.py sends some as integers
(``POST /users/@me/channels`` sends ``{"recipient_id": <int>}``). With the leniency on, a snowflake may be a
string matching the spec's pattern or a non-negative integer. Everything else is as strict as the spec.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

import jsonschema  # type: ignore[import-untyped, unused-ignore]
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

__all__ = [
    "SKIP_REASON",
    "SPEC_PATH",
    "DiscordSpec",
    "RecordedLike",
    "discord_spec_or_skip",
    "load_discord_spec",
    "validate_request",
]

SPEC_PATH: Path = Path(__file__).resolve().parents[2].parent / "shared" / "specs" / "discord" / "openapi.json"
SKIP_REASON = "../shared/specs not present: Discord spec validation skipped"

_SPEC_URI = "urn:kindling:discord-openapi"
_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace"})
_PARAM_RE = re.compile(r"\{([^{}]+)\}")


class RecordedLike(Protocol):
    """What :func:`validate_request` needs from a recorded request."""

    @property
    def method(self) -> str: ...

    @property
    def path(self) -> str:
        """The concrete path, with or without the ``/api/v10`` prefix; a query string is ignored."""
        ...

    @property
    def route(self) -> str | None:
        """The route template the fake matched (e.g. ``/channels/{channel_id}/messages``), if any."""
        ...

    @property
    def json(self) -> Any:
        """The JSON body (for multipart requests: the parsed ``payload_json`` part); ``None`` if no body."""
        ...


@dataclass(frozen=True)
class _PathTemplate:
    template: str
    regex: re.Pattern[str]
    literal_segments: int
    methods: frozenset[str]


class DiscordSpec:
    """The parsed OpenAPI document plus per-operation caches (path matchers and schema validators)."""

    def __init__(self, document: Mapping[str, Any], *, lenient_snowflakes: bool = True) -> None:
        doc: dict[str, Any] = copy.deepcopy(dict(document)) if lenient_snowflakes else dict(document)
        if lenient_snowflakes:
            schemas = doc.get("components", {}).get("schemas", {})
            original = schemas.get("SnowflakeType")
            if isinstance(original, dict):
                schemas["SnowflakeType"] = {
                    "anyOf": [original, {"type": "integer", "minimum": 0, "maximum": 2**64 - 1}]
                }
        self.document: dict[str, Any] = doc
        servers = doc.get("servers") or [{"url": "https://discord.com/api/v10"}]
        self.base_path: str = urlsplit(str(servers[0].get("url", ""))).path.rstrip("/")
        self._templates: list[_PathTemplate] = []
        for template, item in doc.get("paths", {}).items():
            methods = frozenset(m.upper() for m in item if m in _HTTP_METHODS)
            pattern = "".join(
                "[^/]+" if part.startswith("{") else re.escape(part)
                for part in re.split(r"(\{[^{}]+\})", template)
                if part
            )
            literal = sum(1 for seg in template.split("/") if seg and not _PARAM_RE.fullmatch(seg))
            self._templates.append(_PathTemplate(template, re.compile(f"^{pattern}$"), literal, methods))
        # Most specific first: /users/@me beats /users/{user_id}.
        self._templates.sort(key=lambda t: (-t.literal_segments, t.template))
        self._registry: Registry[Any] = Registry().with_resource(
            _SPEC_URI, Resource.from_contents(doc, default_specification=DRAFT202012)
        )
        self._validators: dict[tuple[str, str, str], Any] = {}

    @property
    def paths(self) -> Mapping[str, Any]:
        return self.document.get("paths", {})  # type: ignore[no-any-return]

    def strip_prefix(self, path: str) -> str:
        """``/api/v10/channels/1/messages?x=1`` -> ``/channels/1/messages``."""
        path = urlsplit(path).path
        for prefix in (self.base_path, "/api/v10", "/api/v9", "/api"):
            if prefix and (path == prefix or path.startswith(prefix + "/")):
                return path[len(prefix) :] or "/"
        return path

    def match_path(self, path: str) -> str | None:
        """The spec's path template matching a concrete path (most specific wins), or ``None``."""
        concrete = self.strip_prefix(path)
        for candidate in self._templates:
            if candidate.regex.match(concrete):
                return candidate.template
        return None

    def has_operation(self, method: str, template: str) -> bool:
        item = self.paths.get(template)
        return isinstance(item, Mapping) and method.lower() in item

    def operation(self, method: str, template: str) -> Mapping[str, Any] | None:
        item = self.paths.get(template)
        if not isinstance(item, Mapping):
            return None
        op = item.get(method.lower())
        return op if isinstance(op, Mapping) else None

    def body_validator(self, method: str, template: str, content_type: str = "application/json") -> Any:
        """A cached jsonschema validator for the operation's request body, or ``None`` if it has none."""
        key = (method.upper(), template, content_type)
        if key in self._validators:
            return self._validators[key]
        validator: Any = None
        op = self.operation(method, template)
        content = (op or {}).get("requestBody", {}).get("content", {})
        if content_type in content and "schema" in content[content_type]:
            pointer = "/" + "/".join(
                seg.replace("~", "~0").replace("/", "~1")
                for seg in (
                    "paths",
                    template,
                    method.lower(),
                    "requestBody",
                    "content",
                    content_type,
                    "schema",
                )
            )
            ref = f"{_SPEC_URI}#{quote(pointer, safe='/~@')}"
            validator = jsonschema.Draft202012Validator({"$ref": ref}, registry=self._registry)
        self._validators[key] = validator
        return validator

    def body_required(self, method: str, template: str) -> bool:
        op = self.operation(method, template) or {}
        return bool(op.get("requestBody", {}).get("required", False))


@functools.cache
def load_discord_spec(path: Path | None = None, *, lenient_snowflakes: bool = True) -> DiscordSpec:
    """Parse the spec once per process (the file is ~1.2 MB). Raises ``FileNotFoundError`` if absent."""
    with (path or SPEC_PATH).open(encoding="utf-8") as fh:
        document = json.load(fh)
    return DiscordSpec(document, lenient_snowflakes=lenient_snowflakes)


def _format_error(error: Any) -> str:
    # For anyOf/oneOf failures, report the most relevant nested error rather than "not valid under any".
    error = jsonschema.exceptions.best_match([error]) or error
    location = "/".join(str(p) for p in error.absolute_path) or "<body>"
    message = str(error.message)
    if len(message) > 300:
        message = message[:300] + "..."
    return f"{location}: {message}"


def validate_request(spec: DiscordSpec, recorded: RecordedLike) -> list[str]:
    """Check one recorded request against the spec. Returns human-readable problems; ``[]`` means valid.

    Checks: the concrete path matches a path template in ``paths`` (after stripping ``/api/v10``, the
    spec's ``servers`` base); the method exists for it; the fake's own route template (if recorded) is the
    same template; and the JSON body validates against the operation's ``application/json`` request schema.
    """
    method = recorded.method.upper()
    template = spec.match_path(recorded.path)
    if template is None:
        return [f"{method} {recorded.path}: no path in the Discord spec matches"]
    errors: list[str] = []
    if recorded.route is not None and recorded.route != template:
        errors.append(f"{method} {recorded.path}: fake routed it as {recorded.route}, spec says {template}")
    if not spec.has_operation(method, template):
        return [*errors, f"{method} {template}: method not in the Discord spec"]
    body = recorded.json
    if body is None:
        if spec.body_required(method, template):
            errors.append(f"{method} {template}: request body is required")
        return errors
    validator = spec.body_validator(method, template)
    if validator is None:
        errors.append(f"{method} {template}: the spec defines no JSON request body, but one was sent")
        return errors
    found = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    errors.extend(f"{method} {template}: {_format_error(e)}" for e in found)
    return errors


def discord_spec_or_skip() -> DiscordSpec:
    """For a pytest fixture: the loaded spec; skip if ``../shared/specs`` is absent; fail if absent on CI."""
    if not SPEC_PATH.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"Discord OpenAPI spec not found at {SPEC_PATH}; CI must provide ../shared/specs "
                "(the Discord spec checkout next to the repository)",
                pytrace=False,
            )
        pytest.skip(SKIP_REASON)
    return load_discord_spec()
