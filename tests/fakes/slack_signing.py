"""Sign requests the way Slack does and build the payloads Slack sends, byte for byte.

Slack signs every HTTP request it sends to an app (slash commands, Events API, interactivity) with
``X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:{timestamp}:{raw body}" keyed with the signing secret>`` and
``X-Slack-Request-Timestamp: <unix seconds>``. :func:`sign_request` produces those two headers.

Payload builders come in pairs:

* ``*_payload(...)`` returns the structured payload: that is what a Socket Mode envelope carries in
  ``payload`` (see :mod:`tests.fakes.slack_socket`).
* ``*_body(...)`` returns the raw HTTP body bytes Slack POSTs to the Request URL (form-encoded for slash
  commands and interactivity, JSON for the Events API), ready for :func:`sign_request`.

Event builders (:func:`team_join_event`, :func:`member_joined_channel_event`,
:func:`member_left_channel_event`, :func:`message_event`) return the inner ``event`` object for
:func:`event_callback_payload`.

The shapes follow Slack's documentation, ``../shared/specs/slack/events-api-async-v1.json`` and the payloads
used in slack-bolt's / slack-sdk's own test suites (``authorizations`` instead of the deprecated
``authed_users``, ``is_enterprise_install`` on slash commands, ``container`` on block actions...).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import urlencode

from tests.fakes.slack_api import (
    DEFAULT_APP_ID,
    DEFAULT_BOT_USER_ID,
    DEFAULT_TEAM_DOMAIN,
    DEFAULT_TEAM_ID,
    FakeUser,
    JsonDict,
)

__all__ = [
    "FORM_CONTENT_TYPE",
    "JSON_CONTENT_TYPE",
    "VERIFICATION_TOKEN",
    "block_actions_body",
    "block_actions_payload",
    "event_callback_body",
    "event_callback_payload",
    "member_joined_channel_event",
    "member_left_channel_event",
    "message_event",
    "rich_text_blocks",
    "sign_request",
    "signed_headers",
    "slash_command_body",
    "slash_command_payload",
    "team_join_event",
    "url_verification_body",
]

FORM_CONTENT_TYPE: Final = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE: Final = "application/json"
#: The deprecated verification token Slack still puts in every payload.
VERIFICATION_TOKEN: Final = "fakeVerificationToken0000"

_sequence = itertools.count(1)


def sign_request(signing_secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The ``X-Slack-Request-Timestamp`` and ``X-Slack-Signature`` headers for ``body``.

    ``timestamp`` defaults to now (Bolt rejects timestamps more than 5 minutes away from its clock).
    """
    ts = int(time.time()) if timestamp is None else int(timestamp)
    base = b"v0:" + str(ts).encode() + b":" + body
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": f"v0={digest}"}


def signed_headers(
    signing_secret: str, body: bytes, content_type: str, timestamp: int | None = None
) -> dict[str, str]:
    """:func:`sign_request` plus ``Content-Type``, i.e. all the headers Slack sends with ``body``."""
    return {"Content-Type": content_type, **sign_request(signing_secret, body, timestamp)}


def _event_ts(ts: str | None = None) -> str:
    return ts if ts is not None else f"{time.time():.6f}"


def _trigger_id() -> str:
    return f"{next(_sequence)}{int(time.time())}.{uuid.uuid4().int % 10**10}.{uuid.uuid4().hex}"


def _event_id() -> str:
    return "Ev" + uuid.uuid4().hex[:10].upper()


def rich_text_blocks(text: str) -> list[JsonDict]:
    """The ``rich_text`` block Slack attaches to a plain message typed in the client."""
    return [
        {
            "type": "rich_text",
            "block_id": uuid.uuid4().hex[:5],
            "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
        }
    ]


# ----------------------------------------------------------------------------------------------------------
# Slash commands
# ----------------------------------------------------------------------------------------------------------


