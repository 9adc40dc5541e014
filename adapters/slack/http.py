"""Slack's HTTP routes, served by the process's one HTTP server (`adapters.web.server`): `POST /slack/events`
(events, commands and interactivity, signature-checked by Bolt), and with OAuth configured
`GET /slack/install` and `GET /slack/oauth_redirect`."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp

from adapters.slack.boundary import UNREADABLE, refuse

EVENTS_PATH = "/slack/events"


def slack_routes(
    app: AsyncApp, *, serve_events: bool = True, accepting: Callable[[], bool] = lambda: True
) -> list[web.RouteDef]:
    """`accepting` False (starting or stopping): requests get 503, which Slack retries (elsewhere, behind a
    load balancer) instead of losing them."""
    routes: list[web.RouteDef] = []

    if serve_events:

        async def events(request: web.Request) -> web.Response:
            if not accepting():
                return web.json_response({"ok": False, "error": "not_accepting"}, status=503)
            try:
                bolt_request = await to_bolt_request(request)
            except UNREADABLE as error:  # acknowledged: sent again, it would fail again
                refuse("request", f"{type(error).__name__}: {error}")
                return web.Response(status=200)
            return await to_aiohttp_response(await app.async_dispatch(bolt_request))

        routes.append(web.post(EVENTS_PATH, events))
    flow = app.oauth_flow
    if flow is not None:

        async def install(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

        async def redirect(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

        routes += [web.get(flow.install_path, install), web.get(flow.redirect_uri_path, redirect)]
    return routes
