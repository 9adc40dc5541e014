"""Discord as `kindling run` serves it (the adapter and its outbox worker), `fetch_invite_url` and the invite
URL."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import discord
import discord.http

from adapters.discord.invite import PERMISSIONS, invite_url
from adapters.discord.runtime import fetch_invite_url
from bot.clock import ManualClock
from bot.storage.database import Database
from kindling_cli.wiring import serve
from tests.discord.harness import GUILD_COMMANDS, MESSAGES, WAIT, settings_for, spec_problems
from tests.fakes.discord_server import FakeDiscord, User
from tests.fakes.discord_spec import DiscordSpec
from tests.support.core import test_core

EXPECTED = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    send_polls=True,
    create_events=True,
)


def test_the_invite_url_has_exactly_the_scopes_and_permissions() -> None:
    url = urlsplit(invite_url("123456789012345678"))
    assert (url.scheme, url.netloc, url.path) == ("https", "discord.com", "/oauth2/authorize")
    query = parse_qs(url.query)
    assert query["client_id"] == ["123456789012345678"]
    assert query["scope"][0].split() == ["bot", "applications.commands"]
    assert int(query["permissions"][0]) == PERMISSIONS == EXPECTED.value == 580851377114112
    granted = discord.Permissions(PERMISSIONS)
    for unused in ("administrator", "manage_guild", "mention_everyone", "create_private_threads"):
        assert not getattr(granted, unused), unused


async def test_fetch_invite_url_reads_the_application_id(fake: FakeDiscord, spec: DiscordSpec) -> None:
    url = await fetch_invite_url(settings_for(fake))
    assert parse_qs(urlsplit(url).query)["client_id"] == [str(fake.application_id)]
    assert len(fake.requests_to("GET", "/oauth2/applications/@me")) == 1
    assert spec_problems(spec, fake.requests) == []


async def test_serving_discord_syncs_delivers_and_stops_cleanly(
    fake: FakeDiscord, database: Database, clock: ManualClock, spec: DiscordSpec
) -> None:
    settings = settings_for(fake, discord_guild_ready_timeout=0.05)
    stop = asyncio.Event()
    base = discord.http.Route.BASE
    running = asyncio.create_task(serve(settings, core=test_core(database, clock), stop=stop))
    try:
        await fake.wait_for_requests("PUT", GUILD_COMMANDS, 1)
        await fake.member_add(fake.guilds[0].id, User(id=200_000_000_000_000_077, username="carol"))
        # No goal and no organiser yet: the server's owner (who added Kindling) hears what fixes it by DM,
        # from the background outbox worker.
        [notice] = await fake.wait_for_requests("POST", MESSAGES, 1)
        assert notice.path == f"/channels/{fake.dm_channel_id(fake.guilds[0].owner_id)}/messages"
        assert "no goal yet" in notice.json["content"] and "/kindling goal" in notice.json["content"]
    finally:
        stop.set()
        await asyncio.wait_for(running, timeout=WAIT)
    assert running.result() is None
    assert base == discord.http.Route.BASE  # restored
    assert spec_problems(spec, fake.requests) == []


async def test_a_configured_shard_count_runs_the_sharded_client(
    fake: FakeDiscord, database: Database, clock: ManualClock
) -> None:
    settings = settings_for(
        fake, discord_shard_count=2, discord_shard_ids=[1], discord_guild_ready_timeout=0.05
    )
    stop = asyncio.Event()
    running = asyncio.create_task(serve(settings, core=test_core(database, clock), stop=stop))
    try:
        await fake.wait_for_requests("PUT", GUILD_COMMANDS, 1)  # ready: /kindling synced
        assert fake.identify_payloads[0]["shard"] == [1, 2]
        assert fake.requests_to("GET", "/gateway/bot") == []  # the count is configured, not asked for
    finally:
        stop.set()
        await asyncio.wait_for(running, timeout=WAIT)
