"""A fake Discord that speaks the real wire protocol, so the *real* discord.py 2.x client can run against it.

One aiohttp server on ``127.0.0.1`` (ephemeral port) serves

* REST under ``/api/v10`` (the routes in :attr:`FakeDiscord.ROUTES`, named exactly like the path templates
  of Discord's OpenAPI description; anything else gets Discord's JSON 404
  ``{"message": "404: Not Found", "code": 0}``), and
* the gateway websocket at ``/gateway`` (v10, ``encoding=json``, ``compress=zlib-stream``, ``zstd-stream``
  (only if ``zstandard`` is installed) or none).

Pointing discord.py at it. discord.py has no constructor option for either URL; both are class attributes::

    async with FakeDiscord() as fake, fake.patch_discord_py():
        client = discord.Client(intents=intents, guild_ready_timeout=0.05)
        ...

``patch_discord_py()`` (= ``discord_py_pointed_at(fake.api_url, fake.gateway_url)``) sets, then restores:

* ``discord.http.Route.BASE = fake.api_url`` (``"http://127.0.0.1:<port>/api/v10"``). Every REST call,
  including interaction callbacks and webhook follow-ups (``discord.webhook`` builds ``Route`` objects
  too), uses it. (CDN URLs -- ``Asset.read()``, ``Attachment.read()`` -- still point at Discord.)
* ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)``. ``Client.connect()``
  never calls ``GET /gateway/bot`` (only ``AutoShardedClient`` does); it opens ``DEFAULT_GATEWAY`` with
  ``?v=10&encoding=json&compress=zlib-stream`` and later resumes at READY's ``resume_gateway_url``.

The product does the same two assignments once at start-up when its settings are present::

    discord.http.Route.BASE = settings.discord_api_url.rstrip("/")        # KINDLING_DISCORD_API_URL
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)

(``KINDLING_DISCORD_API_URL`` includes ``/api/v10``, like ``Route.BASE``.) A ``proxy=`` does not help:
the URLs stay ``https://``/``wss://``, so aiohttp would tunnel TLS through it.

Useful discord.py options against the fake: ``guild_ready_timeout=0.05`` (READY waits 2 s after the last
GUILD_CREATE by default) and overriding ``Client.before_identify_hook`` (it sleeps 5 s before every
non-initial IDENTIFY).

Test-facing API: :attr:`FakeDiscord.requests` (every REST request), ``requests_to``, ``wait_for_requests``,
``dispatch`` and the builders ``member_add``, ``member_remove``, ``message_create``, ``slash_command``,
``button_click``/``component_interaction``; faults with ``fail_next``, ``drop_next`` and ``faults``;
optional rate-limit headers, per-bucket and global limits; gateway controls ``request_reconnect``,
``invalidate_sessions``, ``close_gateway``.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import hashlib
import importlib
import json
import logging
import math
import random
import re
import secrets
import time
import zlib
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import aiohttp
import discord.gateway
import discord.http
import yarl
from aiohttp import web

__all__ = [
    "API_PREFIX",
    "DROPPED_STATUS",
    "Channel",
    "ChannelType",
    "FakeDiscord",
    "FakeInteraction",
    "Faults",
    "GatewayIntent",
    "Guild",
    "Member",
    "Permission",
    "RecordedFile",
    "RecordedRequest",
    "Role",
    "User",
    "default_guild",
    "discord_py_pointed_at",
]

_log = logging.getLogger(__name__)

API_PREFIX: Final = "/api/v10"
DROPPED_STATUS: Final = 0
"""``RecordedRequest.status`` of a request whose connection the fake dropped without answering."""
DISCORD_EPOCH_MS: Final = 1_420_070_400_000
JSONDict = dict[str, Any]


# --------------------------------------------------------------------------------------------------------
# Constants (values from the Discord developer documentation)
# --------------------------------------------------------------------------------------------------------


class GatewayIntent(enum.IntFlag):
    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_MODERATION = 1 << 2
    GUILD_PRESENCES = 1 << 8
    GUILD_MESSAGES = 1 << 9
    GUILD_MESSAGE_REACTIONS = 1 << 10
    GUILD_MESSAGE_TYPING = 1 << 11
    DIRECT_MESSAGES = 1 << 12
    DIRECT_MESSAGE_REACTIONS = 1 << 13
    MESSAGE_CONTENT = 1 << 15
    GUILD_SCHEDULED_EVENTS = 1 << 16
    GUILD_MESSAGE_POLLS = 1 << 24
    DIRECT_MESSAGE_POLLS = 1 << 25


PRIVILEGED_INTENTS: Final = (
    GatewayIntent.GUILD_MEMBERS | GatewayIntent.GUILD_PRESENCES | GatewayIntent.MESSAGE_CONTENT
)


class Permission(enum.IntFlag):
    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_APPLICATION_COMMANDS = 1 << 31
    MANAGE_EVENTS = 1 << 33
    MANAGE_THREADS = 1 << 34
    CREATE_PUBLIC_THREADS = 1 << 35
    CREATE_PRIVATE_THREADS = 1 << 36
    SEND_MESSAGES_IN_THREADS = 1 << 38
    CREATE_EVENTS = 1 << 44
    SEND_POLLS = 1 << 49


ALL_PERMISSIONS: Final = (1 << 51) - 1
EVERYONE_PERMISSIONS: Final = int(
    Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.READ_MESSAGE_HISTORY
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.ADD_REACTIONS
    | Permission.USE_APPLICATION_COMMANDS
    | Permission.CREATE_PUBLIC_THREADS
    | Permission.SEND_MESSAGES_IN_THREADS
    | Permission.SEND_POLLS
)
DEFAULT_BOT_PERMISSIONS: Final = EVERYONE_PERMISSIONS | int(
    Permission.MANAGE_MESSAGES
    | Permission.MANAGE_THREADS
    | Permission.MANAGE_EVENTS
    | Permission.CREATE_EVENTS
    | Permission.CREATE_PRIVATE_THREADS
)


class ChannelType(enum.IntEnum):
    GUILD_TEXT = 0
    DM = 1
    GUILD_VOICE = 2
    GUILD_CATEGORY = 4
    GUILD_ANNOUNCEMENT = 5
    ANNOUNCEMENT_THREAD = 10
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12
    GUILD_FORUM = 15


class _Op(enum.IntEnum):
    DISPATCH = 0
    HEARTBEAT = 1
    IDENTIFY = 2
    PRESENCE_UPDATE = 3
    VOICE_STATE_UPDATE = 4
    RESUME = 6
    RECONNECT = 7
    REQUEST_GUILD_MEMBERS = 8
    INVALID_SESSION = 9
    HELLO = 10
    HEARTBEAT_ACK = 11


MSG_FLAG_EPHEMERAL: Final = 1 << 6
MSG_FLAG_LOADING: Final = 1 << 7
MSG_FLAG_HAS_THREAD: Final = 1 << 5

# Which intent a gateway event needs (guild variant, DM variant). Events not listed are always sent.
_EVENT_INTENTS: Final[dict[str, tuple[int, int]]] = {
    "GUILD_MEMBER_ADD": (GatewayIntent.GUILD_MEMBERS, GatewayIntent.GUILD_MEMBERS),
    "GUILD_MEMBER_UPDATE": (GatewayIntent.GUILD_MEMBERS, GatewayIntent.GUILD_MEMBERS),
    "GUILD_MEMBER_REMOVE": (GatewayIntent.GUILD_MEMBERS, GatewayIntent.GUILD_MEMBERS),
    "MESSAGE_CREATE": (GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES),
    "MESSAGE_UPDATE": (GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES),
    "MESSAGE_DELETE": (GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES),
    "MESSAGE_REACTION_ADD": (GatewayIntent.GUILD_MESSAGE_REACTIONS, GatewayIntent.DIRECT_MESSAGE_REACTIONS),
    "MESSAGE_REACTION_REMOVE": (
        GatewayIntent.GUILD_MESSAGE_REACTIONS,
        GatewayIntent.DIRECT_MESSAGE_REACTIONS,
    ),
    "MESSAGE_POLL_VOTE_ADD": (GatewayIntent.GUILD_MESSAGE_POLLS, GatewayIntent.DIRECT_MESSAGE_POLLS),
    "MESSAGE_POLL_VOTE_REMOVE": (GatewayIntent.GUILD_MESSAGE_POLLS, GatewayIntent.DIRECT_MESSAGE_POLLS),
    "GUILD_CREATE": (GatewayIntent.GUILDS, GatewayIntent.GUILDS),
    "GUILD_UPDATE": (GatewayIntent.GUILDS, GatewayIntent.GUILDS),
    "GUILD_DELETE": (GatewayIntent.GUILDS, GatewayIntent.GUILDS),
    "CHANNEL_CREATE": (GatewayIntent.GUILDS, GatewayIntent.GUILDS),
    "THREAD_CREATE": (GatewayIntent.GUILDS, GatewayIntent.GUILDS),
    "THREAD_UPDATE": (GatewayIntent.GUILDS, GatewayIntent.GUILDS),
    "GUILD_SCHEDULED_EVENT_CREATE": (
        GatewayIntent.GUILD_SCHEDULED_EVENTS,
        GatewayIntent.GUILD_SCHEDULED_EVENTS,
    ),
    "GUILD_SCHEDULED_EVENT_UPDATE": (
        GatewayIntent.GUILD_SCHEDULED_EVENTS,
        GatewayIntent.GUILD_SCHEDULED_EVENTS,
    ),
    "GUILD_SCHEDULED_EVENT_USER_ADD": (
        GatewayIntent.GUILD_SCHEDULED_EVENTS,
        GatewayIntent.GUILD_SCHEDULED_EVENTS,
    ),
    "GUILD_SCHEDULED_EVENT_USER_REMOVE": (
        GatewayIntent.GUILD_SCHEDULED_EVENTS,
        GatewayIntent.GUILD_SCHEDULED_EVENTS,
    ),
    "PRESENCE_UPDATE": (GatewayIntent.GUILD_PRESENCES, GatewayIntent.GUILD_PRESENCES),
    "TYPING_START": (GatewayIntent.GUILD_MESSAGE_TYPING, GatewayIntent.GUILD_MESSAGE_TYPING),
}


def _iso(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).isoformat()


class _Snowflakes:
    """Real-looking, strictly increasing snowflakes (discord.py derives ``created_at`` from them)."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        value = ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (1 << 17)
        self._last = max(value, self._last + 1)
        return self._last


# --------------------------------------------------------------------------------------------------------
# Configuration: users, roles, channels, members, guilds
# --------------------------------------------------------------------------------------------------------


@dataclass
class User:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    dms_closed: bool = False
    """If true, messages to this user's DM channel fail with 403 ``Cannot send messages to this user``."""

    def payload(self) -> JSONDict:
        data: JSONDict = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "public_flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class Role:
    id: int
    name: str
    permissions: int = 0
    position: int = 1
    managed: bool = False

    def payload(self) -> JSONDict:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": False,
            "flags": 0,
        }


@dataclass
class Channel:
    id: int
    name: str
    type: int = ChannelType.GUILD_TEXT
    position: int = 0
    parent_id: int | None = None
    topic: str | None = None

    def payload(self, guild_id: int) -> JSONDict:
        return {
            "id": str(self.id),
            "guild_id": str(guild_id),
            "type": int(self.type),
            "name": self.name,
            "position": self.position,
            "parent_id": str(self.parent_id) if self.parent_id is not None else None,
            "topic": self.topic,
            "nsfw": False,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "permission_overwrites": [],
            "flags": 0,
        }


