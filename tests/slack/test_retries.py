"""The Web API client retries what is safe to retry, and never silently re-posts a message."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from adapters.slack.workspaces import web_client
from tests.fakes.slack_api import FakeSlackApi


async def test_a_post_is_not_repeated_after_a_server_error_but_other_calls_are() -> None:
    async with FakeSlackApi() as slack:
        client = web_client(api_url=slack.base_url, token="xoxb-retry-test")
        slack.fail_next("chat.postMessage", status=500)
        with pytest.raises(SlackApiError):
            await client.chat_postMessage(channel="C1", text="hello")
        assert len(slack.calls_to("chat.postMessage", include_faulted=True)) == 1  # handed back to the outbox

        slack.fail_next("conversations.open", status=500)
        opened = await client.conversations_open(users="U1")
        assert opened["ok"]
        assert len(slack.calls_to("conversations.open", include_faulted=True)) == 2

        slack.fail_next("chat.postMessage", status=429, retry_after=0)
        posted = await client.chat_postMessage(channel="C1", text="hello again")
        assert posted["ok"]  # a 429 is answered before Slack does anything: safe to retry in place
