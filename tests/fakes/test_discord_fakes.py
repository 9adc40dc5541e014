"""The real discord.py 2.x client against the fake Discord (REST + gateway on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import gc
import io
import pathlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands

from tests.fakes import discord_spec
from tests.fakes.discord_server import (
    DROPPED_STATUS,
    FakeDiscord,
    Faults,
    GatewayIntent,
    RecordedRequest,
    User,
)
from tests.fakes.discord_spec import DiscordSpec, discord_spec_or_skip, validate_request

MESSAGES = "/channels/{channel_id}/messages"
DM_CREATE = "/users/@me/channels"
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
FOLLOWUP = "/webhooks/{webhook_id}/{webhook_token}"


class ReadyClient(discord.Client):
    """A client that records on_ready and on_member_join."""

    def __init__(self, *, intents: discord.Intents, **options: Any) -> None:
        super().__init__(intents=intents, guild_ready_timeout=0.05, **options)
        self.ready_fired = asyncio.Event()
        self.joined: list[discord.Member] = []
        self.member_joined = asyncio.Event()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py sleeps 5 s before every non-initial IDENTIFY; not needed against the fake."""

    async def on_ready(self) -> None:
        self.ready_fired.set()

    async def on_member_join(self, member: discord.Member) -> None:
        self.joined.append(member)
        self.member_joined.set()


def member_intents() -> discord.Intents:
    intents = discord.Intents.default()
    intents.members = True
    return intents


@contextlib.asynccontextmanager
async def running(client: discord.Client, fake: FakeDiscord) -> AsyncIterator[discord.Client]:
    """Start the client against the fake, wait for READY (bounded), and always close it cleanly."""
    async with client:
        runner = asyncio.create_task(client.start(fake.token))
        ready = asyncio.create_task(client.wait_until_ready())
        try:
            done, _pending = await asyncio.wait(
                {runner, ready}, timeout=5.0, return_when=asyncio.FIRST_COMPLETED
            )
            if runner in done:
                runner.result()  # re-raise why the client stopped
                raise AssertionError("client stopped before becoming ready")
            if ready not in done:
                raise AssertionError("client did not become ready within 5s")
            yield client
        finally:
            ready.cancel()
            await client.close()
            await asyncio.wait_for(runner, timeout=5.0)


@pytest.fixture
async def loop_errors() -> AsyncIterator[list[dict[str, Any]]]:
    """Collect anything reported to the loop's exception handler (e.g. 'Unclosed client session')."""
    loop = asyncio.get_running_loop()
    errors: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    yield errors
    loop.set_exception_handler(previous)


@pytest.fixture
async def fake(loop_errors: list[dict[str, Any]]) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as fake_discord, fake_discord.patch_discord_py():
        yield fake_discord
    assert fake_discord.handler_errors == []
    gc.collect()
    await asyncio.sleep(0)
    assert loop_errors == [], loop_errors
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
    assert leftovers == [], leftovers


@pytest.fixture
def spec() -> DiscordSpec:
    return discord_spec_or_skip()


def assert_valid(spec: DiscordSpec, requests: list[RecordedRequest]) -> None:
    problems = [p for r in requests for p in validate_request(spec, r)]
    assert problems == []


async def test_client_logs_in_connects_and_sees_the_configured_guild(fake: FakeDiscord) -> None:
    config = fake.guilds[0]
    client = ReadyClient(intents=member_intents())
    async with running(client, fake):
        await asyncio.wait_for(client.ready_fired.wait(), timeout=2.0)
        guild = client.get_guild(config.id)
        assert guild is not None
        assert guild.me is not None and guild.me.id == fake.bot_user.id
        assert {c.name for c in guild.text_channels} == {"home", "general"}
        assert guild.system_channel is not None and guild.system_channel.id == config.home_channel.id
        assert {r.name for r in guild.roles} >= {"@everyone", "Moderators"}
        alice = guild.get_member(config.member_by_name("alice").id)
        bob = guild.get_member(config.member_by_name("bob").id)
        assert alice is not None and bob is not None
        assert alice.guild_permissions.manage_guild
        assert not bob.guild_permissions.manage_guild
        assert guild.me.guild_permissions.send_messages
        assert guild.owner_id == config.owner_id
        assert client.latency < 1.0  # a HEARTBEAT_ACK arrived
    assert fake.intents is not None and fake.intents & GatewayIntent.GUILD_MEMBERS
    assert fake.heartbeats_received >= 1  # discord.py beats right after HELLO
    [connect] = fake.gateway_connects
    assert connect["v"] == "10" and connect["encoding"] == "json"
    assert connect["compress"] in ("zlib-stream", "zstd-stream")  # zstd only if zstandard is installed
    assert len(fake.requests_to("GET", "/users/@me")) == 1
    assert len(fake.requests_to("GET", "/oauth2/applications/@me")) == 1


