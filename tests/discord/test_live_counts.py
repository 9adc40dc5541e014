"""Live counts on Discord: an anonymous poll (buttons, since a native poll shows who voted) edits its own
message with PATCH after each vote and drops its buttons at the close; a named poll is native and counts
by itself, so Kindling never edits it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.clock import ManualClock
from bot.storage.database import Database
from tests.discord.harness import CALLBACK, Adapter, kindling_command, spec_problems
from tests.fakes.discord_server import FakeInteraction
from tests.fakes.discord_spec import DiscordSpec
from tests.support.core import test_core

EDIT = "/channels/{channel_id}/messages/{message_id}"


async def _poll(adapter: Adapter, *, anonymous: bool) -> dict[str, Any]:
    guild = adapter.fake.guilds[0]
    before = len(adapter.fake.requests_to("POST", CALLBACK))
    await kindling_command(
        adapter,
        "alice",
        "poll",
        "start",
        question="Which evening?",
        answers="Tuesday | Thursday",
        anonymous=anonymous,
    )
    await adapter.fake.wait_for_requests("POST", CALLBACK, before + 1, timeout=5)
    await adapter.recorder.wait_for(1)
    await adapter.deliver()
    [post] = [
        m
        for m in adapter.fake.messages.values()
        if m["channel_id"] == str(guild.home_channel.id) and "Which evening?" in (m.get("content") or "")
    ]
    return post


def _labels(message: dict[str, Any]) -> list[str]:
    return [c["label"] for row in message.get("components", []) for c in row["components"]]


async def _click(
    adapter: Adapter, post: dict[str, Any], who: str, index: int, events: int
) -> FakeInteraction:
    guild = adapter.fake.guilds[0]
    custom_id = post["components"][0]["components"][index]["custom_id"]
    interaction = await adapter.fake.button_click(
        guild.id, guild.home_channel.id, guild.member_by_name(who), custom_id, post
    )
    await adapter.recorder.wait_for(events)
    await adapter.deliver()
    return interaction


async def test_an_anonymous_poll_edits_its_message_with_the_count(
    adapter: Adapter, database: Database, clock: ManualClock, spec: DiscordSpec
) -> None:
    post = await _poll(adapter, anonymous=True)
    assert _labels(post) == ["Tuesday", "Thursday"] and not post.get("poll")

    await _click(adapter, post, "bob", 0, events=2)
    [edit] = adapter.fake.requests_to("PATCH", EDIT)
    assert edit.path == f"/channels/{post['channel_id']}/messages/{post['id']}"
    assert "Voted so far: 1" in edit.json["content"]
    edited = adapter.fake.messages[int(post["id"])]
    assert _labels(edited) == ["Tuesday", "Thursday"]  # anonymous: no count per option until the close

    await _click(adapter, post, "alice", 1, events=3)
    # At the deadline the poll closes: its message shows the counts and loses its buttons.
    clock.advance(timedelta(hours=49))
    await test_core(database, clock).due_work.run_due()
    await adapter.deliver()
    closing = adapter.fake.requests_to("PATCH", EDIT)[-1]
    assert "Closed. 2 member(s) voted" in closing.json["content"] and "Tuesday: 1" in closing.json["content"]
    assert _labels(adapter.fake.messages[int(post["id"])]) == []
    assert spec_problems(spec, adapter.fake.requests) == []


async def test_a_native_poll_counts_by_itself_and_is_never_edited(
    adapter: Adapter, spec: DiscordSpec
) -> None:
    post = await _poll(adapter, anonymous=False)
    assert post.get("poll")
    guild = adapter.fake.guilds[0]
    vote = {
        "user_id": str(guild.member_by_name("bob").user.id),
        "channel_id": post["channel_id"],
        "message_id": post["id"],
        "guild_id": str(guild.id),
        "answer_id": 1,
    }
    await adapter.fake.dispatch("MESSAGE_POLL_VOTE_ADD", vote)
    await adapter.recorder.wait_for(2)
    await adapter.deliver()
    assert adapter.fake.requests_to("PATCH", EDIT) == []
    assert spec_problems(spec, adapter.fake.requests) == []
