"""Validate recorded Slack Web API calls against Slack's official OpenAPI description.

The description lives outside the repository, at ``../shared/specs/slack/web-api-openapi-v2.json`` (relative
to the repository root). It is a Swagger 2.0 document (``slackapi/slack-api-specs``): one path per method
(``/chat.postMessage``), and every argument is a simple ``parameters`` entry ``{"name", "in": "formData" |
"query" | "header", "type": "string" | "boolean" | "integer" | "number", "required"}``; there is no
``requestBody`` and no parameter schema. ``token`` is a ``header`` (or ``query``) parameter.

Usage::

    spec = load_slack_spec()                  # parsed once per process
    problems = validate_call(spec, recorded)  # [] when the call is valid
    assert_calls_valid(spec, slack.calls)     # AssertionError listing every problem

What is checked (``problems`` is a list of human-readable strings):

* the method exists in the spec;
* every required parameter is present (``token`` counts as present when the request has an
  ``Authorization`` header, which is how slack-sdk sends it; ``None`` and ``""`` count as missing);
* every present parameter the spec knows has the right type. The same argument arrives as a string in a
  form post / query string and as a typed JSON value in a JSON post (slack-sdk posts ``chat.postMessage``
  as JSON), so: a *string* of a boolean/integer/number parameter must parse as one ("true"/"false"/"1"/"0"
  for booleans), a JSON value must have the JSON type; ``string`` parameters that Slack documents as
  JSON-encoded (``blocks``, ``attachments``, ``metadata``, ``view``...) must be valid JSON when sent as a
  string and may be a JSON array/object in a JSON post.

Parameters the spec does not list are not reported (the spec predates e.g. ``metadata``). The spec is
from 2020-ish, so methods and parameters the app uses that are newer than it are *supplemented* from
Slack's method documentation (see ``SUPPLEMENTS``; ``SlackSpec.supplemented`` lists them).
``response_url`` / ``upload_url`` pseudo-calls recorded by the fake are not Web API methods and are skipped.

In a pytest fixture, use :func:`slack_spec_or_skip` (or the ready-made :func:`slack_spec` fixture): it skips
when the spec directory is absent (a checkout without ``../shared``) but fails when ``CI=true``.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Protocol

import pytest

__all__ = [
    "EVENTS_SPEC_PATH",
    "JSON_ENCODED_PARAMS",
    "NON_API_METHODS",
    "SKIP_REASON",
    "SPECS_DIR",
    "SPEC_PATH",
    "SUPPLEMENTS",
    "CallLike",
    "SlackSpec",
    "SpecParam",
    "assert_calls_valid",
    "load_slack_spec",
    "slack_spec",
    "slack_spec_or_skip",
    "validate_call",
]

SPECS_DIR: Path = Path(__file__).resolve().parents[2].parent / "shared" / "specs"
SPEC_PATH: Path = SPECS_DIR / "slack" / "web-api-openapi-v2.json"
EVENTS_SPEC_PATH: Path = SPECS_DIR / "slack" / "events-api-async-v1.json"
SKIP_REASON = "../shared/specs not present: Slack spec validation skipped"

#: Recorded pseudo-methods of the fake that are not Web API methods.
NON_API_METHODS: Final = frozenset({"response_url", "upload_url"})

#: ``string`` parameters that carry JSON (Slack: "A JSON-based array ..., presented as a URL-encoded string").
JSON_ENCODED_PARAMS: Final = frozenset(
    {
        "attachments",
        "blocks",
        "dialog",
        "error",
        "files",
        "inputs",
        "metadata",
        "outputs",
        "prefs",
        "profile",
        "unfurls",
        "user_auth_blocks",
        "view",
    }
)

_BOOLEAN_STRINGS: Final = frozenset({"true", "false", "1", "0"})
_INTEGER_RE: Final = re.compile(r"^[+-]?\d+$")
_NUMBER_RE: Final = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


JsonParam = dict[str, Any]


def _p(name: str, type_: str = "string", *, required: bool = False, location: str = "formData") -> JsonParam:
    return {"name": name, "in": location, "type": type_, "required": required}


#: Methods / parameters newer than the spec, from Slack's method reference (docs.slack.dev/reference/methods).
#: Only added where the spec lacks them; the spec always wins.
SUPPLEMENTS: Final[Mapping[str, list[JsonParam]]] = {
    "apps.connections.open": [_p("token", required=True, location="header")],
    "files.getUploadURLExternal": [
        _p("token", required=True, location="header"),
        _p("filename", required=True),
        _p("length", "integer", required=True),
        _p("alt_txt"),
        _p("snippet_type"),
    ],
    "files.completeUploadExternal": [
        _p("token", required=True, location="header"),
        _p("files", required=True),
        _p("channel_id"),
        _p("channels"),
        _p("initial_comment"),
        _p("thread_ts"),
        _p("blocks"),
    ],
    "chat.postMessage": [_p("metadata"), _p("markdown_text")],
    "chat.update": [_p("metadata"), _p("markdown_text")],
    "chat.scheduleMessage": [_p("metadata")],
    "conversations.history": [_p("include_all_metadata", "boolean", location="query")],
    "conversations.replies": [_p("include_all_metadata", "boolean", location="query")],
}


class CallLike(Protocol):
    """What :func:`validate_call` needs from a recorded call (e.g. ``tests.fakes.slack_api.RecordedCall``)."""

    @property
    def method(self) -> str: ...

    @property
    def args(self) -> Mapping[str, Any]: ...

    @property
    def headers(self) -> Mapping[str, str]: ...


@dataclass(frozen=True)
class SpecParam:
    name: str
    location: str
    type: str
    required: bool
    json_encoded: bool


@dataclass(frozen=True)
class SlackSpec:
    """The parsed spec: parameters per method (``"chat.postMessage" -> {"channel": SpecParam, ...}``)."""

    path: Path
    document: Mapping[str, Any]
    methods: Mapping[str, Mapping[str, SpecParam]]
    #: Methods (or ``method.param``) that come from :data:`SUPPLEMENTS` rather than the spec file.
    supplemented: frozenset[str]

    def has_method(self, method: str) -> bool:
        return method in self.methods


def _param(raw: Mapping[str, Any]) -> SpecParam:
    name = str(raw["name"])
    description = str(raw.get("description", ""))
    type_ = str(raw.get("type", "string"))
    return SpecParam(
        name=name,
        location=str(raw.get("in", "formData")),
        type=type_,
        required=bool(raw.get("required", False)),
        json_encoded=type_ == "string" and (name in JSON_ENCODED_PARAMS or "json" in description.lower()),
    )


@functools.cache
def load_slack_spec(path: Path = SPEC_PATH, *, supplements: bool = True) -> SlackSpec:
    """Parse the Web API spec (cached per path). Raises ``FileNotFoundError`` when it is absent."""
    document = json.loads(path.read_text(encoding="utf-8"))
    methods: dict[str, dict[str, SpecParam]] = {}
    for route, item in document.get("paths", {}).items():
        params: dict[str, SpecParam] = {}
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for raw in operation.get("parameters", []):
                if isinstance(raw, dict) and "name" in raw:
                    params.setdefault(str(raw["name"]), _param(raw))
        methods[str(route).lstrip("/")] = params
    supplemented: set[str] = set()
    if supplements:
        for method, extra in SUPPLEMENTS.items():
            if method not in methods:
                supplemented.add(method)
                methods[method] = {}
            for raw in extra:
                if raw["name"] not in methods[method]:
                    methods[method][raw["name"]] = _param(raw)
                    if method not in supplemented:
                        supplemented.add(f"{method}.{raw['name']}")
    return SlackSpec(path=path, document=document, methods=methods, supplemented=frozenset(supplemented))


def _is_missing(value: Any) -> bool:
    return value is None or value == ""


def _type_problem(param: SpecParam, value: Any) -> str | None:
    """Why ``value`` is not acceptable for ``param``, or None."""
    got = type(value).__name__
    if param.type == "string":
        if isinstance(value, str):
            if param.json_encoded:
                try:
                    json.loads(value)
                except json.JSONDecodeError as e:
                    return f"is a string but not valid JSON ({e.msg})"
            return None
        if param.json_encoded and isinstance(value, (list, dict)):
            return None
        return f"expected string, got {got} {value!r}"
    if param.type == "boolean":
        if isinstance(value, bool):
            return None
        if isinstance(value, str) and value.strip().lower() in _BOOLEAN_STRINGS:
            return None
        return f"expected boolean, got {got} {value!r}"
    if param.type == "integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return None
        if isinstance(value, str) and _INTEGER_RE.match(value.strip()):
            return None
        return f"expected integer, got {got} {value!r}"
    if param.type == "number":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return None
        if isinstance(value, str) and _NUMBER_RE.match(value.strip()):
            return None
        return f"expected number, got {got} {value!r}"
    return None  # a type this validator does not know: accept


def validate_call(spec: SlackSpec, call: CallLike) -> list[str]:
    """Problems with ``call`` according to the spec (see the module docstring); ``[]`` when valid."""
    method = call.method
    if method in NON_API_METHODS:
        return []
    params = spec.methods.get(method)
    if params is None:
        return [f"{method}: method does not exist in the Slack Web API spec"]
    problems: list[str] = []
    authorization = call.headers.get("Authorization", "") or call.headers.get("authorization", "")
    for param in params.values():
        value = call.args.get(param.name)
        if param.required and _is_missing(value):
            if param.name == "token" and authorization.strip():
                continue
            if param.name in ("client_id", "client_secret") and authorization.lower().startswith("basic "):
                continue
            problems.append(f"{method}: required parameter '{param.name}' is missing")
            continue
        if value is None:
            continue
        problem = _type_problem(param, value)
        if problem is not None:
            problems.append(f"{method}: parameter '{param.name}' {problem}")
    return problems


def assert_calls_valid(spec: SlackSpec, calls: Iterable[CallLike]) -> None:
    """Raise ``AssertionError`` listing every problem of every call (no-op when all are valid)."""
    problems = [p for call in calls for p in validate_call(spec, call)]
    if problems:
        raise AssertionError("Slack API calls do not match the spec:\n  " + "\n  ".join(problems))


def slack_spec_or_skip(path: Path = SPEC_PATH) -> SlackSpec:
    """The spec; when the file is absent, skip the test, or fail it when ``CI=true``."""
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"Slack Web API spec not found at {path}: ../shared/specs must be present in CI "
                "(Slack spec validation cannot be skipped when CI=true)",
                pytrace=False,
            )
        pytest.skip(SKIP_REASON)
    return load_slack_spec(path)


@pytest.fixture(scope="session")
def slack_spec() -> SlackSpec:
    """The Slack Web API spec (skips without ``../shared/specs``; fails when ``CI=true``).

    Make it available with ``from tests.fakes.slack_spec import slack_spec`` in a ``conftest.py``.
    """
    return slack_spec_or_skip()
