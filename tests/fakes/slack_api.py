"""A fake Slack Web API server that speaks Slack's real wire protocol, for the real slack-sdk / slack-bolt.

It listens on ``127.0.0.1`` (an ephemeral port) and answers ``/api/<method>`` the way
``https://slack.com/api/`` does: HTTP 200 with ``{"ok": true, ...}`` or ``{"ok": false, "error": "..."}``;
HTTP 429 with a ``Retry-After`` header and ``{"ok": false, "error": "ratelimited"}`` when rate limited.
Arguments are accepted as a JSON body, a form-encoded body, a multipart body or a query string (slack-sdk
uses all of them: ``chat.postMessage`` goes as JSON, ``conversations.history`` as a GET query string,
``chat.delete`` as a POST with a query string).

Usage::

    async with FakeSlackApi(bot_tokens=["xoxb-test"]) as slack:
        client = AsyncWebClient(token="xoxb-test", base_url=slack.base_url)
        await client.chat_postMessage(channel="C0GENERAL", text="hi")
        [call] = slack.calls_to("chat.postMessage")
        assert call.args["text"] == "hi"

Besides the Web API it serves:

* ``POST /response/<id>``: a ``response_url`` (mint one with :meth:`FakeSlackApi.response_url`); recorded as
  calls with method :data:`RESPONSE_URL_METHOD` (``"response_url"``) whose ``args`` are the JSON body.
* ``POST /upload/v1/<file_id>``: the upload URL handed out by ``files.getUploadURLExternal``; recorded with
  method :data:`UPLOAD_URL_METHOD` (``"upload_url"``); the bytes end up in :attr:`FakeSlackApi.uploads`.

State is kept in memory: messages posted with ``chat.postMessage`` are returned by ``conversations.history``
(newest first, ``metadata`` only with ``include_all_metadata``) and ``conversations.replies``; users are
configured with :meth:`FakeSlackApi.set_user`; anything not implemented can be stubbed with
:meth:`FakeSlackApi.stub`. Faults are injected with :meth:`FakeSlackApi.fail_next` or
:attr:`FakeSlackApi.faults`.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import copy
import hashlib
import itertools
import json
import random
import socket
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Final, Literal, Self, TypeAlias
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy

__all__ = [
    "DEFAULT_APP_ID",
    "DEFAULT_BOT_ID",
    "DEFAULT_BOT_USER_ID",
    "DEFAULT_TEAM_DOMAIN",
    "DEFAULT_TEAM_ID",
    "DEFAULT_TEAM_NAME",
    "JSON_ENCODED_FIELDS",
    "RESPONSE_URL_METHOD",
    "UPLOAD_URL_METHOD",
    "FakeSlackApi",
    "FakeUser",
    "Faults",
    "JsonDict",
    "RecordedCall",
    "StubHandler",
]

JsonDict = dict[str, Any]
#: A stub for :meth:`FakeSlackApi.stub`: a fixed response, or a function of the call's args.
StubHandler: TypeAlias = JsonDict | Callable[[Mapping[str, Any]], JsonDict]

RESPONSE_URL_METHOD: Final = "response_url"
UPLOAD_URL_METHOD: Final = "upload_url"

DEFAULT_TEAM_ID: Final = "T0KINDLING"
DEFAULT_TEAM_NAME: Final = "Kindling Test"
DEFAULT_TEAM_DOMAIN: Final = "kindling-test"
DEFAULT_APP_ID: Final = "A0KINDLING"
DEFAULT_BOT_USER_ID: Final = "U0KBOT"
DEFAULT_BOT_ID: Final = "B0KBOT"
DEFAULT_BOT_NAME: Final = "kindling"

#: Arguments that travel as a JSON-encoded string in form posts but as a JSON value in JSON posts.
JSON_ENCODED_FIELDS: Final = frozenset(
    {"blocks", "attachments", "metadata", "user_auth_blocks", "unfurls", "view", "files", "profile"}
)

_NO_AUTH_METHODS: Final = frozenset({"api.test", "oauth.v2.access", "oauth.v2.exchange"})
_TRUE_STRINGS: Final = frozenset({"1", "true", "yes"})
_MAX_TEXT: Final = 40_000
_MAX_BLOCKS: Final = 50
_MAX_MPIM_USERS: Final = 8


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in _TRUE_STRINGS
    return False


def _ts_key(ts: str) -> tuple[int, int]:
    """Sort key for Slack timestamps ("1700000000.000100"), exact (no float rounding)."""
    seconds, _, micros = ts.partition(".")
    try:
        return int(seconds or 0), int((micros or "0").ljust(6, "0")[:6])
    except ValueError:
        return (0, 0)


def _slack_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:10].upper()
    return f"{prefix}{digest}"


# ----------------------------------------------------------------------------------------------------------
# Public records and configuration
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedCall:
    """One request the fake received (including ones answered with an injected fault)."""

    #: Web API method ("chat.postMessage"), or "response_url" / "upload_url".
    method: str
    #: The arguments: query string, then form / JSON body on top. Form values are strings; JSON keeps types.
    args: Mapping[str, Any]
    #: The request headers (case-insensitive mapping), including ``Authorization: Bearer xoxb-...``.
    headers: Mapping[str, str]
    #: ``time.monotonic()`` when the request arrived.
    timestamp: float
    http_method: str = "POST"
    path: str = ""
    #: "json", "form", "multipart", "query" (no body) or "bytes" (raw upload).
    encoding: str = "query"
    #: HTTP status the fake answered with (0 when the connection was dropped).
    status: int = 200
    #: The JSON body of the answer (None for dropped connections and non-JSON answers).
    response: Mapping[str, Any] | None = None
    #: None for a normal answer; "ratelimited", "server_error", "error" or "dropped" for an injected fault.
    fault: str | None = None

    @property
    def token(self) -> str | None:
        """The bearer token from the Authorization header, else a ``token`` argument."""
        auth = self.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip() or None
        token = self.args.get("token")
        return token if isinstance(token, str) and token else None

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.response is not None and self.response.get("ok") is True

    def decoded(self, name: str) -> Any:
        """An argument with JSON-encoded strings (``blocks``, ``metadata``...) decoded; None when absent."""
        value = self.args.get(name)
        if isinstance(value, str) and name in JSON_ENCODED_FIELDS:
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                return value
        return value


@dataclass(frozen=True)
class Faults:
    """Probabilistic fault injection, applied to every request (or only to ``methods``).

    ``rate_limit``, ``server_error`` and ``drop`` are probabilities (summing to at most 1). ``drop``
    closes the connection without answering. With a ``seed`` the sequence of faults is reproducible (for a
    given order of requests).
    """

    rate_limit: float = 0.0
    server_error: float = 0.0
    drop: float = 0.0
    seed: int | None = None
    #: The Retry-After header (whole seconds, as Slack sends it) on injected 429s.
    retry_after: int = 0
    server_error_status: int = 500
    #: Limit the faults to these methods (e.g. ``frozenset({"chat.postMessage"})``); None means all.
    methods: frozenset[str] | None = None

    def __post_init__(self) -> None:
        for name in ("rate_limit", "server_error", "drop"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"Faults.{name} must be a probability in [0, 1], got {value}")
        if self.rate_limit + self.server_error + self.drop > 1.0:
            raise ValueError("Faults probabilities must sum to at most 1")
        if self.retry_after < 0:
            raise ValueError("Faults.retry_after must be >= 0")


@dataclass(frozen=True)
class FakeUser:
    """A workspace member as ``users.info`` describes it."""

    id: str
    name: str | None = None
    real_name: str | None = None
    display_name: str | None = None
    email: str | None = None
    tz: str = "UTC"
    is_admin: bool = False
    is_owner: bool = False
    is_primary_owner: bool = False
    is_bot: bool = False
    is_app_user: bool = False
    is_restricted: bool = False
    is_ultra_restricted: bool = False
    deleted: bool = False
    team_id: str = DEFAULT_TEAM_ID
    bot_id: str | None = None
    locale: str = "en-US"

    def to_slack(self, *, include_locale: bool = False, now: datetime | None = None) -> JsonDict:
        """The user object exactly as Slack returns it from ``users.info`` and in ``team_join``."""
        name = self.name or self.id.lower()
        real_name = self.real_name if self.real_name is not None else name.replace(".", " ").title()
        display_name = self.display_name if self.display_name is not None else name
        try:
            zone: ZoneInfo = ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        moment = (now or datetime.now(UTC)).astimezone(zone)
        offset = moment.utcoffset()
        profile: JsonDict = {
            "title": "",
            "phone": "",
            "skype": "",
            "real_name": real_name,
            "real_name_normalized": real_name,
            "display_name": display_name,
            "display_name_normalized": display_name,
            "fields": None,
            "status_text": "",
            "status_emoji": "",
            "status_expiration": 0,
            "avatar_hash": "g" + hashlib.md5(self.id.encode(), usedforsecurity=False).hexdigest()[:11],
            "first_name": real_name.split(" ")[0] if real_name else "",
            "last_name": " ".join(real_name.split(" ")[1:]) if real_name else "",
            "image_24": f"https://secure.gravatar.com/avatar/{self.id}.jpg?s=24",
            "image_48": f"https://secure.gravatar.com/avatar/{self.id}.jpg?s=48",
            "image_72": f"https://secure.gravatar.com/avatar/{self.id}.jpg?s=72",
            "team": self.team_id,
        }
        if self.email is not None and not self.is_bot:
            profile["email"] = self.email
        if self.is_bot:
            profile["bot_id"] = self.bot_id or _slack_id("B", self.id)
            profile["always_active"] = False
        user: JsonDict = {
            "id": self.id,
            "team_id": self.team_id,
            "name": name,
            "deleted": self.deleted,
            "color": "9f69e7",
            "real_name": real_name,
            "tz": zone.key,
            "tz_label": moment.tzname() or zone.key,
            "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
            "profile": profile,
            "is_admin": self.is_admin,
            "is_owner": self.is_owner,
            "is_primary_owner": self.is_primary_owner,
            "is_restricted": self.is_restricted,
            "is_ultra_restricted": self.is_ultra_restricted,
            "is_bot": self.is_bot,
            "is_app_user": self.is_app_user,
            "updated": 1_700_000_000,
            "is_email_confirmed": not self.is_bot,
            "who_can_share_contact_card": "EVERYONE",
        }
        if include_locale:
            user["locale"] = self.locale
        return user


@dataclass(frozen=True)
class _InjectedFault:
    kind: Literal["status", "drop"]
    status: int = 200
    retry_after: int | None = None
    error: str | None = None


@dataclass
class _OAuthGrant:
    user_id: str
    scope: str
    user_scope: str
    is_enterprise_install: bool


@dataclass
class _UploadedFile:
    id: str
    name: str
    title: str
    length: int
    alt_txt: str | None
    created: int
    data: bytes | None = None
    channels: list[str] = field(default_factory=list)


class _ParsedRequest:
    def __init__(
        self,
        method: str,
        args: JsonDict,
        encoding: str,
        parse_error: str | None,
    ) -> None:
        self.method = method
        self.args = args
        self.encoding = encoding
        self.parse_error = parse_error


class _ApiError(Exception):
    """Raised by a method handler to answer ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


