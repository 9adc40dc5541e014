"""What the benchmarks share: scratch databases, percentiles, resident memory, a stopwatch."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.storage.database import Database
    from kindling_cli.wiring import Core

import logging
import math
import os
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Literal

import asyncpg
from sqlalchemy.engine import make_url

from bot.storage.database import Database

Engine = Literal["sqlite", "postgres"]
#: Where the PostgreSQL benchmarks make their scratch databases (trust auth, loopback only).
POSTGRES_ENV = "KINDLING_BENCH_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def quiet_logs() -> None:
    """Benchmarks print figures, not Kindling's INFO lines (warnings still show)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def postgres_base_url() -> str:
    return os.environ.get(POSTGRES_ENV, DEFAULT_POSTGRES_URL)


def _asyncpg_dsn(sqlalchemy_url: str) -> str:
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


@asynccontextmanager
async def scratch_url(engine: Engine) -> AsyncIterator[str]:
    """The URL of a fresh, empty database of `engine`, removed afterwards."""
    if engine == "sqlite":
        with tempfile.TemporaryDirectory(prefix="kindling-bench-") as directory:
            yield f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}"
        return
    base = postgres_base_url()
    name = f"kindling_bench_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(_asyncpg_dsn(base), timeout=10)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        admin = await asyncpg.connect(_asyncpg_dsn(base), timeout=10)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@asynccontextmanager
async def migrated_database(engine: Engine, **engine_options: object) -> AsyncIterator[Database]:
    """A fresh database of `engine`, upgraded to Kindling's newest schema, closed and removed after."""
    async with scratch_url(engine) as url:
        database = Database(url, **engine_options)
        try:
            await database.upgrade()
            yield database
        finally:
            await database.close()


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (`fraction` 0.5 for p50, 0.99 for p99)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def rss_kib() -> int:
    """Resident memory of this process now (VmRSS from /proc/self/status), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


class Stopwatch:
    """`with Stopwatch() as watch: ...` then `watch.seconds`."""

    def __init__(self) -> None:
        self.started = 0.0
        self.seconds = 0.0

    def __enter__(self) -> Stopwatch:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self.started


def ratio(value: float, baseline: float) -> str:
    if baseline == 0 or math.isnan(baseline) or math.isnan(value):
        return "n/a"
    return f"{value / baseline:.2f}x"


def core_on(database: Database, clock: Clock) -> Core:
    """The core as `kindling run` builds it, on this database and clock."""
    from bot.settings import Settings
    from kindling_cli.wiring import build_core

    return build_core(Settings(_env_file=None, database_url=database.url), database=database, clock=clock)
