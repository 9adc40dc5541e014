"""The Slack fakes are faithful: the real slack-sdk / slack-bolt talk to them and get Slack's answers."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_async_handlers
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.fakes.slack_api import FakeSlackApi, Faults, RecordedCall
from tests.fakes.slack_signing import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    block_actions_body,
    event_callback_body,
    event_callback_payload,
    member_joined_channel_event,
    member_left_channel_event,
    message_event,
    sign_request,
    signed_headers,
    slash_command_body,
    slash_command_payload,
    team_join_event,
)
from tests.fakes.slack_socket import FakeSocketMode
from tests.fakes.slack_spec import (
    EVENTS_SPEC_PATH,
    SlackSpec,
    assert_calls_valid,
    slack_spec_or_skip,
    validate_call,
)

BOT_TOKEN = "xoxb-1-kindling-test"
APP_TOKEN = "xapp-1-A0KINDLING-1-kindling"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi(bot_tokens=[BOT_TOKEN], app_tokens=[APP_TOKEN]) as fake:
        yield fake


@pytest.fixture
def spec() -> SlackSpec:
    return slack_spec_or_skip()


class _NoJitter:
    """Replaces the ``random`` module inside slack-sdk's rate-limit handler: Retry-After + 0 jitter."""

    @staticmethod
    def random() -> float:
        return 0.0


@pytest.fixture
def no_retry_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    # AsyncRateLimitErrorRetryHandler sleeps int(Retry-After) + random.random() seconds.
    monkeypatch.setattr(builtin_async_handlers, "random", _NoJitter())


def _client(slack: FakeSlackApi, **kwargs: Any) -> AsyncWebClient:
    return AsyncWebClient(token=BOT_TOKEN, base_url=slack.base_url, **kwargs)


def _bolt_request(body: bytes, headers: Mapping[str, str]) -> AsyncBoltRequest:
    """What Bolt's HTTP adapters build from an incoming request."""
    bolt_headers: dict[str, str | Sequence[str]] = dict(headers)
    return AsyncBoltRequest(body=body.decode(), headers=bolt_headers)


METADATA = {"event_type": "kindling_digest", "event_payload": {"digest_id": "2024-W07", "v": 1}}
BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*This week's digest*"}}]


# ------------------------------------------------------------------------------------------ Web API basics


async def test_base_url_has_the_trailing_slash_slack_sdk_expects(slack: FakeSlackApi) -> None:
    assert slack.base_url == f"http://127.0.0.1:{slack.port}/api/"
    auth = await _client(slack).auth_test()
    assert auth["ok"] is True
    assert (auth["team_id"], auth["user_id"], auth["bot_id"]) == (
        slack.team_id,
        slack.bot_user_id,
        slack.bot_id,
    )
    [call] = slack.calls_to("auth.test")
    assert call.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    assert call.token == BOT_TOKEN


async def test_post_message_with_blocks_and_metadata_is_found_again_in_history(slack: FakeSlackApi) -> None:
    client = _client(slack)
    await client.chat_postMessage(channel="C0GENERAL", text="older")
    posted = await client.chat_postMessage(
        channel="C0GENERAL", text="digest", blocks=BLOCKS, metadata=METADATA
    )
    assert posted["channel"] == "C0GENERAL"
    assert posted["message"]["metadata"] == METADATA
    assert posted["message"]["blocks"] == BLOCKS

    history = await client.conversations_history(channel="C0GENERAL", include_all_metadata=True)
    messages = history["messages"]
    assert [m["text"] for m in messages] == ["digest", "older"]  # newest first
    found = [m for m in messages if m.get("metadata", {}).get("event_type") == "kindling_digest"]
    assert [m["ts"] for m in found] == [posted["ts"]]
    assert found[0]["metadata"]["event_payload"] == {"digest_id": "2024-W07", "v": 1}

    without = await client.conversations_history(channel="C0GENERAL")
    assert all("metadata" not in m for m in without["messages"])

    [call] = [c for c in slack.calls_to("chat.postMessage") if c.args.get("text") == "digest"]
    assert call.encoding == "json"
    assert call.args["metadata"] == METADATA


