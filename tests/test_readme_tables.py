"""The README's tables say what the invite and the manifest ask for, and what /metrics serves."""

from __future__ import annotations

from pathlib import Path

import discord

from adapters.discord.invite import PERMISSIONS, REASONS
from adapters.slack.scopes import BOT_SCOPES
from bot import metrics

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _rows(first_header: str) -> list[str]:
    lines = README.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line.split("|")[1].strip())
    return rows


def test_the_discord_table_lists_exactly_the_invites_permissions() -> None:
    # As Discord's settings name them; discord.py says view_channel for View Channels.
    listed = {
        row.lower().replace(" ", "_").replace("view_channels", "view_channel")
        for row in _rows("Discord permission")
    }
    assert listed == set(REASONS)
    assert discord.Permissions(PERMISSIONS) == discord.Permissions(**dict.fromkeys(listed, True))
    assert str(PERMISSIONS) in README


def test_the_slack_table_lists_exactly_the_manifests_scopes() -> None:
    listed = {scope.strip(" `") for row in _rows("Slack bot scope") for scope in row.split(",")}
    assert listed == set(BOT_SCOPES)


def test_the_metrics_table_names_every_metric() -> None:
    documented = " ".join(_rows("metric"))
    for family in metrics.REGISTRY.collect():
        name = family.name + ("_total" if family.type == "counter" else "")
        assert f"`{name}" in documented, name
