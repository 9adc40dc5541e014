"""`kindling doctor` against the fake Slack and the fake Discord: it names what is missing in plain words."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from adapters.slack.scopes import BOT_SCOPES
from bot.settings import Settings
from bot.storage.database import Database
from kindling_cli.doctor.report import Section, render
from kindling_cli.doctor.run import diagnose
from tests.discord.harness import spec_problems
from tests.fakes.discord_server import EVERYONE_PERMISSIONS, FakeDiscord, default_guild
from tests.fakes.discord_spec import DiscordSpec, discord_spec_or_skip
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_spec import SlackSpec, assert_calls_valid, slack_spec_or_skip

BOT_TOKEN = "xoxb-doctor"
APP_TOKEN = "xapp-1-A0DOCTOR-1-doctor"
REPO = Path(__file__).resolve().parents[1]


async def _migrated(tmp_path: Path, revision: str = "head") -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'kindling.db'}"
    database = Database(url)
    try:
        await database.upgrade(revision)
    finally:
        await database.close()
    return url


def _problems(sections: list[Section]) -> list[str]:
    return [f.text for s in sections for f in s.findings if f.outcome == "problem"]


def _oks(sections: list[Section]) -> list[str]:
    return [f.text for s in sections for f in s.findings if f.outcome == "ok"]


def _slack(fake: FakeSlackApi, url: str, **values: object) -> Settings:
    return Settings(
        _env_file=None,
        database_url=url,
        slack_bot_token=SecretStr(BOT_TOKEN),
        slack_app_token=SecretStr(APP_TOKEN),
        slack_api_url=fake.base_url,
        **values,  # type: ignore[arg-type]
    )


def _discord(fake: FakeDiscord, url: str) -> Settings:
    return Settings(
        _env_file=None,
        database_url=url,
        discord_token=SecretStr(fake.token),
        discord_api_url=fake.api_url,
        discord_gateway_url=fake.gateway_url,
    )


@pytest.fixture
def slack_spec() -> SlackSpec:
    return slack_spec_or_skip()


@pytest.fixture
def discord_spec() -> DiscordSpec:
    return discord_spec_or_skip()


async def test_all_in_place_on_slack_and_discord(
    tmp_path: Path, slack_spec: SlackSpec, discord_spec: DiscordSpec
) -> None:
    url = await _migrated(tmp_path)
    async with (
        FakeSlackApi(bot_tokens=[BOT_TOKEN], app_tokens=[APP_TOKEN], bot_scopes=BOT_SCOPES) as slack,
        FakeDiscord() as discord_fake,
    ):
        slack.socket_mode_url = "ws://127.0.0.1:9/socket"  # handed out, never connected to
        settings = _slack(slack, url).model_copy(
            update={
                "discord_token": SecretStr(discord_fake.token),
                "discord_api_url": discord_fake.api_url,
                "discord_gateway_url": discord_fake.gateway_url,
            }
        )
        sections = await diagnose(settings)
    assert _problems(sections) == []
    assert render(sections).endswith("Everything Kindling needs is in place.")
    oks = "\n".join(_oks(sections))
    for expected in (
        "the database answers",
        "the schema is the newest",
        "the bot token works: workspace",
        f"all {len(BOT_SCOPES)} scopes Kindling uses are granted",
        "the app-level token works",
        "the token works: bot kindling",
        "the Server Members Intent is on",
        "Kindling has every permission it uses",
    ):
        assert expected in oks, expected
    assert_calls_valid(slack_spec, slack.calls)
    assert spec_problems(discord_spec, discord_fake.requests) == []


async def test_missing_slack_scopes_are_named_with_what_they_are_for(tmp_path: Path) -> None:
    granted = [scope for scope in BOT_SCOPES if scope not in ("reactions:read", "im:history")]
    async with FakeSlackApi(
        bot_tokens=[BOT_TOKEN], app_tokens=[APP_TOKEN], bot_scopes=[*granted, "admin"]
    ) as slack:
        sections = await diagnose(_slack(slack, await _migrated(tmp_path)))
    problems = "\n".join(_problems(sections))
    assert "scope reactions:read is missing: needed for reaction_added" in problems
    assert "scope im:history is missing" in problems
    assert "reinstall the app" in problems
    assert "granted but not used (remove them to grant less): admin" in render(sections)


async def test_refused_slack_tokens_say_where_to_find_the_right_ones(tmp_path: Path) -> None:
    async with FakeSlackApi(bot_tokens=["xoxb-other"], app_tokens=["xapp-other"]) as slack:
        sections = await diagnose(_slack(slack, await _migrated(tmp_path)))
    problems = "\n".join(_problems(sections))
    assert "Slack refused the bot token (invalid_auth): copy the Bot User OAuth Token" in problems
    assert "Slack refused the app-level token (invalid_auth)" in problems


async def test_discord_without_the_members_intent_or_permissions_or_servers(tmp_path: Path) -> None:
    url = await _migrated(tmp_path)
    stingy = default_guild()
    stingy.bot_permissions = EVERYONE_PERMISSIONS  # no Create Events
    async with FakeDiscord(guilds=[stingy], application_flags=0) as fake:
        problems = "\n".join(_problems(await diagnose(_discord(fake, url))))
    assert "the Server Members Intent is off" in problems
    assert (
        "Kindling lacks Create Events (to make a meetup a scheduled event in the server's calendar"
        in problems
    )
    assert "lacks Send Messages " not in problems  # only what is missing is named
    assert "give Kindling's role those permissions" in problems
    async with FakeDiscord(guilds=[]) as fake:
        problems = "\n".join(_problems(await diagnose(_discord(fake, url))))
    assert "Kindling is in no server yet: open https://discord.com/oauth2/authorize?client_id=" in problems


async def test_a_refused_discord_token(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        settings = _discord(fake, await _migrated(tmp_path)).model_copy(
            update={"discord_token": SecretStr("not-the-token")}
        )
        problems = _problems(await diagnose(settings))
    assert problems == [
        "Discord refused KINDLING_DISCORD_TOKEN: copy the bot's token (Developer Portal -> your application "
        "-> Bot -> Reset Token)"
    ]


@pytest.mark.parametrize(
    ("revision", "expected"), [(None, "the database is empty"), ("0007", "run `kindling migrate`")]
)
async def test_an_empty_or_old_schema_says_migrate(
    tmp_path: Path, revision: str | None, expected: str
) -> None:
    url = await _migrated(tmp_path, revision) if revision else f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    problems = _problems(await diagnose(Settings(_env_file=None, database_url=url)))
    assert len(problems) == 1 and expected in problems[0]


def test_the_command_exits_1_and_prints_what_is_missing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINDLING_")}
    env["PYTHONPATH"] = str(REPO)
    result = subprocess.run(
        [sys.executable, "-m", "kindling_cli.main", "doctor"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "the database is empty: run `kindling migrate`" in result.stdout
    assert "neither Slack nor Discord is configured" in result.stdout
