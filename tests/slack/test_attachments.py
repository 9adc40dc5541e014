"""Attachments (the organisers' pulse chart): uploaded into the conversation after the message, with
files_upload_v2; ephemeral answers get theirs in the member's DM; a failed upload never re-sends the text."""

from __future__ import annotations

import pytest

from adapters.slack.pacing import ChannelPacer
from adapters.slack.platform import SlackPlatform
from adapters.slack.workspaces import Workspaces
from bot.messages import Attachment, Message
from bot.port import DeliveryError
from tests.fakes.slack_api import RESPONSE_URL_METHOD, UPLOAD_URL_METHOD, FakeSlackApi, RecordedCall
from tests.slack.harness import BOT_TOKEN

#: A PNG's signature and a little more: enough to see the bytes arrive untouched (\r\n, \x00, \x1a).
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
CHART = Attachment.of("kindling-pulse.png", "image/png", PNG)
FILE_METHODS = ("files.getUploadURLExternal", UPLOAD_URL_METHOD, "files.completeUploadExternal")


def _platform(slack: FakeSlackApi) -> SlackPlatform:
    workspaces = Workspaces(api_url=slack.base_url, bot_token=BOT_TOKEN)
    return SlackPlatform(workspaces=workspaces, pacer=ChannelPacer(interval=0))


def _file_calls(slack: FakeSlackApi) -> list[RecordedCall]:
    return [c for c in slack.calls if c.method in FILE_METHODS]


def _completed_file_ids(call: RecordedCall) -> list[str]:
    return [str(entry["id"]) for entry in call.decoded("files")]


async def test_a_dm_with_a_chart_posts_the_text_then_uploads_the_png_into_that_dm(
    slack: FakeSlackApi,
) -> None:
    delivered = await _platform(slack).send_direct(
        community_id=slack.team_id,
        member_id="U0ORG",
        message=Message("Your weekly pulse", attachments=(CHART,)),
        key="pulse-1",
    )
    methods = [c.method for c in slack.calls]
    assert methods == ["conversations.open", "chat.postMessage", *FILE_METHODS]
    [post] = slack.calls_to("chat.postMessage")
    dm = post.args["channel"]
    assert dm.startswith("D") and delivered.channel_id == dm
    [get_url] = slack.calls_to("files.getUploadURLExternal")
    assert (get_url.args["filename"], int(get_url.args["length"])) == ("kindling-pulse.png", len(PNG))
    [complete] = slack.calls_to("files.completeUploadExternal")
    assert complete.args["channel_id"] == dm
    assert "thread_ts" not in complete.args
    [file_id] = _completed_file_ids(complete)
    assert slack.uploads == {file_id: PNG}
    # The file landed in the DM, after the message (which keeps its outbox key for find_delivered).
    text, shared = slack.messages(dm)
    assert text["text"] == "Your weekly pulse" and "files" not in text
    assert [f["id"] for f in shared["files"]] == [file_id]


async def test_files_follow_a_thread_reply_and_a_group_dm(slack: FakeSlackApi) -> None:
    platform = _platform(slack)
    message = Message("chart", attachments=(CHART,))
    await platform.post_in_channel(
        community_id=slack.team_id,
        channel_id="C0HOME",
        thread_id="1700000000.000100",
        message=message,
        key="a",
    )
    group = await platform.send_group(
        community_id=slack.team_id, member_ids=("U0ANN", "U0BOB"), message=message, key="b"
    )
    in_thread, in_group = slack.calls_to("files.completeUploadExternal")
    assert (in_thread.args["channel_id"], in_thread.args["thread_ts"]) == ("C0HOME", "1700000000.000100")
    assert in_group.args["channel_id"] == group.channel_id and "thread_ts" not in in_group.args
    assert list(slack.uploads.values()) == [PNG, PNG]


async def test_a_private_reply_shows_the_text_ephemerally_and_sends_the_file_to_the_members_dm(
    slack: FakeSlackApi,
) -> None:
    delivered = await _platform(slack).reply_privately(
        community_id=slack.team_id,
        member_id="U0ANN",
        channel_id="C0HOME",
        reply_token=None,
        message=Message("Here is this week's pulse\nmore lines", attachments=(CHART,)),
        key="k",
    )
    assert [c.method for c in slack.calls] == ["conversations.open", "chat.postEphemeral", *FILE_METHODS]
    assert delivered.channel_id == "C0HOME"
    [ephemeral] = slack.calls_to("chat.postEphemeral")
    assert (ephemeral.args["channel"], ephemeral.args["user"]) == ("C0HOME", "U0ANN")
    [opened] = slack.calls_to("conversations.open")
    dm = opened.response["channel"]["id"]  # type: ignore[index]
    assert slack.conversation_members(dm) == ("U0ANN",)
    [complete] = slack.calls_to("files.completeUploadExternal")
    assert complete.args["channel_id"] == dm
    assert complete.args["initial_comment"] == "Here is this week's pulse"
    assert list(slack.uploads.values()) == [PNG]
    assert not slack.calls_to("chat.postMessage")


