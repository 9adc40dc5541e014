"""`kindling members sync` against the fake Discord and the fake Slack: every known community's members are
noted as here before Kindling, page by page, with a progress bar, and a community it cannot list is named
while the others still go through."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from pydantic import SecretStr

from bot.clock import SystemClock
from bot.events import CommunityRef
from bot.settings import Settings
from bot.storage import communities
from bot.storage.database import Database
from bot.storage.models import Member as MemberRow
from kindling_cli.main import build_parser
from kindling_cli.members import members_sync
from kindling_cli.wiring import build_core
from tests.discord.harness import spec_problems
from tests.fakes.discord_server import FakeDiscord, Member, User, default_guild
from tests.fakes.discord_spec import SPEC_PATH, load_discord_spec
from tests.fakes.slack_api import FakeSlackApi

BOT_TOKEN = "xoxb-members-cli"
HOME = "C0HOME"
#: Over Discord's page of 1,000 members.
LARGE_GUILD = 1200


async def _know(url: str, *refs: tuple[CommunityRef, str | None]) -> None:
    """Kindling has met these communities (and set their home channel)."""
    database = Database(url)
    try:
        await database.upgrade()
        turns = build_core(
            Settings(_env_file=None, database_url=url), database=database, clock=SystemClock()
        ).turns
        for ref, home in refs:
            async with turns.meeting(ref) as (turn, _new):
                turn.community.home_channel_id = home
    finally:
        await database.close()


async def _noted(url: str) -> dict[tuple[str, str], bool]:
    database = Database(url)
    try:
        async with database.transaction() as session:
            rows = await session.execute(
                sa.select(MemberRow.member_id, MemberRow.is_bot, MemberRow.before_kindling)
            )
            return {(member_id, "bot" if is_bot else "human"): flag for member_id, is_bot, flag in rows}
    finally:
        await database.close()


async def test_members_sync_notes_every_known_community_with_a_progress_bar(empty_database_url: str) -> None:
    guild = default_guild()
    long_ago = datetime.now(UTC) - timedelta(days=400)
    guild.members += [
        Member(User(id=210_000_000_000_000_000 + n, username=f"m{n}"), joined_at=long_ago)
        for n in range(LARGE_GUILD)
    ]
    async with FakeDiscord(guilds=[guild]) as discord_fake, FakeSlackApi(bot_tokens=[BOT_TOKEN]) as slack:
        slack.set_channel_members(HOME, ["U0ANN", "U0BEN"])
        await _know(
            empty_database_url,
            (CommunityRef("discord", str(guild.id), guild.name), None),
            (CommunityRef("slack", slack.team_id, "Team"), HOME),
            (CommunityRef("slack", "T0NOHOME", "No home"), None),
        )
        settings = Settings(
            _env_file=None,
            database_url=empty_database_url,
            discord_token=SecretStr(discord_fake.token),
            discord_api_url=discord_fake.api_url,
            discord_gateway_url=discord_fake.gateway_url,
            slack_bot_token=SecretStr(BOT_TOKEN),
            slack_api_url=slack.base_url,
        )
        out = io.StringIO()
        code = await members_sync(settings, out=out)
    text = out.getvalue()
    assert code == 1  # the workspace without a home channel could not be done
    assert "slack No home: no home channel yet; run /kindling setup there first" in text
    humans = LARGE_GUILD + 3  # and owner, alice and bob
    assert f"[{'#' * 30}] {humans + 1:,} / {humans + 1:,} members" in text  # the bot counts in the total
    assert f"discord {guild.name}: {humans:,} members noted as here before Kindling" in text
    assert "slack Team: 2 members noted as here before Kindling" in text
    noted = await _noted(empty_database_url)
    assert sum(flag for (_, kind), flag in noted.items() if kind == "human") == humans + 2
    assert len(discord_fake.requests_to("GET", "/guilds/{guild_id}/members")) == 2  # 1,000, then the rest
    assert discord_fake.gateway_connects == []  # REST only: the command line never joins the gateway
    if SPEC_PATH.is_file():
        assert spec_problems(load_discord_spec(), discord_fake.requests) == []


async def test_only_the_named_platform_and_community(empty_database_url: str) -> None:
    async with FakeSlackApi(bot_tokens=[BOT_TOKEN]) as slack:
        slack.set_channel_members(HOME, ["U0ANN"])
        slack.set_channel_members("C0OTHER", ["U0BEN"])
        await _know(
            empty_database_url,
            (CommunityRef("slack", slack.team_id, "Team"), HOME),
            (CommunityRef("slack", "T0OTHER", "Other"), "C0OTHER"),
        )
        settings = Settings(
            _env_file=None,
            database_url=empty_database_url,
            slack_bot_token=SecretStr(BOT_TOKEN),
            slack_api_url=slack.base_url,
        )
        assert await members_sync(settings, platform="slack", community=slack.team_id, out=io.StringIO()) == 0
    assert await _noted(empty_database_url) == {("U0ANN", "human"): True}


def test_the_command_line_reads_members_sync() -> None:
    arguments = build_parser().parse_args(["members", "sync", "--platform", "discord", "--community", "42"])
    assert (arguments.command, arguments.members_command) == ("members", "sync")
    assert (arguments.platform, arguments.community) == ("discord", "42")


async def test_knowing_no_community_yet_is_said(empty_database_url: str) -> None:
    async with FakeSlackApi(bot_tokens=[BOT_TOKEN]) as slack:
        settings = Settings(
            _env_file=None,
            database_url=empty_database_url,
            slack_bot_token=SecretStr(BOT_TOKEN),
            slack_api_url=slack.base_url,
        )
        out = io.StringIO()
        assert await members_sync(settings, out=out) == 0
    assert "slack: no community known yet" in out.getvalue()
    database = Database(empty_database_url)
    try:
        async with database.transaction() as session:
            assert await communities.of_platform(session, platform="slack") == []
    finally:
        await database.close()