async def test_on_member_join_sees_a_dispatched_member_add(fake: FakeDiscord) -> None:
    guild_id = fake.guilds[0].id
    client = ReadyClient(intents=member_intents())
    async with running(client, fake):
        delivered = await fake.member_add(guild_id, User(id=200_000_000_000_000_077, username="carol"))
        assert delivered["user"]["username"] == "carol"
        await asyncio.wait_for(client.member_joined.wait(), timeout=2.0)
        assert [m.name for m in client.joined] == ["carol"]
        assert client.joined[0].guild.id == guild_id
        left = asyncio.ensure_future(client.wait_for("raw_member_remove", timeout=2.0))
        await fake.member_remove(guild_id, fake.guilds[0].member_by_name("bob"))
        event: discord.RawMemberRemoveEvent = await left
        assert event.user.name == "bob"


async def test_member_events_need_the_members_intent(fake: FakeDiscord) -> None:
    client = ReadyClient(intents=discord.Intents.default())
    async with running(client, fake):
        guild = client.get_guild(fake.guilds[0].id)
        assert guild is not None and guild.get_member(fake.guilds[0].member_by_name("bob").id) is None
        data = {**fake.guilds[0].member_by_name("bob").payload(), "guild_id": str(guild.id)}
        assert await fake.dispatch("GUILD_MEMBER_ADD", data) == 0


async def test_dm_creates_channel_then_message_and_both_match_the_spec(
    fake: FakeDiscord, spec: DiscordSpec
) -> None:
    bob_config = fake.guilds[0].member_by_name("bob")
    client = ReadyClient(intents=member_intents())
    async with running(client, fake):
        guild = client.get_guild(fake.guilds[0].id)
        assert guild is not None
        bob = guild.get_member(bob_config.id)
        assert bob is not None
        sent = await bob.send("hi")
        assert sent.content == "hi"
        assert sent.channel.id == fake.dm_channel_id(bob.id)
    dm_requests = fake.requests_to("POST", DM_CREATE)
    message_requests = fake.requests_to("POST", MESSAGES)
    assert [r.json for r in dm_requests] == [{"recipient_id": bob_config.id}]
    assert len(message_requests) == 1
    assert message_requests[0].path == f"/channels/{fake.dm_channel_id(bob_config.id)}/messages"
    assert message_requests[0].json["content"] == "hi"
    # discord.py always sends a nonce with enforce_nonce=True.
    assert message_requests[0].json["enforce_nonce"] is True
    assert_valid(spec, dm_requests + message_requests)


async def test_dm_to_a_user_with_closed_dms_is_forbidden(fake: FakeDiscord) -> None:
    fake.guilds[0].member_by_name("bob").user.dms_closed = True
    client = ReadyClient(intents=member_intents())
    async with running(client, fake):
        guild = client.get_guild(fake.guilds[0].id)
        assert guild is not None
        bob = guild.get_member(fake.guilds[0].member_by_name("bob").id)
        assert bob is not None
        with pytest.raises(discord.Forbidden) as excinfo:
            await bob.send("hi")
        assert excinfo.value.code == 50007


async def test_a_429_with_retry_after_is_retried_and_succeeds(fake: FakeDiscord) -> None:
    home = fake.guilds[0].home_channel
    fake.fail_next("POST", MESSAGES, status=429, retry_after=0.05)
    client = ReadyClient(intents=member_intents())
    async with running(client, fake):
        channel = client.get_channel(home.id)
        assert isinstance(channel, discord.TextChannel)
        message = await channel.send("after the rate limit")
        assert message.content == "after the rate limit"
    attempts = fake.requests_to("POST", MESSAGES)
    assert [r.status for r in attempts] == [429, 200]
    assert attempts[1].time - attempts[0].time >= 0.05
    assert fake.rate_limited_count == 1


