"""Deployment files and the architecture rule, checked by reading them."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BANNED = ("slack_bolt", "slack_sdk", "discord", "apscheduler", "adapters", "scheduling", "kindling_cli")


def test_docker_compose_runs_postgres_and_kindling_migrating_first() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "kindling"}
    kindling = services["kindling"]
    assert kindling["env_file"] == ".env"
    url = kindling["environment"]["KINDLING_DATABASE_URL"]
    assert url.startswith("postgresql+asyncpg://") and "@postgres:5432/" in url
    assert kindling["command"][-1] == "kindling migrate && kindling run"
    assert kindling["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["postgres"]["image"].startswith("postgres:")


def test_core_imports_no_platform_scheduler_or_adapter() -> None:
    """The same rule import-linter enforces in .ci/run, checked here too so `make test` alone catches it."""
    offenders = []
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in BANNED]
    assert offenders == []