async def test_form_encoded_post_with_json_strings_is_understood(slack: FakeSlackApi) -> None:
    client = _client(slack)
    data = {"channel": "C0GENERAL", "blocks": json.dumps(BLOCKS), "metadata": json.dumps(METADATA)}
    posted = await client.api_call("chat.postMessage", data=data)
    assert posted["message"]["blocks"] == BLOCKS
    [call] = slack.calls_to("chat.postMessage")
    assert call.encoding == "form"
    assert call.decoded("metadata") == METADATA


async def test_history_paginates_with_cursor(slack: FakeSlackApi) -> None:
    client = _client(slack)
    for i in range(5):
        await client.chat_postMessage(channel="C0GENERAL", text=f"m{i}")
    first = await client.conversations_history(channel="C0GENERAL", limit=2)
    assert [m["text"] for m in first["messages"]] == ["m4", "m3"]
    assert first["has_more"] is True
    cursor = first["response_metadata"]["next_cursor"]
    second = await client.conversations_history(channel="C0GENERAL", limit=2, cursor=cursor)
    assert [m["text"] for m in second["messages"]] == ["m2", "m1"]


async def test_threads_replies_reactions_update_delete(slack: FakeSlackApi) -> None:
    client = _client(slack)
    parent = await client.chat_postMessage(channel="C0GENERAL", text="question?")
    reply = await client.chat_postMessage(channel="C0GENERAL", text="answer", thread_ts=parent["ts"])
    assert reply["message"]["thread_ts"] == parent["ts"]

    history = await client.conversations_history(channel="C0GENERAL")
    assert [m["text"] for m in history["messages"]] == ["question?"]  # replies stay in the thread
    assert history["messages"][0]["reply_count"] == 1
    replies = await client.conversations_replies(channel="C0GENERAL", ts=parent["ts"])
    assert [m["text"] for m in replies["messages"]] == ["question?", "answer"]

    await client.reactions_add(channel="C0GENERAL", name="white_check_mark", timestamp=reply["ts"])
    with pytest.raises(SlackApiError) as again:
        await client.reactions_add(channel="C0GENERAL", name="white_check_mark", timestamp=reply["ts"])
    assert again.value.response["error"] == "already_reacted"

    updated = await client.chat_update(channel="C0GENERAL", ts=parent["ts"], text="question (edited)")
    assert updated["message"]["text"] == "question (edited)"
    await client.chat_delete(channel="C0GENERAL", ts=reply["ts"])
    replies = await client.conversations_replies(channel="C0GENERAL", ts=parent["ts"])
    assert [m["text"] for m in replies["messages"]] == ["question (edited)"]
    with pytest.raises(SlackApiError) as gone:
        await client.chat_delete(channel="C0GENERAL", ts=reply["ts"])
    assert gone.value.response["error"] == "message_not_found"

    ephemeral = await client.chat_postEphemeral(channel="C0GENERAL", user="U0MEMBER1", text="only you")
    assert ephemeral["message_ts"]


async def test_conversations_open_is_deterministic_per_user_set(slack: FakeSlackApi) -> None:
    client = _client(slack)
    dm = await client.conversations_open(users="U0MEMBER1")
    assert dm["channel"]["id"].startswith("D")
    again = await client.conversations_open(users=["U0MEMBER1"])
    assert again["channel"]["id"] == dm["channel"]["id"]
    assert again["already_open"] is True
    other = await client.conversations_open(users="U0MEMBER2")
    assert other["channel"]["id"] != dm["channel"]["id"]

    group = await client.conversations_open(users="U0MEMBER2,U0MEMBER1")
    group_reversed = await client.conversations_open(users=["U0MEMBER1", "U0MEMBER2"])
    assert group["channel"]["id"].startswith("G")
    assert group["channel"]["id"] == group_reversed["channel"]["id"]
    assert slack.conversation_members(group["channel"]["id"]) == ("U0MEMBER1", "U0MEMBER2")

    # Posting to a user id lands in the DM, as on Slack.
    posted = await client.chat_postMessage(channel="U0MEMBER1", text="hi")
    assert posted["channel"] == dm["channel"]["id"]


