"""Kindling's Slack adapter in HTTP mode, driven with correctly signed requests, against the fake Web API."""

from __future__ import annotations

import json
import time

import sqlalchemy as sa

from bot.storage import deliveries
from bot.storage.models import Community, Member, OutboxMessage
from tests.fakes.slack_api import RESPONSE_URL_METHOD, FakeSlackApi
from tests.fakes.slack_signing import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    event_callback_body,
    member_joined_channel_event,
    message_event,
    slash_command_body,
    team_join_event,
    url_verification_body,
)
from tests.scenarios.welcome import GOAL
from tests.slack.harness import ACK_BUDGET, HOME, SlackCommunity, SlackHarness


async def _member(h: SlackHarness, user_id: str) -> Member | None:
    async with h.database.transaction() as session:
        return await session.scalar(sa.select(Member).where(Member.member_id == user_id))


async def _ready(h: SlackHarness) -> SlackCommunity:
    """#home is set up and ann (a workspace admin) has set the goal."""
    community = SlackCommunity(h)
    await community.start()
    await community.make_organiser("ann")
    await community.command("ann", f"goal {GOAL}")
    await community.settle()
    return community


async def test_slash_command_is_acked_empty_and_answered_ephemerally(
    http: SlackHarness, slack: FakeSlackApi
) -> None:
    community = SlackCommunity(http)
    ack = await community.send_command("zed", "help")
    assert (ack.status, ack.body) == (200, "")  # no visible text in the ack
    assert ack.seconds < ACK_BUDGET
    await community.settle()
    [answer] = slack.calls_to(RESPONSE_URL_METHOD)
    assert answer.args["response_type"] == "ephemeral"
    assert answer.args["replace_original"] is False
    assert "/kindling" in answer.args["text"]
    assert answer.args["blocks"][0]["type"] == "section"
    [lookup] = slack.calls_to("users.info")
    assert lookup.args["user"] == community.user_id("zed")
    assert slack.calls_to("chat.postMessage") == []


async def test_team_join_sends_a_dm_with_blocks_fallback_and_outbox_key(
    http: SlackHarness, slack: FakeSlackApi
) -> None:
    community = await _ready(http)
    newcomer = community.user_id("bob")
    ack = await http.event(team_join_event(newcomer, name="bob"))
    assert (ack.status, ack.seconds < ACK_BUDGET) == (200, True)
    await http.settle()
    # The newcomer's welcome, and (no ambassadors yet) the organiser who ran setup is asked to greet.
    [opened] = [c for c in slack.calls_to("conversations.open") if c.args["users"] == newcomer]
    assert opened.response is not None
    dm_channel = opened.response["channel"]["id"]
    dms = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == dm_channel]
    [welcome] = dms
    assert GOAL in welcome.args["text"]
    assert welcome.decoded("blocks")[0]["type"] == "section"
    async with http.database.transaction() as session:
        row = await session.scalar(
            sa.select(OutboxMessage).where(OutboxMessage.key.like("welcome:%:newcomer"))
        )
        assert row is not None
        where = await deliveries.of_key(session, key=row.key)
    assert row.status == "sent"
    assert welcome.decoded("metadata") == {"event_type": "kindling_outbox", "event_payload": {"key": row.key}}
    assert where is not None and where.message_id == welcome.response["ts"]  # type: ignore[index]


async def test_channel_join_counts_only_for_the_home_channel(http: SlackHarness, slack: FakeSlackApi) -> None:
    community = await _ready(http)
    carl = community.user_id("carl")
    await http.event(member_joined_channel_event(carl, "C0OTHER"))
    await http.settle()
    assert slack.calls_to("conversations.open") == []
    await http.event(member_joined_channel_event(carl, HOME))
    await http.settle()
    assert carl in [c.args["users"] for c in slack.calls_to("conversations.open")]


async def test_messages_and_thread_replies_count_bots_and_edits_do_not(
    http: SlackHarness, slack: FakeSlackApi
) -> None:
    community = SlackCommunity(http)
    dora = community.user_id("dora")
    first = message_event(HOME, dora, "A half-finished lesson plan")
    await http.event(first)
    await http.event(message_event(HOME, dora, "and a reply", thread_ts=first["ts"]))
    await http.event(message_event(HOME, dora, "edited", subtype="message_changed"))
    await http.event(message_event(HOME, dora, "bye", subtype="message_deleted"))
    await http.event(message_event(HOME, "U0OTHERBOT", "beep", bot_id="B0OTHER"))
    await http.event(message_event(HOME, slack.bot_user_id, "my own post", bot_id=slack.bot_id))
    await http.event(message_event("D0DIRECT", dora, "a DM", channel_type="im"))
    await http.settle()
    member = await _member(http, dora)
    assert member is not None and member.post_count == 2
    assert await _member(http, "U0OTHERBOT") is None
    assert await _member(http, slack.bot_user_id) is None
    assert {c.method for c in slack.calls} <= {"users.info", "auth.test"}


async def test_button_click_is_acked_and_answered(http: SlackHarness, slack: FakeSlackApi) -> None:
    community = await _ready(http)
    await community.join("amy")
    await community.command("ann", "ambassador add @amy")
    await community.settle()  # amy's own welcome
    await community.join("bob")
    delivered = await community.settle()
    [request] = [d for d in delivered if d.kind == "dm" and d.to == "amy"]
    _, action, value = request.buttons[0]
    await community.click("amy", action, value)
    [thanks] = [d for d in await community.settle() if d.kind == "private"]
    assert (thanks.to, "Thank you for greeting @bob" in thanks.text) == ("amy", True)
    assert all(a.seconds < ACK_BUDGET for a in http.acks)


async def test_bad_signature_and_stale_timestamp_are_refused_and_change_nothing(
    http: SlackHarness, slack: FakeSlackApi
) -> None:
    command = slash_command_body(text="goal Take over.", response_url=slack.response_url())
    wrong = await http.post("/slack/events", command, FORM_CONTENT_TYPE, secret="not-the-secret")
    stale = await http.post("/slack/events", command, FORM_CONTENT_TYPE, timestamp=int(time.time()) - 301)
    event = event_callback_body(slack.team_id, team_join_event("U0INTRUDER"))
    forged = await http.post("/slack/events", event, JSON_CONTENT_TYPE, secret="not-the-secret")
    assert [wrong.status, stale.status, forged.status] == [401, 401, 401]
    await http.settle()
    assert slack.calls == []
    async with http.database.transaction() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Community)) == 0
        assert await session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


async def test_url_verification_and_health(http: SlackHarness) -> None:
    verified = await http.post("/slack/events", url_verification_body("abc"), JSON_CONTENT_TYPE)
    assert (verified.status, json.loads(verified.body)) == (200, {"challenge": "abc"})
    assert http._http is not None
    async with http._http.get(http.url + "/healthz") as response:
        assert (response.status, await response.json()) == (200, {"ok": True})


async def test_rate_limited_post_is_retried_after_retry_after_and_arrives_once(
    http: SlackHarness, slack: FakeSlackApi, no_retry_jitter: None
) -> None:
    community = await _ready(http)
    slack.fail_next("chat.postMessage", status=429, retry_after=0)
    await community.join("bob")
    delivered = await community.settle()
    assert len([d for d in delivered if d.kind == "dm" and d.to == "bob"]) == 1
    statuses = [c.status for c in slack.calls_to("chat.postMessage", include_faulted=True)]
    assert statuses[0] == 429 and statuses.count(429) == 1
    assert len(slack.messages(str(slack.calls_to("conversations.open")[0].response["channel"]["id"]))) == 1  # type: ignore[index]
