"""The real reference homeserver for the Matrix tests: Synapse from PyPI, on 127.0.0.1, SQLite, no federation.

`make synapse` installs it into `.synapse-venv` (kept between runs); `installed()` runs that target once per
test session. `Synapse` writes a config into a scratch directory, starts the homeserver on a free loopback
port and waits (bounded) until it answers. Users are registered with the shared secret: the operator's way,
through Synapse's own `register_new_matrix_user` script, or in bulk through the admin endpoint it calls.

Without Synapse (no network for the install) the tests that need it are skipped; under CI=true they fail.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / ".synapse-venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".installed-stamp"
REQUIREMENTS = Path(__file__).with_name("synapse-requirements.txt")
SERVER_NAME = "kindling.test"
INSTALL_TIMEOUT = 600.0
START_TIMEOUT = 90.0
#: Every client rate limit, opened wide: a test's join wave must not wait on the homeserver's flood control.
_UNLIMITED = {"per_second": 10_000, "burst_count": 100_000}
_RATE_LIMITS = (
    "rc_message",
    "rc_registration",
    "rc_joins_per_room",
    "rc_room_creation",
    "rc_3pid_validation",
    "rc_admin_redaction",
    "rc_presence",
    "rc_delayed_event_mgmt",
    "rc_reports",
    "rc_media_create",
    "rc_sending_to_device",
)


def _fail_or_skip(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"Synapse is needed under CI: {reason}")
    pytest.skip(f"Synapse not available: {reason}")


def installed() -> Path:
    """The virtual environment's python with Synapse in it, installing it first when needed."""
    fresh = STAMP.is_file() and STAMP.stat().st_mtime >= REQUIREMENTS.stat().st_mtime
    if not fresh:
        started = time.monotonic()
        try:
            result = subprocess.run(
                ["make", "--no-print-directory", "synapse"],
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=INSTALL_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            _fail_or_skip(f"`make synapse` did not finish: {error}")
        if result.returncode != 0:
            _fail_or_skip(f"`make synapse` failed: {(result.stderr or result.stdout).strip()[-400:]}")
        print(f"\nsynapse: installed into {VENV.name} in {time.monotonic() - started:.1f}s")
    if not PYTHON.is_file():
        _fail_or_skip(f"{PYTHON} is missing")
    return PYTHON


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True, slots=True)
class Account:
    user_id: str
    access_token: str
    device_id: str

    @property
    def localpart(self) -> str:
        return self.user_id[1:].split(":", 1)[0]