async def test_users_info_is_configurable(slack: FakeSlackApi) -> None:
    slack.set_user("U0ADMIN", is_admin=True, real_name="Ada Admin", tz="Europe/Berlin")
    client = _client(slack)
    admin = (await client.users_info(user="U0ADMIN"))["user"]
    assert admin["is_admin"] is True
    assert admin["real_name"] == "Ada Admin"
    assert admin["tz"] == "Europe/Berlin"
    assert admin["tz_offset"] in (3600, 7200)
    member = (await client.users_info(user="U0SOMEONE"))["user"]
    assert (member["is_admin"], member["is_owner"], member["is_bot"]) == (False, False, False)
    bot = (await client.users_info(user=slack.bot_user_id))["user"]
    assert bot["is_bot"] is True


async def test_auth_errors_and_unknown_methods(slack: FakeSlackApi) -> None:
    with pytest.raises(SlackApiError) as bad:
        await AsyncWebClient(token="xoxb-wrong", base_url=slack.base_url).auth_test()
    assert bad.value.response.data == {"ok": False, "error": "invalid_auth"}
    with pytest.raises(SlackApiError) as missing:
        await AsyncWebClient(base_url=slack.base_url).chat_postMessage(channel="C0GENERAL", text="x")
    assert missing.value.response["error"] == "not_authed"
    with pytest.raises(SlackApiError) as wrong_type:
        await AsyncWebClient(token=APP_TOKEN, base_url=slack.base_url).chat_postMessage(
            channel="C1", text="x"
        )
    assert wrong_type.value.response["error"] == "not_allowed_token_type"
    with pytest.raises(SlackApiError) as unknown:
        await _client(slack).api_call("chat.postMassage", json={"channel": "C1"})
    assert unknown.value.response["error"] == "unknown_method"


async def test_stubbed_method(slack: FakeSlackApi) -> None:
    slack.stub("conversations.members", lambda args: {"ok": True, "members": ["U1", "U2"], "channel": args})
    result = await _client(slack).conversations_members(channel="C0GENERAL")
    assert result["members"] == ["U1", "U2"]


async def test_files_upload_v2_round_trip(slack: FakeSlackApi) -> None:
    result = await _client(slack).files_upload_v2(
        content=b"name,score\nada,3\n", filename="scores.csv", channel="C0GENERAL", initial_comment="scores"
    )
    file_id = result["file"]["id"]
    assert slack.uploads[file_id] == b"name,score\nada,3\n"
    [upload] = slack.calls_to("upload_url")
    assert upload.args["size"] == len(b"name,score\nada,3\n")
    [message] = slack.messages("C0GENERAL")
    assert message["files"][0]["id"] == file_id
    assert message["text"] == "scores"


async def test_oauth_v2_access_issues_a_working_bot_token() -> None:
    async with FakeSlackApi(
        bot_tokens=[BOT_TOKEN], oauth_client_id="111.222", oauth_client_secret="s3"
    ) as slack:
        client = AsyncWebClient(base_url=slack.base_url)
        code = slack.mint_oauth_code(user_id="U0INSTALLER")
        with pytest.raises(SlackApiError) as bad_secret:
            await client.oauth_v2_access(client_id="111.222", client_secret="nope", code=code)
        assert bad_secret.value.response["error"] == "bad_client_secret"
        grant = await client.oauth_v2_access(client_id="111.222", client_secret="s3", code=code)
        assert grant["token_type"] == "bot"
        assert grant["team"]["id"] == slack.team_id
        assert grant["authed_user"]["id"] == "U0INSTALLER"
        auth = await AsyncWebClient(token=grant["access_token"], base_url=slack.base_url).auth_test()
        assert auth["bot_id"] == slack.bot_id
        with pytest.raises(SlackApiError) as reused:
            await client.oauth_v2_access(client_id="111.222", client_secret="s3", code=code)
        assert reused.value.response["error"] == "invalid_code"


