"""Socket Mode: Slack pushes the same requests over a WebSocket (no public URL needed); Bolt answers them.

Each envelope goes through the boundary first (`adapters.slack.boundary.bolt_request`): one Bolt cannot
read is acknowledged and logged, so Slack does not send it again, and the connection carries on.
"""

from __future__ import annotations

import time

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import send_async_response
from slack_bolt.adapter.socket_mode.internals import build_headers
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from adapters.slack.boundary import bolt_request


class _CheckedHandler(AsyncSocketModeHandler):
    async def handle(self, client: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        started = time.time()
        request = bolt_request(req.payload, headers=build_headers(req))
        response = (
            BoltResponse(status=200, body="") if request is None else await self.app.async_dispatch(request)
        )
        await send_async_response(client, req, response, started)


class SocketModeConnection:
    def __init__(self, app: AsyncApp, *, app_token: str) -> None:
        # apps.connections.open goes through the app's client, so KINDLING_SLACK_API_URL applies to it too.
        self._handler = _CheckedHandler(app, app_token, web_client=app.client)

    async def start(self) -> None:
        await self._handler.connect_async()  # type: ignore[no-untyped-call]

    async def stop(self) -> None:
        await self._handler.close_async()  # type: ignore[no-untyped-call]
