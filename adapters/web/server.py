"""The one HTTP server of a Kindling process, on `KINDLING_HTTP_HOST:KINDLING_HTTP_PORT`.

Whoever serves something over HTTP adds its routes before `start()`: the operations endpoints
(`adapters.web.operations`), Slack's events and OAuth routes (`adapters.slack.http`), a dashboard as a
route set or a whole aiohttp application under a prefix (`add_subapp`). aiohttp freezes its router when the
server starts, so routes added later are refused with a clear error instead of never matching.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable

from aiohttp import web

#: Slack's largest requests (a block_actions payload with a big message) stay far below this.
MAX_REQUEST_BYTES = 1024 * 1024
#: How long requests in flight may take to finish when the server stops.
SHUTDOWN_TIMEOUT = 3.0


class WebServer:
    """`port` 0 binds any free port; `port` then says which one it got."""

    def __init__(self, *, host: str, port: int, shutdown_timeout: float = SHUTDOWN_TIMEOUT) -> None:
        self.app = web.Application(client_max_size=MAX_REQUEST_BYTES)
        self.host = host
        self.port = port
        self._shutdown_timeout = shutdown_timeout
        self._runner: web.AppRunner | None = None

    @property
    def started(self) -> bool:
        return self._runner is not None

    def add_routes(self, routes: Iterable[web.AbstractRouteDef]) -> None:
        self._check_open()
        self.app.router.add_routes(list(routes))

    def add_subapp(self, prefix: str, app: web.Application) -> None:
        """A whole aiohttp application (its own middlewares and startup hooks) under `prefix`."""
        self._check_open()
        self.app.add_subapp(prefix, app)

    def paths(self) -> set[str]:
        """Every path served (for logs and tests)."""
        return {
            info.get("path") or info.get("formatter") or info.get("prefix") or ""
            for info in (resource.get_info() for resource in self.app.router.resources())
        }

    async def start(self) -> None:
        runner = web.AppRunner(
            self.app, access_log=None, handle_signals=False, shutdown_timeout=self._shutdown_timeout
        )
        await runner.setup()
        sock = socket.create_server((self.host, self.port), reuse_port=False)
        try:
            await web.SockSite(runner, sock).start()
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        self.port = int(sock.getsockname()[1])
        self._runner = runner

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    def _check_open(self) -> None:
        if self._runner is not None or self.app.frozen:
            raise RuntimeError("routes must be added before the HTTP server starts")
