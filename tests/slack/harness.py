"""Kindling's real Slack adapter against the fake Slack, driven the way Slack drives it.

`SlackHarness` runs `SlackRuntime` (HTTP or Socket Mode) on the fake Web API; `SlackCommunity` is the shared
scenarios' driver over it: people by name in (signed requests or Socket Mode envelopes), deliveries by name
out (read back from the Web API calls Kindling made).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode

import aiohttp
from pydantic import SecretStr

from adapters.slack.pacing import ChannelPacer
from adapters.slack.render import unescape
from adapters.slack.runtime import SlackRuntime
from bot.clock import ManualClock
from bot.installations import SlackInstallations
from bot.settings import Settings
from bot.storage.database import Database
from tests.fakes.slack_api import RESPONSE_URL_METHOD, FakeSlackApi, RecordedCall
from tests.fakes.slack_signing import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    block_actions_payload,
    event_callback_payload,
    member_joined_channel_event,
    member_left_channel_event,
    message_event,
    signed_headers,
    slash_command_payload,
    team_join_event,
)
from tests.fakes.slack_socket import FakeSocketMode
from tests.scenarios.driver import Delivery
from tests.support.core import test_core

BOT_TOKEN = "xoxb-1-kindling-test"
APP_TOKEN = "xapp-1-A0KINDLING-1-kindling"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
HOME = "C0HOME"
CHANNEL_NAMES = {HOME: "home", "C0OTHER": "other", "C0GENERAL": "general"}
#: Slack's deadline is 3 s; Kindling's acks must be far quicker than that.
ACK_BUDGET = 1.0

Kind = Literal["command", "event", "action"]


def settings_for(
    slack: FakeSlackApi, *, mode: Literal["http", "socket"] = "http", **overrides: Any
) -> Settings:
    values: dict[str, Any] = {
        "slack_bot_token": SecretStr(BOT_TOKEN),
        "slack_app_token": SecretStr(APP_TOKEN),
        "slack_signing_secret": SecretStr(SIGNING_SECRET),
        "slack_mode": mode,
        "slack_api_url": slack.base_url,
        "http_host": "127.0.0.1",
        "outbox_max_attempts": 3,
        **overrides,
    }
    # Port 0 (any free port) is not a valid setting, but the runtime's server reports the port it got.
    return Settings(_env_file=None, **values).model_copy(update={"http_port": 0})


@dataclass(frozen=True)
class Ack:
    status: int
    body: str
    seconds: float


@dataclass
class SlackHarness:
    """A started `SlackRuntime` on the fake Slack (HTTP mode, or Socket Mode with `socket` given)."""

    slack: FakeSlackApi
    database: Database
    clock: ManualClock
    settings: Settings
    socket: FakeSocketMode | None = None
    acks: list[Ack] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.core = test_core(self.database, self.clock)
        self.kindling = self.core.kindling
        self.runtime = SlackRuntime(
            settings=self.settings,
            intake=self.core.intake(),
            installations=SlackInstallations(database=self.database, clock=self.clock),
            clock=self.clock,
            ready=self.database.ping,
            pacer=ChannelPacer(interval=0.0),
        )
        self.worker = self.core.worker(self.settings, platform_name="slack", chat=self.runtime.platform)
        self._http: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> SlackHarness:
        if self.socket is not None:
            self.slack.socket_mode_url = self.socket.url
        await self.runtime.start()
        if self.socket is not None:
            await self.socket.wait_for_connection()
        self._http = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._http is not None:
            await self._http.close()
        await self.runtime.stop()

    @property
    def url(self) -> str:
        assert self.runtime.http is not None
        return f"http://127.0.0.1:{self.runtime.http.port}"

    async def post(
        self, path: str, body: bytes, content_type: str, *, timestamp: int | None = None, secret: str = ""
    ) -> Ack:
        """POST a request signed as Slack signs it (with `secret`, default the right one)."""
        assert self._http is not None
        headers = signed_headers(secret or SIGNING_SECRET, body, content_type, timestamp)
        started = time.monotonic()
        async with self._http.post(self.url + path, data=body, headers=headers) as response:
            text = await response.text()
        ack = Ack(response.status, text, time.monotonic() - started)
        self.acks.append(ack)
        return ack

    async def send(self, kind: Kind, payload: Mapping[str, Any]) -> Ack:
        """Deliver `payload` as Slack would in this mode; returns the acknowledgement."""
        if self.socket is not None:
            envelope = {"command": "slash_commands", "event": "events_api", "action": "interactive"}[kind]
            started = time.monotonic()
            envelope_id = await self.socket.push(envelope, payload)
            acked = await self.socket.wait_for_ack(envelope_id, timeout=5)
            ack = Ack(200, json.dumps(acked.payload or {}), acked.timestamp - started)
            self.acks.append(ack)
            return ack
        if kind == "event":
            return await self.post("/slack/events", json.dumps(payload).encode(), JSON_CONTENT_TYPE)
        if kind == "action":
            body = urlencode({"payload": json.dumps(payload)}).encode()
        else:
            body = urlencode(dict(payload)).encode()
        return await self.post("/slack/events", body, FORM_CONTENT_TYPE)

    async def event(self, event: Mapping[str, Any]) -> Ack:
        return await self.send("event", event_callback_payload(self.slack.team_id, event))

    async def settle(self) -> None:
        """Everything acknowledged is handled, and everything it queued is delivered."""
        await self.runtime.intake.idle(timeout=10)
        await self.worker.run_until_idle()


_USER = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([A-Z0-9]+)(?:\|[^>]*)?>")


class SlackCommunity:
    """The shared scenarios' driver (tests/scenarios/driver.py) over Kindling's Slack adapter."""

    def __init__(self, harness: SlackHarness) -> None:
        self.h = harness
        self.slack = harness.slack
        self._ids: dict[str, str] = {}
        self._joined: set[str] = set()
        self._response_urls: dict[str, str] = {}
        self._seen = 0

    def user_id(self, name: str) -> str:
        if name not in self._ids:
            user_id = "U0" + re.sub(r"[^A-Z0-9]", "", name.upper())
            self._ids[name] = user_id
            self.slack.set_user(user_id, name=name, display_name=name, real_name=name.title())
        return self._ids[name]

    def name_of(self, user_id: str) -> str:
        return next((n for n, i in self._ids.items() if i == user_id), user_id)

    async def start(self) -> None:
        """The workspace owner makes #home Kindling's home channel, as the README's set-up says."""
        owner = self.user_id("owner")
        self.slack.set_user(owner, name="owner", display_name="owner", is_owner=True)
        await self.command("owner", "setup")
        await self.settle()

    # ------------------------------------------------------------------ CommunityDriver

    async def join(self, name: str) -> None:
        user_id = self.user_id(name)
        if name not in self._joined:  # new to the workspace: Slack sends team_join, then the channel join
            self._joined.add(name)
            self._ok(await self.h.event(team_join_event(user_id, name=name)))
        self._ok(await self.h.event(member_joined_channel_event(user_id, HOME)))

    async def leave(self, name: str) -> None:
        self._ok(await self.h.event(member_left_channel_event(self.user_id(name), HOME)))

    async def say(self, name: str, text: str) -> None:
        self._ok(await self.h.event(message_event(HOME, self.user_id(name), text)))

    async def command(self, name: str, text: str) -> None:
        await self.send_command(name, text)

    async def send_command(self, name: str, text: str, *, channel: str = HOME) -> Ack:
        """`name` runs `/kindling <text>` in `channel`; returns Kindling's acknowledgement."""
        user_id = self.user_id(name)
        url = self.slack.response_url()
        self._response_urls[url.removeprefix(self.slack.origin)] = name
        # should_escape: Slack sends @name as <@U...|name>.
        escaped = re.sub(r"@([\w.-]+)", lambda m: f"<@{self.user_id(m.group(1))}|{m.group(1)}>", text)
        payload = slash_command_payload(
            text=escaped,
            user_id=user_id,
            user_name=name,
            channel_id=channel,
            channel_name=CHANNEL_NAMES.get(channel, channel),
            team_id=self.slack.team_id,
            response_url=url,
        )
        return self._ok(await self.h.send("command", payload))

    async def click(self, name: str, action_id: str, value: str) -> None:
        user_id = self.user_id(name)
        url = self.slack.response_url()
        self._response_urls[url.removeprefix(self.slack.origin)] = name
        with_button = [
            c
            for c in self.slack.calls_to("chat.postMessage")
            if action_id in json.dumps(c.decoded("blocks"))
            and json.dumps(value) in json.dumps(c.decoded("blocks"))
        ]
        # The member's own DM when the button was sent there, else the channel post that carries it.
        posted = [
            c for c in with_button if self.slack.conversation_members(str(c.args["channel"])) == (user_id,)
        ] or [c for c in with_button if self.slack.conversation_members(str(c.args["channel"])) is None]
        message = posted[-1].response["message"] if posted and posted[-1].response else None
        payload = block_actions_payload(
            action_id=action_id,
            value=value,
            user_id=user_id,
            user_name=name,
            team_id=self.slack.team_id,
            channel_id=str(posted[-1].args["channel"]) if posted else "D0UNKNOWN",
            channel_name=CHANNEL_NAMES.get(str(posted[-1].args["channel"]), "directmessage")
            if posted
            else "directmessage",
            message=message,
            response_url=url,
        )
        self._ok(await self.h.send("action", payload))

    async def make_organiser(self, name: str) -> None:
        user_id = self.user_id(name)
        self.slack.set_user(user_id, name=name, display_name=name, is_admin=True)

    async def settle(self) -> list[Delivery]:
        await self.h.settle()
        calls = self.slack.calls[self._seen :]
        self._seen = len(self.slack.calls)
        return [d for d in (self._delivery(c) for c in calls if c.ok) if d is not None]

    # ------------------------------------------------------------------ reading back

    def _ok(self, ack: Ack) -> Ack:
        assert ack.status == 200, ack
        assert ack.seconds < ACK_BUDGET, f"ack took {ack.seconds:.2f}s"
        return ack

    def _delivery(self, call: RecordedCall) -> Delivery | None:
        if call.method == "chat.postMessage":
            channel = str(call.args["channel"])
            members = self.slack.conversation_members(channel)
            if members is not None and len(members) == 1:
                return self._read("dm", self.name_of(members[0]), call)
            return self._read("channel", CHANNEL_NAMES.get(channel, channel), call)
        if call.method == "chat.postEphemeral":
            return self._read("private", self.name_of(str(call.args["user"])), call)
        if call.method == RESPONSE_URL_METHOD:
            return self._read("private", self._response_urls.get(call.path, "?"), call)
        return None

    def _read(self, kind: str, to: str, call: RecordedCall) -> Delivery:
        text = _USER.sub(lambda m: "@" + self.name_of(m.group(1)), str(call.args.get("text", "")))
        text = unescape(_CHANNEL.sub(lambda m: "#" + CHANNEL_NAMES.get(m.group(1), m.group(1)), text))
        buttons = tuple(
            (str(e["text"]["text"]), str(e["action_id"]), str(e.get("value", "")))
            for block in call.decoded("blocks") or []
            if block.get("type") == "actions"
            for e in block["elements"]
        )
        return Delivery(kind, to, text, buttons)