async def test_a_500_is_retried_and_a_global_429_is_honoured(fake: FakeDiscord) -> None:
    home = fake.guilds[0].home_channel
    fake.fail_next("POST", MESSAGES, status=500)
    client = ReadyClient(intents=member_intents())
    async with running(client, fake):
        channel = client.get_channel(home.id)
        assert isinstance(channel, discord.TextChannel)
        await channel.send("one")  # discord.py sleeps 1s before retrying a 500
        fake.fail_next("POST", MESSAGES, status=429, retry_after=0.05, global_=True)
        await channel.send("two")
    assert [r.status for r in fake.requests_to("POST", MESSAGES)] == [500, 200, 429, 200]
    assert fake.server_error_count == 1 and fake.rate_limited_count == 1


async def test_a_repeated_nonce_returns_the_original_message(fake: FakeDiscord) -> None:
    home = fake.guilds[0].home_channel
    client = ReadyClient(intents=member_intents())
    async with running(client, fake):
        channel = client.get_channel(home.id)
        assert isinstance(channel, discord.TextChannel)
        first = await channel.send("once", nonce="kindling-digest-42")
        second = await channel.send("once", nonce="kindling-digest-42")
        assert first.id == second.id
    stored = [m for m in fake.messages.values() if m["channel_id"] == str(home.id)]
    assert len(stored) == 1


async def test_a_wrong_body_type_fails_spec_validation(spec: DiscordSpec) -> None:
    bad = RecordedRequest(
        method="POST",
        route=MESSAGES,
        path="/channels/400000000000000001/messages",
        query={},
        json={"content": 5},
        headers={},
        time=0.0,
    )
    problems = validate_request(spec, bad)
    assert len(problems) == 1 and "content" in problems[0] and "not of type" in problems[0]


async def test_the_fake_can_reject_invalid_bodies_like_discord(
    spec: DiscordSpec, loop_errors: list[dict[str, Any]]
) -> None:
    async with (
        FakeDiscord(request_validator=lambda r: validate_request(spec, r)) as fake,
        aiohttp.ClientSession() as http,
    ):
        url = f"{fake.api_url}/channels/{fake.guilds[0].home_channel.id}/messages"
        headers = {"Authorization": f"Bot {fake.token}"}
        async with http.post(url, json={"content": 5}, headers=headers) as resp:
            assert resp.status == 400
            body = await resp.json()
            assert body["code"] == 50035 and body["message"] == "Invalid Form Body"
        async with http.get(f"{fake.api_url}/no/such/route", headers=headers) as resp:
            assert resp.status == 404
            assert resp.headers["Content-Type"] == "application/json"
            assert await resp.json() == {"message": "404: Not Found", "code": 0}
    assert loop_errors == []


async def test_every_route_the_fake_serves_exists_in_the_spec(spec: DiscordSpec) -> None:
    fake = FakeDiscord()
    missing = [(m, t) for m, t in fake.ROUTES if not spec.has_operation(m, t)]
    assert missing == []


async def test_slash_command_sync_defer_and_ephemeral_followup(fake: FakeDiscord, spec: DiscordSpec) -> None:
    config = fake.guilds[0]
    client = ReadyClient(intents=member_intents())
    tree = app_commands.CommandTree(client)
    answered = asyncio.Event()

    # A command registered without guild= is global: tree.sync(guild=...) would upload an empty list.
    @tree.command(name="digest", description="Show this week's digest", guild=discord.Object(id=config.id))
    @app_commands.describe(topic="What to look for")
    async def digest(interaction: discord.Interaction, topic: str) -> None:
        await interaction.response.defer(ephemeral=True)
        await interaction.followup.send(f"digest about {topic}", ephemeral=True)
        answered.set()

    async with running(client, fake):
        synced = await tree.sync(guild=discord.Object(id=config.id))
        assert [c.name for c in synced] == ["digest"]
        interaction = await fake.slash_command(
            config.id, config.home_channel.id, config.member_by_name("alice"), "digest", {"topic": "python"}
        )
        await asyncio.wait_for(answered.wait(), timeout=3.0)
        await fake.wait_for_requests("POST", FOLLOWUP, 1)

    [put] = fake.requests_to("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")
    assert put.json[0]["name"] == "digest"
    [callback] = fake.requests_to("POST", CALLBACK)
    assert callback.json == {"type": 5, "data": {"flags": 64}}
    assert interaction.callback_type == 5
    assert interaction.ack_latency is not None and interaction.ack_latency < 3.0
    [followup] = fake.requests_to("POST", FOLLOWUP)
    assert followup.json["content"] == "digest about python"
    assert followup.json["flags"] & 64
    assert followup.query.get("wait") in ("1", "true")
    assert "Authorization" not in followup.headers  # webhook follow-ups use the interaction token
    assert_valid(spec, [put, callback, followup])


