"""The HTTP side: `POST /slack/events` (events, commands and interactivity, signature-checked by Bolt),
`GET /healthz` (the process is up), `GET /readyz` (it can take work: the database answers and it is not
shutting down), and with OAuth configured `GET /slack/install` and `GET /slack/oauth_redirect`."""

from __future__ import annotations

import socket
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"


def build_web_app(
    app: AsyncApp, *, serve_events: bool = True, ready: Callable[[], Awaitable[bool]] | None = None
) -> web.Application:
    web_app = web.Application(client_max_size=1024 * 1024)

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def readyz(_request: web.Request) -> web.Response:
        is_ready = ready is None or await ready()
        return web.json_response({"ready": is_ready}, status=200 if is_ready else 503)

    if serve_events:
        web_app.router.add_post(EVENTS_PATH, events)
    web_app.router.add_get(HEALTH_PATH, healthz)
    web_app.router.add_get(READY_PATH, readyz)
    flow = app.oauth_flow
    if flow is not None:

        async def install(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

        async def redirect(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

        web_app.router.add_get(flow.install_path, install)
        web_app.router.add_get(flow.redirect_uri_path, redirect)
    return web_app


class HttpServer:
    """An aiohttp server on `host:port` (port 0: any free port, see `port`)."""

    def __init__(self, web_app: web.Application, *, host: str, port: int) -> None:
        self._web_app = web_app
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self.port = port

    async def start(self) -> None:
        runner = web.AppRunner(self._web_app, access_log=None, handle_signals=False, shutdown_timeout=5.0)
        await runner.setup()
        sock = socket.create_server((self._host, self._port), reuse_port=False)
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
