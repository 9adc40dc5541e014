"""The ChatPlatform port over the Web API: failures as DeliveryError, pacing, ephemeral fall-backs."""

from __future__ import annotations

import pytest

from adapters.slack.pacing import ChannelPacer
from adapters.slack.platform import SlackPlatform
from adapters.slack.workspaces import Workspaces
from bot.messages import Message
from bot.port import DeliveryError
from tests.fakes.slack_api import RESPONSE_URL_METHOD, FakeSlackApi
from tests.slack.harness import BOT_TOKEN


class _FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _platform(slack: FakeSlackApi, pacer: ChannelPacer | None = None) -> SlackPlatform:
    workspaces = Workspaces(api_url=slack.base_url, bot_token=BOT_TOKEN)
    return SlackPlatform(workspaces=workspaces, pacer=pacer or ChannelPacer(interval=0))


async def test_posts_to_one_channel_are_paced_to_one_per_second() -> None:
    time = _FakeTime()
    pacer = ChannelPacer(monotonic=time.monotonic, sleep=time.sleep)
    await pacer.wait_turn("T/C1")
    await pacer.wait_turn("T/C2")
    await pacer.wait_turn("T/C1")
    time.now += 0.25
    await pacer.wait_turn("T/C1")
    assert time.slept == [1.0, 0.75]


async def test_paced_posts_reach_slack_spaced_apart(slack: FakeSlackApi) -> None:
    platform = _platform(slack, ChannelPacer(interval=0.1))
    for n in range(3):
        await platform.post_in_channel(
            community_id=slack.team_id,
            channel_id="C0HOME",
            thread_id=None,
            message=Message(f"m{n}"),
            key=f"k{n}",
        )
    first, second, third = (c.timestamp for c in slack.calls_to("chat.postMessage"))
    assert second - first >= 0.09 and third - second >= 0.09


async def test_thread_reply_carries_thread_ts_and_the_outbox_key(slack: FakeSlackApi) -> None:
    platform = _platform(slack)
    delivered = await platform.post_in_channel(
        community_id=slack.team_id,
        channel_id="C0HOME",
        thread_id="1700000000.000100",
        message=Message("hi"),
        key="k1",
    )
    [call] = slack.calls_to("chat.postMessage")
    assert call.args["thread_ts"] == "1700000000.000100"
    assert call.decoded("metadata") == {"event_type": "kindling_outbox", "event_payload": {"key": "k1"}}
    assert (delivered.channel_id, delivered.message_id) == ("C0HOME", call.response["ts"])  # type: ignore[index]


async def test_permanent_errors_are_not_retryable_and_transient_ones_are(
    slack: FakeSlackApi, no_retry_jitter: None
) -> None:
    platform = _platform(slack)
    slack.fail_next("chat.postMessage", status=200, error="channel_not_found")
    with pytest.raises(DeliveryError) as permanent:
        await platform.post_in_channel(
            community_id=slack.team_id, channel_id="C0GONE", thread_id=None, message=Message("x"), key="a"
        )
    assert not permanent.value.retryable
    slack.fail_next("chat.postMessage", status=429, retry_after=0, times=3)  # more than the client retries
    with pytest.raises(DeliveryError) as limited:
        await platform.post_in_channel(
            community_id=slack.team_id, channel_id="C0HOME", thread_id=None, message=Message("x"), key="b"
        )
    assert limited.value.retryable and limited.value.retry_after == 0


async def test_expired_response_url_falls_back_to_chat_post_ephemeral(slack: FakeSlackApi) -> None:
    platform = _platform(slack)
    url = slack.response_url()
    slack.fail_next(RESPONSE_URL_METHOD, status=404, error="expired_url")
    await platform.reply_privately(
        community_id=slack.team_id,
        member_id="U0ANN",
        channel_id="C0HOME",
        reply_token=url,
        message=Message("hi"),
        key="k",
    )
    [ephemeral] = slack.calls_to("chat.postEphemeral")
    assert (ephemeral.args["channel"], ephemeral.args["user"], ephemeral.args["text"]) == (
        "C0HOME",
        "U0ANN",
        "hi",
    )


async def test_response_urls_elsewhere_are_never_called(slack: FakeSlackApi) -> None:
    platform = _platform(slack)
    await platform.reply_privately(
        community_id=slack.team_id,
        member_id="U0ANN",
        channel_id="C0HOME",
        reply_token="http://169.254.169.254/latest/meta-data",
        message=Message("hi"),
        key="k",
    )
    assert [c.method for c in slack.calls] == ["chat.postEphemeral"]