async def test_a_private_reply_through_response_url_also_sends_the_file_to_the_dm(
    slack: FakeSlackApi,
) -> None:
    url = slack.response_url()
    await _platform(slack).reply_privately(
        community_id=slack.team_id,
        member_id="U0ANN",
        channel_id="C0HOME",
        reply_token=url,
        message=Message("pulse", attachments=(CHART,)),
        key="k",
    )
    assert [c.method for c in slack.calls] == ["conversations.open", RESPONSE_URL_METHOD, *FILE_METHODS]
    [complete] = slack.calls_to("files.completeUploadExternal")
    assert complete.args["channel_id"].startswith("D")
    assert list(slack.uploads.values()) == [PNG]


async def test_no_ephemeral_possible_sends_text_and_file_to_the_dm_once(slack: FakeSlackApi) -> None:
    slack.fail_next("chat.postEphemeral", status=200, error="not_in_channel")
    delivered = await _platform(slack).reply_privately(
        community_id=slack.team_id,
        member_id="U0ANN",
        channel_id="C0HOME",
        reply_token=None,
        message=Message("pulse", attachments=(CHART,)),
        key="k",
    )
    [post] = slack.calls_to("chat.postMessage")
    [complete] = slack.calls_to("files.completeUploadExternal")
    assert post.args["channel"] == complete.args["channel_id"] == delivered.channel_id
    assert "initial_comment" not in complete.args  # the text is right above it
    assert len(slack.calls_to("conversations.open")) == 1


async def test_a_message_without_attachments_makes_no_upload_calls(slack: FakeSlackApi) -> None:
    platform = _platform(slack)
    await platform.send_direct(community_id=slack.team_id, member_id="U0ORG", message=Message("hi"), key="a")
    await platform.post_in_channel(
        community_id=slack.team_id, channel_id="C0HOME", thread_id=None, message=Message("hi"), key="b"
    )
    await platform.reply_privately(
        community_id=slack.team_id,
        member_id="U0ANN",
        channel_id="C0HOME",
        reply_token=None,
        message=Message("hi"),
        key="c",
    )
    assert _file_calls(slack) == [] and slack.uploads == {}
    assert [c.method for c in slack.calls] == [
        "conversations.open",
        "chat.postMessage",
        "chat.postMessage",
        "chat.postEphemeral",
    ]


@pytest.mark.parametrize("method", ["files.getUploadURLExternal", "files.completeUploadExternal"])
async def test_a_failed_upload_after_the_post_is_logged_and_the_message_counts_as_delivered(
    slack: FakeSlackApi, no_retry_jitter: None, method: str, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fail_next(method, status=503, times=5)  # more than the client retries, and retryable
    delivered = await _platform(slack).post_in_channel(
        community_id=slack.team_id,
        channel_id="C0HOME",
        thread_id=None,
        message=Message("pulse", attachments=(CHART,)),
        key="k",
    )
    [post] = slack.calls_to("chat.postMessage")
    assert delivered.message_id == post.response["ts"]  # type: ignore[index]
    assert not slack.calls_to("files.completeUploadExternal")
    assert "kindling-pulse.png" in caplog.text
    if method == "files.completeUploadExternal":
        # Never repeated by the client after a 5xx: Slack may have shared the file already.
        assert len(slack.calls_to(method, include_faulted=True)) == 1


async def test_a_dm_that_cannot_be_opened_for_the_files_delays_the_private_reply(
    slack: FakeSlackApi, no_retry_jitter: None
) -> None:
    """Before anything is shown a retryable failure is the outbox's to retry: nothing is shown twice."""
    slack.fail_next("conversations.open", status=429, retry_after=0, times=3)
    with pytest.raises(DeliveryError) as failure:
        await _platform(slack).reply_privately(
            community_id=slack.team_id,
            member_id="U0ANN",
            channel_id="C0HOME",
            reply_token=None,
            message=Message("pulse", attachments=(CHART,)),
            key="k",
        )
    assert failure.value.retryable
    assert not slack.calls_to("chat.postEphemeral") and _file_calls(slack) == []
