"""A fake Slack Socket Mode server (the WebSocket endpoint that ``apps.connections.open`` hands out).

Protocol, as implemented by ``wss-primary.slack.com`` and spoken by ``slack_sdk.socket_mode``:

1. The app calls ``apps.connections.open`` with its ``xapp-`` token and gets ``{"ok": true, "url": "wss://..."}``.
2. It opens a WebSocket to that URL; the server first sends ``{"type": "hello", "num_connections": ...}``.
3. The server sends envelopes ``{"envelope_id", "type": "events_api" | "slash_commands" | "interactive",
   "payload", "accepts_response_payload"}`` (events_api also carries ``retry_attempt``/``retry_reason``).
4. The app acknowledges each envelope by sending ``{"envelope_id": ..., "payload": {...}?}`` back.
5. The server may send ``{"type": "disconnect", "reason": ...}``; the client then reconnects (with a new
   URL from ``apps.connections.open``).

Usage with the real slack-sdk client::

    async with FakeSlackApi() as slack, FakeSocketMode() as sm:
        slack.socket_mode_url = sm.url
        web_client = AsyncWebClient(base_url=slack.base_url)
        client = SocketModeClient(app_token="xapp-1-A-1-x", web_client=web_client)
        await client.connect()
        envelope_id = await sm.push("events_api", event_callback_payload(...))
        ack = await sm.wait_for_ack(envelope_id)
        await client.close()

Close the Socket Mode client before leaving the ``async with``: when the server goes away first, the client's
auto-reconnect keeps trying to reconnect.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Self

from aiohttp import WSCloseCode, WSMsgType, web

from tests.fakes.slack_api import DEFAULT_APP_ID, JsonDict

__all__ = ["ENVELOPE_TYPES", "FakeSocketMode", "SocketAck"]

#: The envelope types a Socket Mode server delivers to apps.
ENVELOPE_TYPES: Final = frozenset({"events_api", "slash_commands", "interactive"})
#: Interactive payload types whose acknowledgement may carry a response (e.g. view errors, options).
_INTERACTIVE_WITH_RESPONSE: Final = frozenset({"view_submission", "block_suggestion"})


@dataclass(frozen=True)
class SocketAck:
    """An acknowledgement the app sent back for an envelope."""

    envelope_id: str
    #: The ``payload`` of the ack (None when the app acked without one).
    payload: Mapping[str, Any] | None
    #: The whole message as received.
    raw: Mapping[str, Any]
    #: ``time.monotonic()`` when it arrived.
    timestamp: float


class FakeSocketMode:
    """A Socket Mode WebSocket server on ``127.0.0.1``. Use as ``async with FakeSocketMode() as sm:``."""

    def __init__(self, *, app_id: str = DEFAULT_APP_ID) -> None:
        self.app_id = app_id
        #: Every acknowledgement received, in arrival order.
        self.acks: list[SocketAck] = []
        #: Every JSON message the app sent (acks included), in arrival order.
        self.received: list[JsonDict] = []
        #: Every envelope pushed to the app, in order.
        self.sent: list[JsonDict] = []
        #: How many WebSocket connections were accepted so far (reconnects count).
        self.connections_accepted = 0
        self._connections: list[web.WebSocketResponse] = []
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._tickets = itertools.count(1)

    # ---------------------------------------------------------------- lifecycle

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("FakeSocketMode is already running")
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_get("/link/", self._handle_ws)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0, handle_signals=False)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind(("127.0.0.1", 0))
            site = web.SockSite(runner, sock)
            await site.start()
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        self._port = int(sock.getsockname()[1])
        self._runner = runner

    async def close(self) -> None:
        for ws in list(self._connections):
            await ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutting down")
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    # ---------------------------------------------------------------- addresses and state

    @property
    def url(self) -> str:
        """A fresh ``ws://127.0.0.1:PORT/link/?ticket=...&app_id=...`` URL (for ``apps.connections.open``)."""
        if self._port is None:
            raise RuntimeError("FakeSocketMode is not running; use `async with FakeSocketMode() as sm:`")
        return f"ws://127.0.0.1:{self._port}/link/?ticket={next(self._tickets)}-{uuid.uuid4()}&app_id={self.app_id}"

    @property
    def connection_count(self) -> int:
        """Currently open connections."""
        return sum(1 for ws in self._connections if not ws.closed)

    async def _notify(self) -> None:
        if self._changed is not None:
            async with self._changed:
                self._changed.notify_all()

    async def _wait_until(self, predicate: Callable[[], bool], limit: float, what: str) -> None:
        if self._changed is None:
            raise RuntimeError("FakeSocketMode is not running")
        try:
            async with asyncio.timeout(limit), self._changed:
                await self._changed.wait_for(predicate)
        except TimeoutError:
            raise TimeoutError(f"{what} within {limit}s") from None

    async def wait_for_connection(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109 - bounded wait
        """Wait until an app is connected (and has been sent ``hello``)."""
        await self._wait_until(lambda: self.connection_count > 0, timeout, "no Socket Mode connection")

    async def wait_for_connections_accepted(self, total: int, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until ``total`` connections were accepted (e.g. 2 after a reconnect) and one is open."""
        await self._wait_until(
            lambda: self.connections_accepted >= total and self.connection_count > 0,
            timeout,
            f"fewer than {total} Socket Mode connections",
        )

    # ---------------------------------------------------------------- pushing envelopes

    async def push(
        self,
        envelope_type: str,
        payload: Mapping[str, Any],
        *,
        envelope_id: str | None = None,
        accepts_response_payload: bool | None = None,
        retry_attempt: int = 0,
        retry_reason: str = "",
        timeout: float = 5.0,  # noqa: ASYNC109 - bounded wait for a connection
    ) -> str:
        """Send an envelope to the (most recently) connected app; returns its ``envelope_id``.

        Waits up to ``timeout`` for a connection. ``accepts_response_payload`` defaults to what Slack sends:
        true for slash commands, view submissions and block suggestions, false otherwise.
        """
        if envelope_type not in ENVELOPE_TYPES:
            raise ValueError(
                f"unknown envelope type {envelope_type!r}; expected one of {sorted(ENVELOPE_TYPES)}"
            )
        await self.wait_for_connection(timeout)
        if accepts_response_payload is None:
            accepts_response_payload = envelope_type == "slash_commands" or (
                envelope_type == "interactive" and payload.get("type") in _INTERACTIVE_WITH_RESPONSE
            )
        envelope: JsonDict = {
            "envelope_id": envelope_id or str(uuid.uuid4()),
            "payload": dict(payload),
            "type": envelope_type,
            "accepts_response_payload": accepts_response_payload,
        }
        if envelope_type == "events_api":
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason
        await self._send(envelope)
        return str(envelope["envelope_id"])

    async def push_and_wait_for_ack(
        self,
        envelope_type: str,
        payload: Mapping[str, Any],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - bounded wait
        **options: Any,
    ) -> SocketAck:
        """:meth:`push` then :meth:`wait_for_ack`."""
        envelope_id = await self.push(envelope_type, payload, timeout=timeout, **options)
        return await self.wait_for_ack(envelope_id, timeout)

    async def send_disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the app to reconnect, as Slack does every few hours.

        ``reason`` is one of "warning", "refresh_requested", "link_disabled".
        """
        await self._send(
            {
                "type": "disconnect",
                "reason": reason,
                "debug_info": {"host": "applink-fake-1"},
            }
        )

    async def _send(self, message: JsonDict) -> None:
        open_connections = [ws for ws in self._connections if not ws.closed]
        if not open_connections:
            raise RuntimeError("no open Socket Mode connection")
        await open_connections[-1].send_str(json.dumps(message))
        self.sent.append(message)

    # ---------------------------------------------------------------- acknowledgements

    def ack_for(self, envelope_id: str) -> SocketAck | None:
        for ack in self.acks:
            if ack.envelope_id == envelope_id:
                return ack
        return None

    async def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> SocketAck:  # noqa: ASYNC109
        """Wait (bounded by ``timeout``) for the app to acknowledge ``envelope_id``."""
        await self._wait_until(
            lambda: self.ack_for(envelope_id) is not None, timeout, f"no ack for envelope {envelope_id}"
        )
        ack = self.ack_for(envelope_id)
        assert ack is not None
        return ack

    # ---------------------------------------------------------------- the WebSocket endpoint

    async def _handle_ws(self, request: web.Request) -> web.StreamResponse:
        if "ticket" not in request.query:
            return web.Response(status=401, text="missing ticket")
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._connections.append(ws)
        self.connections_accepted += 1
        try:
            await ws.send_str(
                json.dumps(
                    {
                        "type": "hello",
                        "num_connections": self.connection_count,
                        "debug_info": {
                            "host": "applink-fake-1",
                            "build_number": 1,
                            "approximate_connection_time": 18060,
                        },
                        "connection_info": {"app_id": request.query.get("app_id", self.app_id)},
                    }
                )
            )
            await self._notify()
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_text(str(msg.data))
                elif msg.type == WSMsgType.ERROR:
                    break
        finally:
            self._connections.remove(ws)
            await self._notify()
        return ws

    async def _on_text(self, data: str) -> None:
        try:
            message = json.loads(data)
        except json.JSONDecodeError:
            return
        if not isinstance(message, dict):
            return
        self.received.append(message)
        envelope_id = message.get("envelope_id")
        if isinstance(envelope_id, str):
            payload = message.get("payload")
            self.acks.append(
                SocketAck(
                    envelope_id=envelope_id,
                    payload=payload if isinstance(payload, dict) else None,
                    raw=message,
                    timestamp=time.monotonic(),
                )
            )
        await self._notify()
