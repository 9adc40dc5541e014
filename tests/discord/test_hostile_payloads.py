"""The payloads that broke Kindling on Discord-compatible servers, sent by the fake Discord to the real
discord.py: each is read, defaulted or skipped with a log line, and the connection carries on."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import sqlalchemy as sa

from bot import metrics
from bot.events import ButtonClicked, CommandInvoked, MessagePosted
from bot.storage.models import Community, Poll
from tests.discord.harness import CALLBACK, Adapter, edited_kindling_command, kindling_command
from tests.scenarios.welcome import GOAL


def _skipped(kind: str) -> float:
    return (
        metrics.REGISTRY.get_sample_value(
            "kindling_events_skipped_total", {"platform": "discord", "type": kind}
        )
        or 0.0
    )


async def _followup(adapter: Adapter, interaction_id: int, events: int) -> dict[str, Any]:
    await adapter.recorder.wait_for(events)
    await adapter.deliver()
    interaction = adapter.fake.interactions[interaction_id]
    assert interaction.followup_message_ids, "no follow-up"
    return adapter.fake.messages[interaction.followup_message_ids[-1]]


async def _home_channel(adapter: Adapter) -> str | None:
    async with adapter.kindling.turns.database.transaction() as session:
        found: str | None = await session.scalar(sa.select(Community.home_channel_id))
        return found


async def test_a_dm_message_with_a_null_guild_id_is_read_as_a_dm_and_the_gateway_carries_on(
    adapter: Adapter,
) -> None:
    fake, bob = adapter.fake, adapter.fake.guilds[0].member_by_name("bob")
    dm = fake.dm_channel_id(bob.id)
    message = fake.new_message(dm, bob.user.payload(), {"content": ""}, extra={"mentions": []})
    await fake.dispatch("MESSAGE_CREATE", {**message, "guild_id": None})
    posted = await fake.message_create(fake.guilds[0].home_channel.id, bob, "still here")
    [event] = await adapter.recorder.wait_for(1)
    assert isinstance(event, MessagePosted) and event.message_id == posted["id"]  # the DM counted nothing
    assert len(fake.gateway_connects) == 1  # one connection throughout: nothing ended it


async def test_a_button_on_a_message_whose_thread_is_null_still_reaches_the_core(adapter: Adapter) -> None:
    fake, guild = adapter.fake, adapter.fake.guilds[0]
    custom_id = f"kindling.vote:{guild.id}:1:0"
    button = {"type": 2, "style": 1, "label": "Yes", "custom_id": custom_id}
    message = fake.new_message(
        guild.home_channel.id,
        fake.bot_user.payload(),
        {"content": "vote", "components": [{"type": 1, "components": [button]}]},
        guild_id=guild.id,
    )
    click = await fake.button_click(
        guild.id, guild.home_channel.id, guild.member_by_name("bob"), custom_id, {**message, "thread": None}
    )
    [event] = await adapter.recorder.wait_for(1)
    assert isinstance(event, ButtonClicked) and event.action_id == "kindling.vote"
    assert event.channel_id == str(guild.home_channel.id)
    assert click.callback_type == 5


async def test_an_event_discord_py_cannot_read_is_skipped_with_a_log_line(
    adapter: Adapter, caplog: pytest.LogCaptureFixture
) -> None:
    fake, bob = adapter.fake, adapter.fake.guilds[0].member_by_name("bob")
    before = _skipped("GUILD_MEMBER_ADD")
    with caplog.at_level(logging.WARNING, logger="adapters.discord.gateway_guard"):
        # A member without its user: discord.py reads data["user"]["id"].
        await fake.dispatch(
            "GUILD_MEMBER_ADD", {"guild_id": str(adapter.guild_id), "roles": [], "user": None}
        )
        posted = await fake.message_create(fake.guilds[0].home_channel.id, bob, "after")
        [event] = await adapter.recorder.wait_for(1)
    assert isinstance(event, MessagePosted) and event.message_id == posted["id"]
    assert _skipped("GUILD_MEMBER_ADD") == before + 1
    assert any("GUILD_MEMBER_ADD" in r.getMessage() for r in caplog.records)
    assert len(fake.gateway_connects) == 1


async def test_setup_without_a_channel_object_uses_the_interactions_channel_id(adapter: Adapter) -> None:
    home = adapter.fake.guilds[0].home_channel.id

    def without_channel(payload: dict[str, Any]) -> None:
        del payload["channel"]

    interaction = await edited_kindling_command(adapter, without_channel, "alice", "setup")
    answer = await _followup(adapter, interaction.id, 1)
    assert f"<#{home}> is now the home channel" in answer["content"]
    assert await _home_channel(adapter) == str(home)


async def test_setup_and_a_poll_without_any_channel_are_refused_and_store_nothing(adapter: Adapter) -> None:
    """The core asks instead of guessing (it used to store the text "None" as the home channel), in the
    community's language, privately."""

    def without_channel(payload: dict[str, Any]) -> None:
        del payload["channel"], payload["channel_id"]

    interaction = await edited_kindling_command(adapter, without_channel, "alice", "setup")
    answer = await _followup(adapter, interaction.id, 1)
    assert "could not tell which channel" in answer["content"] and answer["flags"] & 64
    [event] = adapter.recorder.events
    assert isinstance(event, CommandInvoked) and event.channel_id == ""
    assert await _home_channel(adapter) in (None, str(adapter.fake.guilds[0].home_channel.id))
    poll = await edited_kindling_command(
        adapter, without_channel, "alice", "poll", "start", question="Lunch?", answers="Yes | No"
    )
    answer = await _followup(adapter, poll.id, 2)
    assert "could not tell which channel" in answer["content"]
    async with adapter.kindling.turns.database.transaction() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Poll)) == 0
    # A command that does not read the channel still goes through without one.
    goal = await edited_kindling_command(adapter, without_channel, "alice", "goal", "set", text=GOAL)
    answer = await _followup(adapter, goal.id, 3)
    assert "Goal saved" in answer["content"]


async def test_the_owner_without_member_permissions_in_the_payload_is_an_organiser(adapter: Adapter) -> None:
    def without_permissions(payload: dict[str, Any]) -> None:
        del payload["member"]["permissions"]

    interaction = await edited_kindling_command(
        adapter, without_permissions, "owner", "goal", "set", text=GOAL
    )
    answer = await _followup(adapter, interaction.id, 1)
    assert "Goal saved" in answer["content"]
    [event] = adapter.recorder.events
    assert isinstance(event, CommandInvoked) and event.invoker_is_admin


async def test_a_plain_member_without_member_permissions_is_still_refused(adapter: Adapter) -> None:
    def without_permissions(payload: dict[str, Any]) -> None:
        del payload["member"]["permissions"]

    interaction = await edited_kindling_command(adapter, without_permissions, "bob", "goal", "set", text=GOAL)
    answer = await _followup(adapter, interaction.id, 1)
    assert "Only organisers" in answer["content"]


async def test_a_defer_answered_with_an_odd_body_still_reaches_the_core_and_is_answered(
    adapter: Adapter, caplog: pytest.LogCaptureFixture
) -> None:
    adapter.fake.answer_next("POST", CALLBACK, body=[])  # discord.py: TypeError reading the answer
    with caplog.at_level(logging.WARNING, logger="adapters.discord.client"):
        interaction = await kindling_command(adapter, "alice", "goal", "set", text=GOAL)
        answer = await _followup(adapter, interaction.id, 1)
    assert "Goal saved" in answer["content"] and answer["flags"] & 64
    assert any(
        "could not acknowledge" in r.getMessage() and "TypeError" in r.getMessage() for r in caplog.records
    )
