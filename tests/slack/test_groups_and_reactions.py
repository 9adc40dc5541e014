"""Coffee pairs in one Slack group DM (conversations.open with several users), and 💡 reactions as tips."""

from __future__ import annotations

import sqlalchemy as sa

from adapters.slack.platform import SlackPlatform
from bot.messages import Group, Message
from bot.port import SendsGroupMessages
from bot.storage import outbox
from bot.storage.models import Community, OutboxMessage, Tip
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_signing import message_event
from tests.slack.harness import HOME, SlackCommunity, SlackHarness

INTRO = "Coffee time! <@U0AMY> and <@U0BEN>, this round you two meet."


def _reaction_added(user: str, reaction: str, *, channel: str, ts: str, item_user: str) -> dict[str, object]:
    """A `reaction_added` event on a message, as Slack sends it (docs.slack.dev/reference/events)."""
    return {
        "type": "reaction_added",
        "user": user,
        "reaction": reaction,
        "item_user": item_user,
        "item": {"type": "message", "channel": channel, "ts": ts},
        "event_ts": "1700000500.000200",
    }


async def _community(http: SlackHarness) -> tuple[SlackCommunity, Community]:
    driver = SlackCommunity(http)
    await driver.start()
    async with http.database.transaction() as session:
        community = await session.scalar(
            sa.select(Community).where(Community.external_id == http.slack.team_id)
        )
    assert community is not None
    return driver, community


async def test_a_coffee_intro_goes_to_one_group_dm_with_the_outbox_key(
    http: SlackHarness, slack: FakeSlackApi
) -> None:
    driver, community = await _community(http)
    amy, ben = driver.user_id("amy"), driver.user_id("ben")
    assert isinstance(http.runtime.platform, SendsGroupMessages)
    assert http.runtime.platform.capabilities.group_direct_messages
    seen = len(slack.calls)
    async with http.database.transaction() as session:
        queued = outbox.QueuedMessage(
            key="coffee:1:intro:0", destination=Group((amy, ben)), message=Message(INTRO)
        )
        assert await outbox.enqueue_many(session, community=community, queued=[queued], now=http.clock.now())
    await http.worker.run_until_idle()

    calls = slack.calls[seen:]
    [opened] = [c for c in calls if c.method == "conversations.open"]
    assert opened.args["users"] == f"{amy},{ben}"
    group_id = str(opened.response["channel"]["id"])  # type: ignore[index]
    assert slack.conversation_members(group_id) == tuple(sorted((amy, ben)))
    [posted] = [c for c in calls if c.method == "chat.postMessage"]
    assert posted.args["channel"] == group_id and posted.args["text"] == INTRO
    assert posted.decoded("metadata") == {
        "event_type": "kindling_outbox",
        "event_payload": {"key": "coffee:1:intro:0"},
    }
    assert [m.get("text") for m in slack.messages(group_id)] == [INTRO]
    async with http.database.transaction() as session:
        row = await session.scalar(sa.select(OutboxMessage).where(OutboxMessage.key == "coffee:1:intro:0"))
    assert row is not None and row.status == "sent"

    # After a restart (no cached conversation) the outbox can still find what it already posted.
    fresh = SlackPlatform(workspaces=http.runtime.workspaces)
    found = await fresh.find_delivered(
        community_id=slack.team_id, destination=Group((amy, ben)), key="coffee:1:intro:0"
    )
    assert found is not None and (found.channel_id, found.message_id) == (group_id, posted.response["ts"])  # type: ignore[index]
    missing = await fresh.find_delivered(
        community_id=slack.team_id, destination=Group((amy, ben)), key="coffee:2:intro:0"
    )
    assert missing is None
    reopened = [c for c in slack.calls[seen:] if c.method == "conversations.open"]
    assert [c.args["users"] for c in reopened] == [f"{amy},{ben}"] * 2


async def test_a_trio_shares_one_group_dm(http: SlackHarness, slack: FakeSlackApi) -> None:
    driver, _ = await _community(http)
    trio = (driver.user_id("amy"), driver.user_id("ben"), driver.user_id("cas"))
    delivered = await http.runtime.platform.send_group(
        community_id=slack.team_id,
        member_ids=trio,
        message=Message("Coffee for three"),
        key="coffee:1:intro:1",
    )
    [opened] = slack.calls_to("conversations.open")[-1:]
    assert opened.args["users"] == ",".join(trio)
    assert slack.conversation_members(delivered.channel_id) == tuple(sorted(trio))
    assert delivered.message_id is not None


async def _tips(http: SlackHarness) -> list[Tip]:
    async with http.database.transaction() as session:
        return list(await session.scalars(sa.select(Tip)))


async def test_a_bulb_reaction_keeps_the_message_as_a_tip(http: SlackHarness) -> None:
    driver, community = await _community(http)
    amy, ben = driver.user_id("amy"), driver.user_id("ben")
    posted = message_event(HOME, amy, "Tip: pin the README in #home", ts="1700000400.000100")
    assert (await http.event(posted)).status == 200
    ack = await http.event(_reaction_added(ben, "bulb", channel=HOME, ts="1700000400.000100", item_user=amy))
    assert ack.status == 200
    await http.settle()
    [tip] = await _tips(http)
    assert (tip.community_id, tip.channel_id, tip.message_id) == (community.id, HOME, "1700000400.000100")
    assert (tip.author_member_id, tip.saver_member_id) == (amy, ben)


async def test_other_reactions_and_reactions_on_files_are_not_tips(http: SlackHarness) -> None:
    driver, _ = await _community(http)
    amy, ben = driver.user_id("amy"), driver.user_id("ben")
    ts = "1700000400.000100"
    assert (
        await http.event(_reaction_added(ben, "thumbsup", channel=HOME, ts=ts, item_user=amy))
    ).status == 200
    on_file = _reaction_added(ben, "bulb", channel=HOME, ts=ts, item_user=amy)
    on_file["item"] = {"type": "file", "file": "F0FILE"}
    assert (await http.event(on_file)).status == 200
    await http.settle()
    assert await _tips(http) == []