async def test_response_url_posts_are_recorded(slack: FakeSlackApi) -> None:
    url = slack.response_url()
    response = await AsyncWebhookClient(url).send(text="Done!", response_type="ephemeral")
    assert response.status_code == 200
    [call] = slack.responses_to(url)
    assert call.method == "response_url"
    assert call.args == {"text": "Done!", "response_type": "ephemeral"}


async def test_wait_for_calls_is_bounded(slack: FakeSlackApi) -> None:
    started = time.monotonic()
    with pytest.raises(TimeoutError, match=r"chat\.postMessage"):
        await slack.wait_for_calls("chat.postMessage", timeout=0.05)
    assert time.monotonic() - started < 2


# ---------------------------------------------------------------------------------------- faults and retries


async def test_429_has_slacks_exact_shape(slack: FakeSlackApi) -> None:
    slack.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as limited:
        await _client(slack, retry_handlers=[]).chat_postMessage(channel="C0GENERAL", text="x")
    response = limited.value.response
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response.data == {"ok": False, "error": "ratelimited"}
    [faulted] = slack.calls_to("chat.postMessage", include_faulted=True)
    assert faulted.fault == "ratelimited"
    assert slack.calls_to("chat.postMessage") == []


@pytest.mark.usefixtures("no_retry_jitter")
async def test_rate_limited_call_is_retried_after_retry_after(slack: FakeSlackApi) -> None:
    slack.fail_next("chat.postMessage", status=429, retry_after=1)
    client = _client(slack, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])
    posted = await client.chat_postMessage(channel="C0GENERAL", text="eventually")
    assert posted["ok"] is True
    first, second = slack.calls_to("chat.postMessage", include_faulted=True)
    assert (first.status, second.status) == (429, 200)
    assert second.timestamp - first.timestamp >= 1.0  # the client honoured Retry-After
    assert [m["text"] for m in slack.messages("C0GENERAL")] == ["eventually"]


async def test_server_error_is_retried(slack: FakeSlackApi) -> None:
    slack.fail_next("chat.postMessage", status=500)
    slack.fail_next("chat.update", status=503)
    handler = AsyncServerErrorRetryHandler(
        max_retry_count=1, interval_calculator=FixedValueRetryIntervalCalculator(0)
    )
    client = _client(slack, retry_handlers=[handler])
    posted = await client.chat_postMessage(channel="C0GENERAL", text="x")
    await client.chat_update(channel="C0GENERAL", ts=posted["ts"], text="y")
    statuses = [c.status for c in slack.calls if c.method in ("chat.postMessage", "chat.update")]
    assert statuses == [500, 200, 503, 200]


async def test_dropped_connection_is_retried(slack: FakeSlackApi) -> None:
    slack.fail_next("conversations.history", drop=True)
    handler = AsyncConnectionErrorRetryHandler(
        max_retry_count=1, interval_calculator=FixedValueRetryIntervalCalculator(0)
    )
    history = await _client(slack, retry_handlers=[handler]).conversations_history(channel="C0GENERAL")
    assert history["ok"] is True
    assert [c.fault for c in slack.calls_to("conversations.history", include_faulted=True)] == [
        "dropped",
        None,
    ]


async def test_injected_slack_error(slack: FakeSlackApi) -> None:
    slack.fail_next("chat.postMessage", status=200, error="not_in_channel")
    with pytest.raises(SlackApiError) as failed:
        await _client(slack).chat_postMessage(channel="C0GENERAL", text="x")
    assert failed.value.response.status_code == 200
    assert failed.value.response["error"] == "not_in_channel"


async def _faulty_run(seed: int) -> tuple[list[str | None], int]:
    async with FakeSlackApi(bot_tokens=[BOT_TOKEN]) as slack:
        slack.faults = Faults(rate_limit=0.2, server_error=0.2, drop=0.2, seed=seed, retry_after=0)
        zero = FixedValueRetryIntervalCalculator(0)
        client = _client(
            slack,
            retry_handlers=[
                AsyncRateLimitErrorRetryHandler(max_retry_count=50),
                AsyncServerErrorRetryHandler(max_retry_count=50, interval_calculator=zero),
                AsyncConnectionErrorRetryHandler(max_retry_count=50, interval_calculator=zero),
            ],
        )
        for i in range(10):
            await client.chat_postMessage(channel="C0GENERAL", text=f"m{i}")
        faults = [c.fault for c in slack.calls_to("chat.postMessage", include_faulted=True)]
        return faults, len(slack.messages("C0GENERAL"))


