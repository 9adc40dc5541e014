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
