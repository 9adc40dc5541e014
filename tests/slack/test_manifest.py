"""The app manifest asks for exactly what the adapter uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from adapters.slack.app import COMMAND, EVENTS, REVOCATION_EVENTS
from adapters.slack.scopes import BOT_SCOPES

MANIFEST = Path(__file__).resolve().parents[2] / "slack-manifest.yaml"


def test_manifest_matches_the_adapter() -> None:
    manifest: dict[str, Any] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert manifest["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)
    [command] = manifest["features"]["slash_commands"]
    assert (command["command"], command["should_escape"]) == (COMMAND, True)
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    events = settings["event_subscriptions"]["bot_events"]
    expected = [e for e in EVENTS if e != "message"] + ["message.channels", "message.groups"]
    assert sorted(events) == sorted([*expected, *REVOCATION_EVENTS])


def test_group_dms_tip_reactions_and_file_uploads_are_asked_for_with_a_reason() -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    manifest: dict[str, Any] = yaml.safe_load(text)
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"mpim:write", "reactions:read", "files:write"} <= set(scopes)
    assert "reaction_added" in events and "reaction_added" in EVENTS
    for name in ("mpim:write", "reactions:read", "files:write", "reaction_added"):
        [line] = [line for line in text.splitlines() if line.strip().startswith(f"- {name} ")]
        assert "#" in line and line.split("#", 1)[1].strip(), f"{name} has no comment in the manifest"
    assert all(reason.strip() for reason in BOT_SCOPES.values())