def slash_command_payload(
    *,
    command: str = "/kindling",
    text: str = "",
    user_id: str = "U0MEMBER1",
    user_name: str = "member.one",
    channel_id: str = "C0GENERAL",
    channel_name: str = "general",
    team_id: str = DEFAULT_TEAM_ID,
    team_domain: str = DEFAULT_TEAM_DOMAIN,
    api_app_id: str = DEFAULT_APP_ID,
    response_url: str | None = None,
    trigger_id: str | None = None,
    enterprise_id: str | None = None,
    enterprise_name: str | None = None,
    token: str = VERIFICATION_TOKEN,
) -> dict[str, str]:
    """The fields of a slash command invocation (all strings, as Slack sends them)."""
    payload: dict[str, str] = {
        "token": token,
        "team_id": team_id,
        "team_domain": team_domain,
    }
    if enterprise_id is not None:
        payload["enterprise_id"] = enterprise_id
        payload["enterprise_name"] = enterprise_name or "Enterprise"
    payload.update(
        {
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": user_name,
            "command": command,
            "text": text,
            "api_app_id": api_app_id,
            "is_enterprise_install": "false",
            "response_url": response_url
            or f"https://hooks.slack.com/commands/{team_id}/{next(_sequence)}/{uuid.uuid4().hex[:24]}",
            "trigger_id": trigger_id or _trigger_id(),
        }
    )
    return payload


def slash_command_body(**fields: Any) -> bytes:
    """The form-encoded body Slack POSTs for a slash command; accepts :func:`slash_command_payload` args."""
    return urlencode(slash_command_payload(**fields)).encode()


# ----------------------------------------------------------------------------------------------------------
# Events API
# ----------------------------------------------------------------------------------------------------------


