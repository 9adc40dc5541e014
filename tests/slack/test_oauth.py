"""Serving several workspaces: Slack's OAuth install flow stores an installation, whose token is then used."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
import sqlalchemy as sa
from pydantic import SecretStr

from bot.clock import ManualClock
from bot.storage.database import Database
from bot.storage.models import SlackInstallation
from tests.fakes.slack_api import RESPONSE_URL_METHOD, FakeSlackApi
from tests.fakes.slack_signing import team_join_event
from tests.scenarios.welcome import GOAL
from tests.slack.harness import SlackCommunity, SlackHarness, settings_for

CLIENT_ID = "1234567890.0987654321"
CLIENT_SECRET = "kindling-client-secret"


@pytest.fixture
async def oauth(slack: FakeSlackApi, database: Database, clock: ManualClock) -> AsyncIterator[SlackHarness]:
    slack.bot_tokens = {"xoxb-not-this-one"}  # only the token issued by oauth.v2.access will work
    slack.oauth_client_id, slack.oauth_client_secret = CLIENT_ID, CLIENT_SECRET
    settings = settings_for(
        slack,
        mode="http",
        slack_bot_token=None,
        slack_client_id=CLIENT_ID,
        slack_client_secret=SecretStr(CLIENT_SECRET),
    )
    async with SlackHarness(slack, database, clock, settings) as harness:
        yield harness


async def _install(h: SlackHarness, slack: FakeSlackApi) -> tuple[int, str]:
    async with aiohttp.ClientSession() as browser:
        async with browser.get(h.url + "/slack/install", allow_redirects=False) as started:
            assert started.status == 302
            location = started.headers["Location"]
            cookie = started.headers["Set-Cookie"].split(";")[0]
        query = parse_qs(urlsplit(location).query)
        assert query["client_id"] == [CLIENT_ID]
        assert "commands" in query["scope"][0].split(",")
        code = slack.mint_oauth_code(user_id="U0INSTALLER")
        callback = f"{h.url}/slack/oauth_redirect?code={code}&state={query['state'][0]}"
        async with browser.get(callback, headers={"Cookie": cookie}, allow_redirects=False) as finished:
            return finished.status, callback


async def test_install_stores_the_workspace_and_its_events_use_that_token(
    oauth: SlackHarness, slack: FakeSlackApi
) -> None:
    status, _ = await _install(oauth, slack)
    assert status == 200
    [exchange] = slack.calls_to("oauth.v2.access")
    token = str(exchange.response["access_token"])  # type: ignore[index]
    async with oauth.database.transaction() as session:
        [row] = (await session.scalars(sa.select(SlackInstallation))).all()
    assert (row.team_id, row.bot_token, row.installer_user_id) == (slack.team_id, token, "U0INSTALLER")
    assert row.bot_user_id == slack.bot_user_id

    community = SlackCommunity(oauth)
    await community.start()
    await community.make_organiser("ann")
    await community.command("ann", f"goal {GOAL}")
    await community.settle()
    await oauth.event(team_join_event(community.user_id("bob"), name="bob"))
    await oauth.settle()
    [welcome] = [c for c in slack.calls_to("chat.postMessage") if GOAL in c.args["text"]]
    assert "bob" in welcome.args["text"]
    api_calls = [c for c in slack.calls if c.method not in ("oauth.v2.access", RESPONSE_URL_METHOD)]
    assert api_calls and {c.token for c in api_calls} == {token}
    assert all(c.ok for c in api_calls)


async def test_a_state_is_good_once(oauth: SlackHarness, slack: FakeSlackApi) -> None:
    status, callback = await _install(oauth, slack)
    assert status == 200
    async with aiohttp.ClientSession() as browser, browser.get(callback, allow_redirects=False) as replay:
        assert replay.status in (400, 401)
    assert len(slack.calls_to("oauth.v2.access")) == 1


async def test_a_held_welcome_tells_whoever_installed_kindling_what_fixes_it(
    oauth: SlackHarness, slack: FakeSlackApi
) -> None:
    """No organiser and no goal yet, right after the install: the installing user hears it by DM, with the
    one command that fixes it; nothing is said in public."""
    status, _ = await _install(oauth, slack)
    assert status == 200
    community = SlackCommunity(oauth)
    await oauth.event(team_join_event(community.user_id("bob"), name="bob"))
    delivered = await community.settle()
    [notice] = [d for d in delivered if d.kind == "dm"]
    assert notice.to == "U0INSTALLER"
    assert "You added Kindling" in notice.text and "@bob" in notice.text and "/kindling goal" in notice.text
    assert [d for d in delivered if d.kind == "channel"] == []
