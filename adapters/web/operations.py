"""What operators and orchestrators ask a running Kindling: `GET /healthz` (the process is up),
`GET /readyz` (it can take work: every readiness check passes) and `GET /metrics` (Prometheus text).

Readiness is a set of named checks: the database answers, the process is not shutting down, and one per
adapter (Discord: the gateway session is ready; Slack: it has started and takes requests). `/readyz` names the
ones that fail, so a 503 says why.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot import metrics

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"

Check = Callable[[], bool | Awaitable[bool]]
#: Brings the gauges read from the database up to date before `/metrics` answers.
Refresh = Callable[[], Awaitable[None]]


class Readiness:
    def __init__(self) -> None:
        self.stopping = False
        self._checks: dict[str, Check] = {}

    def add(self, name: str, check: Check) -> None:
        self._checks[name] = check

    def __contains__(self, name: str) -> bool:
        return name in self._checks

    async def report(self) -> dict[str, bool]:
        results = {"running": not self.stopping}
        for name, check in self._checks.items():
            try:
                outcome = check()
                results[name] = bool(await outcome) if inspect.isawaitable(outcome) else bool(outcome)
            except Exception as error:
                log.warning("readiness check %s failed: %s", name, error)
                results[name] = False
        return results


def operations_routes(*, readiness: Readiness, refresh: Refresh | None = None) -> list[web.RouteDef]:
    """The composition root adds the database's check to `readiness` and gives `refresh` (the outbox
    gauges); adapters never touch the database themselves."""

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def readyz(_request: web.Request) -> web.Response:
        checks = await readiness.report()
        ready = all(checks.values())
        return web.json_response({"ready": ready, "checks": checks}, status=200 if ready else 503)

    async def prometheus(_request: web.Request) -> web.Response:
        if refresh is not None:
            try:
                await refresh()
            except Exception as error:  # the other metrics are still worth reading
                log.warning("could not read the outbox for /metrics: %s", error)
        return web.Response(body=metrics.exposition(), headers={"Content-Type": metrics.CONTENT_TYPE})

    return [
        web.get(HEALTH_PATH, healthz),
        web.get(READY_PATH, readyz),
        web.get(METRICS_PATH, prometheus),
    ]