async def test_button_click_reaches_a_persistent_view(fake: FakeDiscord, spec: DiscordSpec) -> None:
    config = fake.guilds[0]
    clicked: list[int] = []

    class Join(discord.ui.View):
        def __init__(self) -> None:
            super().__init__(timeout=None)

        @discord.ui.button(label="Join", custom_id="kindling:join")
        async def join(self, interaction: discord.Interaction, button: discord.ui.Button[Join]) -> None:
            clicked.append(interaction.user.id)
            await interaction.response.send_message("You're in!", ephemeral=True)

    client = ReadyClient(intents=member_intents())
    async with running(client, fake):
        channel = client.get_channel(config.home_channel.id)
        assert isinstance(channel, discord.TextChannel)
        message = await channel.send("Join the circle", view=Join())
        await fake.button_click(
            config.id, channel.id, config.member_by_name("bob"), "kindling:join", message.id
        )
        [callback] = await fake.wait_for_requests("POST", CALLBACK, 1)
    assert clicked == [config.member_by_name("bob").id]
    assert callback.json["type"] == 4 and callback.json["data"]["flags"] == 64
    assert_valid(spec, [*fake.requests_to("POST", MESSAGES), callback])


async def test_polls_threads_and_events_are_recorded_and_valid(fake: FakeDiscord, spec: DiscordSpec) -> None:
    config = fake.guilds[0]
    client = ReadyClient(intents=member_intents())
    async with running(client, fake):
        channel = client.get_channel(config.home_channel.id)
        assert isinstance(channel, discord.TextChannel)
        poll = discord.Poll(question="Next topic?", duration=datetime.timedelta(hours=2))
        poll.add_answer(text="Rust")
        poll.add_answer(text="Go")
        message = await channel.send(poll=poll)
        assert message.poll is not None and [a.text for a in message.poll.answers] == ["Rust", "Go"]
        await message.end_poll()
        thread = await message.create_thread(name="Discussion")
        assert thread.id == message.id
        upload = await thread.send(
            "first!", file=discord.File(io.BytesIO(b"\x89PNG fake"), filename="chart.png")
        )
        assert [a.filename for a in upload.attachments] == ["chart.png"]
        guild = client.get_guild(config.id)
        assert guild is not None
        start = discord.utils.utcnow() + datetime.timedelta(days=1)
        event = await guild.create_scheduled_event(
            name="Lightning talks",
            start_time=start,
            end_time=start + datetime.timedelta(hours=1),
            entity_type=discord.EntityType.external,
            privacy_level=discord.PrivacyLevel.guild_only,
            location="Online",
        )
        assert event.name == "Lightning talks"
    [poll_post, upload_post] = fake.requests_to("POST", MESSAGES)
    assert upload_post.content_type == "multipart/form-data"
    assert upload_post.json["content"] == "first!"  # the payload_json part
    assert [(f.field_name, f.filename, f.size) for f in upload_post.files] == [("files[0]", "chart.png", 9)]
    assert poll_post.json["poll"]["duration"] == 2  # discord.py sends 2.0 (a float)
    assert len(fake.requests_to("POST", "/channels/{channel_id}/polls/{message_id}/expire")) == 1
    assert_valid(spec, [r for r in fake.requests if r.route is not None])


async def test_gateway_reconnect_resumes_and_events_still_arrive(fake: FakeDiscord) -> None:
    config = fake.guilds[0]
    intents = member_intents()
    intents.message_content = True
    client = ReadyClient(intents=intents)
    async with running(client, fake):
        resumed = asyncio.ensure_future(client.wait_for("resumed", timeout=3.0))
        await fake.request_reconnect()
        await resumed
        assert fake.resume_count == 1 and len(fake.identify_payloads) == 1
        received = asyncio.ensure_future(client.wait_for("message", timeout=3.0))
        await fake.message_create(config.home_channel.id, config.member_by_name("alice"), "hello again")
        message: discord.Message = await received
        assert message.content == "hello again"


async def test_without_message_content_intent_guild_messages_arrive_empty(fake: FakeDiscord) -> None:
    config = fake.guilds[0]
    client = ReadyClient(intents=discord.Intents.default())
    async with running(client, fake):
        received = asyncio.ensure_future(client.wait_for("message", timeout=3.0))
        await fake.message_create(config.home_channel.id, config.member_by_name("alice"), "secret")
        message: discord.Message = await received
        assert message.content == ""


