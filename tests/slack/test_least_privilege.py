"""Every Slack scope Kindling asks for is needed by an event it subscribes to or a Web API method it calls,
and every event it subscribes to is covered by its scopes, as Slack's own descriptions say."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from adapters.slack.scopes import BOT_SCOPES
from tests.fakes.slack_spec import SPEC_PATH

ROOT = Path(__file__).resolve().parents[2]
EVENTS_SPEC = SPEC_PATH.parent / "events-api-async-v1.json"
#: The Web API methods the adapter calls (`client.<method>` in adapters/slack; files_upload_v2 is the two
#: files.* calls). Checked against the code below, so a new call cannot slip in unlisted.
METHODS = (
    "chat.postMessage",
    "chat.postEphemeral",
    "chat.update",
    "conversations.open",
    "conversations.history",
    "conversations.replies",
    "conversations.members",
    "users.info",
    "users.list",
    "files.getUploadURLExternal",
    "files.completeUploadExternal",
)
#: Scopes the descriptions do not list: the slash command itself, and the files.* methods (not described).
OUTSIDE_THE_DESCRIPTIONS = {"commands": "/kindling", "files:write": "files.getUploadURLExternal"}


def _manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "slack-manifest.yaml").read_text(encoding="utf-8"))
    return loaded


def _bot_scope(name: str) -> str:
    """The descriptions name classic scopes (chat:write:bot); apps get the granular one (chat:write)."""
    return name.removesuffix(":bot").removesuffix(":user")


def test_the_method_list_is_what_the_adapter_calls() -> None:
    called = set()
    for path in (ROOT / "adapters" / "slack").glob("*.py"):
        called |= set(re.findall(r"\.(chat|conversations|users|reactions|files)_(\w+)\(", path.read_text()))
    names = {f"{family}.{method}" for family, method in called}
    assert names - {"files.upload_v2"} == {m for m in METHODS if not m.startswith("files.")}


def test_each_scope_is_needed_and_each_event_is_covered() -> None:
    if not EVENTS_SPEC.is_file():
        pytest.skip("../shared/specs not present")
    topics = json.loads(EVENTS_SPEC.read_text())["topics"]
    web = json.loads(SPEC_PATH.read_text())["paths"]
    needed: dict[str, str] = dict(OUTSIDE_THE_DESCRIPTIONS)
    for event in _manifest()["settings"]["event_subscriptions"]["bot_events"]:
        required = {
            _bot_scope(s) for s in topics[event.replace("_", ".")]["subscribe"].get("x-scopes-required", [])
        }
        if event in ("app_uninstalled", "tokens_revoked"):
            continue  # sent to every app; no scope
        assert required & set(BOT_SCOPES), f"{event} needs one of {sorted(required)}"
        for scope in required & set(BOT_SCOPES):
            needed.setdefault(scope, event)
    for method in METHODS:
        if method.startswith("files."):
            continue
        [operation] = web[f"/{method}"].values()
        accepted = {
            _bot_scope(s) for option in operation.get("security", []) for s in option.get("slackAuth", [])
        }
        assert accepted & set(BOT_SCOPES), f"{method} needs one of {sorted(accepted)}"
        for scope in accepted & set(BOT_SCOPES):
            needed.setdefault(scope, method)
    assert set(BOT_SCOPES) - set(needed) == set(), "asked for but needed by nothing"