@pytest.mark.usefixtures("no_retry_jitter")
async def test_probabilistic_faults_are_reproducible_and_survivable() -> None:
    faults, delivered = await _faulty_run(seed=7)
    assert delivered == 10  # every message got through exactly once
    assert {"ratelimited", "server_error", "dropped"} <= set(faults)
    assert await _faulty_run(seed=7) == (faults, delivered)


# ------------------------------------------------------------------------------------------ spec validation


async def test_spec_accepts_what_slack_sdk_sends(slack: FakeSlackApi, spec: SlackSpec) -> None:
    client = _client(slack)
    posted = await client.chat_postMessage(channel="C0GENERAL", text="hi", blocks=BLOCKS, metadata=METADATA)
    await client.chat_postMessage(channel="C0GENERAL", text="re", thread_ts=posted["ts"], unfurl_links=False)
    await client.conversations_history(channel="C0GENERAL", include_all_metadata=True, limit=10)
    await client.conversations_replies(channel="C0GENERAL", ts=posted["ts"])
    await client.conversations_open(users=["U0MEMBER1", "U0MEMBER2"])
    await client.users_info(user="U0MEMBER1")
    await client.reactions_add(channel="C0GENERAL", name="tada", timestamp=posted["ts"])
    await client.chat_update(channel="C0GENERAL", ts=posted["ts"], text="edited", blocks=BLOCKS)
    await client.chat_postEphemeral(channel="C0GENERAL", user="U0MEMBER1", text="psst")
    await client.chat_delete(channel="C0GENERAL", ts=posted["ts"])
    await client.files_upload_v2(content=b"x", filename="x.txt", channel="C0GENERAL")
    await client.api_call("chat.postMessage", data={"channel": "C0GENERAL", "blocks": json.dumps(BLOCKS)})
    assert_calls_valid(spec, slack.calls)
    [valid] = slack.calls_to("chat.postMessage")[:1]
    assert validate_call(spec, valid) == []


async def test_spec_reports_missing_channel_and_wrong_types(slack: FakeSlackApi, spec: SlackSpec) -> None:
    client = _client(slack)
    with pytest.raises(SlackApiError):
        await client.api_call("chat.postMessage", json={"text": "where to?"})
    [no_channel] = slack.calls_to("chat.postMessage")
    assert validate_call(spec, no_channel) == ["chat.postMessage: required parameter 'channel' is missing"]

    await client.api_call("chat.postMessage", json={"channel": "C1", "text": "x", "unfurl_links": "maybe"})
    with pytest.raises(SlackApiError, match="invalid_blocks_format"):
        await client.api_call("chat.postMessage", data={"channel": "C1", "text": "x", "blocks": "[{oops"})
    with pytest.raises(SlackApiError, match="invalid_limit"):
        await client.api_call(
            "conversations.history", http_verb="GET", params={"channel": "C1", "limit": "ten"}
        )
    problems = [p for c in slack.calls for p in validate_call(spec, c)]
    assert "chat.postMessage: parameter 'unfurl_links' expected boolean, got str 'maybe'" in problems
    assert any("'blocks' is a string but not valid JSON" in p for p in problems)
    assert "conversations.history: parameter 'limit' expected integer, got str 'ten'" in problems

    no_token = RecordedCall(method="auth.test", args={}, headers={}, timestamp=0.0)
    assert validate_call(spec, no_token) == ["auth.test: required parameter 'token' is missing"]
    typo = RecordedCall(method="chat.postMassage", args={}, headers={}, timestamp=0.0)
    assert validate_call(spec, typo) == ["chat.postMassage: method does not exist in the Slack Web API spec"]


