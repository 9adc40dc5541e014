"""Deployment files and the architecture rule, checked by reading them."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BANNED = (
    "slack_bolt",
    "slack_sdk",
    "discord",
    "mautrix",
    "apscheduler",
    "adapters",
    "scheduling",
    "kindling_cli",
)


def test_docker_compose_runs_postgres_and_kindling_migrating_first() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "kindling"}
    kindling = services["kindling"]
    assert kindling["env_file"] == ".env"
    url = kindling["environment"]["KINDLING_DATABASE_URL"]
    assert url.startswith("postgresql+asyncpg://") and "@postgres:5432/" in url
    assert kindling["command"][-1] == "kindling migrate && exec kindling run"  # SIGTERM reaches Kindling
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


def test_the_image_runs_as_a_user_with_a_healthcheck() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines() if line.strip()]
    instructions = [line.split()[0] for line in lines if not line.startswith("#")]
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    # The user is in force for what runs: after the install, before the command.
    assert instructions.index("USER") > instructions.index("RUN")
    assert instructions.index("USER") < instructions.index("CMD")
    [check] = [line for line in lines if line.startswith("HEALTHCHECK")]
    assert check.endswith('CMD ["kindling", "healthcheck"]')
