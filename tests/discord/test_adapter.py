"""Kindling's real Discord adapter against the fake Discord: assertions on the REST calls it makes."""

from __future__ import annotations

import re
from typing import Any

import discord
import pytest
import sqlalchemy as sa

from adapters.discord.client import intents
from adapters.discord.platform import nonce
from bot.clock import ManualClock
from bot.events import CommandInvoked, MemberLeft, MessagePosted, PollVoted, ReactionAdded
from bot.messages import Button, Message, PollSpec
from bot.port import DeliveryError
from bot.storage.database import Database
from bot.storage.models import Tip
from tests.discord.driver import DiscordCommunity, dm_button_click
from tests.discord.harness import (
    CALLBACK,
    DM_CREATE,
    FOLLOWUP,
    GUILD_COMMANDS,
    MESSAGES,
    Adapter,
    kindling_command,
    running_adapter,
    spec_problems,
)
from tests.fakes.discord_server import FakeDiscord, FakeInteraction, GatewayIntent, Member, User
from tests.fakes.discord_spec import DiscordSpec
from tests.scenarios.welcome import GOAL

CAROL = User(id=200_000_000_000_000_077, username="carol", global_name="Carol")


def _option(options: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(o for o in options if o["name"] == name)


async def _answer(adapter: Adapter, interaction: FakeInteraction, events: int) -> dict[str, Any]:
    """Wait for the core to handle the command and the outbox to deliver; the follow-up it sent."""
    await adapter.recorder.wait_for(events)
    await adapter.deliver()
    assert interaction.followup_message_ids, "no follow-up"
    return adapter.fake.messages[interaction.followup_message_ids[-1]]


async def test_intents_are_guilds_members_messages_reactions_and_polls_without_content(
    adapter: Adapter,
) -> None:
    wanted = (
        GatewayIntent.GUILDS
        | GatewayIntent.GUILD_MEMBERS
        | GatewayIntent.GUILD_MESSAGES
        | GatewayIntent.GUILD_MESSAGE_REACTIONS
        | GatewayIntent.GUILD_MESSAGE_POLLS
        | GatewayIntent.GUILD_SCHEDULED_EVENTS
    )
    assert adapter.fake.intents == int(wanted) == intents().value
    assert not adapter.fake.intents & GatewayIntent.MESSAGE_CONTENT


async def test_kindling_is_synced_per_guild_with_typed_options(adapter: Adapter, spec: DiscordSpec) -> None:
    [put] = adapter.fake.requests_to("PUT", GUILD_COMMANDS)
    assert put.path.endswith(f"/guilds/{adapter.guild_id}/commands")
    [kindling] = put.json
    assert kindling["name"] == "kindling" and kindling["type"] == 1
    options = kindling["options"]
    names = {o["name"] for o in options}
    assert names >= {"help", "status", "setup", "goal", "settings"}
    assert names >= {"ambassador", "organiser", "welcome", "column", "prompt"}
    settings = _option(options, "settings")["options"]
    [language] = _option(settings, "language")["options"]
    assert language["required"] and [c["value"] for c in language["choices"]] == ["nl", "en"]
    [zone] = _option(settings, "timezone")["options"]
    assert zone["type"] == 3 and zone["autocomplete"] is True
    [setup_channel] = _option(options, "setup")["options"]
    assert setup_channel["type"] == 7 and not setup_channel.get("required", False)
    add = _option(_option(options, "ambassador")["options"], "add")
    assert add["type"] == 1 and [(o["name"], o["type"]) for o in add["options"]] == [("member", 6)]
    rota = _option(_option(options, "column")["options"], "rota-add")
    assert [o["type"] for o in rota["options"]] == [6, 6]
    assert spec_problems(spec, [put]) == []


async def test_goal_is_deferred_ephemerally_then_answered_by_follow_up(
    adapter: Adapter, spec: DiscordSpec
) -> None:
    interaction = await kindling_command(adapter, "alice", "goal", "set", text=GOAL)
    answer = await _answer(adapter, interaction, 1)
    [callback] = adapter.fake.requests_to("POST", CALLBACK)
    assert callback.json == {"type": 5, "data": {"flags": 64}}
    assert interaction.ack_latency is not None and interaction.ack_latency < 3.0
    assert "Goal saved" in answer["content"] and answer["flags"] & 64
    [followup] = adapter.fake.requests_to("POST", FOLLOWUP)
    assert followup.json["flags"] & 64 and "Authorization" not in followup.headers
    assert spec_problems(spec, adapter.fake.requests) == []


async def test_a_newcomer_gets_a_welcome_dm_with_the_goal_and_a_deterministic_nonce(
    adapter: Adapter, spec: DiscordSpec
) -> None:
    await _answer(adapter, await kindling_command(adapter, "alice", "goal", "set", text=GOAL), 1)
    await adapter.fake.member_add(adapter.guild_id, CAROL)
    await adapter.recorder.wait_for(2)
    await adapter.deliver()
    assert {r.json["recipient_id"] for r in adapter.fake.requests_to("POST", DM_CREATE)} >= {CAROL.id}
    dm = adapter.fake.dm_channel_id(CAROL.id)
    [welcome] = [
        r for r in adapter.fake.requests_to("POST", MESSAGES) if r.path == f"/channels/{dm}/messages"
    ]
    assert GOAL in welcome.json["content"]
    assert welcome.json["enforce_nonce"] is True and 0 < len(welcome.json["nonce"]) <= 25
    assert spec_problems(spec, adapter.fake.requests) == []


async def test_the_greeted_button_in_a_dm_is_a_persistent_custom_id_and_answers_privately(
    adapter: Adapter, spec: DiscordSpec
) -> None:
    bob = adapter.fake.guilds[0].member_by_name("bob")
    await adapter.fake.message_create(adapter.fake.guilds[0].home_channel.id, bob, "hi")  # Kindling meets bob
    await _answer(adapter, await kindling_command(adapter, "alice", "goal", "set", text=GOAL), 2)
    added = await _answer(
        adapter, await kindling_command(adapter, "alice", "ambassador", "add", member=bob), 3
    )
    assert f"<@{bob.id}> is now an ambassador" in added["content"]
    await adapter.fake.member_add(adapter.guild_id, CAROL)
    await adapter.recorder.wait_for(4)
    await adapter.deliver()
    [asked] = [m for m in adapter.fake.messages.values() if m.get("components")]
    assert asked["channel_id"] == str(adapter.fake.dm_channel_id(bob.id))
    [row] = asked["components"]
    [button] = row["components"]
    assert button["label"] == "I greeted them" and button["style"] == 1
    action, guild, value = button["custom_id"].split(":", 2)
    assert (action, guild) == ("kindling.greeted", str(adapter.guild_id)) and value
    click = await dm_button_click(adapter.fake, bob.user, asked, button["custom_id"])
    answer = await _answer(adapter, click, 5)
    assert click.callback_type == 5 and click.callback_body == {"type": 5, "data": {"flags": 64}}
    assert "Thank you for greeting" in answer["content"] and answer["flags"] & 64
    assert spec_problems(spec, adapter.fake.requests) == []


async def test_a_member_without_manage_server_cannot_configure(adapter: Adapter) -> None:
    answer = await _answer(
        adapter, await kindling_command(adapter, "bob", "goal", "set", text="Take over."), 1
    )
    assert "Only organisers" in answer["content"]
    assert answer["flags"] & 64


async def test_a_missing_language_option_is_explained_privately(adapter: Adapter) -> None:
    answer = await _answer(adapter, await kindling_command(adapter, "alice", "settings", "language"), 1)
    assert "'language' needs more: /kindling language nl|en" in answer["content"]
    assert answer["flags"] & 64


async def test_a_garbage_time_zone_is_explained_privately(adapter: Adapter) -> None:
    answer = await _answer(
        adapter, await kindling_command(adapter, "alice", "settings", "timezone", name="Mars/Olympus"), 1
    )
    assert "'Mars/Olympus' is not a time zone I know" in answer["content"]


async def test_guild_messages_leaves_and_poll_votes_become_core_events(adapter: Adapter) -> None:
    config = adapter.fake.guilds[0]
    alice, bob = config.member_by_name("alice"), config.member_by_name("bob")
    posted = await adapter.fake.message_create(config.home_channel.id, alice, "hello")
    await adapter.fake.member_remove(adapter.guild_id, bob)
    vote = {
        "user_id": str(alice.id),
        "channel_id": str(config.home_channel.id),
        "message_id": "900",
        "guild_id": str(config.id),
        "answer_id": 2,
    }
    await adapter.fake.dispatch("MESSAGE_POLL_VOTE_ADD", vote)
    events = await adapter.recorder.wait_for(3)
    [message] = [e for e in events if isinstance(e, MessagePosted)]
    [left] = [e for e in events if isinstance(e, MemberLeft)]
    [voted] = [e for e in events if isinstance(e, PollVoted)]
    assert isinstance(message, MessagePosted) and message.message_id == posted["id"]
    assert message.channel_id == str(config.home_channel.id) and message.thread_id is None
    assert message.member.external_id == str(alice.id) and message.community.external_id == str(config.id)
    assert isinstance(left, MemberLeft) and left.member_id == str(bob.id)
    assert isinstance(voted, PollVoted) and (voted.message_id, voted.option, voted.added) == ("900", 1, True)


async def test_bots_are_not_welcomed_and_their_messages_do_not_count(adapter: Adapter) -> None:
    robot = User(id=200_000_000_000_000_099, username="robot", bot=True)
    await adapter.fake.member_add(adapter.guild_id, robot)
    await adapter.fake.message_create(adapter.fake.guilds[0].home_channel.id, robot, "beep")
    await adapter.fake.member_add(adapter.guild_id, CAROL)
    # discord.py reads frames in order; the bot's events were dropped before carol's was handled.
    [joined] = await adapter.recorder.wait_for(1)
    assert [e.member.external_id for e in adapter.recorder.events] == [str(CAROL.id)]  # type: ignore[union-attr]
    assert joined.community.default_home_channel == str(adapter.fake.guilds[0].home_channel.id)


async def test_a_poll_is_sent_as_a_native_discord_poll(adapter: Adapter, spec: DiscordSpec) -> None:
    home = str(adapter.fake.guilds[0].home_channel.id)
    poll = PollSpec("p1", "Next topic?", ("Rust", "Go", "Python"), multiple=True, duration_hours=1000)
    delivered = await adapter.platform.post_in_channel(
        community_id=str(adapter.guild_id),
        channel_id=home,
        thread_id=None,
        message=Message("Quiet here: vote!", poll=poll),
        key="poll:p1",
    )
    [sent] = adapter.fake.requests_to("POST", MESSAGES)
    body = sent.json["poll"]
    assert body["question"] == {"text": "Next topic?"}
    assert [a["poll_media"]["text"] for a in body["answers"]] == ["Rust", "Go", "Python"]
    assert body["allow_multiselect"] is True and body["duration"] == 768  # capped at 32 days
    assert sent.json["content"] == "Quiet here: vote!"
    assert delivered.channel_id == home and delivered.message_id is not None
    assert spec_problems(spec, [sent]) == []
    too_many = PollSpec("p2", "Pick", tuple(str(n) for n in range(11)))
    with pytest.raises(DeliveryError) as refused:
        await adapter.platform.post_in_channel(
            community_id=str(adapter.guild_id),
            channel_id=home,
            thread_id=None,
            message=Message("", poll=too_many),
            key="poll:p2",
        )
    assert not refused.value.retryable


async def test_the_nonce_is_deterministic_per_key_and_a_resend_is_deduplicated(adapter: Adapter) -> None:
    home = str(adapter.fake.guilds[0].home_channel.id)

    async def post(key: str) -> str | None:
        delivered = await adapter.platform.post_in_channel(
            community_id=str(adapter.guild_id),
            channel_id=home,
            thread_id=None,
            message=Message("hi"),
            key=key,
        )
        return delivered.message_id

    first, again, other = await post("column:7"), await post("column:7"), await post("column:8")
    assert first == again != other
    nonces = [r.json["nonce"] for r in adapter.fake.requests_to("POST", MESSAGES)]
    assert nonces[0] == nonces[1] == nonce("column:7") != nonces[2] == nonce("column:8")
    assert all(len(n) <= 25 for n in nonces)
    assert all(r.json["enforce_nonce"] is True for r in adapter.fake.requests_to("POST", MESSAGES))


async def test_a_rate_limited_send_is_retried_and_arrives_once(adapter: Adapter) -> None:
    adapter.fake.fail_next("POST", MESSAGES, status=429, retry_after=0.05)
    delivered = await adapter.platform.send_direct(
        community_id=str(adapter.guild_id),
        member_id=str(adapter.fake.guilds[0].member_by_name("bob").id),
        message=Message("welcome"),
        key="welcome:1",
    )
    assert [r.status for r in adapter.fake.requests_to("POST", MESSAGES)] == [429, 200]
    stored = [m for m in adapter.fake.messages.values() if m["channel_id"] == delivered.channel_id]
    assert len(stored) == 1 and stored[0]["content"] == "welcome"


async def test_closed_dms_are_not_retried(adapter: Adapter) -> None:
    bob = adapter.fake.guilds[0].member_by_name("bob")
    bob.user.dms_closed = True
    with pytest.raises(DeliveryError) as failed:
        await adapter.platform.send_direct(
            community_id=str(adapter.guild_id), member_id=str(bob.id), message=Message("hi"), key="k"
        )
    assert not failed.value.retryable and "50007" in str(failed.value)


async def test_an_expired_interaction_token_falls_back_to_a_dm(adapter: Adapter) -> None:
    bob = adapter.fake.guilds[0].member_by_name("bob")
    delivered = await adapter.platform.reply_privately(
        community_id=str(adapter.guild_id),
        member_id=str(bob.id),
        channel_id=str(adapter.fake.guilds[0].home_channel.id),
        reply_token=f"{adapter.fake.application_id}:expired-token",
        message=Message("Goal saved."),
        key="reply:1",
    )
    [followup] = adapter.fake.requests_to("POST", FOLLOWUP)
    assert followup.status == 404
    assert delivered.channel_id == str(adapter.fake.dm_channel_id(bob.id))
    [dm] = adapter.fake.requests_to("POST", MESSAGES)
    assert dm.json["content"] == "Goal saved."


async def test_buttons_render_with_stable_custom_ids(adapter: Adapter) -> None:
    message = Message("Write it?", buttons=(Button("kindling.column.confirm", "Yes", "w12", "primary"),))
    await adapter.platform.post_in_channel(
        community_id=str(adapter.guild_id),
        channel_id=str(adapter.fake.guilds[0].home_channel.id),
        thread_id=None,
        message=message,
        key="column:w12",
    )
    [sent] = adapter.fake.requests_to("POST", MESSAGES)
    [row] = sent.json["components"]
    assert row["components"][0]["custom_id"] == f"kindling.column.confirm:{adapter.guild_id}:w12"
    assert row["components"][0]["style"] == discord.ButtonStyle.primary.value


async def test_a_thread_destination_posts_into_the_thread(adapter: Adapter) -> None:
    home = adapter.client.get_channel(adapter.fake.guilds[0].home_channel.id)
    assert isinstance(home, discord.TextChannel)
    thread = await home.create_thread(name="Discussion", type=discord.ChannelType.public_thread)
    delivered = await adapter.platform.post_in_channel(
        community_id=str(adapter.guild_id),
        channel_id=str(home.id),
        thread_id=str(thread.id),
        message=Message("in the thread"),
        key="t",
    )
    [sent] = adapter.fake.requests_to("POST", MESSAGES)
    assert sent.path == f"/channels/{thread.id}/messages"
    # Recorded where the message is, so a later edit (a poll's live count) reaches it in the thread.
    assert delivered.channel_id == str(thread.id) and delivered.message_id is not None
    await adapter.platform.edit_message(
        community_id=str(adapter.guild_id),
        channel_id=delivered.channel_id,
        message_id=delivered.message_id,
        message=Message("edited in the thread"),
    )
    [edited] = adapter.fake.requests_to("PATCH", "/channels/{channel_id}/messages/{message_id}")
    assert edited.path == f"/channels/{thread.id}/messages/{delivered.message_id}"
    assert edited.json["content"] == "edited in the thread"


async def test_a_thread_nobody_started_is_opened_under_its_message_then_posted_in(adapter: Adapter) -> None:
    """The patience fallback polls "in the quiet thread" of a post nobody answered: on Discord that thread
    does not exist until someone opens it, and it takes the message's id."""
    home = adapter.fake.guilds[0].home_channel.id
    question = await adapter.fake.message_create(home, adapter.fake.guilds[0].member_by_name("bob"), "Why?")
    await adapter.recorder.wait_for(1)
    for key in ("quiet-1", "quiet-2"):  # the second finds the thread the first opened
        delivered = await adapter.platform.post_in_channel(
            community_id=str(adapter.guild_id),
            channel_id=str(home),
            thread_id=question["id"],
            message=Message("Shall we vote?\nPick one."),
            key=key,
        )
        assert delivered.channel_id == question["id"]
    [opened] = adapter.fake.requests_to("POST", "/channels/{channel_id}/messages/{message_id}/threads")
    assert opened.path == f"/channels/{home}/messages/{question['id']}/threads"
    assert opened.json["name"] == "Shall we vote?"
    posted = [r for r in adapter.fake.requests_to("POST", MESSAGES) if r.status == 200]
    assert [r.path for r in posted] == [f"/channels/{question['id']}/messages"] * 2


async def test_the_scenario_driver_reads_a_stale_subcommand_as_unknown(adapter: Adapter) -> None:
    community = DiscordCommunity(adapter)
    await community.command("bob", "frobnicate now")
    [answer] = await community.settle()
    assert answer.kind == "private" and "I don't know the command 'frobnicate'" in answer.text


async def test_a_late_acknowledgement_still_answers_by_direct_message(
    database: Database, clock: ManualClock, loop_errors: list[dict[str, Any]]
) -> None:
    async with (
        FakeDiscord(interaction_ack_deadline=0.0) as fake,
        fake.patch_discord_py(),
        running_adapter(fake, database=database, clock=clock) as adapter,
    ):
        bob = fake.guilds[0].member_by_name("bob")
        interaction = await kindling_command(adapter, "bob", "help")
        await adapter.recorder.wait_for(1)
        await adapter.deliver()
        [callback] = fake.requests_to("POST", CALLBACK)
        assert callback.status == 404 and interaction.callback_at is None
        [dm] = fake.requests_to("POST", MESSAGES)
        assert dm.path == f"/channels/{fake.dm_channel_id(bob.id)}/messages"
    assert loop_errors == []


# -- the /kindling payload stays within Discord's limits ---------------------------------------------------

_NAME = re.compile(r"^[-_a-z0-9]{1,32}$")  # chat-input names: 1-32, lowercase (Discord also allows letters)
_SUBCOMMAND, _GROUP = 1, 2
_MAX_OPTIONS = _MAX_CHOICES = 25
_MAX_DESCRIPTION = _MAX_CHOICE_NAME = _MAX_CHOICE_VALUE = 100
_MAX_COMMAND_CHARACTERS = 4000


def _limit_problems(node: dict[str, Any], where: str, depth: int = 0) -> list[str]:
    """What in a command (or one of its options) breaks Discord's documented limits; [] when nothing does."""
    problems: list[str] = []
    where = f"{where} {node['name']}".strip()
    if not _NAME.fullmatch(node["name"]):
        problems.append(f"{where}: name {node['name']!r} is not 1-32 lowercase characters")
    if not 1 <= len(node.get("description", "")) <= _MAX_DESCRIPTION:
        problems.append(f"{where}: description has {len(node.get('description', ''))} characters, not 1-100")
    choices = node.get("choices") or []
    if len(choices) > _MAX_CHOICES:
        problems.append(f"{where}: {len(choices)} choices")
    for choice in choices:
        if not 1 <= len(choice["name"]) <= _MAX_CHOICE_NAME:
            problems.append(f"{where}: choice name {choice['name']!r} is not 1-100 characters")
        if isinstance(choice["value"], str) and not 1 <= len(choice["value"]) <= _MAX_CHOICE_VALUE:
            problems.append(f"{where}: choice value {choice['value']!r} is not 1-100 characters")
    options: list[dict[str, Any]] = node.get("options") or []
    if len(options) > _MAX_OPTIONS:
        problems.append(f"{where}: {len(options)} options, at most {_MAX_OPTIONS}")
    nested = [o for o in options if o["type"] in (_SUBCOMMAND, _GROUP)]
    if nested and len(nested) != len(options):
        problems.append(f"{where}: subcommands mixed with plain options")
    if any(o["type"] == _GROUP for o in nested) and depth >= 1:
        problems.append(f"{where}: a group inside a group (Discord allows group > subgroup > subcommand)")
    required = [bool(o.get("required", False)) for o in options if o not in nested]
    if required != sorted(required, reverse=True):
        problems.append(f"{where}: a required option comes after an optional one")
    if len({o["name"] for o in options}) != len(options):
        problems.append(f"{where}: option names repeat")
    for option in options:
        problems += _limit_problems(option, where, depth + 1)
    return problems


def _longest(node: dict[str, Any], field: str) -> int:
    """Where a field has localisations, Discord counts the longest of them (the default included)."""
    localised = node.get(f"{field}_localizations") or {}
    return max([len(node.get(field) or ""), *(len(text) for text in localised.values())])


def _characters(node: dict[str, Any]) -> int:
    """Discord counts name, description and choice names and values of a command and all its options."""
    own = _longest(node, "name") + _longest(node, "description")
    own += sum(_longest(c, "name") + len(str(c["value"])) for c in node.get("choices") or [])
    return own + sum(_characters(o) for o in node.get("options") or [])


async def test_the_synced_kindling_payload_respects_discords_limits(
    adapter: Adapter, spec: DiscordSpec
) -> None:
    [put] = adapter.fake.requests_to("PUT", GUILD_COMMANDS)
    [kindling] = put.json
    assert _limit_problems(kindling, "") == []
    assert _characters(kindling) <= _MAX_COMMAND_CHARACTERS, _characters(kindling)
    options = kindling["options"]
    assert {o["name"] for o in options} >= {"poll", "settings", "ambassador", "coffee", "prompt"}
    poll = _option(_option(options, "poll")["options"], "start")
    assert [(o["name"], o["type"], o.get("required", False)) for o in poll["options"]] == [
        ("question", 3, True),
        ("answers", 3, True),
        ("hours", 4, False),
        ("multiple", 5, False),
        ("anonymous", 5, False),
    ]
    hours = _option(poll["options"], "hours")
    assert (hours["min_value"], hours["max_value"]) == (1, 768)
    fallback = _option(_option(options, "settings")["options"], "fallback")["options"]
    assert [(o["name"], o["type"], o.get("required", False)) for o in fallback] == [
        ("replies", 4, True),
        ("hours", 4, True),
        ("mode", 3, False),
    ]
    assert [(o["min_value"], o["max_value"]) for o in fallback[:2]] == [(1, 20), (1, 336)]
    assert [c["value"] for c in fallback[2]["choices"]] == ["poll", "ambassadors"]
    coffee = _option(options, "coffee")
    assert coffee["type"] == 2
    assert {o["name"] for o in coffee["options"]} == {"join", "leave", "skip", "show", "cadence"}
    [weeks] = _option(coffee["options"], "cadence")["options"]
    assert weeks["required"] and [c["value"] for c in weeks["choices"]] == ["1", "2", "4"]
    quiet = _option(_option(options, "settings")["options"], "quiet")
    assert [o["name"] for o in quiet["options"]] == ["start", "end"]
    assert [o["name"] for o in _option(_option(options, "prompt")["options"], "add")["options"]] == ["text"]
    assert len(options) <= _MAX_OPTIONS - 5, "keep five top-level places free for what comes next"
    assert {o["name"] for o in options} >= {"tip", "idea", "appreciation", "privacy"}
    [tip_text] = _option(_option(options, "tip")["options"], "share")["options"]
    assert (tip_text["name"], tip_text["type"], tip_text["required"]) == ("text", 3, True)
    idea = _option(options, "idea")
    assert idea["type"] == 2 and [o["name"] for o in idea["options"]] == ["submit", "list", "accept", "close"]
    submit = _option(idea["options"], "submit")["options"]
    assert [(o["name"], o["type"], o.get("required", False)) for o in submit] == [
        ("text", 3, True),
        ("anonymous", 5, False),
    ]
    [number] = _option(idea["options"], "accept")["options"]
    assert number["type"] == 4 and number["required"] and number["min_value"] == 1
    [named] = _option(options, "appreciation")["options"]
    assert (
        named["type"] == 3 and named["required"] and [c["value"] for c in named["choices"]] == ["on", "off"]
    )
    privacy = _option(options, "privacy")["options"]
    assert [o["name"] for o in privacy] == ["export", "forget"]
    for action in privacy:
        assert [(o["name"], o["type"], o.get("required", False)) for o in action["options"]] == [
            ("member", 6, False)
        ]
    assert spec_problems(spec, [put]) == []


def test_the_limit_check_catches_what_discord_refuses() -> None:
    too_many = {
        "name": "x",
        "description": "x",
        "options": [{"name": f"o{n}", "description": "d", "type": 3} for n in range(26)],
    }
    assert any("26 options" in p for p in _limit_problems(too_many, ""))
    long_text = {"name": "Bad Name", "description": "d" * 101}
    assert len(_limit_problems(long_text, "")) == 2
    late = {
        "name": "x",
        "description": "x",
        "options": [
            {"name": "a", "description": "a", "type": 3},
            {"name": "b", "description": "b", "type": 3, "required": True},
        ],
    }
    assert any("required option comes after" in p for p in _limit_problems(late, ""))


# -- the newer subcommands, end to end --------------------------------------------------------------------

QUESTION = 'Who\'s "in" for Friday? C:\\ and \\"all\\"'


def _texts(adapter: Adapter) -> list[str]:
    return [e.text for e in adapter.recorder.events if isinstance(e, CommandInvoked)]


async def test_poll_posts_a_native_poll_and_answers_privately(adapter: Adapter, spec: DiscordSpec) -> None:
    interaction = await kindling_command(
        adapter,
        "alice",
        "poll",
        "start",
        question=QUESTION,
        answers='Tuesday | Thursday | "Saturday"',
        hours=24,
        multiple=True,
    )
    answer = await _answer(adapter, interaction, 1)
    home = adapter.fake.guilds[0].home_channel.id
    assert f"Your poll #1 is posted in <#{home}>" in answer["content"] and answer["flags"] & 64
    [posted] = [r for r in adapter.fake.requests_to("POST", MESSAGES) if "poll" in (r.json or {})]
    assert posted.path == f"/channels/{home}/messages"
    body = posted.json["poll"]
    assert body["question"] == {"text": QUESTION}
    assert [a["poll_media"]["text"] for a in body["answers"]] == ["Tuesday", "Thursday", '"Saturday"']
    assert body["allow_multiselect"] is True and body["duration"] == 24
    [text] = _texts(adapter)
    assert text.startswith('poll --hours 24 --multiple "Who\'s \\"in\\" for Friday?')
    assert spec_problems(spec, adapter.fake.requests) == []


async def test_a_poll_with_one_option_is_refused_privately(adapter: Adapter) -> None:
    """Discord's clients require two options; one that sends a single option anyway (stale, or a bot) reaches
    the core as the quoted line, and the core says what is missing."""
    interaction = await kindling_command(
        adapter, "alice", "poll", "start", question="Tea or coffee?", answers="Tea"
    )
    answer = await _answer(adapter, interaction, 1)
    assert _texts(adapter) == ['poll "Tea or coffee?" "Tea"']
    assert "A poll needs at least 2 options; you gave 1" in answer["content"] and answer["flags"] & 64
    assert not [r for r in adapter.fake.requests_to("POST", MESSAGES) if "poll" in (r.json or {})]


async def test_fallback_is_configured_with_typed_numbers(adapter: Adapter) -> None:
    interaction = await kindling_command(
        adapter, "alice", "settings", "fallback", replies=2, hours=48, mode="poll"
    )
    answer = await _answer(adapter, interaction, 1)
    assert _texts(adapter) == ["fallback 2 48 poll"]
    assert "fewer than 2 replies after 48 hours" in answer["content"] and answer["flags"] & 64


async def test_newcomers_lists_the_silent_newcomers_privately(adapter: Adapter) -> None:
    interaction = await kindling_command(adapter, "alice", "ambassador", "newcomers")
    answer = await _answer(adapter, interaction, 1)
    assert _texts(adapter) == ["newcomers"]
    content = answer["content"]
    assert content.startswith(("Every newcomer of the last", "Newcomers of the last")), content
    assert answer["flags"] & 64
    refused = await _answer(adapter, await kindling_command(adapter, "bob", "ambassador", "newcomers"), 2)
    assert "Only ambassadors and organisers can use 'newcomers'" in refused["content"]


@pytest.mark.parametrize(
    ("path", "values", "text"),
    [
        (("coffee", "join"), {}, "coffee join"),
        (("coffee", "leave"), {}, "coffee leave"),
        (("coffee", "skip"), {}, "coffee skip"),
        (("coffee", "show"), {}, "coffee"),
        (("coffee", "cadence"), {"weeks": 2}, "coffee cadence 2"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else None,
)
async def test_coffee_subcommands_hand_the_core_their_line(
    adapter: Adapter, path: tuple[str, ...], values: dict[str, int], text: str
) -> None:
    interaction = await kindling_command(adapter, "bob", *path, **values)
    answer = await _answer(adapter, interaction, 1)
    assert _texts(adapter) == [text]
    # The core's answer is its business (until it learns coffee: "I don't know the command 'coffee'").
    assert answer["content"] and answer["flags"] & 64


async def test_the_scenario_driver_sends_typed_numbers(adapter: Adapter) -> None:
    community = DiscordCommunity(adapter)
    await community.command("alice", "fallback 3 24 ambassadors")
    await community.command("bob", "coffee cadence 4")
    answers = await community.settle()
    assert sorted(_texts(adapter)) == [
        "coffee cadence 4",
        "fallback 3 24 ambassadors",
    ]  # handled concurrently
    assert [a.kind for a in answers] == ["private", "private"]


# -- the content plan: tips, the idea box, appreciation, privacy, anonymous polls, reactions --------------


def _posts(adapter: Adapter) -> list[dict[str, Any]]:
    """Messages Kindling posted in the home channel (not follow-ups, not DMs)."""
    home = str(adapter.fake.guilds[0].home_channel.id)
    return [
        r.json
        for r in adapter.fake.requests_to("POST", MESSAGES)
        if r.path == f"/channels/{home}/messages" and r.status == 200
    ]


def _custom_ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message.get("components", []) for c in row["components"]]


async def test_tip_is_shared_with_a_useful_button_and_tips_lists_it(
    adapter: Adapter, spec: DiscordSpec
) -> None:
    saved = await _answer(
        adapter, await kindling_command(adapter, "bob", "tip", "share", text="Ask before you advise."), 1
    )
    home = adapter.fake.guilds[0].home_channel.id
    bob = adapter.fake.guilds[0].member_by_name("bob")
    assert f"Tip saved and shared in <#{home}>" in saved["content"] and saved["flags"] & 64
    [post] = _posts(adapter)
    assert post["content"] == f"💡 A tip from <@{bob.id}>: Ask before you advise."
    [button] = [c for row in post["components"] for c in row["components"]]
    assert button["label"] == "Useful"
    assert button["custom_id"].startswith(f"kindling.tip.useful:{adapter.guild_id}:")
    listed = await _answer(adapter, await kindling_command(adapter, "alice", "tip", "list"), 2)
    assert "Ask before you advise." in listed["content"] and listed["flags"] & 64
    assert _texts(adapter) == ["tip Ask before you advise.", "tips"]
    assert spec_problems(spec, adapter.fake.requests) == []


async def test_the_idea_box_takes_anonymous_ideas_and_organisers_decide(
    adapter: Adapter, spec: DiscordSpec
) -> None:
    anonymous = await _answer(
        adapter,
        await kindling_command(adapter, "bob", "idea", "submit", text="A quiz night", anonymous=True),
        1,
    )
    assert "Idea #1 is in the idea box, anonymously" in anonymous["content"] and anonymous["flags"] & 64
    named = await _answer(
        adapter, await kindling_command(adapter, "bob", "idea", "submit", text="A book club"), 2
    )
    assert "Idea #2 is in the idea box." in named["content"] and named["flags"] & 64
    listed = await _answer(adapter, await kindling_command(adapter, "alice", "idea", "list"), 3)
    assert "A quiz night" in listed["content"] and "A book club" in listed["content"]
    refused = await _answer(adapter, await kindling_command(adapter, "bob", "idea", "accept", number=1), 4)
    assert "Only" in refused["content"] and refused["flags"] & 64
    accepted = await _answer(adapter, await kindling_command(adapter, "alice", "idea", "accept", number=1), 5)
    home = adapter.fake.guilds[0].home_channel.id
    assert f"Idea #1 is accepted and posted in <#{home}>" in accepted["content"]
    closed = await _answer(adapter, await kindling_command(adapter, "alice", "idea", "close", number=2), 6)
    assert "Idea #2 is closed." in closed["content"]
    missing = await _answer(adapter, await kindling_command(adapter, "alice", "idea", "close", number=9), 7)
    assert "There is no open idea #9" in missing["content"]
    assert _texts(adapter) == [
        "idea --anonymous A quiz night",
        "idea A book club",
        "ideas",
        "idea accept 1",
        "idea accept 1",
        "idea close 2",
        "idea close 9",
    ]
    assert spec_problems(spec, adapter.fake.requests) == []


async def test_appreciation_is_switched_with_a_choice(adapter: Adapter) -> None:
    off = await _answer(adapter, await kindling_command(adapter, "bob", "appreciation", named="off"), 1)
    assert "You won't be named in the weekly thank-you post" in off["content"] and off["flags"] & 64
    on = await _answer(adapter, await kindling_command(adapter, "bob", "appreciation", named="on"), 2)
    assert "You can be named in the weekly thank-you post again" in on["content"]
    assert _texts(adapter) == ["appreciation off", "appreciation on"]


async def test_privacy_export_sends_the_data_as_a_file_by_dm(adapter: Adapter, spec: DiscordSpec) -> None:
    bob = adapter.fake.guilds[0].member_by_name("bob")
    await adapter.fake.message_create(adapter.fake.guilds[0].home_channel.id, bob, "hi")  # Kindling meets bob
    answer = await _answer(adapter, await kindling_command(adapter, "bob", "privacy", "export"), 2)
    assert f"Everything Kindling keeps about <@{bob.id}>" in answer["content"] and answer["flags"] & 64
    dm = adapter.fake.dm_channel_id(bob.id)
    [sent] = [r for r in adapter.fake.requests_to("POST", MESSAGES) if r.path == f"/channels/{dm}/messages"]
    [export] = sent.files
    assert export.filename is not None and export.filename.endswith("-data.json") and export.size > 0
    assert spec_problems(spec, adapter.fake.requests) == []


async def test_privacy_for_someone_else_names_them_and_is_for_organisers(adapter: Adapter) -> None:
    bob = adapter.fake.guilds[0].member_by_name("bob")
    alice = adapter.fake.guilds[0].member_by_name("alice")
    refused = await _answer(
        adapter, await kindling_command(adapter, "bob", "privacy", "forget", member=alice), 1
    )
    assert "only organisers can do so for someone else" in refused["content"] and refused["flags"] & 64
    exported = await _answer(
        adapter, await kindling_command(adapter, "alice", "privacy", "export", member=bob), 2
    )
    assert f"Everything Kindling keeps about <@{bob.id}>" in exported["content"]
    assert _texts(adapter) == [f"privacy forget <@{alice.id}>", f"privacy export <@{bob.id}>"]


async def test_an_anonymous_poll_posts_buttons_not_a_native_poll(adapter: Adapter, spec: DiscordSpec) -> None:
    interaction = await kindling_command(
        adapter, "alice", "poll", "start", question="Which day?", answers="Tuesday|Thursday", anonymous=True
    )
    answer = await _answer(adapter, interaction, 1)
    home = adapter.fake.guilds[0].home_channel.id
    assert f"Your poll #1 is posted in <#{home}>" in answer["content"] and answer["flags"] & 64
    assert _texts(adapter) == ['poll --anonymous "Which day?" "Tuesday" "Thursday"']
    [post] = _posts(adapter)
    assert "poll" not in post
    buttons = [c for row in post["components"] for c in row["components"]]
    assert [b["label"] for b in buttons][:2] == ["Tuesday", "Thursday"]
    assert all(b["custom_id"].split(":")[1] == str(adapter.guild_id) for b in buttons)
    assert spec_problems(spec, adapter.fake.requests) == []


def _reaction(adapter: Adapter, who: Member, emoji: str, message_id: int, author: Member) -> dict[str, Any]:
    """MESSAGE_REACTION_ADD as Discord sends it for a guild message."""
    return {
        "user_id": str(who.id),
        "channel_id": str(adapter.fake.guilds[0].home_channel.id),
        "message_id": str(message_id),
        "guild_id": str(adapter.guild_id),
        "member": who.payload(),
        "emoji": {"id": None, "name": emoji},
        "message_author_id": str(author.id),
        "burst": False,
        "burst_colors": [],
        "type": 0,
    }


async def _tips(database: Database) -> list[Tip]:
    async with database.transaction() as session:
        return list(await session.scalars(sa.select(Tip).order_by(Tip.id)))


async def test_a_bulb_reaction_keeps_the_message_as_a_tip_and_a_thumbs_up_does_not(
    adapter: Adapter, database: Database
) -> None:
    config = adapter.fake.guilds[0]
    alice, bob = config.member_by_name("alice"), config.member_by_name("bob")
    robot = Member(User(id=200_000_000_000_000_098, username="robot", bot=True))
    config.members.append(robot)
    posted = await adapter.fake.message_create(config.home_channel.id, alice, "Read the room first.")
    other = await adapter.fake.message_create(config.home_channel.id, alice, "Nice weather.")
    await adapter.recorder.wait_for(2)
    await adapter.fake.dispatch(
        "MESSAGE_REACTION_ADD", _reaction(adapter, robot, "💡", int(other["id"]), alice)
    )
    await adapter.fake.dispatch(
        "MESSAGE_REACTION_ADD", _reaction(adapter, bob, "👍", int(other["id"]), alice)
    )
    await adapter.fake.dispatch(
        "MESSAGE_REACTION_ADD", _reaction(adapter, bob, "💡", int(posted["id"]), alice)
    )
    events = await adapter.recorder.wait_for(4)
    reactions = [e for e in events if isinstance(e, ReactionAdded)]
    # Events are handled concurrently: their order is not the dispatch order. The robot's was dropped.
    assert sorted((e.emoji, e.message_id) for e in reactions) == sorted(
        [("👍", other["id"]), ("💡", posted["id"])]
    )
    [bulb] = [e for e in reactions if e.emoji == "💡"]
    assert bulb.member.external_id == str(bob.id) and not bulb.member.is_bot
    assert bulb.author_id == str(alice.id) and bulb.channel_id == str(config.home_channel.id)
    assert bulb.community.external_id == str(adapter.guild_id)
    [tip] = await _tips(database)
    assert (tip.message_id, tip.channel_id) == (posted["id"], str(config.home_channel.id))
    assert (tip.author_member_id, tip.saver_member_id) == (str(alice.id), str(bob.id))


async def test_a_reaction_without_a_known_author_still_keeps_the_tip(
    adapter: Adapter, database: Database
) -> None:
    config = adapter.fake.guilds[0]
    bob = config.member_by_name("bob")
    data = _reaction(adapter, bob, "💡", 901, bob)
    del data["message_author_id"], data["member"]
    await adapter.fake.dispatch("MESSAGE_REACTION_ADD", data)
    [event] = await adapter.recorder.wait_for(1)
    assert isinstance(event, ReactionAdded) and event.author_id is None
    assert event.member.external_id == str(bob.id)
    [tip] = await _tips(database)
    assert tip.message_id == "901" and tip.author_member_id is None
