"""What the crash and fault tests share: a real `kindling run` process to kill, a scratch database, waits
that always end, and the wave sizes."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

from bot.storage import outbox
from bot.storage.database import Database
from tests.fakes.discord_server import FakeDiscord, User
from tests.fakes.slack_api import FakeSlackApi
from tests.support.databases import POSTGRES_ENV, scratch_database

REPO = Path(__file__).resolve().parents[2]
#: CI size by default; KINDLING_CRASH_FULL=1 runs the issue's full wave.
FULL = os.environ.get("KINDLING_CRASH_FULL") == "1"
CRASH_JOINS = 1000 if FULL else 150
MIN_KILLS = 10
#: How long a killed process's claims on outbox messages last (the product's lease is 60 s).
LEASE_SECONDS = 3.0
START_TIMEOUT = 20.0
DISCORD_MESSAGES = "/channels/{channel_id}/messages"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@asynccontextmanager
async def crash_database(tmp_path: Path) -> AsyncIterator[str]:
    """An empty database for the process to migrate: PostgreSQL when KINDLING_TEST_POSTGRES_URL is set (as
    in CI), else a SQLite file."""
    kind = "postgres" if os.environ.get(POSTGRES_ENV) else "sqlite"
    async with scratch_database(kind, tmp_path) as url:
        yield url


async def eventually(
    condition: Callable[[], Awaitable[bool]],
    *,
    timeout: float,  # noqa: ASYNC109 - a bounded poll of another process's state is the point
    what: str,
    interval: float = 0.1,
) -> None:
    """Poll `condition` until it holds; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f}s: {what}")
        await asyncio.sleep(interval)


async def outbox_counts(url: str, platform: str) -> dict[str, int]:
    database = Database(url)
    try:
        async with database.transaction() as session:
            return await outbox.count_by_status(session, platform=platform)
    finally:
        await database.close()


async def http_ok(url: str) -> bool:
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=1)) as session,
            session.get(url) as response,
        ):
            return response.status == 200
    except (aiohttp.ClientError, TimeoutError):
        return False


class KindlingProcess:
    """`kindling run`  as a child process, configured by environment variables, killed
    with SIGKILL and started again; each run logs to its own file under `directory`."""

    def __init__(self, *, settings: dict[str, str], directory: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KINDLING_")}
        env.update(settings)
        env["KINDLING_OUTBOX_LEASE_SECONDS"] = str(LEASE_SECONDS)
        env["PYTHONPATH"] = str(REPO)
        self._env = env
        self._directory = directory
        self._process: asyncio.subprocess.Process | None = None
        self.starts = 0
        self.kills = 0

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    @property
    def log_paths(self) -> list[Path]:
        return [self._directory / f"kindling-{n}.log" for n in range(1, self.starts + 1)]

    async def start(self) -> None:
        assert not self.running
        self.starts += 1
        with (self._directory / f"kindling-{self.starts}.log").open("wb") as log:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "kindling_cli.main",
                "run",
                cwd=self._directory,  # no stray .env from the repository
                env=self._env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )

    async def kill(self) -> None:
        """SIGKILL: no shutdown, no drain, open requests and transactions cut off where they are."""
        assert self._process is not None and self.running
        self._process.send_signal(signal.SIGKILL)
        await asyncio.wait_for(self._process.wait(), timeout=10)
        self.kills += 1

    async def stop(self) -> int:
        """SIGTERM (a graceful stop), SIGKILL if that takes too long; returns the exit code."""
        process = self._process
        if process is None or process.returncode is not None:
            return process.returncode if process is not None and process.returncode is not None else 0
        process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(process.wait(), timeout=15)
        except TimeoutError:
            process.send_signal(signal.SIGKILL)
            await asyncio.wait_for(process.wait(), timeout=10)
            return -9

    def tail(self, lines: int = 40) -> str:
        """The end of the newest log, for a failure message."""
        if not self.log_paths:
            return ""
        text = self.log_paths[-1].read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def log_text(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in self.log_paths if path.exists())


class Chaos:
    """Kills the process at random moments (a seeded RNG) and starts it again, at least `min_kills` times
    and until `done()` says the wave is in. `ready()` waits until a fresh process serves; `after_kill` runs
    right after a kill, under `lock` (which the wave's sender may hold while it hands over an event)."""

    def __init__(
        self,
        process: KindlingProcess,
        *,
        rng: random.Random,
        ready: Callable[[], Awaitable[None]],
        after_kill: Callable[[], None] | None = None,
        lock: asyncio.Lock | None = None,
        min_kills: int = MIN_KILLS,
        uptime: tuple[float, float] = (0.2, 1.5),
    ) -> None:
        self.process = process
        self.rng = rng
        self.ready = ready
        self.after_kill = after_kill
        self.lock = lock or asyncio.Lock()
        self.min_kills = min_kills
        self.uptime = uptime
        self.kills_during_wave = 0

    async def run(self, done: Callable[[], bool]) -> None:
        while self.process.kills < self.min_kills or not done():
            await asyncio.sleep(self.rng.uniform(*self.uptime))
            if not done():
                self.kills_during_wave += 1
            async with self.lock:
                await self.process.kill()
                if self.after_kill is not None:
                    self.after_kill()
            await self.process.start()
            await self.ready()


def slack_welcome_dms(slack: FakeSlackApi, members: list[str]) -> dict[str, list[str]]:
    """Per member, the outbox keys of the messages that arrived in their DM with Kindling."""
    wanted = set(members)
    found: dict[str, list[str]] = {member: [] for member in members}
    channels = {str(c.response["channel"]) for c in slack.calls_to("chat.postMessage") if c.ok and c.response}
    for channel in channels:
        owners = slack.conversation_members(channel)
        if owners is None or len(owners) != 1 or owners[0] not in wanted:
            continue
        for message in slack.messages(channel):
            found[owners[0]].append(str(message.get("metadata", {}).get("event_payload", {}).get("key")))
    return found


def discord_welcome_dms(fake: FakeDiscord, users: list[User]) -> dict[int, tuple[int, set[str]]]:
    """Per newcomer: how many messages are in their DM with Kindling, and the distinct nonces sent there."""
    result: dict[int, tuple[int, set[str]]] = {}
    for user in users:
        channel = str(fake.dm_channel_id(user.id))
        messages = sum(1 for m in fake.messages.values() if m["channel_id"] == channel)
        nonces = {
            str(r.json.get("nonce"))
            for r in fake.requests_to("POST", DISCORD_MESSAGES)
            if r.path == f"/channels/{channel}/messages" and isinstance(r.json, dict)
        }
        result[user.id] = (messages, nonces)
    return result
