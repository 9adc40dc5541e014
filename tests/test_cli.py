"""The `kindling` command as a user runs it: a real process, stdin piped in, stdout read back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

KINDLING = [sys.executable, "-m", "kindling_cli.main"]


def _run(args: list[str], tmp_path: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KINDLING_")}
    environment.update(env)
    return subprocess.run(
        [*KINDLING, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=environment,
        check=False,
    )


def test_run_without_tokens_starts_the_console_and_welcomes_bob(tmp_path: Path) -> None:
    script = (
        "organiser ann\nann: /kindling goal We help new teachers thrive. Share one lesson a week.\njoin bob\n"
    )
    result = _run(["run"], tmp_path, stdin=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[DM -> bob] Welcome to Console, bob!" in out
    assert "We help new teachers thrive. Share one lesson a week." in out.split("[DM -> bob]")[1]
    assert "[DM -> ann] @bob just joined Console." in out
    assert (tmp_path / "kindling.db").exists()  # the default: an SQLite file where it runs


def test_a_bad_setting_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = _run(["run"], tmp_path, KINDLING_SLACK_MODE="pigeon")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "kindling: configuration error: KINDLING_SLACK_MODE: Input should be 'socket' or 'http'"
    ]


def test_migrate_creates_the_schema(tmp_path: Path) -> None:
    result = _run(["migrate"], tmp_path, KINDLING_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/m.db")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "m.db").stat().st_size > 0
