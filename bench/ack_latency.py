"""Ack latency of signed `/kindling` slash commands at a fixed rate, Kindling's Slack HTTP mode against a bare
slack-bolt app that only acknowledges.

Both servers run in this process on 127.0.0.1, served the same way (Kindling's aiohttp server, Bolt's
aiohttp adapter, signature and timestamp checks on), with the fake Slack Web API (`tests/fakes/slack_api`)
standing in for slack.com. Kindling is the real `SlackRuntime` in http mode on a fresh SQLite database
(`--postgres` for PostgreSQL) with its outbox worker running, so every command's work (user lookup, the
core's transaction, the private answer through `response_url`) competes with the acks, as in production.

The load comes from a separate process (this module with `--generate`): open loop, each request sent at its
scheduled moment whether or not earlier ones were answered, signed as Slack signs
(`tests/fakes/slack_signing`). Latency runs from the scheduled send moment to the end of the response (so a
stalled generator or server shows up in the figure rather than hiding it). The load alternates between the
two servers (bare, Kindling, Kindling, bare; half the measured seconds each) and the first `--warm-up`
seconds of each block are not counted.

    .venv/bin/python -m bench.ack_latency                 # 200 requests/s, 10 s measured per server
    .venv/bin/python -m bench.ack_latency --full          # 200 requests/s, 60 s measured per server
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck

from adapters.slack.http import EVENTS_PATH, slack_routes
from adapters.slack.runtime import SlackRuntime
from adapters.slack.workspaces import web_client
from adapters.web.server import WebServer
from bench._support import Engine, core_on, migrated_database, percentile, quiet_logs, ratio
from bot.clock import SystemClock
from bot.installations import SlackInstallations
from bot.outbox_worker import OutboxWorker
from tests.fakes.slack_api import RESPONSE_URL_METHOD, FakeSlackApi
from tests.fakes.slack_signing import FORM_CONTENT_TYPE, signed_headers, slash_command_payload
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, settings_for

ROOT = Path(__file__).resolve().parent.parent
USERS = 20
HOME = "C0HOME"


@dataclass(frozen=True)
class Result:
    name: str
    latencies: list[float]
    statuses: dict[str, int]
    errors: int
    forged_status: int
    max_lag: float
    extra: str = ""

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 0.50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 0.99)


# ------------------------------------------------------------------------------------------ the servers


@contextlib.asynccontextmanager
async def bare_bolt(slack: FakeSlackApi) -> AsyncIterator[str]:
    """A Bolt app whose only listener acknowledges `/kindling`, on the same aiohttp serving path."""
    app = AsyncApp(
        client=web_client(api_url=slack.base_url, token=BOT_TOKEN),
        signing_secret=SIGNING_SECRET,
        process_before_response=True,
    )

    async def only_ack(ack: AsyncAck) -> None:
        await ack()

    app.command("/kindling")(only_ack)
    server = WebServer(host="127.0.0.1", port=0)
    server.add_routes(slack_routes(app))
    await server.start()
    try:
        yield f"http://127.0.0.1:{server.port}{EVENTS_PATH}"
    finally:
        await server.stop()


@contextlib.asynccontextmanager
async def kindling_http(
    slack: FakeSlackApi, engine: Engine
) -> AsyncIterator[tuple[str, SlackRuntime, OutboxWorker]]:
    """Kindling's `SlackRuntime` in http mode with its outbox worker, as `kindling run` serves it."""
    async with migrated_database(engine) as database:
        clock = SystemClock()
        core = core_on(database, clock)
        settings = settings_for(slack, mode="http", outbox_max_attempts=8)
        runtime = SlackRuntime(
            settings=settings,
            intake=core.intake(),
            installations=SlackInstallations(database=database, clock=clock),
            clock=clock,
            ready=database.ping,
        )
        outbox_worker = core.worker(settings, platform_name="slack", chat=runtime.platform)
        stop = asyncio.Event()
        await runtime.start()
        worker = asyncio.create_task(outbox_worker.run(stop), name="bench-slack-outbox")
        try:
            assert runtime.http is not None
            yield f"http://127.0.0.1:{runtime.http.port}{EVENTS_PATH}", runtime, outbox_worker
        finally:
            await runtime.stop()
            stop.set()
            await asyncio.wait_for(worker, timeout=30)


# ------------------------------------------------------------------------------------------ the load


async def generate(url: str, origin: str, team: str, rate: float, seconds: float, warm_up: float) -> None:
    """The load generator (a process of its own): prints one JSON object with what it measured."""
    total = int(rate * (seconds + warm_up))
    skipped = int(rate * warm_up)
    bodies = [
        urlencode(
            slash_command_payload(
                text="help",
                user_id=f"U0BENCH{number % USERS:03d}",
                user_name=f"bench{number % USERS}",
                channel_id=HOME,
                channel_name="home",
                team_id=team,
                response_url=f"{origin}/response/{team}-bench-{number}",
            )
        ).encode()
        for number in range(total)
    ]
    latencies: list[float] = [0.0] * total
    statuses: dict[str, int] = {}
    errors = 0
    max_lag = 0.0
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1000), timeout=timeout) as session:
        # A forged signature must be refused, or the comparison would not include the check.
        forged = dict(signed_headers("not-the-secret", bodies[0], FORM_CONTENT_TYPE))
        async with session.post(url, data=bodies[0], headers=forged) as response:
            forged_status = response.status

        async def send(number: int, scheduled: float) -> None:
            nonlocal errors
            headers = signed_headers(SIGNING_SECRET, bodies[number], FORM_CONTENT_TYPE)
            try:
                async with session.post(url, data=bodies[number], headers=headers) as response:
                    await response.read()
                    statuses[str(response.status)] = statuses.get(str(response.status), 0) + 1
            except (aiohttp.ClientError, TimeoutError):
                errors += 1
            latencies[number] = time.perf_counter() - scheduled

        tasks: list[asyncio.Task[None]] = []
        start = time.perf_counter() + 0.1
        for number in range(total):
            scheduled = start + number / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            max_lag = max(max_lag, time.perf_counter() - scheduled)
            tasks.append(asyncio.create_task(send(number, scheduled)))
        await asyncio.gather(*tasks)
    print(
        json.dumps(
            {
                "latencies": latencies[skipped:],
                "statuses": statuses,
                "errors": errors,
                "forged_status": forged_status,
                "max_lag": max_lag,
            }
        )
    )