# ----------------------------------------------------------------------------------------------------------
# The server
# ----------------------------------------------------------------------------------------------------------


class FakeSlackApi:
    """The fake Web API. Use as ``async with FakeSlackApi() as slack:`` (or ``await start()`` / ``close()``).

    ``bot_tokens``: when given, only these bearer tokens (plus tokens issued by ``oauth.v2.access``) are
    accepted; other tokens get ``invalid_auth``. When empty, any ``xoxb-``/``xoxp-`` token is accepted.
    ``app_tokens``: the same for the ``xapp-`` token that ``apps.connections.open`` needs.
    ``clock``: wall-clock seconds used for message ``ts`` values (``ts`` is strictly increasing regardless).
    """

    def __init__(
        self,
        *,
        bot_tokens: Iterable[str] = (),
        app_tokens: Iterable[str] = (),
        team_id: str = DEFAULT_TEAM_ID,
        team_name: str = DEFAULT_TEAM_NAME,
        team_domain: str = DEFAULT_TEAM_DOMAIN,
        enterprise_id: str | None = None,
        app_id: str = DEFAULT_APP_ID,
        bot_user_id: str = DEFAULT_BOT_USER_ID,
        bot_id: str = DEFAULT_BOT_ID,
        bot_name: str = DEFAULT_BOT_NAME,
        bot_scopes: Iterable[str] = (
            "chat:write",
            "commands",
            "im:write",
            "mpim:write",
            "channels:history",
            "groups:history",
            "im:history",
            "users:read",
            "reactions:write",
            "files:write",
        ),
        oauth_client_id: str | None = None,
        oauth_client_secret: str | None = None,
        socket_mode_url: str | None = None,
        default_tz: str = "UTC",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.bot_tokens: set[str] = set(bot_tokens)
        self.app_tokens: set[str] = set(app_tokens)
        self.team_id = team_id
        self.team_name = team_name
        self.team_domain = team_domain
        self.enterprise_id = enterprise_id
        self.app_id = app_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.bot_scopes: tuple[str, ...] = tuple(bot_scopes)
        self.oauth_client_id = oauth_client_id
        self.oauth_client_secret = oauth_client_secret
        #: What ``apps.connections.open`` returns as ``url`` (set it to ``FakeSocketMode.url``).
        self.socket_mode_url: str | None = socket_mode_url
        self.default_tz = default_tz
        self._clock = clock

        #: Every request received, in arrival order.
        self.calls: list[RecordedCall] = []
        #: Users for ``users.info``; unknown user ids get a plain member.
        self.users: dict[str, FakeUser] = {}
        #: Bytes posted to upload URLs, by file id.
        self.uploads: dict[str, bytes] = {}
        #: Who is in each channel, for ``conversations.members`` (set with :meth:`set_channel_members`).
        self.channel_members: dict[str, list[str]] = {}

        self._faults: Faults | None = None
        self._fault_rng = random.Random()
        self._queued_faults: dict[str, deque[_InjectedFault]] = {}
        self._stubs: dict[str, StubHandler] = {}
        self._messages: dict[str, list[JsonDict]] = {}
        self._conversations: dict[str, tuple[str, ...]] = {}
        self._files: dict[str, _UploadedFile] = {}
        self._oauth_grants: dict[str, _OAuthGrant] = {}
        self._issued_tokens: dict[str, str] = {}
        self._last_ts_us = 0
        self._counter = itertools.count(1)
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

        self._handlers: dict[str, Callable[[JsonDict, str | None], JsonDict]] = {
            "api.test": self._api_test,
            "auth.test": self._auth_test,
            "apps.connections.open": self._apps_connections_open,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.postMessage": self._chat_post_message,
            "chat.update": self._chat_update,
            "conversations.history": self._conversations_history,
            "conversations.members": self._conversations_members,
            "conversations.open": self._conversations_open,
            "conversations.replies": self._conversations_replies,
            "files.completeUploadExternal": self._files_complete_upload_external,
            "files.getUploadURLExternal": self._files_get_upload_url_external,
            "files.info": self._files_info,
            "reactions.add": self._reactions_add,
            "users.info": self._users_info,
            "users.list": self._users_list,
        }

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
            raise RuntimeError("FakeSlackApi is already running")
        self._changed = asyncio.Condition()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{response_id}", self._handle_response_url)
        app.router.add_post("/upload/v1/{file_id}", self._handle_upload)
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
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    # ---------------------------------------------------------------- addresses

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeSlackApi is not running; use `async with FakeSlackApi() as slack:`")
        return self._port

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """The value for ``AsyncWebClient(base_url=...)``: ``http://127.0.0.1:PORT/api/`` (trailing slash)."""
        return f"{self.origin}/api/"

    def response_url(self, response_id: str | None = None) -> str:
        """Mint a ``response_url`` served by this fake (POSTs to it are recorded as "response_url" calls)."""
        rid = response_id or f"{self.team_id}-{next(self._counter)}-{uuid.uuid4().hex[:24]}"
        return f"{self.origin}/response/{rid}"

    # ---------------------------------------------------------------- recorded calls

    def calls_to(self, method: str, *, include_faulted: bool = False) -> list[RecordedCall]:
        """Calls to ``method`` in arrival order; calls answered with an injected fault are left out unless
        ``include_faulted``."""
        return [c for c in self.calls if c.method == method and (include_faulted or c.fault is None)]

    def responses_to(self, response_url: str) -> list[RecordedCall]:
        """The POSTs made to one ``response_url`` minted by :meth:`response_url`."""
        path = response_url.removeprefix(self.origin)
        return [c for c in self.calls_to(RESPONSE_URL_METHOD) if c.path == path]

    async def wait_for_calls(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - a bounded wait is the point of this helper
        *,
        include_faulted: bool = False,
    ) -> list[RecordedCall]:
        """Wait until at least ``count`` calls to ``method`` were received; return them all.

        Wakes up on every recorded call (no polling interval); raises ``TimeoutError`` after ``timeout``.
        """
        if self._changed is None:
            raise RuntimeError("FakeSlackApi is not running")

        def enough() -> bool:
            return len(self.calls_to(method, include_faulted=include_faulted)) >= count

        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(enough)
        except TimeoutError:
            seen = sorted({c.method for c in self.calls})
            got = len(self.calls_to(method, include_faulted=include_faulted))
            raise TimeoutError(
                f"expected {count} call(s) to {method} within {timeout}s, got {got}; methods seen: {seen}"
            ) from None
        return self.calls_to(method, include_faulted=include_faulted)

    # ---------------------------------------------------------------- configuration helpers

    def set_user(self, user_id: str, **fields: Any) -> FakeUser:
        """Configure ``users.info`` for a user: ``set_user("U1", is_admin=True, tz="Europe/Berlin")``."""
        fields.setdefault("team_id", self.team_id)
        fields.setdefault("tz", self.default_tz)
        user = FakeUser(id=user_id, **fields)
        self.users[user_id] = user
        return user

    def set_channel_members(self, channel: str, user_ids: Iterable[str]) -> None:
        """Who ``conversations.members`` lists for ``channel`` (users not configured are plain members)."""
        self.channel_members[channel] = list(user_ids)

    def user(self, user_id: str) -> FakeUser:
        """The configured user, or the default plain member for an unknown id."""
        if user_id in self.users:
            return self.users[user_id]
        if user_id == self.bot_user_id:
            return FakeUser(
                id=user_id,
                name=self.bot_name,
                real_name=self.bot_name.title(),
                is_bot=True,
                bot_id=self.bot_id,
                team_id=self.team_id,
                tz=self.default_tz,
            )
        return FakeUser(id=user_id, team_id=self.team_id, tz=self.default_tz)

    def stub(self, method: str, handler: StubHandler) -> None:
        """Answer ``method`` with a fixed JSON body or ``handler(args)`` (overrides a built-in method too)."""
        self._stubs[method] = handler

    def fail_next(
        self,
        method: str,
        status: int = 429,
        *,
        retry_after: int | None = 1,
        error: str | None = None,
        drop: bool = False,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls to ``method`` with a fault instead of the normal answer.

        * ``status=429``: ``Retry-After: <retry_after>`` and ``{"ok": false, "error": "ratelimited"}``.
        * ``status=500``/``503``: ``{"ok": false, "error": "fatal_error"/"service_unavailable"}``.
        * ``status=200, error="not_in_channel"``: a normal Slack error answer.
        * ``drop=True``: close the connection without answering.
        """
        if times < 1:
            raise ValueError("times must be >= 1")
        fault = (
            _InjectedFault("drop")
            if drop
            else _InjectedFault("status", status=status, retry_after=retry_after, error=error)
        )
        queue = self._queued_faults.setdefault(method, deque())
        queue.extend([fault] * times)

    @property
    def faults(self) -> Faults | None:
        return self._faults

    @faults.setter
    def faults(self, value: Faults | None) -> None:
        self._faults = value
        self._fault_rng = random.Random(value.seed if value is not None else None)

    def mint_oauth_code(
        self,
        *,
        user_id: str = "U0INSTALLER",
        scope: str | None = None,
        user_scope: str = "",
        is_enterprise_install: bool = False,
    ) -> str:
        """A one-time ``code`` that ``oauth.v2.access`` exchanges for a bot token (unknown codes fail)."""
        code = f"{next(self._counter)}.{uuid.uuid4().hex}"
        self._oauth_grants[code] = _OAuthGrant(
            user_id=user_id,
            scope=scope if scope is not None else ",".join(self.bot_scopes),
            user_scope=user_scope,
            is_enterprise_install=is_enterprise_install,
        )
        return code

    # ---------------------------------------------------------------- state inspection / seeding

    def messages(self, channel: str) -> list[JsonDict]:
        """Every stored message in ``channel`` (top-level and replies), oldest first (deep copies)."""
        return copy.deepcopy(sorted(self._messages.get(channel, []), key=lambda m: _ts_key(m["ts"])))

    def seed_message(
        self,
        channel: str,
        text: str = "",
        *,
        user: str | None = None,
        ts: str | None = None,
        thread_ts: str | None = None,
        blocks: list[JsonDict] | None = None,
        metadata: JsonDict | None = None,
        from_bot: bool = False,
    ) -> JsonDict:
        """Put a message into ``channel`` as if it had been posted earlier; returns the stored message."""
        message = self._new_message(
            text=text,
            user=self.bot_user_id if from_bot else (user or "U0SEEDER"),
            from_bot=from_bot,
            ts=ts or self._next_ts(),
        )
        if blocks is not None:
            message["blocks"] = copy.deepcopy(blocks)
        if metadata is not None:
            message["metadata"] = copy.deepcopy(metadata)
        self._store_message(channel, message, thread_ts=thread_ts, broadcast=False)
        return copy.deepcopy(message)

    def conversation_members(self, channel_id: str) -> tuple[str, ...] | None:
        """The users a DM / group DM opened with ``conversations.open`` was opened for."""
        return self._conversations.get(channel_id)

    # ---------------------------------------------------------------- HTTP plumbing

    async def _record(self, call: RecordedCall) -> None:
        self.calls.append(call)
        if self._changed is not None:
            async with self._changed:
                self._changed.notify_all()

    @staticmethod
    def _headers(request: web.Request) -> CIMultiDictProxy[str]:
        return CIMultiDictProxy(CIMultiDict(request.headers))

    @staticmethod
    async def _parse(request: web.Request, method: str) -> _ParsedRequest:
        args: JsonDict = dict(request.query)
        encoding = "query"
        error: str | None = None
        if request.can_read_body:
            ctype = request.content_type
            raw = await request.read()
            if ctype == "application/json":
                encoding = "json"
                try:
                    body = json.loads(raw.decode("utf-8")) if raw else {}
                except (UnicodeDecodeError, json.JSONDecodeError):
                    body, error = {}, "invalid_json"
                if isinstance(body, dict):
                    args.update(body)
                else:
                    error = "invalid_json"
            elif ctype == "application/x-www-form-urlencoded":
                encoding = "form"
                args.update(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
            elif ctype.startswith("multipart/"):
                encoding = "multipart"
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        content = value.file.read()
                        args[key] = {"filename": value.filename, "size": len(content)}
                    else:
                        args[key] = value
            elif raw:
                encoding = "bytes"
                error = "invalid_form_data"
        return _ParsedRequest(method, args, encoding, error)

    def _pick_fault(self, method: str) -> _InjectedFault | None:
        queue = self._queued_faults.get(method)
        if queue:
            return queue.popleft()
        faults = self._faults
        if faults is None or (faults.methods is not None and method not in faults.methods):
            return None
        roll = self._fault_rng.random()
        if roll < faults.rate_limit:
            return _InjectedFault("status", status=429, retry_after=faults.retry_after)
        if roll < faults.rate_limit + faults.server_error:
            return _InjectedFault("status", status=faults.server_error_status)
        if roll < faults.rate_limit + faults.server_error + faults.drop:
            return _InjectedFault("drop")
        return None

    @staticmethod
    def _fault_response(fault: _InjectedFault) -> tuple[web.Response, JsonDict, str]:
        headers: dict[str, str] = {}
        if fault.status == 429:
            body: JsonDict = {"ok": False, "error": fault.error or "ratelimited"}
            headers["Retry-After"] = str(fault.retry_after if fault.retry_after is not None else 1)
            label = "ratelimited"
        elif fault.status >= 500:
            default = "service_unavailable" if fault.status == 503 else "fatal_error"
            body = {"ok": False, "error": fault.error or default}
            label = "server_error"
        else:
            body = {"ok": False, "error": fault.error or "invalid_request"}
            label = "error"
        return web.json_response(body, status=fault.status, headers=headers), body, label

    def _api_headers(self) -> dict[str, str]:
        return {
            "x-oauth-scopes": ",".join(self.bot_scopes),
            "x-accepted-oauth-scopes": "",
            "x-slack-req-id": uuid.uuid4().hex,
        }

    async def _serve(
        self,
        request: web.Request,
        parsed: _ParsedRequest,
        started: float,
        answer: Callable[[], tuple[web.StreamResponse, int, JsonDict | None]],
    ) -> web.StreamResponse:
        """Apply fault injection, compute the answer, record the call, return the answer."""
        headers = self._headers(request)

        def record(status: int, response: JsonDict | None, fault: str | None) -> RecordedCall:
            return RecordedCall(
                method=parsed.method,
                args=parsed.args,
                headers=headers,
                timestamp=started,
                http_method=request.method,
                path=request.path,
                encoding=parsed.encoding,
                status=status,
                response=response,
                fault=fault,
            )

        fault = self._pick_fault(parsed.method)
        if fault is not None and fault.kind == "drop":
            await self._record(record(0, None, "dropped"))
            transport = request.transport
            if transport is not None:
                transport.abort()
            return web.Response(status=500)
        if fault is not None:
            fault_resp, fault_body, label = self._fault_response(fault)
            await self._record(record(fault.status, fault_body, label))
            return fault_resp
        resp, status, body = answer()
        await self._record(record(status, body, None))
        return resp

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        started = time.monotonic()
        parsed = await self._parse(request, request.match_info["method"])

        def answer() -> tuple[web.StreamResponse, int, JsonDict | None]:
            method, args = parsed.method, parsed.args
            try:
                if parsed.parse_error is not None:
                    raise _ApiError(parsed.parse_error)
                body = self._dispatch(method, args, request.headers.get("Authorization"))
            except _ApiError as e:
                body = {"ok": False, "error": e.error, **e.extra}
            return web.json_response(body, headers=self._api_headers()), 200, body

        return await self._serve(request, parsed, started, answer)

    def _dispatch(self, method: str, args: JsonDict, authorization: str | None) -> JsonDict:
        stub = self._stubs.get(method)
        if stub is not None:
            result = stub(args) if callable(stub) else stub
            return copy.deepcopy(result)
        if method == "oauth.v2.access":
            return self._oauth_v2_access(args, authorization)
        handler = self._handlers.get(method)
        if handler is None:
            raise _ApiError("unknown_method", req_method=method)
        token = self._token(authorization, args)
        self._check_auth(method, token)
        return handler(args, token)

    @staticmethod
    def _token(authorization: str | None, args: Mapping[str, Any]) -> str | None:
        if authorization and authorization.lower().startswith("bearer "):
            return authorization[7:].strip() or None
        token = args.get("token")
        return token if isinstance(token, str) and token else None

    def _check_auth(self, method: str, token: str | None) -> None:
        if method in _NO_AUTH_METHODS:
            return
        if not token:
            raise _ApiError("not_authed")
        if method == "apps.connections.open":
            if not token.startswith("xapp-"):
                raise _ApiError("not_allowed_token_type")
            if self.app_tokens and token not in self.app_tokens:
                raise _ApiError("invalid_auth")
            return
        if token.startswith("xapp-"):
            raise _ApiError("not_allowed_token_type")
        if token in self._issued_tokens:
            return
        if self.bot_tokens and token not in self.bot_tokens:
            raise _ApiError("invalid_auth")
        if not token.startswith(("xoxb-", "xoxp-")):
            raise _ApiError("invalid_auth")

    async def _handle_response_url(self, request: web.Request) -> web.StreamResponse:
        started = time.monotonic()
        parsed = await self._parse(request, RESPONSE_URL_METHOD)

        def answer() -> tuple[web.StreamResponse, int, JsonDict | None]:
            if parsed.parse_error is not None or parsed.encoding != "json":
                body: JsonDict = {"ok": False, "error": "invalid_payload"}
                return web.json_response(body, status=400), 400, body
            body = {"ok": True}
            return web.json_response(body), 200, body

        return await self._serve(request, parsed, started, answer)

    async def _handle_upload(self, request: web.Request) -> web.StreamResponse:
        started = time.monotonic()
        file_id = request.match_info["file_id"]
        data = b""
        if request.content_type.startswith("multipart/"):
            encoding = "multipart"
            form = await request.post()
            for value in form.values():
                if isinstance(value, web.FileField):
                    data = value.file.read()
                    break
        else:
            encoding = "bytes"
            data = await request.read()
        args: JsonDict = {"file_id": file_id, "size": len(data), "data": data}
        parsed = _ParsedRequest(UPLOAD_URL_METHOD, args, encoding, None)

        def answer() -> tuple[web.StreamResponse, int, JsonDict | None]:
            upload = self._files.get(file_id)
            if upload is None:
                return web.Response(status=404, text="Not Found"), 404, None
            upload.data = data
            self.uploads[file_id] = data
            return web.Response(status=200, text=f"OK - {len(data)}", content_type="text/plain"), 200, None

        return await self._serve(request, parsed, started, answer)

    # ---------------------------------------------------------------- message store

    def _next_ts(self) -> str:
        now_us = int(self._clock() * 1_000_000)
        self._last_ts_us = max(now_us, self._last_ts_us + 1)
        return f"{self._last_ts_us // 1_000_000}.{self._last_ts_us % 1_000_000:06d}"

    def _new_message(self, *, text: str, user: str, from_bot: bool, ts: str) -> JsonDict:
        message: JsonDict = {"type": "message", "text": text, "user": user, "ts": ts, "team": self.team_id}
        if from_bot:
            message["bot_id"] = self.bot_id
            message["app_id"] = self.app_id
            message["bot_profile"] = {
                "id": self.bot_id,
                "app_id": self.app_id,
                "name": self.bot_name,
                "icons": {"image_36": "https://a.slack-edge.com/80588/img/plugins/app/bot_36.png"},
                "deleted": False,
                "updated": 1_700_000_000,
                "team_id": self.team_id,
            }
        return message

    def _find(self, channel: str, ts: str) -> JsonDict | None:
        for message in self._messages.get(channel, []):
            if message["ts"] == ts:
                return message
        return None

    def _store_message(
        self, channel: str, message: JsonDict, *, thread_ts: str | None, broadcast: bool
    ) -> None:
        messages = self._messages.setdefault(channel, [])
        if thread_ts and thread_ts != message["ts"]:
            message["thread_ts"] = thread_ts
            parent = self._find(channel, thread_ts)
            if parent is not None:
                message["parent_user_id"] = parent.get("user", "")
                parent["thread_ts"] = parent["ts"]
                parent["reply_count"] = int(parent.get("reply_count", 0)) + 1
                users = [u for u in parent.get("reply_users", []) if u != message["user"]]
                users.append(message["user"])
                parent["reply_users"] = users
                parent["reply_users_count"] = len(users)
                parent["latest_reply"] = message["ts"]
                parent.setdefault("is_locked", False)
                parent.setdefault("subscribed", False)
            if broadcast:
                message["subtype"] = "thread_broadcast"
        messages.append(message)

    @staticmethod
    def _is_top_level(message: Mapping[str, Any]) -> bool:
        thread_ts = message.get("thread_ts")
        return thread_ts is None or thread_ts == message["ts"] or message.get("subtype") == "thread_broadcast"

    @staticmethod
    def _public(message: Mapping[str, Any], *, include_metadata: bool) -> JsonDict:
        out = copy.deepcopy(dict(message))
        if not include_metadata:
            out.pop("metadata", None)
        return out

    def _channel_arg(self, args: Mapping[str, Any], name: str = "channel") -> str:
        channel = args.get(name)
        if not isinstance(channel, str) or not channel.strip():
            raise _ApiError("channel_not_found")
        channel = channel.strip()
        if channel[0] in "UW" and channel[1:].isalnum():
            # Posting to a user id posts into the bot's DM with that user.
            channel = self._open_conversation((channel,))[0]
        return channel

    @staticmethod
    def _json_arg(args: Mapping[str, Any], name: str, error: str) -> Any:
        value = args.get(name)
        if isinstance(value, str):
            if value == "":
                return None
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                raise _ApiError(error) from None
        return value

    def _message_content(self, args: Mapping[str, Any]) -> JsonDict:
        content: JsonDict = {}
        blocks = self._json_arg(args, "blocks", "invalid_blocks_format")
        if blocks is not None:
            if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
                raise _ApiError("invalid_blocks_format")
            if len(blocks) > _MAX_BLOCKS:
                raise _ApiError("invalid_blocks", errors=[f"must be less than {_MAX_BLOCKS + 1} items"])
            if not all(isinstance(b.get("type"), str) for b in blocks):
                raise _ApiError("invalid_blocks", errors=["missing required field: type"])
            content["blocks"] = copy.deepcopy(blocks)
        attachments = self._json_arg(args, "attachments", "invalid_attachments")
        if attachments is not None:
            if not isinstance(attachments, list):
                raise _ApiError("invalid_attachments")
            content["attachments"] = copy.deepcopy(attachments)
        metadata = self._json_arg(args, "metadata", "invalid_metadata_format")
        if metadata is not None:
            if (
                not isinstance(metadata, dict)
                or not isinstance(metadata.get("event_type"), str)
                or not metadata["event_type"]
                or not isinstance(metadata.get("event_payload"), dict)
            ):
                raise _ApiError("invalid_metadata_format")
            content["metadata"] = {
                "event_type": metadata["event_type"],
                "event_payload": copy.deepcopy(metadata["event_payload"]),
            }
        text = args.get("text")
        markdown_text = args.get("markdown_text")
        if text is not None and not isinstance(text, str):
            text = str(text)
        if isinstance(text, str) and len(text) > _MAX_TEXT:
            raise _ApiError("msg_too_long")
        if text:
            content["text"] = text
        elif isinstance(markdown_text, str) and markdown_text:
            content["text"] = markdown_text
        return content

    # ---------------------------------------------------------------- method handlers

    def _api_test(self, args: JsonDict, token: str | None) -> JsonDict:
        echoed = {k: v for k, v in args.items() if k != "token"}
        return {"ok": True, "args": echoed} if echoed else {"ok": True}

    def _auth_test(self, args: JsonDict, token: str | None) -> JsonDict:
        body: JsonDict = {
            "ok": True,
            "url": f"https://{self.team_domain}.slack.com/",
            "team": self.team_name,
            "user": self.bot_name,
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }
        if self.enterprise_id is not None:
            body["enterprise_id"] = self.enterprise_id
        if token is not None and token.startswith("xoxp-"):
            del body["bot_id"]
        return body

    def _apps_connections_open(self, args: JsonDict, token: str | None) -> JsonDict:
        if self.socket_mode_url is None:
            raise _ApiError("fake_socket_mode_url_not_set")
        return {"ok": True, "url": self.socket_mode_url}

    def _chat_post_message(self, args: JsonDict, token: str | None) -> JsonDict:
        channel = self._channel_arg(args)
        content = self._message_content(args)
        if "text" not in content and "blocks" not in content and "attachments" not in content:
            raise _ApiError("no_text")
        ts = self._next_ts()
        message = self._new_message(
            text=content.pop("text", "This content can't be displayed."),
            user=self.bot_user_id,
            from_bot=True,
            ts=ts,
        )
        message.update(content)
        thread_ts = args.get("thread_ts")
        self._store_message(
            channel,
            message,
            thread_ts=thread_ts if isinstance(thread_ts, str) and thread_ts else None,
            broadcast=_truthy(args.get("reply_broadcast")),
        )
        return {"ok": True, "channel": channel, "ts": ts, "message": copy.deepcopy(message)}

    def _chat_post_ephemeral(self, args: JsonDict, token: str | None) -> JsonDict:
        self._channel_arg(args)
        user = args.get("user")
        if not isinstance(user, str) or not user:
            raise _ApiError("user_not_in_channel")
        content = self._message_content(args)
        if "text" not in content and "blocks" not in content and "attachments" not in content:
            raise _ApiError("no_text")
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, args: JsonDict, token: str | None) -> JsonDict:
        channel = self._channel_arg(args)
        ts = args.get("ts")
        if not isinstance(ts, str) or not ts:
            raise _ApiError("message_not_found")
        message = self._find(channel, ts)
        if message is None:
            raise _ApiError("message_not_found")
        if message.get("user") != self.bot_user_id:
            raise _ApiError("cant_update_message")
        content = self._message_content(args)
        if not content and "text" not in args:
            raise _ApiError("no_text")
        for key in ("blocks", "attachments", "metadata", "text"):
            if key in content:
                message[key] = content[key]
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": message.get("text", ""),
            "message": self._public(message, include_metadata=True),
        }

    def _chat_delete(self, args: JsonDict, token: str | None) -> JsonDict:
        channel = self._channel_arg(args)
        ts = args.get("ts")
        message = self._find(channel, ts) if isinstance(ts, str) else None
        if message is None:
            raise _ApiError("message_not_found")
        self._messages[channel].remove(message)
        return {"ok": True, "channel": channel, "ts": ts}

    def _chat_get_permalink(self, args: JsonDict, token: str | None) -> JsonDict:
        channel = self._channel_arg(args)
        ts = args.get("message_ts")
        if not isinstance(ts, str) or self._find(channel, ts) is None:
            raise _ApiError("message_not_found")
        return {
            "ok": True,
            "channel": channel,
            "permalink": f"https://{self.team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}",
        }

    @staticmethod
    def _paginate(
        messages: list[JsonDict], args: Mapping[str, Any], *, default_limit: int = 100
    ) -> tuple[list[JsonDict], str]:
        limit_raw = args.get("limit", default_limit)
        try:
            limit = int(limit_raw)
        except (TypeError, ValueError):
            raise _ApiError("invalid_limit") from None
        limit = default_limit if limit <= 0 else min(limit, 999)
        start = 0
        cursor = args.get("cursor")
        if isinstance(cursor, str) and cursor:
            try:
                decoded = base64.b64decode(cursor.encode(), validate=True).decode()
            except (binascii.Error, UnicodeDecodeError):
                raise _ApiError("invalid_cursor") from None
            prefix, _, ts = decoded.partition(":")
            positions = [i for i, m in enumerate(messages) if m["ts"] == ts]
            if prefix != "next_ts" or not positions:
                raise _ApiError("invalid_cursor")
            start = positions[0]
        page = messages[start : start + limit]
        rest = messages[start + limit :]
        next_cursor = base64.b64encode(f"next_ts:{rest[0]['ts']}".encode()).decode() if rest else ""
        return page, next_cursor

    @staticmethod
    def _in_range(ts: str, args: Mapping[str, Any]) -> bool:
        inclusive = _truthy(args.get("inclusive"))
        key = _ts_key(ts)
        oldest = args.get("oldest")
        latest = args.get("latest")
        if oldest not in (None, ""):
            low = _ts_key(str(oldest))
            if key < low or (key == low and not inclusive):
                return False
        if latest not in (None, ""):
            high = _ts_key(str(latest))
            if key > high or (key == high and not inclusive):
                return False
        return True

    def _conversations_history(self, args: JsonDict, token: str | None) -> JsonDict:
        channel = self._channel_arg(args)
        include_metadata = _truthy(args.get("include_all_metadata"))
        top = [
            m
            for m in self._messages.get(channel, [])
            if self._is_top_level(m) and self._in_range(m["ts"], args)
        ]
        top.sort(key=lambda m: _ts_key(m["ts"]), reverse=True)
        page, next_cursor = self._paginate(top, args)
        return {
            "ok": True,
            "messages": [self._public(m, include_metadata=include_metadata) for m in page],
            "has_more": bool(next_cursor),
            "pin_count": 0,
            "channel_actions_ts": None,
            "channel_actions_count": 0,
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _conversations_replies(self, args: JsonDict, token: str | None) -> JsonDict:
        channel = self._channel_arg(args)
        ts = args.get("ts")
        message = self._find(channel, ts) if isinstance(ts, str) else None
        if message is None:
            raise _ApiError("thread_not_found")
        root = message.get("thread_ts", message["ts"])
        include_metadata = _truthy(args.get("include_all_metadata"))
        thread = [
            m
            for m in self._messages.get(channel, [])
            if (m["ts"] == root or m.get("thread_ts") == root) and self._in_range(m["ts"], args)
        ]
        thread.sort(key=lambda m: _ts_key(m["ts"]))
        page, next_cursor = self._paginate(thread, args, default_limit=1000)
        return {
            "ok": True,
            "messages": [self._public(m, include_metadata=include_metadata) for m in page],
            "has_more": bool(next_cursor),
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _open_conversation(self, user_ids: tuple[str, ...]) -> tuple[str, bool]:
        members = tuple(sorted(set(user_ids)))
        if len(members) == 1:
            channel_id = _slack_id("D", self.team_id, self.bot_user_id, members[0])
        else:
            channel_id = _slack_id("G", self.team_id, self.bot_user_id, *members)
        already_open = channel_id in self._conversations
        self._conversations[channel_id] = members
        return channel_id, already_open

    def _conversations_open(self, args: JsonDict, token: str | None) -> JsonDict:
        existing = args.get("channel")
        users_raw = args.get("users")
        return_im = _truthy(args.get("return_im"))
        if isinstance(existing, str) and existing:
            if existing not in self._conversations:
                raise _ApiError("channel_not_found")
            return {"ok": True, "no_op": True, "already_open": True, "channel": {"id": existing}}
        if isinstance(users_raw, list):
            users_raw = ",".join(str(u) for u in users_raw)
        if not isinstance(users_raw, str) or not users_raw.strip():
            raise _ApiError("users_list_not_supplied")
        user_ids = tuple(u.strip() for u in users_raw.split(",") if u.strip())
        if not user_ids:
            raise _ApiError("users_list_not_supplied")
        if len(set(user_ids)) > _MAX_MPIM_USERS:
            raise _ApiError("too_many_users")
        for uid in user_ids:
            if uid[:1] not in ("U", "W") or not uid[1:].isalnum():
                raise _ApiError("user_not_found")
        channel_id, already_open = self._open_conversation(user_ids)
        members = self._conversations[channel_id]
        channel: JsonDict = {"id": channel_id}
        if return_im or len(members) > 1:
            created = int(self._clock())
            if len(members) == 1:
                channel.update(
                    {
                        "created": created,
                        "is_archived": False,
                        "is_im": True,
                        "is_org_shared": False,
                        "context_team_id": self.team_id,
                        "updated": created * 1000,
                        "user": members[0],
                        "is_user_deleted": False,
                        "priority": 0,
                    }
                )
            else:
                channel.update(
                    {
                        "name": "mpdm-" + "--".join(members) + "-1",
                        "is_channel": False,
                        "is_group": False,
                        "is_im": False,
                        "is_mpim": True,
                        "is_private": True,
                        "created": created,
                        "is_archived": False,
                        "is_general": False,
                        "creator": self.bot_user_id,
                        "is_member": True,
                        "members": [self.bot_user_id, *members],
                    }
                )
        body: JsonDict = {"ok": True, "channel": channel}
        if already_open:
            body.update({"no_op": True, "already_open": True})
        return body

    def _users_info(self, args: JsonDict, token: str | None) -> JsonDict:
        user_id = args.get("user")
        if not isinstance(user_id, str) or not user_id:
            raise _ApiError("user_not_found")
        if user_id not in self.users and (user_id[:1] not in ("U", "W") or not user_id[1:].isalnum()):
            raise _ApiError("user_not_found")
        user = self.user(user_id)
        return {"ok": True, "user": user.to_slack(include_locale=_truthy(args.get("include_locale")))}

    @staticmethod
    def _page_of(items: list[Any], args: Mapping[str, Any], *, default_limit: int) -> tuple[list[Any], str]:
        """Cursor pagination as Slack's list methods do it (``limit`` up to 1000, an opaque ``cursor``)."""
        try:
            limit = int(args.get("limit", default_limit))
        except (TypeError, ValueError):
            raise _ApiError("invalid_limit") from None
        limit = default_limit if limit <= 0 else min(limit, 1000)
        start = 0
        cursor = args.get("cursor")
        if isinstance(cursor, str) and cursor:
            try:
                prefix, _, offset = base64.b64decode(cursor.encode(), validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                raise _ApiError("invalid_cursor") from None
            if prefix != "offset" or not offset.isdigit():
                raise _ApiError("invalid_cursor")
            start = int(offset)
        rest = start + limit
        next_cursor = base64.b64encode(f"offset:{rest}".encode()).decode() if rest < len(items) else ""
        return items[start:rest], next_cursor

    def _conversations_members(self, args: JsonDict, token: str | None) -> JsonDict:
        channel = self._channel_arg(args)
        if channel not in self.channel_members:
            raise _ApiError("channel_not_found")
        page, cursor = self._page_of(self.channel_members[channel], args, default_limit=100)
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": cursor}}

    def _users_list(self, args: JsonDict, token: str | None) -> JsonDict:
        everyone = [self.user(user_id) for user_id in self.users]
        if self.bot_user_id not in self.users:
            everyone.append(self.user(self.bot_user_id))
        for members in self.channel_members.values():  # plain members named only in a channel
            everyone += [self.user(u) for u in members if u not in self.users and u != self.bot_user_id]
        unique = list({user.id: user for user in everyone}.values())
        page, cursor = self._page_of(unique, args, default_limit=1000)
        locale = _truthy(args.get("include_locale"))
        return {
            "ok": True,
            "members": [user.to_slack(include_locale=locale) for user in page],
            "cache_ts": int(self._clock()),
            "response_metadata": {"next_cursor": cursor},
        }

    def _reactions_add(self, args: JsonDict, token: str | None) -> JsonDict:
        channel = self._channel_arg(args)
        name = args.get("name")
        if not isinstance(name, str) or not name.strip(":"):
            raise _ApiError("invalid_name")
        name = name.strip(":")
        ts = args.get("timestamp")
        if not isinstance(ts, str) or not ts:
            raise _ApiError("no_item_specified")
        message = self._find(channel, ts)
        if message is None:
            raise _ApiError("message_not_found")
        reactions: list[JsonDict] = message.setdefault("reactions", [])
        for reaction in reactions:
            if reaction["name"] == name:
                if self.bot_user_id in reaction["users"]:
                    raise _ApiError("already_reacted")
                reaction["users"].append(self.bot_user_id)
                reaction["count"] += 1
                break
        else:
            reactions.append({"name": name, "users": [self.bot_user_id], "count": 1})
        return {"ok": True}

    def _files_get_upload_url_external(self, args: JsonDict, token: str | None) -> JsonDict:
        filename = args.get("filename")
        length_raw = args.get("length")
        try:
            length = int(length_raw) if length_raw is not None else -1
        except (TypeError, ValueError):
            length = -1
        if not isinstance(filename, str) or not filename or length < 0:
            raise _ApiError(
                "invalid_arguments",
                response_metadata={"messages": ["[ERROR] missing required field: filename/length"]},
            )
        file_id = f"F0FAKE{next(self._counter):06d}"
        alt = args.get("alt_txt")
        self._files[file_id] = _UploadedFile(
            id=file_id,
            name=filename,
            title=filename,
            length=length,
            alt_txt=alt if isinstance(alt, str) else None,
            created=int(self._clock()),
        )
        return {"ok": True, "upload_url": f"{self.origin}/upload/v1/{file_id}", "file_id": file_id}

    def _file_object(self, upload: _UploadedFile) -> JsonDict:
        return {
            "id": upload.id,
            "created": upload.created,
            "timestamp": upload.created,
            "name": upload.name,
            "title": upload.title,
            "mimetype": "application/octet-stream",
            "filetype": upload.name.rsplit(".", 1)[-1] if "." in upload.name else "binary",
            "pretty_type": "Binary",
            "user": self.bot_user_id,
            "user_team": self.team_id,
            "editable": False,
            "size": len(upload.data) if upload.data is not None else upload.length,
            "mode": "hosted",
            "is_external": False,
            "external_type": "",
            "is_public": False,
            "public_url_shared": False,
            "display_as_bot": False,
            "username": "",
            "url_private": f"https://files.slack.com/files-pri/{self.team_id}-{upload.id}/{upload.name}",
            "url_private_download": (
                f"https://files.slack.com/files-pri/{self.team_id}-{upload.id}/download/{upload.name}"
            ),
            "permalink": f"https://{self.team_domain}.slack.com/files/{self.bot_user_id}/{upload.id}/{upload.name}",
            "channels": [c for c in upload.channels if c.startswith("C")],
            "groups": [c for c in upload.channels if c.startswith("G")],
            "ims": [c for c in upload.channels if c.startswith("D")],
            "comments_count": 0,
            "has_rich_preview": False,
            "file_access": "visible",
            **({"alt_txt": upload.alt_txt} if upload.alt_txt else {}),
        }

    def _files_complete_upload_external(self, args: JsonDict, token: str | None) -> JsonDict:
        files = self._json_arg(args, "files", "invalid_arguments")
        if not isinstance(files, list) or not files or not all(isinstance(f, dict) for f in files):
            raise _ApiError("invalid_arguments")
        uploads: list[_UploadedFile] = []
        for entry in files:
            upload = self._files.get(str(entry.get("id", "")))
            if upload is None:
                raise _ApiError("file_not_found")
            if isinstance(entry.get("title"), str) and entry["title"]:
                upload.title = entry["title"]
            uploads.append(upload)
        channel_id = args.get("channel_id")
        channels_raw = args.get("channels")
        targets: list[str] = []
        if isinstance(channel_id, str) and channel_id:
            targets.append(self._channel_arg(args, "channel_id"))
        elif isinstance(channels_raw, str) and channels_raw:
            targets.extend(c.strip() for c in channels_raw.split(",") if c.strip())
        thread_ts = args.get("thread_ts")
        comment = args.get("initial_comment")
        for target in targets:
            for upload in uploads:
                upload.channels.append(target)
            message = self._new_message(
                text=comment if isinstance(comment, str) else "",
                user=self.bot_user_id,
                from_bot=False,
                ts=self._next_ts(),
            )
            message.update({"files": [self._file_object(u) for u in uploads], "upload": True})
            self._store_message(
                target,
                message,
                thread_ts=thread_ts if isinstance(thread_ts, str) and thread_ts else None,
                broadcast=False,
            )
        return {"ok": True, "files": [self._file_object(u) for u in uploads]}

    def _files_info(self, args: JsonDict, token: str | None) -> JsonDict:
        upload = self._files.get(str(args.get("file", "")))
        if upload is None:
            raise _ApiError("file_not_found")
        return {"ok": True, "file": self._file_object(upload), "comments": [], "response_metadata": {}}

    def _oauth_v2_access(self, args: JsonDict, authorization: str | None) -> JsonDict:
        client_id = args.get("client_id")
        client_secret = args.get("client_secret")
        if authorization and authorization.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(authorization[6:].strip()).decode()
            except (binascii.Error, UnicodeDecodeError):
                raise _ApiError("invalid_client_id") from None
            client_id, _, client_secret = decoded.partition(":")
        if not client_id:
            raise _ApiError("invalid_client_id")
        if self.oauth_client_id is not None and client_id != self.oauth_client_id:
            raise _ApiError("invalid_client_id")
        if self.oauth_client_secret is not None and client_secret != self.oauth_client_secret:
            raise _ApiError("bad_client_secret")
        code = args.get("code")
        grant = self._oauth_grants.pop(code, None) if isinstance(code, str) else None
        if grant is None:
            raise _ApiError("invalid_code")
        bot_token = f"xoxb-{next(self._counter)}-{uuid.uuid4().hex[:12]}-{uuid.uuid4().hex[:24]}"
        self._issued_tokens[bot_token] = grant.user_id
        authed_user: JsonDict = {"id": grant.user_id}
        if grant.user_scope:
            user_token = f"xoxp-{next(self._counter)}-{uuid.uuid4().hex[:24]}"
            self._issued_tokens[user_token] = grant.user_id
            authed_user.update({"scope": grant.user_scope, "access_token": user_token, "token_type": "user"})
        return {
            "ok": True,
            "app_id": self.app_id,
            "authed_user": authed_user,
            "scope": grant.scope,
            "token_type": "bot",
            "access_token": bot_token,
            "bot_user_id": self.bot_user_id,
            "team": {"id": self.team_id, "name": self.team_name},
            "enterprise": {"id": self.enterprise_id, "name": "Kindling Org"} if self.enterprise_id else None,
            "is_enterprise_install": grant.is_enterprise_install,
        }