def config(directory: Path, port: int, shared_secret: str) -> dict[str, Any]:
    """Loopback only, the client API only (no federation listener, no key servers), SQLite, fast password
    hashing, no presence or URL previews, and every rate limit opened."""
    return {
        "server_name": SERVER_NAME,
        "pid_file": str(directory / "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(directory / "homeserver.db")}},
        "log_config": str(directory / "log.yaml"),
        "media_store_path": str(directory / "media"),
        "signing_key_path": str(directory / "signing.key"),
        "registration_shared_secret": shared_secret,
        "enable_registration": False,
        "report_stats": False,
        "macaroon_secret_key": secrets.token_hex(16),
        "form_secret": secrets.token_hex(16),
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "federation_domain_whitelist": [],
        "bcrypt_rounds": 4,
        "presence": {"enabled": False},
        "url_preview_enabled": False,
        "enable_metrics": False,
        "require_auth_for_profile_requests": False,
        **{name: dict(_UNLIMITED) for name in _RATE_LIMITS},
        "rc_login": {name: dict(_UNLIMITED) for name in ("address", "account", "failed_attempts")},
        "rc_joins": {"local": dict(_UNLIMITED), "remote": dict(_UNLIMITED)},
        "rc_invites": {name: dict(_UNLIMITED) for name in ("per_room", "per_user", "per_issuer")},
    }


LOG_CONFIG = {
    "version": 1,
    "formatters": {"plain": {"format": "%(asctime)s %(name)s %(levelname)s %(message)s"}},
    "handlers": {"file": {"class": "logging.FileHandler", "formatter": "plain", "filename": "PLACEHOLDER"}},
    "root": {"level": "WARNING", "handlers": ["file"]},
    "disable_existing_loggers": False,
}


class Synapse:
    """One homeserver for a test session; `start()` returns once `/health` answers."""

    def __init__(self, directory: Path, python: Path) -> None:
        self.directory = directory
        self.python = python
        self.port = free_port()
        self.shared_secret = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self.start_seconds = 0.0

    @property
    def config_path(self) -> Path:
        return self.directory / "homeserver.yaml"

    @property
    def log_path(self) -> Path:
        return self.directory / "homeserver.log"

    def start(self) -> None:
        started = time.monotonic()
        self.directory.mkdir(parents=True, exist_ok=True)
        log_config = json.loads(json.dumps(LOG_CONFIG))
        log_config["handlers"]["file"]["filename"] = str(self.log_path)
        # JSON is YAML: no YAML writer needed for the config files.
        (self.directory / "log.yaml").write_text(json.dumps(log_config))
        self.config_path.write_text(json.dumps(config(self.directory, self.port, self.shared_secret)))
        subprocess.run(
            [
                str(self.python),
                "-m",
                "synapse.app.homeserver",
                "-c",
                str(self.config_path),
                "--generate-keys",
            ],
            cwd=self.directory,
            capture_output=True,
            timeout=60,
            check=True,
        )
        with (self.directory / "stdout.log").open("wb") as out:
            self._process = subprocess.Popen(
                [str(self.python), "-m", "synapse.app.homeserver", "-c", str(self.config_path)],
                cwd=self.directory,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while not self._healthy():
            if self._process.poll() is not None:
                raise RuntimeError(f"Synapse exited with {self._process.returncode}:\n{self.tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Synapse did not answer within {START_TIMEOUT:.0f}s:\n{self.tail()}")
            time.sleep(0.2)
        self.start_seconds = time.monotonic() - started

    def stop(self) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def tail(self, lines: int = 30) -> str:
        found = [p for p in (self.directory / "stdout.log", self.log_path) if p.is_file()]
        return "\n".join("\n".join(p.read_text(errors="replace").splitlines()[-lines:]) for p in found)

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/health", timeout=1) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    # -- users --------------------------------------------------------------------------------------------

    def register_with_script(self, localpart: str, password: str, *, admin: bool = False) -> None:
        """Synapse's own `register_new_matrix_user`, as a homeserver admin creates Kindling's account."""
        script = self.python.parent / "register_new_matrix_user"
        subprocess.run(
            [
                str(script),
                "-c",
                str(self.config_path),
                "-u",
                localpart,
                "-p",
                password,
                "--admin" if admin else "--no-admin",
                self.url,
            ],
            capture_output=True,
            timeout=60,
            check=True,
        )

    def register(self, localpart: str, *, admin: bool = False, displayname: str | None = None) -> Account:
        """The shared-secret admin registration (`/_synapse/admin/v1/register`) that the script uses, without
        a process per user: it answers with an access token straight away."""
        nonce = self._json("GET", "/_synapse/admin/v1/register")["nonce"]
        password = secrets.token_hex(8)
        mac = hmac.new(self.shared_secret.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join([nonce.encode(), localpart.encode(), password.encode()]))
        mac.update(b"\x00admin" if admin else b"\x00notadmin")
        body = {
            "nonce": nonce,
            "username": localpart,
            "password": password,
            "admin": admin,
            "mac": mac.hexdigest(),
            "displayname": displayname or localpart,
        }
        answer = self._json("POST", "/_synapse/admin/v1/register", body)
        return Account(answer["user_id"], answer["access_token"], answer["device_id"])

    def login(self, localpart: str, password: str) -> Account:
        body = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": localpart},
            "password": password,
            "initial_device_display_name": "Kindling",
        }
        answer = self._json("POST", "/_matrix/client/v3/login", body)
        return Account(answer["user_id"], answer["access_token"], answer["device_id"])

    def _json(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            answer: dict[str, Any] = json.loads(response.read())
            return answer