async def load(url: str, slack: FakeSlackApi, rate: float, seconds: float, warm_up: float) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.ack_latency",
        "--generate",
        url,
        "--origin",
        slack.origin,
        "--team",
        slack.team_id,
        "--rate",
        str(rate),
        "--seconds",
        str(seconds),
        "--warm-up",
        str(warm_up),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        stdout, _ = await asyncio.wait_for(process.communicate(), timeout=seconds + warm_up + 60)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    if process.returncode != 0:
        raise RuntimeError(f"the load generator failed ({process.returncode})")
    found: dict[str, Any] = json.loads(stdout)
    return found


def merge(name: str, blocks: list[dict[str, Any]], extra: str = "") -> Result:
    statuses: dict[str, int] = {}
    for block in blocks:
        for status, count in block["statuses"].items():
            statuses[str(status)] = statuses.get(str(status), 0) + int(count)
    return Result(
        name=name,
        latencies=[float(v) for block in blocks for v in block["latencies"]],
        statuses=statuses,
        errors=sum(int(block["errors"]) for block in blocks),
        forged_status=max(int(block["forged_status"]) for block in blocks),
        max_lag=max(float(block["max_lag"]) for block in blocks),
        extra=extra,
    )


async def drain(runtime: SlackRuntime, worker: OutboxWorker) -> tuple[int, float]:
    """Wait until every accepted command is handled and answered: (jobs pending at the start, seconds)."""
    backlog = runtime.intake.pending
    started = time.perf_counter()
    await runtime.intake.idle(timeout=120)
    await worker.run_until_idle()
    return backlog, time.perf_counter() - started


async def run(rate: float, seconds: float, warm_up: float, engine: Engine) -> list[Result]:
    """Both servers up at once; the load alternates bare, Kindling, Kindling, bare (half the seconds each)
    so drift on the machine falls on both alike. Kindling finishes its accepted work between blocks."""
    bare_blocks: list[dict[str, Any]] = []
    kindling_blocks: list[dict[str, Any]] = []
    backlogs: list[tuple[int, float]] = []
    async with (
        FakeSlackApi(bot_tokens=[BOT_TOKEN]) as slack,
        bare_bolt(slack) as bare_url,
        kindling_http(slack, engine) as (kindling_url, runtime, worker),
    ):
        for server in ("bare", "kindling", "kindling", "bare"):
            if server == "bare":
                bare_blocks.append(await load(bare_url, slack, rate, seconds / 2, warm_up))
            else:
                kindling_blocks.append(await load(kindling_url, slack, rate, seconds / 2, warm_up))
                backlogs.append(await drain(runtime, worker))
        answered = len(slack.calls_to(RESPONSE_URL_METHOD))
    sent = 2 * int(rate * (seconds / 2 + warm_up))
    extra = f"{answered} of {sent} commands answered through response_url; still handling " + ", ".join(
        f"{pending} when a block ended (done {took:.1f} s later)" for pending, took in backlogs
    )
    return [
        merge("bare slack-bolt (ack only)", bare_blocks),
        merge(f"Kindling http mode ({engine})", kindling_blocks, extra),
    ]


async def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ack_latency", description=__doc__)
    parser.add_argument("--full", action="store_true", help="60 s of load per server instead of 10 s")
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second (default 200)")
    parser.add_argument("--seconds", type=float, default=None, help="measured seconds per server")
    parser.add_argument(
        "--warm-up", type=float, default=1.0, help="seconds sent first in each block and not counted"
    )
    parser.add_argument("--postgres", action="store_true", help="Kindling on PostgreSQL instead of SQLite")
    parser.add_argument("--generate", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--origin", help=argparse.SUPPRESS)
    parser.add_argument("--team", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    seconds = args.seconds or (60.0 if args.full else 10.0)
    if args.generate:
        await generate(args.generate, args.origin, args.team, args.rate, seconds, args.warm_up)
        return
    quiet_logs()
    engine: Engine = "postgres" if args.postgres else "sqlite"
    print(
        f"ack latency: signed /kindling commands at {args.rate:.0f}/s for {seconds:.0f} s "
        f"per server in two blocks (+{args.warm_up:.0f} s warm-up each), open loop, "
        "load from a separate process"
    )
    results = await run(args.rate, seconds, args.warm_up, engine)
    for found in results:
        print(
            f"{found.name:<32} p50 {1000 * found.p50:7.2f} ms   p99 {1000 * found.p99:7.2f} ms   "
            f"max {1000 * max(found.latencies):7.2f} ms   n={len(found.latencies)}"
        )
        print(
            f"{'':<32} statuses {found.statuses}, errors {found.errors}, forged signature -> "
            f"{found.forged_status}, generator lag <= {1000 * found.max_lag:.1f} ms"
        )
        if found.extra:
            print(f"{'':<32} {found.extra}")
    bare, kindling = results
    print(f"ratio Kindling / bare: p50 {ratio(kindling.p50, bare.p50)}, p99 {ratio(kindling.p99, bare.p99)}")


if __name__ == "__main__":
    asyncio.run(main())