async def test_a_lost_response_can_be_retried_with_the_same_nonce(fake: FakeDiscord) -> None:
    home = fake.guilds[0].home_channel
    fake.drop_next("POST", MESSAGES, after_handling=True)
    client = ReadyClient(intents=member_intents())
    async with running(client, fake):
        channel = client.get_channel(home.id)
        assert isinstance(channel, discord.TextChannel)
        with pytest.raises(aiohttp.ServerDisconnectedError):  # discord.py does not retry this
            await channel.send("weekly digest", nonce="digest-2024-w01")
        resent = await channel.send("weekly digest", nonce="digest-2024-w01")
    assert [r.status for r in fake.requests_to("POST", MESSAGES)] == [DROPPED_STATUS, 200]
    assert [int(m["id"]) for m in fake.messages.values()] == [resent.id]


async def test_probabilistic_faults_are_absorbed_by_discord_py_retries(fake: FakeDiscord) -> None:
    home = fake.guilds[0].home_channel
    fake.faults = Faults(rate_limit=0.4, seed=7, retry_after=0.01, routes=frozenset({("POST", MESSAGES)}))
    client = ReadyClient(intents=member_intents())
    async with running(client, fake):
        channel = client.get_channel(home.id)
        assert isinstance(channel, discord.TextChannel)
        for n in range(5):
            await channel.send(f"message {n}")
    statuses = [r.status for r in fake.requests_to("POST", MESSAGES)]
    assert statuses.count(200) == 5
    assert fake.rate_limited_count == statuses.count(429) > 0


async def test_discord_py_honours_rate_limit_headers_before_hitting_a_429(
    loop_errors: list[dict[str, Any]],
) -> None:
    async with FakeDiscord(bucket_limit=2, bucket_window=0.3) as fake, fake.patch_discord_py():
        home = fake.guilds[0].home_channel
        client = ReadyClient(intents=member_intents())
        async with running(client, fake):
            channel = client.get_channel(home.id)
            assert isinstance(channel, discord.TextChannel)
            for n in range(3):
                await channel.send(f"message {n}")
        attempts = fake.requests_to("POST", MESSAGES)
        assert [r.status for r in attempts] == [200, 200, 200]
        assert fake.rate_limited_count == 0  # X-RateLimit-Remaining: 0 made discord.py wait
        assert attempts[2].time - attempts[0].time >= 0.2
    assert loop_errors == []


async def test_a_late_interaction_callback_gets_unknown_interaction(
    loop_errors: list[dict[str, Any]],
) -> None:
    async with FakeDiscord(interaction_ack_deadline=0.05) as fake, fake.patch_discord_py():
        config = fake.guilds[0]
        client = ReadyClient(intents=member_intents())
        tree = app_commands.CommandTree(client)
        outcome: list[BaseException] = []

        @tree.command(name="slow", description="Too slow", guild=discord.Object(id=config.id))
        async def slow(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.1)
            try:
                await interaction.response.send_message("late")
            except discord.NotFound as exc:
                outcome.append(exc)

        async with running(client, fake):
            await tree.sync(guild=discord.Object(id=config.id))
            await fake.slash_command(config.id, config.home_channel.id, config.member_by_name("bob"), "slow")
            [late] = await fake.wait_for_requests("POST", CALLBACK, 1)
        assert late.status == 404
        assert len(outcome) == 1 and isinstance(outcome[0], discord.NotFound) and outcome[0].code == 10062
    assert loop_errors == []


async def test_invalid_session_makes_the_client_identify_again(fake: FakeDiscord) -> None:
    client = ReadyClient(intents=member_intents())
    async with running(client, fake):
        await asyncio.wait_for(client.ready_fired.wait(), timeout=2.0)
        client.ready_fired.clear()
        await fake.invalidate_sessions(resumable=False)
        await asyncio.wait_for(client.ready_fired.wait(), timeout=3.0)
        assert len(fake.identify_payloads) == 2
        resumed = asyncio.ensure_future(client.wait_for("resumed", timeout=3.0))
        await fake.close_gateway(code=4000)  # an abnormal close: discord.py resumes
        await resumed
        assert fake.resume_count == 1
        assert client.get_guild(fake.guilds[0].id) is not None


def test_spec_fixture_skips_locally_and_fails_on_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    monkeypatch.setattr(discord_spec, "SPEC_PATH", tmp_path / "missing" / "openapi.json")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"\.\./shared/specs not present"):
        discord_spec_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must provide"):
        discord_spec_or_skip()
