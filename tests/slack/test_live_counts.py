"""Live counts on Slack: a poll is Block Kit buttons, and every vote updates that same message with
chat.update (counts on the buttons, how many voted); at the close the buttons go and the counts stay."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from tests.fakes.slack_api import FakeSlackApi, RecordedCall
from tests.fakes.slack_signing import block_actions_payload
from tests.slack.harness import HOME, SlackCommunity, SlackHarness


def _buttons(blocks: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [e for block in blocks or [] if block.get("type") == "actions" for e in block["elements"]]


def _text(call: RecordedCall) -> str:
    return str(call.args.get("text", "")) + json.dumps(call.decoded("blocks"), ensure_ascii=False)


async def _vote(driver: SlackCommunity, post: RecordedCall, name: str, index: int) -> None:
    button = _buttons(post.decoded("blocks"))[index]
    payload = block_actions_payload(
        action_id=button["action_id"],
        value=button["value"],
        user_id=driver.user_id(name),
        user_name=name,
        team_id=driver.slack.team_id,
        channel_id=HOME,
        channel_name="home",
        message=post.response["message"] if post.response else None,
        response_url=driver.slack.response_url(),
    )
    ack = await driver.h.send("action", payload)
    assert ack.status == 200
    await driver.settle()


async def test_votes_update_the_poll_message_with_chat_update(
    http: SlackHarness, slack: FakeSlackApi
) -> None:
    driver = SlackCommunity(http)
    await driver.start()
    await driver.send_command("owner", 'poll "Which evening?" "Tuesday" "Thursday"')
    await driver.settle()
    [post] = [c for c in slack.calls_to("chat.postMessage") if "Which evening?" in _text(c)]
    assert post.args["channel"] == HOME
    assert [b["text"]["text"] for b in _buttons(post.decoded("blocks"))] == ["Tuesday", "Thursday"]
    ts = post.response["ts"] if post.response else None

    await _vote(driver, post, "bob", 0)
    await _vote(driver, post, "cas", 1)
    await _vote(driver, post, "dan", 1)
    updates = slack.calls_to("chat.update")
    assert updates and all(u.args["channel"] == HOME and u.args["ts"] == ts for u in updates)
    latest = updates[-1]
    assert [b["text"]["text"] for b in _buttons(latest.decoded("blocks"))] == ["Tuesday · 1", "Thursday · 2"]
    assert "3 members have voted so far" in _text(latest)
    # The message in the channel is the updated one, still carrying Kindling's outbox key.
    [stored] = [m for m in slack.messages(HOME) if m.get("ts") == ts]
    assert "3 members have voted so far" in json.dumps(stored.get("blocks"), ensure_ascii=False)
    assert stored["metadata"]["event_payload"]["key"].startswith("poll:")

    http.clock.advance(timedelta(hours=49))
    await http.core.due_work.run_due()
    await driver.settle()
    closing = slack.calls_to("chat.update")[-1]
    assert _buttons(closing.decoded("blocks")) == []
    assert "Closed. 3 members voted" in _text(closing) and "Thursday: 2" in _text(closing)