def test_spec_fixture_skips_without_specs_and_fails_in_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "web-api-openapi-v2.json"
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"\.\./shared/specs not present"):
        slack_spec_or_skip(missing)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="must be present in CI"):
        slack_spec_or_skip(missing)


def test_event_payloads_match_the_events_api_envelope_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    slack_spec_or_skip()  # same skip / CI-fail policy as the Web API spec
    document = json.loads(EVENTS_SPEC_PATH.read_text(encoding="utf-8"))
    schema = dict(document["components"]["schemas"]["GenericEventWrapper"])
    # The 2020 spec still requires `authed_users`, which Slack replaced with `authorizations`.
    schema["required"] = [r for r in schema["required"] if r != "authed_users"]
    events = [
        team_join_event("U0NEW"),
        member_joined_channel_event("U0NEW", "C0GENERAL", inviter="U0ADMIN"),
        member_left_channel_event("U0NEW", "C0GENERAL"),
        message_event("C0GENERAL", "U0NEW", "hello"),
        message_event("C0GENERAL", "U0NEW", "reply", thread_ts="1700000000.000100"),
    ]
    for event in events:
        jsonschema.validate(event_callback_payload("T0KINDLING", event), schema)


# ------------------------------------------------------------------------------------------ signing


def test_signature_is_accepted_by_slack_sdk_verifier() -> None:
    body = slash_command_body(command="/kindling", text="help")
    headers = sign_request(SIGNING_SECRET, body)
    verifier = SignatureVerifier(SIGNING_SECRET)
    assert verifier.is_valid_request(body, headers)
    assert not verifier.is_valid_request(body + b"&x=1", headers)
    assert not SignatureVerifier("another-secret").is_valid_request(body, headers)
    stale = sign_request(SIGNING_SECRET, body, timestamp=int(time.time()) - 600)
    assert not verifier.is_valid_request(body, stale)


async def test_bolt_http_mode_accepts_signed_slash_command_and_block_action(slack: FakeSlackApi) -> None:
    app = AsyncApp(client=_client(slack), signing_secret=SIGNING_SECRET)
    seen: list[dict[str, Any]] = []

    @app.command("/kindling")
    async def on_command(ack: Any, command: dict[str, Any]) -> None:
        seen.append(command)
        await ack(text=f"you said {command['text']}")

    @app.action("join_circle")
    async def on_click(ack: Any, action: dict[str, Any], respond: Any) -> None:
        await ack()
        await respond(text=f"joined {action['value']}", replace_original=False)

    body = slash_command_body(command="/kindling", text="help me", response_url=slack.response_url())
    headers = signed_headers(SIGNING_SECRET, body, FORM_CONTENT_TYPE)
    response = await app.async_dispatch(_bolt_request(body, headers))
    assert response.status == 200
    assert response.body == "you said help me"  # Bolt answers a text-only ack as text/plain
    assert seen[0]["user_id"] == "U0MEMBER1"

    url = slack.response_url()
    body = block_actions_body(action_id="join_circle", value="circle-42", response_url=url)
    headers = signed_headers(SIGNING_SECRET, body, FORM_CONTENT_TYPE)
    response = await app.async_dispatch(_bolt_request(body, headers))
    assert response.status == 200
    [responded] = await slack.wait_for_calls("response_url", 1, timeout=5)
    assert responded.args["text"] == "joined circle-42"

    tampered = dict(headers, **{"X-Slack-Signature": "v0=" + "0" * 64})
    response = await app.async_dispatch(_bolt_request(body, tampered))
    assert response.status == 401


async def test_bolt_http_mode_event(slack: FakeSlackApi) -> None:
    app = AsyncApp(client=_client(slack), signing_secret=SIGNING_SECRET)

    @app.event("member_joined_channel")
    async def on_join(event: dict[str, Any], say: Any) -> None:
        await say(f"welcome <@{event['user']}>")

    body = event_callback_body(slack.team_id, member_joined_channel_event("U0NEW", "C0GENERAL"))
    headers = signed_headers(SIGNING_SECRET, body, JSON_CONTENT_TYPE)
    response = await app.async_dispatch(_bolt_request(body, headers))
    assert response.status == 200
    [post] = await slack.wait_for_calls("chat.postMessage", 1, timeout=5)
    # Bolt's per-request client adds team_id to every call.
    assert post.args == {"channel": "C0GENERAL", "text": "welcome <@U0NEW>", "team_id": slack.team_id}