def event_callback_payload(
    team_id: str,
    event: Mapping[str, Any],
    *,
    api_app_id: str = DEFAULT_APP_ID,
    event_id: str | None = None,
    event_time: int | None = None,
    bot_user_id: str = DEFAULT_BOT_USER_ID,
    enterprise_id: str | None = None,
    authorizations: Sequence[Mapping[str, Any]] | None = None,
    is_ext_shared_channel: bool = False,
    token: str = VERIFICATION_TOKEN,
) -> JsonDict:
    """The ``event_callback`` envelope around ``event`` (the HTTP body / the Socket Mode ``payload``)."""
    inner = dict(event)
    inner.setdefault("event_ts", _event_ts())
    payload: JsonDict = {
        "token": token,
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": inner,
        "type": "event_callback",
        "event_id": event_id or _event_id(),
        "event_time": event_time if event_time is not None else int(float(inner["event_ts"])),
        "authorizations": [dict(a) for a in authorizations]
        if authorizations is not None
        else [
            {
                "enterprise_id": enterprise_id,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": is_ext_shared_channel,
    }
    if enterprise_id is not None:
        payload["enterprise_id"] = enterprise_id
    channel = inner.get("channel")
    if isinstance(channel, str):
        payload["event_context"] = f"4-{inner.get('type', 'event')}-{team_id}-{channel}"
    return payload


def event_callback_body(team_id: str, event: Mapping[str, Any], **fields: Any) -> bytes:
    """The JSON body Slack POSTs to the Events API Request URL (see :func:`event_callback_payload`)."""
    return json.dumps(event_callback_payload(team_id, event, **fields)).encode()


def url_verification_body(challenge: str = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P") -> bytes:
    """The one-off ``url_verification`` request Slack sends when the Request URL is configured."""
    return json.dumps(
        {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}
    ).encode()


def team_join_event(
    user_id: str,
    *,
    team_id: str = DEFAULT_TEAM_ID,
    name: str | None = None,
    real_name: str | None = None,
    tz: str = "UTC",
    is_bot: bool = False,
    is_restricted: bool = False,
    email: str | None = None,
    event_ts: str | None = None,
) -> JsonDict:
    """``team_join``: a new member joined the workspace; ``user`` is a full user object."""
    ts = _event_ts(event_ts)
    user = FakeUser(
        id=user_id,
        name=name,
        real_name=real_name,
        tz=tz,
        is_bot=is_bot,
        is_restricted=is_restricted,
        email=email
        if email is not None
        else (None if is_bot else f"{(name or user_id).lower()}@example.com"),
        team_id=team_id,
    ).to_slack()
    user["presence"] = "away"
    return {"type": "team_join", "user": user, "cache_ts": int(float(ts)), "event_ts": ts}


def member_joined_channel_event(
    user: str,
    channel: str,
    *,
    channel_type: str = "C",
    team: str = DEFAULT_TEAM_ID,
    inviter: str | None = None,
    event_ts: str | None = None,
) -> JsonDict:
    """``member_joined_channel``; ``channel_type`` is "C" (public) or "G" (private)."""
    event: JsonDict = {
        "type": "member_joined_channel",
        "user": user,
        "channel": channel,
        "channel_type": channel_type,
        "team": team,
    }
    if inviter is not None:
        event["inviter"] = inviter
    event["event_ts"] = _event_ts(event_ts)
    return event


def member_left_channel_event(
    user: str,
    channel: str,
    *,
    channel_type: str = "C",
    team: str = DEFAULT_TEAM_ID,
    event_ts: str | None = None,
) -> JsonDict:
    """``member_left_channel``; ``channel_type`` is "C" (public) or "G" (private)."""
    return {
        "type": "member_left_channel",
        "user": user,
        "channel": channel,
        "channel_type": channel_type,
        "team": team,
        "event_ts": _event_ts(event_ts),
    }


def message_event(
    channel: str,
    user: str,
    text: str,
    *,
    ts: str | None = None,
    thread_ts: str | None = None,
    parent_user_id: str | None = None,
    channel_type: str = "channel",
    team: str = DEFAULT_TEAM_ID,
    bot_id: str | None = None,
    app_id: str | None = None,
    subtype: str | None = None,
    blocks: list[JsonDict] | None = None,
) -> JsonDict:
    """A ``message`` event: a channel message, or a thread reply when ``thread_ts`` is given.

    ``channel_type`` is "channel", "group", "im" or "mpim". For a message posted by an app pass ``bot_id``
    (Slack then omits ``client_msg_id``).
    """
    ts = _event_ts(ts)
    event: JsonDict = {"type": "message"}
    if subtype is not None:
        event["subtype"] = subtype
    event["text"] = text
    event["user"] = user
    event["ts"] = ts
    if bot_id is not None:
        event["bot_id"] = bot_id
        event["app_id"] = app_id or DEFAULT_APP_ID
    else:
        event["client_msg_id"] = str(uuid.uuid4())
    event["blocks"] = blocks if blocks is not None else rich_text_blocks(text)
    event["team"] = team
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
        event["parent_user_id"] = parent_user_id or user
    event["channel"] = channel
    event["event_ts"] = ts
    event["channel_type"] = channel_type
    return event


# ----------------------------------------------------------------------------------------------------------
# Interactivity
# ----------------------------------------------------------------------------------------------------------


def block_actions_payload(
    *,
    action_id: str,
    value: str | None = None,
    block_id: str = "actions",
    user_id: str = "U0MEMBER1",
    user_name: str = "member.one",
    team_id: str = DEFAULT_TEAM_ID,
    team_domain: str = DEFAULT_TEAM_DOMAIN,
    channel_id: str = "C0GENERAL",
    channel_name: str = "general",
    message_ts: str | None = None,
    message: Mapping[str, Any] | None = None,
    is_ephemeral: bool = False,
    response_url: str | None = None,
    trigger_id: str | None = None,
    api_app_id: str = DEFAULT_APP_ID,
    button_text: str = "Button",
    token: str = VERIFICATION_TOKEN,
) -> JsonDict:
    """A ``block_actions`` payload for a button click in a message.

    ``message`` (the message containing the button, e.g. the ``message`` returned by ``chat.postMessage``)
    is included unless the message is ephemeral, as Slack does; ``message_ts`` defaults to its ``ts``.
    """
    ts = message_ts or (str(message["ts"]) if message is not None and "ts" in message else _event_ts())
    action: JsonDict = {
        "action_id": action_id,
        "block_id": block_id,
        "text": {"type": "plain_text", "text": button_text, "emoji": True},
        "type": "button",
        "action_ts": _event_ts(),
    }
    if value is not None:
        action["value"] = value
    payload: JsonDict = {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id},
        "api_app_id": api_app_id,
        "token": token,
        "container": {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel_id,
            "is_ephemeral": is_ephemeral,
        },
        "trigger_id": trigger_id or _trigger_id(),
        "team": {"id": team_id, "domain": team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": channel_name},
    }
    if message is not None and not is_ephemeral:
        payload["message"] = dict(message)
    payload["state"] = {"values": {}}
    payload["response_url"] = (
        response_url or f"https://hooks.slack.com/actions/{team_id}/{next(_sequence)}/{uuid.uuid4().hex[:24]}"
    )
    payload["actions"] = [action]
    return payload


def block_actions_body(**fields: Any) -> bytes:
    """The form-encoded ``payload=<json>`` body Slack POSTs for a block action.

    Accepts the arguments of :func:`block_actions_payload`.
    """
    return urlencode({"payload": json.dumps(block_actions_payload(**fields))}).encode()
