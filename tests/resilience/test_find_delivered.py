"""Slack's `find_delivered`: Kindling's outbox key in message metadata is how an interrupted send is
recognised, so the outbox does not post a message twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from adapters.slack.pacing import ChannelPacer
from adapters.slack.platform import SlackPlatform
from adapters.slack.workspaces import Workspaces
from bot.clock import ManualClock
from bot.messages import Direct, InChannel, Message, Private
from bot.port import DeliveryError, FindsDelivered
from bot.storage import outbox
from bot.storage.database import Database
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import BOT_TOKEN, SlackCommunity, SlackHarness, settings_for

GOAL = "We help new referees grow. Share one match situation a week."


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi(bot_tokens=[BOT_TOKEN]) as fake:
        yield fake


@pytest.fixture
async def platform(slack: FakeSlackApi) -> SlackPlatform:
    return SlackPlatform(
        workspaces=Workspaces(api_url=slack.base_url, bot_token=BOT_TOKEN), pacer=ChannelPacer(interval=0)
    )


async def test_the_slack_platform_can_look_for_delivered_messages(platform: SlackPlatform) -> None:
    assert isinstance(platform, FindsDelivered)


async def test_a_dm_is_found_by_its_key_and_no_other(slack: FakeSlackApi, platform: SlackPlatform) -> None:
    team = slack.team_id
    sent = await platform.send_direct(community_id=team, member_id="U0BOB", message=Message("hi"), key="k1")
    await platform.send_direct(community_id=team, member_id="U0BOB", message=Message("again"), key="k2")

    found = await platform.find_delivered(community_id=team, destination=Direct("U0BOB"), key="k1")
    assert found == sent
    assert await platform.find_delivered(community_id=team, destination=Direct("U0BOB"), key="k9") is None
    assert await platform.find_delivered(community_id=team, destination=Direct("U0ANN"), key="k1") is None
    [history, *_] = slack.calls_to("conversations.history")
    assert history.args["include_all_metadata"] in (True, "true", "1")


async def test_channel_posts_and_thread_replies_are_found(
    slack: FakeSlackApi, platform: SlackPlatform
) -> None:
    team = slack.team_id
    parent = slack.seed_message("C0HOME", "a question?", user="U0ANN")
    top = await platform.post_in_channel(
        community_id=team, channel_id="C0HOME", thread_id=None, message=Message("tip"), key="tip"
    )
    reply = await platform.post_in_channel(
        community_id=team, channel_id="C0HOME", thread_id=parent["ts"], message=Message("poll"), key="nudge"
    )

    assert await platform.find_delivered(community_id=team, destination=InChannel("C0HOME"), key="tip") == top
    in_thread = InChannel("C0HOME", thread_id=parent["ts"])
    assert await platform.find_delivered(community_id=team, destination=in_thread, key="nudge") == reply
    assert slack.calls_to("conversations.replies")
    # A thread reply is not in the channel's history, and a channel post is not in the thread.
    assert (
        await platform.find_delivered(community_id=team, destination=InChannel("C0HOME"), key="nudge") is None
    )


async def test_a_busy_channel_is_searched_page_by_page(slack: FakeSlackApi, platform: SlackPlatform) -> None:
    team = slack.team_id
    sent = await platform.post_in_channel(
        community_id=team, channel_id="C0BUSY", thread_id=None, message=Message("mine"), key="mine"
    )
    for n in range(150):
        slack.seed_message("C0BUSY", f"chatter {n}", user="U0CHATTY")
    found = await platform.find_delivered(community_id=team, destination=InChannel("C0BUSY"), key="mine")
    assert found == sent
    assert len(slack.calls_to("conversations.history")) == 2


async def test_ephemeral_answers_cannot_be_looked_up(slack: FakeSlackApi, platform: SlackPlatform) -> None:
    private = Private(member_id="U0BOB", channel_id="C0HOME", reply_token=None)
    assert await platform.find_delivered(community_id=slack.team_id, destination=private, key="k") is None
    assert slack.calls == []


async def test_a_failed_look_up_is_retried_later_not_guessed(
    slack: FakeSlackApi, platform: SlackPlatform
) -> None:
    slack.fail_next("conversations.history", status=429, retry_after=0, times=3)
    with pytest.raises(DeliveryError) as raised:
        await platform.find_delivered(community_id=slack.team_id, destination=InChannel("C0HOME"), key="k")
    assert raised.value.retryable


async def test_without_history_access_the_message_is_sent_again(
    slack: FakeSlackApi, platform: SlackPlatform
) -> None:
    slack.fail_next("conversations.history", status=200, error="missing_scope")
    found = await platform.find_delivered(
        community_id=slack.team_id, destination=InChannel("C0HOME"), key="k"
    )
    assert found is None


async def test_an_interrupted_send_is_not_posted_twice(slack: FakeSlackApi, database: Database) -> None:
    """The worker claimed the welcome and posted it, then died before recording that: once the claim has
    lapsed, the next worker finds the post by its key and records it instead of posting again."""
    clock = ManualClock()
    async with SlackHarness(slack, database, clock, settings_for(slack, mode="http")) as harness:
        community = SlackCommunity(harness)
        await community.make_organiser("ann")
        await community.command("ann", f"goal {GOAL}")
        await community.settle()
        await community.join("bob")
        await harness.runtime.intake.idle(timeout=10)
        # The dying worker: claim, post, and nothing more.
        async with database.transaction() as session:
            claimed = await outbox.claim_due(
                session, platform="slack", now=clock.now(), limit=10, skip_locked=not database.is_sqlite
            )
        assert claimed
        for row in claimed:
            await harness.worker._send(row, slack.team_id)
        posts = len(slack.calls_to("chat.postMessage"))

        clock.advance(outbox.LEASE + timedelta(seconds=1))
        await harness.worker.run_until_idle()

        assert len(slack.calls_to("chat.postMessage")) == posts
        async with database.transaction() as session:
            assert await outbox.count_by_status(session, platform="slack") == {"sent": len(claimed) + 1}