# ------------------------------------------------------------------------------------------ socket mode


async def test_slack_sdk_socket_mode_client_receives_and_acks(slack: FakeSlackApi) -> None:
    received: list[SocketModeRequest] = []

    async def listener(client: AsyncBaseSocketModeClient, request: SocketModeRequest) -> None:
        received.append(request)
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id))

    async with FakeSocketMode() as sm:
        slack.socket_mode_url = sm.url
        client = SocketModeClient(app_token=APP_TOKEN, web_client=AsyncWebClient(base_url=slack.base_url))
        client.socket_mode_request_listeners.append(listener)
        try:
            await client.connect()  # type: ignore[no-untyped-call]
            payload = event_callback_payload(slack.team_id, message_event("C0GENERAL", "U0MEMBER1", "hello"))
            envelope_id = await sm.push("events_api", payload)
            ack = await sm.wait_for_ack(envelope_id, timeout=5)
        finally:
            await client.close()  # type: ignore[no-untyped-call]
    assert ack.payload is None
    assert received[0].type == "events_api"
    assert received[0].payload["event"]["text"] == "hello"
    [opened] = slack.calls_to("apps.connections.open")
    assert opened.token == APP_TOKEN
    assert sm.sent[0]["accepts_response_payload"] is False


async def test_socket_mode_disconnect_makes_the_client_reconnect(slack: FakeSlackApi) -> None:
    async def ack_all(client: AsyncBaseSocketModeClient, request: SocketModeRequest) -> None:
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id))

    async with FakeSocketMode() as sm:
        slack.socket_mode_url = sm.url
        client = SocketModeClient(app_token=APP_TOKEN, web_client=AsyncWebClient(base_url=slack.base_url))
        client.socket_mode_request_listeners.append(ack_all)
        try:
            await client.connect()  # type: ignore[no-untyped-call]
            await sm.wait_for_connection()
            await sm.send_disconnect("refresh_requested")
            await sm.wait_for_connections_accepted(2)
            ack = await sm.push_and_wait_for_ack("interactive", {"type": "block_actions", "actions": []})
        finally:
            await client.close()  # type: ignore[no-untyped-call]
    assert ack.envelope_id == sm.sent[-1]["envelope_id"]
    assert len(slack.calls_to("apps.connections.open")) == 2


async def test_bolt_socket_mode_handler_end_to_end(slack: FakeSlackApi) -> None:
    app = AsyncApp(client=_client(slack))

    @app.event("team_join")
    async def welcome(event: dict[str, Any], client: AsyncWebClient) -> None:
        dm = await client.conversations_open(users=event["user"]["id"])
        await client.chat_postMessage(channel=dm["channel"]["id"], text="Welcome to Kindling!")

    @app.command("/kindling")
    async def on_command(ack: Any) -> None:
        await ack(text="pong")

    async with FakeSocketMode() as sm:
        slack.socket_mode_url = sm.url
        handler = AsyncSocketModeHandler(app, APP_TOKEN)
        try:
            await handler.connect_async()  # type: ignore[no-untyped-call]
            event_ack = await sm.push_and_wait_for_ack(
                "events_api", event_callback_payload(slack.team_id, team_join_event("U0NEW"))
            )
            [post] = await slack.wait_for_calls("chat.postMessage", 1, timeout=5)
            command_ack = await sm.push_and_wait_for_ack("slash_commands", slash_command_payload(text="ping"))
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]
    assert event_ack.payload is None
    assert post.args["text"] == "Welcome to Kindling!"
    assert post.args["channel"] == (await _client(slack).conversations_open(users="U0NEW"))["channel"]["id"]
    assert command_ack.payload == {"text": "pong"}
