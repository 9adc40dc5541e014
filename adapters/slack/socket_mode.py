"""Socket Mode: Slack pushes the same requests over a WebSocket (no public URL needed); Bolt answers them."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp


class SocketModeConnection:
    def __init__(self, app: AsyncApp, *, app_token: str) -> None:
        # apps.connections.open goes through the app's client, so KINDLING_SLACK_API_URL applies to it too.
        self._handler = AsyncSocketModeHandler(app, app_token, web_client=app.client)

    async def start(self) -> None:
        await self._handler.connect_async()  # type: ignore[no-untyped-call]

    async def stop(self) -> None:
        await self._handler.close_async()  # type: ignore[no-untyped-call]