@dataclass
class Member:
    user: User
    roles: list[int] = field(default_factory=list)
    """Role ids besides ``@everyone`` (whose id is the guild id)."""
    nick: str | None = None
    joined_at: datetime = field(default_factory=lambda: datetime.now(UTC) - timedelta(days=30))
    pending: bool = False
    """Still in membership screening (has not accepted the server's rules)."""

    @property
    def id(self) -> int:
        return self.user.id

    def payload(self) -> JSONDict:
        return {
            "user": self.user.payload(),
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "roles": [str(r) for r in self.roles],
            "joined_at": _iso(self.joined_at),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": self.pending,
            "communication_disabled_until": None,
        }


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    channels: list[Channel] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    """``@everyone`` (id == guild id) is added automatically if missing."""
    members: list[Member] = field(default_factory=list)
    home_channel_id: int | None = None
    """The community's "home" channel; defaults to the first text channel named ``home``."""
    bot_permissions: int = DEFAULT_BOT_PERMISSIONS
    """Permissions of the bot's managed role, added when the fake starts."""

    def __post_init__(self) -> None:
        if not any(r.id == self.id for r in self.roles):
            self.roles.insert(
                0, Role(id=self.id, name="@everyone", permissions=EVERYONE_PERMISSIONS, position=0)
            )
        if self.home_channel_id is None:
            for channel in self.channels:
                if channel.name == "home" and channel.type == ChannelType.GUILD_TEXT:
                    self.home_channel_id = channel.id
                    break

    @property
    def home_channel(self) -> Channel:
        channel = self.channel(self.home_channel_id) if self.home_channel_id is not None else None
        if channel is None:
            raise LookupError(f"guild {self.id} has no home channel")
        return channel

    def channel(self, channel_id: int) -> Channel | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def member(self, user_id: int) -> Member | None:
        return next((m for m in self.members if m.user.id == user_id), None)

    def member_by_name(self, username: str) -> Member:
        found = next((m for m in self.members if m.user.username == username), None)
        if found is None:
            raise LookupError(f"no member named {username!r} in guild {self.id}")
        return found

    def role(self, role_id: int) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def permissions_for(self, user_id: int) -> int:
        """Guild-level permissions (no channel overwrites), as Discord computes them."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        member = self.member(user_id)
        everyone = self.role(self.id)
        perms = everyone.permissions if everyone else 0
        for role_id in member.roles if member else []:
            role = self.role(role_id)
            if role is not None:
                perms |= role.permissions
        return ALL_PERMISSIONS if perms & Permission.ADMINISTRATOR else perms


#: What GUILD_CREATE carries and the REST guild does not.
_GATEWAY_ONLY_GUILD_FIELDS = frozenset(
    {
        "joined_at",
        "large",
        "unavailable",
        "member_count",
        "voice_states",
        "members",
        "channels",
        "threads",
        "presences",
        "stage_instances",
        "guild_scheduled_events",
        "soundboard_sounds",
        "embedded_activities",
    }
)


def default_guild(
    *,
    guild_id: int = 300_000_000_000_000_001,
    name: str = "Kindling Test Community",
) -> Guild:
    """A fresh small community: channels ``home`` and ``general``, a ``Moderators`` role with MANAGE_GUILD,
    members ``alice`` (moderator) and ``bob`` (plain member), owned by ``owner``."""
    owner = User(id=200_000_000_000_000_009, username="owner")
    alice = User(id=200_000_000_000_000_001, username="alice", global_name="Alice")
    bob = User(id=200_000_000_000_000_002, username="bob", global_name="Bob")
    moderators = Role(id=500_000_000_000_000_001, name="Moderators", permissions=int(Permission.MANAGE_GUILD))
    return Guild(
        id=guild_id,
        name=name,
        owner_id=owner.id,
        channels=[
            Channel(id=400_000_000_000_000_001, name="home", position=0, topic="Welcome home"),
            Channel(id=400_000_000_000_000_002, name="general", position=1),
        ],
        roles=[moderators],
        members=[Member(owner), Member(alice, roles=[moderators.id]), Member(bob)],
    )


# --------------------------------------------------------------------------------------------------------
# Records, faults, interactions
# --------------------------------------------------------------------------------------------------------


@dataclass
class RecordedFile:
    field_name: str
    filename: str | None
    size: int


@dataclass
class RecordedRequest:
    method: str
    route: str | None
    """The route template, e.g. ``/channels/{channel_id}/messages`` (``None`` if nothing matched)."""
    path: str
    """The concrete path without the ``/api/v10`` prefix, e.g. ``/channels/4001/messages``."""
    query: dict[str, str]
    json: Any
    """The JSON body, or the parsed ``payload_json`` part of a multipart body; ``None`` if no body."""
    headers: dict[str, str]
    time: float
    """``time.monotonic()`` when the request arrived."""
    content_type: str = ""
    files: list[RecordedFile] = field(default_factory=list)
    status: int | None = None
    """The status the fake answered with (set once the response is ready)."""


@dataclass
class Faults:
    """Probabilistic REST faults, drawn from a seeded RNG for each request (in this order)."""

    rate_limit: float = 0.0
    server_error: float = 0.0
    drop: float = 0.0
    """Close the connection without a response (discord.py raises ``aiohttp.ServerDisconnectedError``)."""
    seed: int | None = 0
    retry_after: float = 0.05
    routes: frozenset[tuple[str, str]] | None = None
    """Restrict to these (method, route template) pairs; ``None`` means every route."""
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def draw(self, method: str, route: str) -> str | None:
        if self.routes is not None and (method, route) not in self.routes:
            return None
        roll = self._rng.random()
        for kind, chance in (("rate_limit", self.rate_limit), ("server_error", self.server_error)):
            if roll < chance:
                return kind
            roll -= chance
        if roll < self.drop:
            return "drop"
        return None


@dataclass
class _PlannedFailure:
    status: int
    retry_after: float = 0.05
    global_: bool = False
    scope: str | None = None
    code: int | None = None
    message: str | None = None
    drop: bool = False
    after_handling: bool = False
    body: Any = None
    """With ``after_handling``: the request takes effect, then this is the answer's JSON body."""


@dataclass
class FakeInteraction:
    id: int
    token: str
    type: int
    guild_id: int | None
    channel_id: int
    user_id: int
    payload: JSONDict
    dispatched_at: float | None = None
    """``time.monotonic()`` when INTERACTION_CREATE was written to the gateway."""
    callback_at: float | None = None
    """``time.monotonic()`` when the interaction callback arrived."""
    callback_type: int | None = None
    callback_body: Any = None
    original_message_id: int | None = None
    followup_message_ids: list[int] = field(default_factory=list)

    @property
    def ack_latency(self) -> float | None:
        if self.callback_at is None or self.dispatched_at is None:
            return None
        return self.callback_at - self.dispatched_at


class _HTTPError(Exception):
    """Raised inside handlers to answer with Discord's JSON error shape."""

    def __init__(self, status: int, code: int, message: str, errors: JSONDict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors


def _json_response(status: int, body: Any, headers: Mapping[str, str] | None = None) -> web.Response:
    # Exactly "application/json": discord.py's json_or_text() only parses JSON when the header is
    # that exact string (aiohttp's json_response would append "; charset=utf-8").
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(status=status, body=json.dumps(body).encode(), headers=all_headers)


def _error_body(status: int, code: int | None = None, message: str | None = None) -> JSONDict:
    defaults = {
        400: (50035, "Invalid Form Body"),
        401: (0, "401: Unauthorized"),
        403: (50013, "Missing Permissions"),
        404: (0, "404: Not Found"),
        405: (0, "405: Method Not Allowed"),
        500: (0, "500: Internal Server Error"),
        502: (0, "502: Bad Gateway"),
    }
    default_code, default_message = defaults.get(status, (0, f"{status}: Error"))
    return {"message": message or default_message, "code": default_code if code is None else code}


_Handler = Callable[[dict[str, str], RecordedRequest], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class _Route:
    method: str
    template: str
    segments: tuple[str, ...]
    handler: _Handler
    bot_auth: bool

    @property
    def literal_count(self) -> int:
        return sum(1 for s in self.segments if not s.startswith("{"))

    def match(self, segments: Sequence[str]) -> dict[str, str] | None:
        if len(segments) != len(self.segments):
            return None
        params: dict[str, str] = {}
        for pattern, actual in zip(self.segments, segments, strict=True):
            if pattern.startswith("{"):
                if not actual:
                    return None
                params[pattern[1:-1]] = actual
            elif pattern != actual:
                return None
        return params


# --------------------------------------------------------------------------------------------------------
# Gateway sessions
# --------------------------------------------------------------------------------------------------------


_WS_ENDED: Final = frozenset(
    {aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR}
)


class _Connection:
    def __init__(self, ws: web.WebSocketResponse, compress: str | None) -> None:
        self.ws = ws
        self.compress = compress
        self._zlib = zlib.compressobj() if compress == "zlib-stream" else None
        self._zstd: Any = None
        if compress == "zstd-stream":
            self._zstd = _zstd_compressor()
        self._lock = asyncio.Lock()
        self.session: _Session | None = None

    async def send(self, frame: JSONDict) -> None:
        raw = json.dumps(frame, separators=(",", ":")).encode()
        async with self._lock:
            if self.ws.closed:
                return
            if self._zlib is not None:
                await self.ws.send_bytes(self._zlib.compress(raw) + self._zlib.flush(zlib.Z_SYNC_FLUSH))
            elif self._zstd is not None:
                await self.ws.send_bytes(self._zstd(raw))
            else:
                await self.ws.send_str(raw.decode())


def _zstd_compressor() -> Callable[[bytes], bytes]:
    """Streaming zstd (one flushed frame block per message), if a zstd module is importable."""
    try:
        module: Any = importlib.import_module("zstandard")
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("client asked for compress=zstd-stream but 'zstandard' is not installed") from exc
    compressor = module.ZstdCompressor().compressobj()
    flush_block = module.COMPRESSOBJ_FLUSH_BLOCK

    def compress(data: bytes) -> bytes:
        return bytes(compressor.compress(data) + compressor.flush(flush_block))

    return compress


@dataclass
class _Session:
    session_id: str
    intents: int
    identify: JSONDict
    seq: int = 0
    sent: deque[JSONDict] = field(default_factory=lambda: deque(maxlen=2000))
    connection: _Connection | None = None


# --------------------------------------------------------------------------------------------------------
# The fake
# --------------------------------------------------------------------------------------------------------


class FakeDiscord:
    """``async with FakeDiscord() as fake:`` -- REST + gateway on ``127.0.0.1``; see the module docstring."""

    def __init__(
        self,
        *,
        guilds: Sequence[Guild] | None = None,
        bot_user: User | None = None,
        application_id: int | None = None,
        token: str = "fake-bot-token",
        extra_users: Sequence[User] = (),
        heartbeat_interval_ms: int = 2_500,
        application_flags: int = (1 << 13) | (1 << 15) | (1 << 19),
        allowed_privileged_intents: int = int(PRIVILEGED_INTENTS),
        interaction_ack_deadline: float = 3.0,
        nonce_window: float = 300.0,
        echo_bot_messages: bool = True,
        rate_limit_headers: bool = False,
        bucket_limit: int | None = None,
        bucket_window: float = 1.0,
        global_limit_per_second: int | None = None,
        request_validator: Callable[[RecordedRequest], list[str]] | None = None,
    ) -> None:
        """
        :param heartbeat_interval_ms: sent in HELLO; a connection that stays silent for twice this (+5 s)
            is closed with 4009 like Discord does.
        :param allowed_privileged_intents: privileged intents "enabled in the developer portal"; IDENTIFY
            asking for others is closed with 4014 (discord.py raises ``PrivilegedIntentsRequired``).
        :param interaction_ack_deadline: callbacks arriving later than this after INTERACTION_CREATE was
            sent get 404 ``Unknown interaction`` (10062), as on Discord (3 s).
        :param nonce_window: how long ``enforce_nonce`` de-duplicates (Discord: "a few minutes").
        :param echo_bot_messages: send MESSAGE_CREATE/UPDATE/DELETE, THREAD_CREATE etc. over the gateway
            for what the bot does via REST, as Discord does (subject to intents).
        :param rate_limit_headers: add ``X-RateLimit-*`` headers to successful responses.
        :param bucket_limit: enforce N requests per ``bucket_window`` per route bucket (429 otherwise).
        :param global_limit_per_second: enforce a global limit on bot-authenticated requests (429 global).
        :param request_validator: called for each matched request; a non-empty result answers 400 50035.
        """
        self.bot_user = bot_user or User(id=100_000_000_000_000_001, username="kindling", bot=True)
        self.application_id = application_id or self.bot_user.id
        self.token = token
        self.guilds: list[Guild] = list(guilds) if guilds is not None else [default_guild()]
        self.extra_users: list[User] = list(extra_users)
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.application_flags = application_flags
        self.allowed_privileged_intents = allowed_privileged_intents
        self.interaction_ack_deadline = interaction_ack_deadline
        self.nonce_window = nonce_window
        self.echo_bot_messages = echo_bot_messages
        self.rate_limit_headers = rate_limit_headers
        self.bucket_limit = bucket_limit
        self.bucket_window = bucket_window
        self.global_limit_per_second = global_limit_per_second
        self.request_validator = request_validator
        self.faults: Faults | None = None
        self.refused_gateway_connects = 0
        """Gateway upgrades still to be answered with HTTP 503 instead of a websocket (see
        :meth:`refuse_gateway`)."""

        # Recorded traffic and counters.
        self.requests: list[RecordedRequest] = []
        self.rate_limited_count = 0
        self.server_error_count = 0
        self.dropped_count = 0
        self.handler_errors: list[str] = []
        self.identify_payloads: list[JSONDict] = []
        self.gateway_received: list[JSONDict] = []
        self.heartbeats_received = 0
        self.resume_count = 0
        self.presence_updates: list[JSONDict] = []
        self.gateway_connects: list[dict[str, str]] = []
        """The query of every gateway websocket connection (``v``, ``encoding``, ``compress``)."""

        # Platform state.
        self._ids = _Snowflakes()
        self.messages: dict[int, JSONDict] = {}
        self.deleted_message_ids: set[int] = set()
        self.dm_channels: dict[int, JSONDict] = {}
        self.threads: dict[int, JSONDict] = {}
        self.scheduled_events: dict[int, JSONDict] = {}
        self.guild_commands: dict[int, list[JSONDict]] = {}
        self.global_commands: list[JSONDict] = []
        self.interactions: dict[int, FakeInteraction] = {}
        self._nonces: dict[tuple[int, int, str], tuple[float, int]] = {}
        self._planned: dict[tuple[str, str], deque[_PlannedFailure]] = {}
        self._buckets: dict[str, tuple[float, int]] = {}
        self._global_hits: deque[float] = deque()

        self._sessions: dict[str, _Session] = {}
        self._connections: set[_Connection] = set()
        self._background: set[asyncio.Task[None]] = set()
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._routes: list[_Route] = self._build_routes()

        for guild in self.guilds:
            self._add_bot_to_guild(guild)

    # -- lifecycle --------------------------------------------------------------------------------------

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def start(self) -> None:
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_get("/gateway", self._gateway_handler)
        app.router.add_route("*", "/{tail:.*}", self._rest_handler)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        address = self._runner.addresses[0]
        self._port = int(address[1])

    async def close(self) -> None:
        for conn in list(self._connections):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(code=1001, message=b"fake discord shutting down"), 2.0)
        if self._background:
            _done, pending = await asyncio.wait(self._background, timeout=2.0)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=1.0)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeDiscord is not started; use 'async with FakeDiscord() as fake'")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """What ``discord.http.Route.BASE`` must be set to (``KINDLING_DISCORD_API_URL``)."""
        return f"{self.base_url}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """What ``DiscordWebSocket.DEFAULT_GATEWAY`` must be set to (``KINDLING_DISCORD_GATEWAY_URL``)."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    def patch_discord_py(self) -> discord_py_pointed_at:
        """Point discord.py's REST base and default gateway at this fake (restored on exit)."""
        return discord_py_pointed_at(self.api_url, self.gateway_url)

    # -- lookup helpers ---------------------------------------------------------------------------------

    def guild(self, guild_id: int) -> Guild:
        found = next((g for g in self.guilds if g.id == guild_id), None)
        if found is None:
            raise LookupError(f"unknown guild {guild_id}")
        return found

    def _find_guild(self, guild_id: int) -> Guild | None:
        return next((g for g in self.guilds if g.id == guild_id), None)

    def _add_bot_to_guild(self, guild: Guild) -> None:
        if guild.member(self.bot_user.id) is not None:
            return
        bot_role = Role(
            id=self._ids.next(), name=self.bot_user.username, permissions=guild.bot_permissions, managed=True
        )
        guild.roles.append(bot_role)
        guild.members.append(Member(self.bot_user, roles=[bot_role.id], joined_at=datetime.now(UTC)))

    def _known_user(self, user_id: int) -> User | None:
        if user_id == self.bot_user.id:
            return self.bot_user
        for guild in self.guilds:
            member = guild.member(user_id)
            if member is not None:
                return member.user
        return next((u for u in self.extra_users if u.id == user_id), None)

    def _channel_info(self, channel_id: int) -> tuple[Guild | None, JSONDict] | None:
        """(guild or None for DMs, channel payload) for guild channels, threads and DM channels."""
        for guild in self.guilds:
            channel = guild.channel(channel_id)
            if channel is not None:
                return guild, channel.payload(guild.id)
        thread = self.threads.get(channel_id)
        if thread is not None:
            return self._find_guild(int(thread["guild_id"])), thread
        for dm in self.dm_channels.values():
            if int(dm["id"]) == channel_id:
                return None, dm
        return None

    @staticmethod
    def dm_channel_id(user_id: int) -> int:
        """The deterministic DM channel id the fake gives the bot's DM with ``user_id``."""
        digest = hashlib.blake2b(f"dm:{user_id}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") >> 2

    # -- recorded requests -------------------------------------------------------------------------------

    def requests_to(self, method: str, route_template: str) -> list[RecordedRequest]:
        method = method.upper()
        return [r for r in self.requests if r.method == method and r.route == route_template]

    async def wait_for_requests(
        self,
        method: str,
        route_template: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - a bounded wait is the point of this helper
    ) -> list[RecordedRequest]:
        """Wait until ``count`` requests to the route have been answered; returns all of them so far."""
        assert self._changed is not None, "FakeDiscord is not started"

        def answered() -> list[RecordedRequest]:
            return [r for r in self.requests_to(method, route_template) if r.status is not None]

        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(lambda: len(answered()) >= count)
        except TimeoutError:
            seen = [f"{r.method} {r.route or r.path} -> {r.status}" for r in self.requests]
            raise TimeoutError(
                f"waited {timeout}s for {count}x {method} {route_template}; recorded: {seen}"
            ) from None
        return answered()

    async def _notify(self) -> None:
        if self._changed is not None:
            async with self._changed:
                self._changed.notify_all()

    # -- fault injection ---------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        route_template: str,
        status: int = 429,
        retry_after: float = 0.05,
        global_: bool = False,
        *,
        times: int = 1,
        scope: str | None = None,
        code: int | None = None,
        message: str | None = None,
    ) -> None:
        """Answer the next ``times`` requests to the route with ``status`` instead of handling them.

        429s look exactly like Discord's (JSON body with ``retry_after``/``global``, ``Retry-After``,
        ``X-RateLimit-Scope``, ``X-RateLimit-Global`` for global ones, and ``Via: 1.1 google`` -- without
        ``Via`` discord.py treats a 429 as a Cloudflare ban and raises instead of retrying).
        """
        if route_template not in {r.template for r in self._routes}:
            raise ValueError(f"the fake has no route {route_template!r}")
        queue = self._planned.setdefault((method.upper(), route_template), deque())
        for _ in range(times):
            queue.append(_PlannedFailure(status, retry_after, global_, scope, code, message))

    def _rate_limited_response(
        self,
        retry_after: float,
        *,
        global_: bool,
        scope: str | None = None,
        bucket_headers: Mapping[str, str] | None = None,
    ) -> web.Response:
        self.rate_limited_count += 1
        headers = {
            "Retry-After": str(max(1, math.ceil(retry_after))),
            "X-RateLimit-Scope": scope or ("global" if global_ else "user"),
            "Via": "1.1 google",
        }
        if global_:
            headers["X-RateLimit-Global"] = "true"
        headers.update(bucket_headers or {})
        body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": global_}
        if not global_:
            body["code"] = 0
        return _json_response(429, body, headers)

    def drop_next(
        self, method: str, route_template: str, *, after_handling: bool = False, times: int = 1
    ) -> None:
        """Close the connection of the next ``times`` requests to the route without answering.

        With ``after_handling=True`` the request takes effect first (e.g. the message is created) and only
        the response is lost -- the case ``nonce`` + ``enforce_nonce`` exists for. discord.py surfaces a drop
        as ``aiohttp.ServerDisconnectedError`` and does not retry it. Recorded with status
        :data:`DROPPED_STATUS`.
        """
        if route_template not in {r.template for r in self._routes}:
            raise ValueError(f"the fake has no route {route_template!r}")
        queue = self._planned.setdefault((method.upper(), route_template), deque())
        for _ in range(times):
            queue.append(_PlannedFailure(status=DROPPED_STATUS, drop=True, after_handling=after_handling))

    def answer_next(self, method: str, route_template: str, body: Any, *, status: int = 200) -> None:
        """Handle the next request to the route as usual, then answer it with ``status`` and ``body`` (an
        answer shape discord.py does not expect, as some Discord-compatible servers send)."""
        if route_template not in {r.template for r in self._routes}:
            raise ValueError(f"the fake has no route {route_template!r}")
        queue = self._planned.setdefault((method.upper(), route_template), deque())
        queue.append(_PlannedFailure(status=status, after_handling=True, body=body))

    def refuse_gateway(self, times: int = 1) -> None:
        """Answer the next ``times`` gateway connections with HTTP 503 instead of upgrading them (the
        gateway behind a load balancer that is restarting; aiohttp raises ``WSServerHandshakeError``)."""
        self.refused_gateway_connects += times

    def _planned_failure(self, method: str, route: str) -> web.Response | None:
        queue = self._planned.get((method, route))
        if not queue or queue[0].after_handling:
            return None
        plan = queue.popleft()
        if plan.status == 429:
            return self._rate_limited_response(plan.retry_after, global_=plan.global_, scope=plan.scope)
        if plan.status >= 500:
            self.server_error_count += 1
        return _json_response(plan.status, _error_body(plan.status, plan.code, plan.message))

    @staticmethod
    def _bucket_key(route: _Route, params: Mapping[str, str]) -> tuple[str, str]:
        bucket = hashlib.sha1(f"{route.method} {route.template}".encode()).hexdigest()[:16]
        major = ":".join(params.get(k, "") for k in ("channel_id", "guild_id", "webhook_id", "webhook_token"))
        return bucket, f"{bucket}:{major}"

    def _bucket_headers(self, route: _Route, params: Mapping[str, str], *, count: bool) -> dict[str, str]:
        bucket, key = self._bucket_key(route, params)
        now = time.monotonic()
        limit = self.bucket_limit or 5
        started, used = self._buckets.get(key, (now, 0))
        if now - started >= self.bucket_window:
            started, used = now, 0
        if count:
            used += 1
        self._buckets[key] = (started, used)
        reset_after = max(0.0, started + self.bucket_window - now)
        return {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - used)),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
        }

    def _limits_response(self, route: _Route, params: Mapping[str, str]) -> web.Response | None:
        now = time.monotonic()
        if self.global_limit_per_second is not None and route.bot_auth:
            while self._global_hits and now - self._global_hits[0] >= 1.0:
                self._global_hits.popleft()
            if len(self._global_hits) >= self.global_limit_per_second:
                retry = round(max(0.001, 1.0 - (now - self._global_hits[0])), 3)
                return self._rate_limited_response(retry, global_=True)
            self._global_hits.append(now)
        if self.bucket_limit is not None:
            _bucket, key = self._bucket_key(route, params)
            started, used = self._buckets.get(key, (now, 0))
            if now - started < self.bucket_window and used >= self.bucket_limit:
                headers = self._bucket_headers(route, params, count=False)
                retry = round(max(0.001, started + self.bucket_window - now), 3)
                return self._rate_limited_response(retry, global_=False, bucket_headers=headers)
        return None

    # -- REST plumbing -----------------------------------------------------------------------------------

    def _build_routes(self) -> list[_Route]:
        table: list[tuple[str, str, _Handler, bool]] = [
            ("GET", "/gateway", self._get_gateway, False),
            ("GET", "/gateway/bot", self._get_gateway_bot, True),
            ("GET", "/users/@me", self._get_me, True),
            ("GET", "/users/@me/guilds", self._list_my_guilds, True),
            ("GET", "/oauth2/applications/@me", self._get_application, True),
            ("GET", "/applications/{application_id}/commands", self._get_global_commands, True),
            ("PUT", "/applications/{application_id}/commands", self._put_global_commands, True),
            (
                "GET",
                "/applications/{application_id}/guilds/{guild_id}/commands",
                self._get_guild_commands,
                True,
            ),
            (
                "PUT",
                "/applications/{application_id}/guilds/{guild_id}/commands",
                self._put_guild_commands,
                True,
            ),
            ("POST", "/users/@me/channels", self._create_dm, True),
            ("GET", "/channels/{channel_id}/messages", self._list_messages, True),
            ("POST", "/channels/{channel_id}/messages", self._create_message, True),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self._get_message, True),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._edit_message, True),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self._delete_message, True),
            ("POST", "/channels/{channel_id}/threads", self._create_thread, True),
            (
                "POST",
                "/channels/{channel_id}/messages/{message_id}/threads",
                self._create_thread_from_message,
                True,
            ),
            ("POST", "/channels/{channel_id}/polls/{message_id}/expire", self._expire_poll, True),
            ("GET", "/guilds/{guild_id}", self._get_guild, True),
            ("GET", "/guilds/{guild_id}/members", self._list_members, True),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self._get_member, True),
            ("GET", "/guilds/{guild_id}/scheduled-events", self._list_scheduled_events, True),
            ("POST", "/guilds/{guild_id}/scheduled-events", self._create_scheduled_event, True),
            (
                "GET",
                "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}",
                self._get_scheduled_event,
                True,
            ),
            (
                "PATCH",
                "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}",
                self._modify_scheduled_event,
                True,
            ),
            (
                "POST",
                "/interactions/{interaction_id}/{interaction_token}/callback",
                self._interaction_callback,
                False,
            ),
            ("POST", "/webhooks/{webhook_id}/{webhook_token}", self._execute_webhook, False),
            ("PATCH", "/webhooks/{webhook_id}/{webhook_token}", self._modify_webhook, False),
            ("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", self._get_original, False),
            (
                "PATCH",
                "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
                self._edit_original,
                False,
            ),
            (
                "DELETE",
                "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
                self._delete_original,
                False,
            ),
            (
                "PATCH",
                "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
                self._edit_followup,
                False,
            ),
        ]
        routes = [
            _Route(method, template, tuple(template.strip("/").split("/")), handler, bot_auth)
            for method, template, handler, bot_auth in table
        ]
        routes.sort(key=lambda r: -r.literal_count)
        return routes

    @property
    def ROUTES(self) -> list[tuple[str, str]]:  # noqa: N802 - reads like the constant it is
        """The (method, route template) pairs the fake implements."""
        return [(r.method, r.template) for r in self._routes]

    async def _read_body(self, request: web.Request) -> tuple[Any, list[RecordedFile]]:
        if not request.body_exists:
            return None, []
        if request.content_type.startswith("multipart/"):
            payload: Any = None
            files: list[RecordedFile] = []
            reader = await request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                if not isinstance(part, aiohttp.BodyPartReader):
                    continue
                data = await part.read()
                if part.name == "payload_json":
                    payload = json.loads(data)
                else:
                    files.append(RecordedFile(part.name or "", part.filename, len(data)))
            return payload, files
        raw = await request.read()
        if not raw:
            return None, []
        try:
            return json.loads(raw), []
        except ValueError:
            raise _HTTPError(400, 50109, "The request body contains invalid JSON.") from None

    async def _rest_handler(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if not (path == API_PREFIX or path.startswith(API_PREFIX + "/")):
            return _json_response(404, _error_body(404))
        concrete = path[len(API_PREFIX) :] or "/"
        method = request.method.upper()
        segments = concrete.strip("/").split("/")
        matched: tuple[_Route, dict[str, str]] | None = None
        path_exists = False
        for route in self._routes:
            params = route.match(segments)
            if params is None:
                continue
            path_exists = True
            if route.method == method:
                matched = (route, params)
                break
        recorded = RecordedRequest(
            method=method,
            route=matched[0].template if matched else None,
            path=concrete,
            query=dict(request.query),
            json=None,
            headers=dict(request.headers),
            time=time.monotonic(),
            content_type=request.content_type,
        )
        self.requests.append(recorded)
        try:
            recorded.json, recorded.files = await self._read_body(request)
            if matched is None:
                status = 405 if path_exists else 404
                response: web.StreamResponse = _json_response(status, _error_body(status))
            else:
                handled = await self._handle_matched(request, matched[0], matched[1], recorded)
                if handled is None:
                    self.dropped_count += 1
                    recorded.status = DROPPED_STATUS
                    await self._notify()
                    if request.transport is not None:
                        request.transport.abort()
                    return web.Response(status=500)  # never reaches the client
                response = handled
        except _HTTPError as err:
            body = _error_body(err.status, err.code, err.message)
            if err.errors is not None:
                body["errors"] = err.errors
            response = _json_response(err.status, body)
        except Exception as exc:  # a bug in the fake: answer 500 and remember it for the test
            _log.exception("fake discord handler failed")
            self.handler_errors.append(f"{method} {concrete}: {exc!r}")
            response = _json_response(500, _error_body(500))
        recorded.status = response.status
        await self._notify()
        return response

    async def _handle_matched(
        self, request: web.Request, route: _Route, params: dict[str, str], recorded: RecordedRequest
    ) -> web.StreamResponse | None:
        """The response, or ``None`` to drop the connection without answering."""
        if route.bot_auth and request.headers.get("Authorization") != f"Bot {self.token}":
            return _json_response(401, _error_body(401))
        queue = self._planned.get((route.method, route.template))
        if queue and queue[0].drop and not queue[0].after_handling:
            queue.popleft()
            return None
        planned = self._planned_failure(route.method, route.template)
        if planned is not None:
            return planned
        if self.faults is not None:
            kind = self.faults.draw(route.method, route.template)
            if kind == "rate_limit":
                return self._rate_limited_response(self.faults.retry_after, global_=False)
            if kind == "server_error":
                self.server_error_count += 1
                return _json_response(500, _error_body(500))
            if kind == "drop":
                return None
        limited = self._limits_response(route, params)
        if limited is not None:
            return limited
        if self.request_validator is not None:
            problems = self.request_validator(recorded)
            if problems:
                raise _HTTPError(400, 50035, "Invalid Form Body", {"_spec": problems})
        response = await route.handler(params, recorded)
        if queue and queue[0].drop and queue[0].after_handling:
            queue.popleft()
            return None
        if queue and queue[0].after_handling and not queue[0].drop:
            plan = queue.popleft()
            return _json_response(plan.status, plan.body)
        if (self.rate_limit_headers or self.bucket_limit is not None) and response.status < 300:
            response.headers.update(self._bucket_headers(route, params, count=True))
        return response

    # -- REST handlers: gateway, identity, application -------------------------------------------------

    async def _get_gateway(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        return _json_response(200, {"url": self.gateway_url})

    async def _get_gateway_bot(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        return _json_response(
            200,
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14_400_000,
                    "max_concurrency": 1,
                },
            },
        )

    def _me_payload(self) -> JSONDict:
        return {
            **self.bot_user.payload(),
            "bot": True,
            "verified": True,
            "mfa_enabled": False,
            "flags": 0,
            "locale": "en-US",
            "email": None,
            "banner": None,
            "accent_color": None,
        }

    async def _get_me(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        return _json_response(200, self._me_payload())

    async def _list_my_guilds(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        """The bot's servers, each with the bot's guild-level permissions (a decimal string)."""
        return _json_response(
            200,
            [
                {
                    "id": str(guild.id),
                    "name": guild.name,
                    "icon": None,
                    "banner": None,
                    "owner": guild.owner_id == self.bot_user.id,
                    "permissions": str(guild.permissions_for(self.bot_user.id)),
                    "features": [],
                }
                for guild in self.guilds
            ],
        )

    async def _get_application(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        owner = User(id=self.guilds[0].owner_id if self.guilds else 1, username="owner")
        return _json_response(
            200,
            {
                "id": str(self.application_id),
                "name": self.bot_user.username,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": self.application_flags,
                "owner": owner.payload(),
                "team": None,
                "bot": self._me_payload(),
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "approximate_guild_count": len(self.guilds),
                "integration_types_config": {"0": {}},
            },
        )

    # -- REST handlers: application commands ------------------------------------------------------------

    def _check_application(self, params: Mapping[str, str]) -> None:
        if params.get("application_id") != str(self.application_id):
            raise _HTTPError(403, 50001, "Missing Access")

    def _overwrite_commands(
        self, existing: list[JSONDict], body: Any, guild_id: int | None
    ) -> list[JSONDict]:
        if not isinstance(body, list):
            raise _HTTPError(400, 50035, "Invalid Form Body", {"_errors": [{"message": "Expected a list"}]})
        seen: set[tuple[str, int]] = set()
        stored: list[JSONDict] = []
        for index, command in enumerate(body):
            name = command.get("name") if isinstance(command, dict) else None
            ctype = int(command.get("type") or 1) if isinstance(command, dict) else 1
            if not isinstance(name, str) or not re.fullmatch(r"[-_\w]{1,32}", name):
                raise _HTTPError(400, 50035, "Invalid Form Body", {str(index): {"name": "invalid name"}})
            if ctype == 1 and name != name.lower():
                raise _HTTPError(400, 50035, "Invalid Form Body", {str(index): {"name": "must be lowercase"}})
            if (name, ctype) in seen:
                raise _HTTPError(400, 50035, "Application command names must be unique")
            seen.add((name, ctype))
            previous = next((c for c in existing if c["name"] == name and c["type"] == ctype), None)
            perms = command.get("default_member_permissions")
            entry: JSONDict = {
                "id": previous["id"] if previous else str(self._ids.next()),
                "application_id": str(self.application_id),
                "version": str(self._ids.next()),
                "type": ctype,
                "name": name,
                "name_localizations": command.get("name_localizations"),
                "description": command.get("description") or "",
                "description_localizations": command.get("description_localizations"),
                "default_member_permissions": None if perms is None else str(perms),
                "nsfw": bool(command.get("nsfw", False)),
                "contexts": command.get("contexts"),
                "integration_types": command.get("integration_types") or [0],
            }
            if guild_id is not None:
                entry["guild_id"] = str(guild_id)
            else:
                entry["dm_permission"] = command.get("dm_permission", True)
            if command.get("options"):
                entry["options"] = command["options"]
            stored.append(entry)
        return stored

    async def _get_global_commands(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        self._check_application(params)
        return _json_response(200, self.global_commands)

    async def _put_global_commands(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        self._check_application(params)
        self.global_commands = self._overwrite_commands(self.global_commands, req.json, None)
        return _json_response(200, self.global_commands)

    def _guild_for_commands(self, params: Mapping[str, str]) -> int:
        self._check_application(params)
        guild_id = int(params["guild_id"])
        if self._find_guild(guild_id) is None:
            raise _HTTPError(403, 50001, "Missing Access")
        return guild_id

    async def _get_guild_commands(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        guild_id = self._guild_for_commands(params)
        return _json_response(200, self.guild_commands.get(guild_id, []))

    async def _put_guild_commands(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        guild_id = self._guild_for_commands(params)
        existing = self.guild_commands.get(guild_id, [])
        self.guild_commands[guild_id] = self._overwrite_commands(existing, req.json, guild_id)
        return _json_response(200, self.guild_commands[guild_id])

    # -- REST handlers: channels and messages ------------------------------------------------------------

    async def _create_dm(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        body = req.json if isinstance(req.json, dict) else {}
        try:
            recipient_id = int(body.get("recipient_id"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise _HTTPError(400, 50035, "Invalid Form Body", {"recipient_id": "required"}) from None
        user = self._known_user(recipient_id)
        if user is None or user.id == self.bot_user.id:
            raise _HTTPError(400, 50033, "Invalid Recipient(s)")
        channel = self.dm_channels.get(user.id)
        if channel is None:
            channel = {
                "id": str(self.dm_channel_id(user.id)),
                "type": int(ChannelType.DM),
                "last_message_id": None,
                "flags": 0,
                "recipients": [user.payload()],
            }
            self.dm_channels[user.id] = channel
        return _json_response(200, channel)

    def _require_channel(self, channel_id: str) -> tuple[Guild | None, JSONDict]:
        info = self._channel_info(int(channel_id))
        if info is None:
            raise _HTTPError(404, 10003, "Unknown Channel")
        return info

    def _require_message(self, channel_id: str, message_id: str) -> JSONDict:
        message = self.messages.get(int(message_id))
        if message is None or message["channel_id"] != channel_id:
            raise _HTTPError(404, 10008, "Unknown Message")
        return message

    def _poll_payload(self, poll: Any) -> JSONDict:
        if not isinstance(poll, dict):
            raise _HTTPError(400, 50035, "Invalid Form Body", {"poll": "expected an object"})
        duration = poll.get("duration", 24)
        if (
            not isinstance(duration, int | float)
            or float(duration) != int(duration)
            or not 1 <= duration <= 768
        ):
            raise _HTTPError(400, 50035, "Invalid Form Body", {"poll": {"duration": "invalid"}})
        answers = [
            {"answer_id": index + 1, "poll_media": answer.get("poll_media", {})}
            for index, answer in enumerate(poll.get("answers") or [])
        ]
        return {
            "question": poll.get("question", {}),
            "answers": answers,
            "expiry": _iso(datetime.now(UTC) + timedelta(hours=int(duration))),
            "allow_multiselect": bool(poll.get("allow_multiselect", False)),
            "layout_type": poll.get("layout_type") or 1,
            "results": {"is_finalized": False, "answer_counts": []},
        }

    def new_message(
        self,
        channel_id: int,
        author: JSONDict,
        body: Mapping[str, Any],
        *,
        guild_id: int | None = None,
        message_type: int = 0,
        extra: Mapping[str, Any] | None = None,
        files: Sequence[RecordedFile] = (),
    ) -> JSONDict:
        """Build and store a full message object (as the REST API returns it)."""
        message_id = int(extra["id"]) if extra and "id" in extra else self._ids.next()
        attachments: list[JSONDict] = []
        for upload in files:
            attachment_id = self._ids.next()
            url = f"{self.base_url}/attachments/{channel_id}/{attachment_id}/{upload.filename}"
            attachments.append(
                {
                    "id": str(attachment_id),
                    "filename": upload.filename or "file",
                    "size": upload.size,
                    "url": url,
                    "proxy_url": url,
                }
            )
        message: JSONDict = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": author,
            "content": body.get("content") or "",
            "timestamp": _iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": attachments,
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": message_type,
            "flags": int(body.get("flags") or 0),
        }
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        if body.get("poll") is not None:
            message["poll"] = self._poll_payload(body["poll"])
        reference = body.get("message_reference")
        if isinstance(reference, dict) and reference.get("message_id"):
            referenced = self.messages.get(int(reference["message_id"]))
            message["type"] = 19
            message["message_reference"] = {
                "type": 0,
                "message_id": str(reference["message_id"]),
                "channel_id": str(reference.get("channel_id") or channel_id),
                **({"guild_id": str(guild_id)} if guild_id else {}),
            }
            message["referenced_message"] = referenced
        if extra:
            message.update({k: v for k, v in extra.items() if k != "id"})
        self.messages[message_id] = message
        return message

    @staticmethod
    def _has_sendable_content(body: Mapping[str, Any], files: Sequence[RecordedFile]) -> bool:
        return bool(
            body.get("content")
            or body.get("embeds")
            or body.get("components")
            or body.get("sticker_ids")
            or body.get("poll")
            or files
        )

    async def _create_message(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        guild, channel = self._require_channel(params["channel_id"])
        body: JSONDict = req.json if isinstance(req.json, dict) else {}
        if not self._has_sendable_content(body, req.files):
            raise _HTTPError(400, 50006, "Cannot send an empty message")
        content = body.get("content")
        if content is not None and (not isinstance(content, str) or len(content) > 2000):
            raise _HTTPError(400, 50035, "Invalid Form Body", {"content": "must be a string of <= 2000"})
        channel_id = int(params["channel_id"])
        if guild is None:
            recipient = self._known_user(int(channel["recipients"][0]["id"]))
            if recipient is not None and recipient.dms_closed:
                raise _HTTPError(403, 50007, "Cannot send messages to this user")
        nonce = body.get("nonce")
        now = time.monotonic()
        if nonce is not None and body.get("enforce_nonce"):
            key = (channel_id, self.bot_user.id, str(nonce))
            seen = self._nonces.get(key)
            if seen is not None and now - seen[0] <= self.nonce_window:
                if seen[1] in self.deleted_message_ids:
                    raise _HTTPError(404, 10008, "Unknown Message")
                return _json_response(200, self.messages[seen[1]])
        message = self.new_message(
            channel_id, self.bot_user.payload(), body, guild_id=guild.id if guild else None, files=req.files
        )
        if nonce is not None and body.get("enforce_nonce"):
            self._nonces[(channel_id, self.bot_user.id, str(nonce))] = (now, int(message["id"]))
        self._echo("MESSAGE_CREATE", self._with_guild(message, guild))
        return _json_response(200, message)

    @staticmethod
    def _with_guild(message: JSONDict, guild: Guild | None) -> JSONDict:
        if guild is None:
            return dict(message)
        data = {**message, "guild_id": str(guild.id)}
        author_member = guild.member(int(message["author"]["id"]))
        if author_member is not None and "webhook_id" not in message:
            member = author_member.payload()
            member.pop("user")
            data["member"] = member
        return data

    async def _list_messages(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        self._require_channel(params["channel_id"])
        try:
            limit = int(req.query.get("limit", "50"))
        except ValueError:
            raise _HTTPError(400, 50035, "Invalid Form Body", {"limit": "not an integer"}) from None
        if not 1 <= limit <= 100:
            raise _HTTPError(400, 50035, "Invalid Form Body", {"limit": "must be between 1 and 100"})
        found = [m for m in self.messages.values() if m["channel_id"] == params["channel_id"]]
        found.sort(key=lambda m: int(m["id"]), reverse=True)
        if "before" in req.query:
            found = [m for m in found if int(m["id"]) < int(req.query["before"])]
        if "after" in req.query:
            found = [m for m in found if int(m["id"]) > int(req.query["after"])]
            found = found[-limit:]
        return _json_response(200, found[:limit])

    async def _get_message(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        return _json_response(200, self._require_message(params["channel_id"], params["message_id"]))

    async def _edit_message(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        guild, _channel = self._require_channel(params["channel_id"])
        message = self._require_message(params["channel_id"], params["message_id"])
        if message["author"]["id"] != str(self.bot_user.id):
            raise _HTTPError(403, 50005, "Cannot edit a message authored by another user")
        self._apply_edit(message, req.json if isinstance(req.json, dict) else {})
        self._echo("MESSAGE_UPDATE", self._with_guild(message, guild))
        return _json_response(200, message)

    @staticmethod
    def _apply_edit(message: JSONDict, body: Mapping[str, Any]) -> None:
        for key in ("content", "embeds", "components", "attachments"):
            if key in body:
                message[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        if "flags" in body and body["flags"] is not None:
            message["flags"] = (message["flags"] & (MSG_FLAG_EPHEMERAL | MSG_FLAG_HAS_THREAD)) | int(
                body["flags"]
            )
        message["flags"] &= ~MSG_FLAG_LOADING
        message["edited_timestamp"] = _iso()

    async def _delete_message(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        guild, _channel = self._require_channel(params["channel_id"])
        message = self._require_message(params["channel_id"], params["message_id"])
        del self.messages[int(message["id"])]
        self.deleted_message_ids.add(int(message["id"]))
        event: JSONDict = {"id": message["id"], "channel_id": message["channel_id"]}
        if guild is not None:
            event["guild_id"] = str(guild.id)
        self._echo("MESSAGE_DELETE", event)
        return web.Response(status=204)

    def _thread_payload(
        self,
        thread_id: int,
        guild: Guild,
        parent_id: int,
        name: str,
        thread_type: int,
        body: Mapping[str, Any],
    ) -> JSONDict:
        now = _iso()
        metadata: JSONDict = {
            "archived": False,
            "archive_timestamp": now,
            "auto_archive_duration": int(body.get("auto_archive_duration") or 4320),
            "locked": False,
            "create_timestamp": now,
        }
        if thread_type == ChannelType.PRIVATE_THREAD:
            metadata["invitable"] = bool(body.get("invitable", True))
        thread: JSONDict = {
            "id": str(thread_id),
            "guild_id": str(guild.id),
            "parent_id": str(parent_id),
            "owner_id": str(self.bot_user.id),
            "type": thread_type,
            "name": name,
            "last_message_id": None,
            "rate_limit_per_user": int(body.get("rate_limit_per_user") or 0),
            "message_count": 0,
            "member_count": 1,
            "total_message_sent": 0,
            "flags": 0,
            "thread_metadata": metadata,
            "member": {
                "id": str(thread_id),
                "user_id": str(self.bot_user.id),
                "join_timestamp": now,
                "flags": 0,
            },
        }
        self.threads[thread_id] = thread
        self._echo("THREAD_CREATE", {**thread, "newly_created": True})
        return thread

    @staticmethod
    def _thread_name(body: Mapping[str, Any]) -> str:
        name = body.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            raise _HTTPError(400, 50035, "Invalid Form Body", {"name": "must be 1-100 characters"})
        return name

    async def _create_thread(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        guild, channel = self._require_channel(params["channel_id"])
        if guild is None or channel["type"] not in (
            ChannelType.GUILD_TEXT,
            ChannelType.GUILD_ANNOUNCEMENT,
            15,
        ):
            raise _HTTPError(400, 50024, "Cannot execute action on this channel type")
        body: JSONDict = req.json if isinstance(req.json, dict) else {}
        name = self._thread_name(body)
        parent_id = int(params["channel_id"])
        thread_id = self._ids.next()
        if channel["type"] == ChannelType.GUILD_FORUM:
            starter = body.get("message")
            if not isinstance(starter, dict) or not self._has_sendable_content(starter, req.files):
                raise _HTTPError(400, 50006, "Cannot send an empty message")
            thread = self._thread_payload(thread_id, guild, parent_id, name, ChannelType.PUBLIC_THREAD, body)
            message = self.new_message(
                thread_id,
                self.bot_user.payload(),
                starter,
                guild_id=guild.id,
                extra={"id": thread_id},
                files=req.files,
            )
            return _json_response(201, {**thread, "message": message})
        thread_type = int(body.get("type") or ChannelType.PRIVATE_THREAD)
        thread = self._thread_payload(thread_id, guild, parent_id, name, thread_type, body)
        return _json_response(201, thread)

    async def _create_thread_from_message(
        self, params: dict[str, str], req: RecordedRequest
    ) -> web.StreamResponse:
        guild, channel = self._require_channel(params["channel_id"])
        message = self._require_message(params["channel_id"], params["message_id"])
        if guild is None:
            raise _HTTPError(400, 50024, "Cannot execute action on this channel type")
        if int(message["id"]) in self.threads:
            raise _HTTPError(400, 160004, "A thread has already been created for this message")
        body: JSONDict = req.json if isinstance(req.json, dict) else {}
        thread_type = ChannelType.ANNOUNCEMENT_THREAD if channel["type"] == 5 else ChannelType.PUBLIC_THREAD
        thread = self._thread_payload(
            int(message["id"]), guild, int(params["channel_id"]), self._thread_name(body), thread_type, body
        )
        message["thread"] = thread
        message["flags"] |= MSG_FLAG_HAS_THREAD
        return _json_response(201, thread)

    async def _expire_poll(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        guild, _channel = self._require_channel(params["channel_id"])
        message = self._require_message(params["channel_id"], params["message_id"])
        poll = message.get("poll")
        if poll is None:
            raise _HTTPError(400, 520001, "This message has no poll")
        if message["author"]["id"] != str(self.bot_user.id):
            raise _HTTPError(403, 50013, "Missing Permissions")
        poll["expiry"] = _iso()
        poll["results"]["is_finalized"] = True
        self._echo("MESSAGE_UPDATE", self._with_guild(message, guild))
        return _json_response(200, message)

    # -- REST handlers: guilds ---------------------------------------------------------------------------

    async def _get_member(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        guild = self._find_guild(int(params["guild_id"]))
        if guild is None:
            raise _HTTPError(404, 10004, "Unknown Guild")
        member = guild.member(int(params["user_id"]))
        if member is None:
            raise _HTTPError(404, 10007, "Unknown Member")
        return _json_response(200, member.payload())

    async def _get_guild(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        """The guild as REST returns it; `with_counts=true` adds the approximate member count."""
        guild = self._find_guild(int(params["guild_id"]))
        if guild is None:
            raise _HTTPError(404, 10004, "Unknown Guild")
        payload = {
            key: value
            for key, value in self._guild_create_payload(guild, 0).items()
            if key not in _GATEWAY_ONLY_GUILD_FIELDS
        }
        payload.update(
            home_header=None,
            region="deprecated",
            widget_enabled=False,
            widget_channel_id=None,
            max_presences=None,
            max_stage_video_channel_users=50,
            nsfw=False,
        )
        if req.query.get("with_counts") in ("true", "1"):
            payload["approximate_member_count"] = len(guild.members)
            payload["approximate_presence_count"] = 0
        return _json_response(200, payload)

    async def _list_members(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        """Members in the order of their user ids, `limit` (1-1000, default 1) after the id `after`."""
        guild = self._find_guild(int(params["guild_id"]))
        if guild is None:
            raise _HTTPError(404, 10004, "Unknown Guild")
        limit, after = int(req.query.get("limit", "1")), int(req.query.get("after", "0"))
        if not 1 <= limit <= 1000:
            raise _HTTPError(400, 50035, "Invalid Form Body")
        ordered = sorted((m for m in guild.members if m.user.id > after), key=lambda m: m.user.id)
        return _json_response(200, [m.payload() for m in ordered[:limit]])

    async def _list_scheduled_events(
        self, params: dict[str, str], req: RecordedRequest
    ) -> web.StreamResponse:
        guild = self._find_guild(int(params["guild_id"]))
        if guild is None:
            raise _HTTPError(404, 10004, "Unknown Guild")
        events = [e for e in self.scheduled_events.values() if e["guild_id"] == str(guild.id)]
        return _json_response(200, events)

    async def scheduled_event_interest(
        self, guild_id: int, event_id: int, user: User | Member, *, added: bool = True
    ) -> int:
        """A member marks themselves interested in an event (or takes it back): the USER_ADD/REMOVE
        dispatch, with the event's `user_count` kept in step."""
        event = self.scheduled_events[event_id]
        event["user_count"] = max(0, int(event.get("user_count") or 0) + (1 if added else -1))
        name = "GUILD_SCHEDULED_EVENT_USER_ADD" if added else "GUILD_SCHEDULED_EVENT_USER_REMOVE"
        user_id = user.user.id if isinstance(user, Member) else user.id
        data = {"guild_scheduled_event_id": str(event_id), "user_id": str(user_id), "guild_id": str(guild_id)}
        return await self.dispatch(name, data)

    async def _create_scheduled_event(
        self, params: dict[str, str], req: RecordedRequest
    ) -> web.StreamResponse:
        guild = self._find_guild(int(params["guild_id"]))
        if guild is None:
            raise _HTTPError(404, 10004, "Unknown Guild")
        body: JSONDict = req.json if isinstance(req.json, dict) else {}
        missing = [
            k for k in ("name", "privacy_level", "scheduled_start_time", "entity_type") if k not in body
        ]
        entity_type = body.get("entity_type")
        if entity_type == 3:
            if not (body.get("entity_metadata") or {}).get("location"):
                missing.append("entity_metadata.location")
            if not body.get("scheduled_end_time"):
                missing.append("scheduled_end_time")
        elif entity_type in (1, 2) and not body.get("channel_id"):
            missing.append("channel_id")
        if missing:
            raise _HTTPError(400, 50035, "Invalid Form Body", {k: "required" for k in missing})
        event_id = self._ids.next()
        event: JSONDict = {
            "id": str(event_id),
            "guild_id": str(guild.id),
            "channel_id": body.get("channel_id"),
            "creator_id": str(self.bot_user.id),
            "creator": self.bot_user.payload(),
            "name": body["name"],
            "description": body.get("description"),
            "scheduled_start_time": body["scheduled_start_time"],
            "scheduled_end_time": body.get("scheduled_end_time"),
            "privacy_level": body["privacy_level"],
            "status": 1,
            "entity_type": entity_type,
            "entity_id": None,
            "entity_metadata": body.get("entity_metadata"),
            "user_count": 0,
            "image": None,
            "recurrence_rule": body.get("recurrence_rule"),
        }
        self.scheduled_events[event_id] = event
        self._echo("GUILD_SCHEDULED_EVENT_CREATE", event)
        return _json_response(200, event)

    def _scheduled_event(self, params: Mapping[str, str]) -> JSONDict:
        guild = self._find_guild(int(params["guild_id"]))
        if guild is None:
            raise _HTTPError(404, 10004, "Unknown Guild")
        event = self.scheduled_events.get(int(params["guild_scheduled_event_id"]))
        if event is None or event["guild_id"] != str(guild.id):
            raise _HTTPError(404, 10070, "Unknown Guild Scheduled Event")
        return event

    async def _get_scheduled_event(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        return _json_response(200, self._scheduled_event(params))

    async def _modify_scheduled_event(
        self, params: dict[str, str], req: RecordedRequest
    ) -> web.StreamResponse:
        """Discord's rules for an edit: only a scheduled event may be cancelled, a cancelled or finished one
        takes no change at all (400 180000 "Cannot modify a finished event")."""
        event = self._scheduled_event(params)
        body: JSONDict = req.json if isinstance(req.json, dict) else {}
        if event["status"] in (3, 4):
            raise _HTTPError(400, 180000, "Cannot modify a finished event")
        if body.get("status") == 4 and event["status"] != 1:
            raise _HTTPError(400, 180000, "Cannot cancel an event that has started")
        for name in (
            "name",
            "description",
            "scheduled_start_time",
            "scheduled_end_time",
            "entity_metadata",
            "status",
        ):
            if name in body:
                event[name] = body[name]
        self._echo("GUILD_SCHEDULED_EVENT_UPDATE", event)
        return _json_response(200, event)

    # -- REST handlers: interactions and webhooks ---------------------------------------------------------

    def _interaction_for_token(self, params: Mapping[str, str]) -> FakeInteraction:
        if params.get("webhook_id") != str(self.application_id):
            raise _HTTPError(404, 10015, "Unknown Webhook")
        token = params.get("webhook_token")
        found = next((i for i in self.interactions.values() if i.token == token), None)
        if found is None or found.callback_at is None:
            raise _HTTPError(404, 10015, "Unknown Webhook")
        if time.monotonic() - found.callback_at > 15 * 60:
            raise _HTTPError(401, 50027, "Invalid Webhook Token")
        return found

    def _interaction_message(
        self,
        interaction: FakeInteraction,
        body: Mapping[str, Any],
        flags: int,
        files: Sequence[RecordedFile] = (),
    ) -> JSONDict:
        guild = self._find_guild(interaction.guild_id) if interaction.guild_id else None
        user = self._known_user(interaction.user_id)
        extra: JSONDict = {
            "webhook_id": str(self.application_id),
            "application_id": str(self.application_id),
            "interaction_metadata": {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": user.payload() if user else {"id": str(interaction.user_id)},
                "authorizing_integration_owners": {"0": str(interaction.guild_id or 0)},
            },
        }
        message = self.new_message(
            interaction.channel_id,
            self.bot_user.payload(),
            {**body, "flags": flags},
            guild_id=guild.id if guild else None,
            message_type=20 if interaction.type == 2 else 0,
            extra=extra,
            files=files,
        )
        if not flags & MSG_FLAG_EPHEMERAL:
            self._echo("MESSAGE_CREATE", self._with_guild(message, guild))
        return message

    async def _interaction_callback(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        interaction = self.interactions.get(int(params["interaction_id"]))
        if interaction is None or interaction.token != params["interaction_token"]:
            raise _HTTPError(404, 10062, "Unknown interaction")
        if interaction.callback_at is not None:
            raise _HTTPError(400, 40060, "Interaction has already been acknowledged.")
        sent = interaction.dispatched_at
        if sent is not None and req.time - sent > self.interaction_ack_deadline:
            raise _HTTPError(404, 10062, "Unknown interaction")
        body: JSONDict = req.json if isinstance(req.json, dict) else {}
        callback_type = body.get("type")
        if callback_type not in (1, 4, 5, 6, 7, 8, 9, 10, 12):
            raise _HTTPError(400, 50035, "Invalid Form Body", {"type": "invalid callback type"})
        if callback_type in (6, 7) and interaction.type not in (3, 5):
            raise _HTTPError(400, 40043, "This interaction type does not support this callback")
        data: JSONDict = body.get("data") or {}
        flags = int(data.get("flags") or 0)
        interaction.callback_at = req.time
        interaction.callback_type = int(callback_type)
        interaction.callback_body = body
        resource: JSONDict | None = None
        response_message_id: str | None = None
        if callback_type == 4:
            message = self._interaction_message(interaction, data, flags & ~MSG_FLAG_LOADING, req.files)
            interaction.original_message_id = int(message["id"])
            resource, response_message_id = {"type": 4, "message": message}, message["id"]
        elif callback_type == 5:
            message = self._interaction_message(
                interaction, {"content": ""}, MSG_FLAG_LOADING | (flags & MSG_FLAG_EPHEMERAL)
            )
            interaction.original_message_id = int(message["id"])
            resource, response_message_id = {"type": 5, "message": message}, message["id"]
        elif callback_type == 7:
            source = interaction.payload.get("message") or {}
            target = self.messages.get(int(source.get("id", 0)))
            if target is not None:
                self._apply_edit(target, data)
                resource = {"type": 7, "message": target}
        elif callback_type in (6, 1, 9):
            resource = {"type": callback_type}
        if req.query.get("with_response", "").lower() not in ("1", "true"):
            return web.Response(status=204)
        return _json_response(
            200,
            {
                "interaction": {
                    "id": str(interaction.id),
                    "type": interaction.type,
                    "response_message_id": response_message_id,
                    "response_message_loading": callback_type == 5,
                    "response_message_ephemeral": bool(flags & MSG_FLAG_EPHEMERAL),
                },
                "resource": resource,
            },
        )

    async def _execute_webhook(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        interaction = self._interaction_for_token(params)
        body: JSONDict = req.json if isinstance(req.json, dict) else {}
        if not self._has_sendable_content(body, req.files):
            raise _HTTPError(400, 50006, "Cannot send an empty message")
        message = self._interaction_message(interaction, body, int(body.get("flags") or 0), req.files)
        interaction.followup_message_ids.append(int(message["id"]))
        if req.query.get("wait", "").lower() in ("1", "true"):
            return _json_response(200, message)
        return web.Response(status=204)

    async def _modify_webhook(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        # Interaction tokens cannot be used to modify a webhook; Discord answers Unknown Webhook.
        raise _HTTPError(404, 10015, "Unknown Webhook")

    def _original(self, params: Mapping[str, str]) -> tuple[FakeInteraction, JSONDict]:
        interaction = self._interaction_for_token(params)
        message = self.messages.get(interaction.original_message_id or 0)
        if message is None:
            raise _HTTPError(404, 10008, "Unknown Message")
        return interaction, message

    async def _get_original(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        return _json_response(200, self._original(params)[1])

    async def _edit_original(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        interaction, message = self._original(params)
        return self._edit_interaction_message(interaction, message, req)

    async def _edit_followup(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        interaction = self._interaction_for_token(params)
        message_id = int(params["message_id"])
        message = self.messages.get(message_id)
        if message is None or message_id not in interaction.followup_message_ids:
            raise _HTTPError(404, 10008, "Unknown Message")
        return self._edit_interaction_message(interaction, message, req)

    def _edit_interaction_message(
        self, interaction: FakeInteraction, message: JSONDict, req: RecordedRequest
    ) -> web.StreamResponse:
        self._apply_edit(message, req.json if isinstance(req.json, dict) else {})
        if not message["flags"] & MSG_FLAG_EPHEMERAL:
            guild = self._find_guild(interaction.guild_id) if interaction.guild_id else None
            self._echo("MESSAGE_UPDATE", self._with_guild(message, guild))
        return _json_response(200, message)

    async def _delete_original(self, params: dict[str, str], req: RecordedRequest) -> web.StreamResponse:
        _interaction, message = self._original(params)
        del self.messages[int(message["id"])]
        self.deleted_message_ids.add(int(message["id"]))
        return web.Response(status=204)

    # -- gateway ------------------------------------------------------------------------------------------

    async def _gateway_handler(self, request: web.Request) -> web.StreamResponse:
        if self.refused_gateway_connects > 0:
            self.refused_gateway_connects -= 1
            self.gateway_connects.append({**request.query, "refused": "503"})
            await self._notify()
            return _json_response(503, _error_body(503))
        ws = web.WebSocketResponse(timeout=2.0, max_msg_size=16 * 1024 * 1024)
        await ws.prepare(request)
        self.gateway_connects.append(dict(request.query))
        version = request.query.get("v")
        encoding = request.query.get("encoding", "json")
        compress = request.query.get("compress")
        if version != "10":
            await ws.close(code=4012, message=b"Invalid API version")
            return ws
        if encoding != "json" or compress not in (None, "zlib-stream", "zstd-stream"):
            await ws.close(code=4002, message=b"Error while decoding payload.")
            return ws
        conn = _Connection(ws, compress)
        self._connections.add(conn)
        try:
            await conn.send(
                {
                    "op": _Op.HELLO,
                    "d": {"heartbeat_interval": self.heartbeat_interval_ms},
                    "s": None,
                    "t": None,
                }
            )
            idle_limit = self.heartbeat_interval_ms / 1000 * 2 + 5
            while not ws.closed:
                try:
                    msg = await ws.receive(timeout=idle_limit)
                except TimeoutError:
                    await ws.close(code=4009, message=b"Session timed out.")
                    break
                if msg.type == aiohttp.WSMsgType.TEXT:
                    await self._on_gateway_frame(conn, str(msg.data))
                elif msg.type in _WS_ENDED:
                    break
                else:  # binary (ETF) frames are not supported
                    await ws.close(code=4002, message=b"Error while decoding payload.")
                    break
        finally:
            self._connections.discard(conn)
            if conn.session is not None and conn.session.connection is conn:
                conn.session.connection = None
            await self._notify()
        return ws

    async def _on_gateway_frame(self, conn: _Connection, text: str) -> None:
        try:
            frame = json.loads(text)
            op = int(frame["op"])
        except (ValueError, KeyError, TypeError):
            await conn.ws.close(code=4002, message=b"Error while decoding payload.")
            return
        self.gateway_received.append(frame)
        data = frame.get("d")
        if op == _Op.HEARTBEAT:
            self.heartbeats_received += 1
            await conn.send({"op": _Op.HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == _Op.IDENTIFY:
            await self._identify(conn, data if isinstance(data, dict) else {})
        elif op == _Op.RESUME:
            await self._resume(conn, data if isinstance(data, dict) else {})
        elif op == _Op.REQUEST_GUILD_MEMBERS:
            await self._request_members(conn, data if isinstance(data, dict) else {})
        elif op == _Op.PRESENCE_UPDATE:
            self.presence_updates.append(data if isinstance(data, dict) else {})
        elif op == _Op.VOICE_STATE_UPDATE:
            pass
        else:
            await conn.ws.close(code=4001, message=b"Unknown opcode.")

    async def _identify(self, conn: _Connection, data: JSONDict) -> None:
        if conn.session is not None:
            await conn.ws.close(code=4005, message=b"Already authenticated.")
            return
        if data.get("token") not in (self.token, f"Bot {self.token}"):
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        intents = data.get("intents")
        if not isinstance(intents, int) or intents < 0:
            await conn.ws.close(code=4013, message=b"Invalid intent(s).")
            return
        if intents & PRIVILEGED_INTENTS & ~self.allowed_privileged_intents:
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        self.identify_payloads.append(data)
        session = _Session(session_id=secrets.token_hex(16), intents=intents, identify=data, connection=conn)
        conn.session = session
        self._sessions[session.session_id] = session
        ready: JSONDict = {
            "v": 10,
            "user": self._me_payload(),
            "guilds": [{"id": str(g.id), "unavailable": True} for g in self.guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": self.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "_trace": ['["fake-discord-gateway",{"micros":0}]'],
        }
        if "shard" in data:
            ready["shard"] = data["shard"]
        await self._send_dispatch(session, "READY", ready)
        for guild in self.guilds:
            await self._send_dispatch(session, "GUILD_CREATE", self._guild_create_payload(guild, intents))
        await self._notify()

    def _guild_create_payload(self, guild: Guild, intents: int) -> JSONDict:
        if intents & GatewayIntent.GUILD_MEMBERS:
            members = guild.members
        else:  # Discord only includes the bot itself (and voice members) without GUILD_MEMBERS
            members = [m for m in guild.members if m.user.id == self.bot_user.id]
        bot_member = guild.member(self.bot_user.id)
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(guild.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "features": [],
            "system_channel_id": str(guild.home_channel_id) if guild.home_channel_id else None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500_000,
            "max_video_channel_users": 25,
            "application_id": None,
            "roles": [r.payload() for r in guild.roles],
            "emojis": [],
            "stickers": [],
            "joined_at": _iso(bot_member.joined_at if bot_member else None),
            "large": len(guild.members) >= 250,
            "unavailable": False,
            "member_count": len(guild.members),
            "voice_states": [],
            "members": [m.payload() for m in members],
            "channels": [c.payload(guild.id) for c in guild.channels],
            "threads": [t for t in self.threads.values() if t["guild_id"] == str(guild.id)],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [
                e for e in self.scheduled_events.values() if e["guild_id"] == str(guild.id)
            ],
            "soundboard_sounds": [],
            "embedded_activities": [],
            "incidents_data": None,
        }

    async def _resume(self, conn: _Connection, data: JSONDict) -> None:
        session = self._sessions.get(str(data.get("session_id")))
        if session is None or data.get("token") not in (self.token, f"Bot {self.token}"):
            await conn.send({"op": _Op.INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        self.resume_count += 1
        previous = session.connection
        session.connection = conn
        conn.session = session
        if previous is not None and previous is not conn and not previous.ws.closed:
            await previous.ws.close(code=4000, message=b"Session resumed elsewhere")
        last_seq = data.get("seq") or 0
        for frame in list(session.sent):
            if frame["s"] > last_seq:
                await conn.send(frame)
        await self._send_dispatch(session, "RESUMED", {"_trace": ['["fake-discord-gateway",{"micros":0}]']})
        await self._notify()

    async def _request_members(self, conn: _Connection, data: JSONDict) -> None:
        if conn.session is None:
            await conn.ws.close(code=4003, message=b"Not authenticated.")
            return
        raw_ids = data.get("guild_id")
        guild_ids = raw_ids if isinstance(raw_ids, list) else [raw_ids]
        for raw in guild_ids:
            guild = self._find_guild(int(raw)) if raw is not None else None
            if guild is None:
                continue
            members = list(guild.members)
            user_ids = data.get("user_ids")
            if user_ids is not None:
                wanted = {int(u) for u in (user_ids if isinstance(user_ids, list) else [user_ids])}
                members = [m for m in members if m.user.id in wanted]
            query = data.get("query")
            if query:
                members = [m for m in members if m.user.username.lower().startswith(str(query).lower())]
            limit = int(data.get("limit") or 0)
            if limit:
                members = members[:limit]
            chunk: JSONDict = {
                "guild_id": str(guild.id),
                "members": [m.payload() for m in members],
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
            }
            if data.get("nonce") is not None:
                chunk["nonce"] = data["nonce"]
            await self._send_dispatch(conn.session, "GUILD_MEMBERS_CHUNK", chunk)

    async def _send_dispatch(self, session: _Session, event: str, data: JSONDict) -> bool:
        session.seq += 1
        frame: JSONDict = {"op": _Op.DISPATCH, "t": event, "s": session.seq, "d": data}
        session.sent.append(frame)
        conn = session.connection
        if conn is None or conn.ws.closed:
            return False
        if event == "INTERACTION_CREATE" and str(data.get("id")).isdigit():  # a test may send a broken one
            interaction = self.interactions.get(int(data["id"]))
            if interaction is not None and interaction.dispatched_at is None:
                interaction.dispatched_at = time.monotonic()
        await conn.send(frame)
        return True

    def _visible_to(self, session: _Session, event: str, data: JSONDict) -> JSONDict | None:
        """Apply Discord's intent filtering (and MESSAGE_CONTENT redaction) for one session."""
        needed = _EVENT_INTENTS.get(event)
        if needed is not None:
            in_guild = "guild_id" in data
            if not session.intents & (needed[0] if in_guild else needed[1]):
                return None
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE") and "guild_id" in data:
            author = data.get("author")
            own = isinstance(author, dict) and author.get("id") == str(self.bot_user.id)
            mentioned = any(
                isinstance(u, dict) and u.get("id") == str(self.bot_user.id)
                for u in data.get("mentions") or []
            )
            if not (session.intents & GatewayIntent.MESSAGE_CONTENT or own or mentioned):
                data = {**data, "content": "", "embeds": [], "attachments": [], "components": []}
                data.pop("poll", None)
        return data

    async def wait_for_session(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until a client has identified (or resumed) and is connected."""
        assert self._changed is not None, "FakeDiscord is not started"
        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(self._live_sessions)
        except TimeoutError:
            raise TimeoutError(f"no gateway session within {timeout}s") from None

    def _live_sessions(self) -> list[_Session]:
        return [s for s in self._sessions.values() if s.connection is not None and not s.connection.ws.closed]

    @property
    def intents(self) -> int | None:
        """The intents of the most recent IDENTIFY."""
        return int(self.identify_payloads[-1]["intents"]) if self.identify_payloads else None

    async def dispatch(self, event_name: str, data: JSONDict, *, timeout: float = 5.0) -> int:  # noqa: ASYNC109
        """Send a DISPATCH (op 0) to every connected session whose intents allow it.

        Waits (bounded) for a session first. Returns how many sessions received it.
        """
        await self.wait_for_session(timeout)
        delivered = 0
        for session in self._live_sessions():
            visible = self._visible_to(session, event_name, data)
            if visible is not None and await self._send_dispatch(session, event_name, visible):
                delivered += 1
        return delivered

    def _echo(self, event_name: str, data: JSONDict) -> None:
        """Send an event caused by a REST call, in the background (like Discord, order is not guaranteed)."""
        if not self.echo_bot_messages or not self._live_sessions():
            return
        task = asyncio.get_running_loop().create_task(self._echo_task(event_name, data))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _echo_task(self, event_name: str, data: JSONDict) -> None:
        with contextlib.suppress(TimeoutError, ConnectionError):
            await self.dispatch(event_name, data, timeout=0.5)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT to every live connection (discord.py closes and RESUMEs)."""
        for session in self._live_sessions():
            if session.connection is not None:
                await session.connection.send({"op": _Op.RECONNECT, "d": None, "s": None, "t": None})

    async def invalidate_sessions(self, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION; with ``resumable=False`` the client must IDENTIFY again."""
        for session in self._live_sessions():
            if session.connection is not None:
                await session.connection.send(
                    {"op": _Op.INVALID_SESSION, "d": resumable, "s": None, "t": None}
                )
            if not resumable:
                self._sessions.pop(session.session_id, None)

    async def close_gateway(self, code: int = 4000) -> None:
        """Close every gateway connection with ``code`` (sessions stay resumable)."""
        for conn in list(self._connections):
            await conn.ws.close(code=code, message=b"closed by the fake")

    # -- builders for tests --------------------------------------------------------------------------------

    def _member_of(self, guild: Guild, who: Member | User) -> Member:
        member = who if isinstance(who, Member) else guild.member(who.id)
        if member is None:
            raise LookupError(f"user {who.id} is not a member of guild {guild.id}")
        return member

    async def member_add(self, guild_id: int, user: User | Member, *, roles: Sequence[int] = ()) -> JSONDict:
        """A user joins: adds the member and dispatches GUILD_MEMBER_ADD (needs GUILD_MEMBERS)."""
        guild = self.guild(guild_id)
        member = (
            user if isinstance(user, Member) else Member(user, roles=list(roles), joined_at=datetime.now(UTC))
        )
        if guild.member(member.user.id) is None:
            guild.members.append(member)
        data = {**member.payload(), "guild_id": str(guild.id)}
        await self.dispatch("GUILD_MEMBER_ADD", data)
        return data

    async def member_remove(self, guild_id: int, user: User | Member) -> JSONDict:
        """A user leaves: removes the member and dispatches GUILD_MEMBER_REMOVE (needs GUILD_MEMBERS)."""
        guild = self.guild(guild_id)
        target = user.user if isinstance(user, Member) else user
        guild.members = [m for m in guild.members if m.user.id != target.id]
        data = {"guild_id": str(guild.id), "user": target.payload()}
        await self.dispatch("GUILD_MEMBER_REMOVE", data)
        return data

    async def message_create(
        self,
        channel_id: int,
        author: User | Member,
        content: str = "",
        guild_id: int | None = None,
        message_reference: int | Mapping[str, Any] | None = None,
        *,
        mentions: Sequence[User] = (),
    ) -> JSONDict:
        """Someone posts a message: stores it and dispatches MESSAGE_CREATE. Returns the stored message.

        ``guild_id`` defaults to the channel's guild (``None`` for DM channels). Without the
        MESSAGE_CONTENT intent the bot receives it with empty content unless it is mentioned, as on Discord.
        """
        user = author.user if isinstance(author, Member) else author
        info = self._channel_info(channel_id)
        guild = self._find_guild(guild_id) if guild_id is not None else (info[0] if info else None)
        body: JSONDict = {"content": content}
        if message_reference is not None:
            ref = (
                {"message_id": str(message_reference)}
                if isinstance(message_reference, int)
                else dict(message_reference)
            )
            body["message_reference"] = ref
        message = self.new_message(
            channel_id,
            user.payload(),
            body,
            guild_id=guild.id if guild else None,
            extra={"mentions": [u.payload() for u in mentions]},
        )
        await self.dispatch("MESSAGE_CREATE", self._with_guild(message, guild))
        return message

    def _interaction_base(
        self, interaction_type: int, guild_id: int, channel_id: int, member: Member | User
    ) -> tuple[FakeInteraction, JSONDict]:
        guild = self.guild(guild_id)
        member_obj = self._member_of(guild, member)
        info = self._channel_info(channel_id)
        if info is None:
            raise LookupError(f"unknown channel {channel_id}")
        interaction_id = self._ids.next()
        token = f"fake-interaction-{secrets.token_urlsafe(24)}"
        payload: JSONDict = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": interaction_type,
            "token": token,
            "version": 1,
            "guild_id": str(guild.id),
            "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
            "guild_locale": "en-US",
            "channel_id": str(channel_id),
            "channel": info[1],
            "member": {**member_obj.payload(), "permissions": str(guild.permissions_for(member_obj.user.id))},
            "app_permissions": str(guild.permissions_for(self.bot_user.id)),
            "locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild.id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        interaction = FakeInteraction(
            id=interaction_id,
            token=token,
            type=interaction_type,
            guild_id=guild.id,
            channel_id=channel_id,
            user_id=member_obj.user.id,
            payload=payload,
        )
        self.interactions[interaction_id] = interaction
        return interaction, payload

    @staticmethod
    def _options(options: Sequence[Mapping[str, Any]] | Mapping[str, Any] | None) -> list[JSONDict]:
        if options is None:
            return []
        if isinstance(options, Mapping):
            converted: list[JSONDict] = []
            for name, value in options.items():
                if isinstance(value, bool):
                    option_type = 5
                elif isinstance(value, int):
                    option_type = 4
                elif isinstance(value, float):
                    option_type = 10
                else:
                    option_type = 3
                converted.append({"name": name, "type": option_type, "value": value})
            return converted
        return [dict(o) for o in options]

    async def slash_command(
        self,
        guild_id: int,
        channel_id: int,
        member: Member | User,
        name: str,
        options: Sequence[Mapping[str, Any]] | Mapping[str, Any] | None = None,
        *,
        resolved: Mapping[str, Any] | None = None,
        require_registered: bool = True,
        edit: Callable[[JSONDict], None] | None = None,
    ) -> FakeInteraction:
        """Dispatch INTERACTION_CREATE type 2 (chat input) for command ``name``.

        ``options`` is Discord's option list, or a ``{name: value}`` mapping for str/int/float/bool options.
        The command must have been synced (guild first, then global) unless ``require_registered=False``.
        ``edit`` changes the payload in place before it is sent (a field left out, or ``null``).
        """
        command = next(
            (c for c in self.guild_commands.get(guild_id, []) if c["name"] == name and c["type"] == 1), None
        ) or next((c for c in self.global_commands if c["name"] == name and c["type"] == 1), None)
        if command is None and require_registered:
            raise LookupError(f"slash command {name!r} was never synced to guild {guild_id} or globally")
        interaction, payload = self._interaction_base(2, guild_id, channel_id, member)
        data: JSONDict = {
            "id": command["id"] if command else str(self._ids.next()),
            "name": name,
            "type": 1,
            "options": self._options(options),
        }
        if command is None or "guild_id" in command:
            data["guild_id"] = str(guild_id)
        if resolved:
            data["resolved"] = dict(resolved)
        payload["data"] = data
        if edit is not None:
            edit(payload)
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction

    async def component_interaction(
        self,
        guild_id: int,
        channel_id: int,
        member: Member | User,
        custom_id: str,
        message: Mapping[str, Any] | int,
        *,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        edit: Callable[[JSONDict], None] | None = None,
    ) -> FakeInteraction:
        """Dispatch INTERACTION_CREATE type 3 (message component) on ``message`` (a payload or stored id);
        ``edit`` changes the payload in place before it is sent."""
        if isinstance(message, int):
            stored = self.messages.get(message)
            if stored is None:
                raise LookupError(f"unknown message {message}")
            message_payload: JSONDict = dict(stored)
        else:
            message_payload = dict(message)
        interaction, payload = self._interaction_base(3, guild_id, channel_id, member)
        data: JSONDict = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        payload["data"] = data
        payload["message"] = message_payload
        if edit is not None:
            edit(payload)
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction

    async def button_click(
        self,
        guild_id: int,
        channel_id: int,
        member: Member | User,
        custom_id: str,
        message: Mapping[str, Any] | int,
    ) -> FakeInteraction:
        """Dispatch INTERACTION_CREATE type 3, component_type 2 (button)."""
        return await self.component_interaction(guild_id, channel_id, member, custom_id, message)


class discord_py_pointed_at:  # noqa: N801 - used like a function: ``with discord_py_pointed_at(...):``
    """Point discord.py (process-wide) at another REST base and gateway; restore on exit.

    ``api_url`` is the full REST base including the version, e.g. ``http://127.0.0.1:8123/api/v10``.
    Usable as ``with`` or ``async with`` (so it can share an ``async with`` line with the fake).
    """

    def __init__(self, api_url: str, gateway_url: str) -> None:
        self.api_url = api_url.rstrip("/")
        self.gateway_url = yarl.URL(gateway_url)
        self._saved: list[tuple[str, yarl.URL]] = []

    def __enter__(self) -> None:
        self._saved.append((discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY))
        discord.http.Route.BASE = self.api_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self.gateway_url

    def __exit__(self, *exc_info: object) -> None:
        base, gateway = self._saved.pop()
        discord.http.Route.BASE = base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway

    async def __aenter__(self) -> None:
        self.__enter__()

    async def __aexit__(self, *exc_info: object) -> None:
        self.__exit__(*exc_info)
