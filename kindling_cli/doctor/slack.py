"""Slack: the bot token (auth.test), the scopes it was granted (the `x-oauth-scopes` header of any Web API
answer) against the ones Kindling asks for, and the app-level token Socket Mode needs."""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError

from adapters.slack.installation import DatabaseInstallationStore
from adapters.slack.scopes import BOT_SCOPES
from adapters.slack.workspaces import web_client
from bot.clock import SystemClock
from bot.installations import SlackInstallations
from bot.settings import Settings
from bot.storage import operations
from bot.storage.database import Database
from kindling_cli.doctor.report import Section

_REFUSED = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"})


async def check_slack(settings: Settings) -> Section:
    section = Section("Slack")
    if settings.slack_bot_token is not None:
        await _check_bot_token(section, settings, settings.slack_bot_token.get_secret_value(), where="")
    elif settings.slack_client_id:
        await _check_installations(section, settings)
    if settings.slack_mode == "socket":
        await _check_app_token(section, settings)
    elif settings.slack_signing_secret is None:
        section.problem(
            "KINDLING_SLACK_SIGNING_SECRET is not set: HTTP mode checks every request with it "
            "(Basic Information -> App Credentials -> Signing Secret)"
        )
    else:
        section.ok("HTTP mode: requests are checked with KINDLING_SLACK_SIGNING_SECRET")
    return section


async def _check_bot_token(section: Section, settings: Settings, token: str, *, where: str) -> None:
    client = web_client(api_url=settings.slack_api_url, token=token)
    try:
        answer = await client.auth_test()
    except SlackApiError as error:
        reason = str(error.response.get("error", "unknown"))
        if reason in _REFUSED:
            section.problem(
                f"Slack refused the bot token{where} ({reason}): copy the Bot User OAuth Token (xoxb-...) "
                "from OAuth & Permissions into KINDLING_SLACK_BOT_TOKEN"
            )
        else:
            section.problem(f"auth.test failed{where}: {reason}")
        return
    except (aiohttp.ClientError, TimeoutError, OSError) as error:
        section.problem(f"could not reach Slack at {settings.slack_api_url}: {error}")
        return
    team = answer.get("team") or answer.get("team_id")
    section.ok(f"the bot token works{where}: workspace {team}, bot user {answer.get('user_id')}")
    header = answer.headers.get("x-oauth-scopes") or answer.headers.get("X-OAuth-Scopes")
    if header is None:
        section.note(f"Slack did not say which scopes the token has{where}; not checked")
        return
    granted = {scope.strip() for scope in str(header).split(",") if scope.strip()}
    missing = [scope for scope in BOT_SCOPES if scope not in granted]
    for scope in missing:
        section.problem(f"scope {scope} is missing{where}: needed for {BOT_SCOPES[scope]}")
    if missing:
        section.problem(
            "add the missing scopes under OAuth & Permissions -> Scopes -> Bot Token Scopes (or create the "
            "app again from slack-manifest.yaml), then reinstall the app to the workspace"
        )
    else:
        section.ok(f"all {len(BOT_SCOPES)} scopes Kindling uses are granted{where}")
    extra = sorted(granted - set(BOT_SCOPES))
    if extra:
        section.note(f"granted but not used{where} (remove them to grant less): {', '.join(extra)}")


async def _check_installations(section: Section, settings: Settings) -> None:
    database = Database(settings.database_url)
    try:
        async with database.transaction() as session:
            teams = await operations.installed_slack_teams(session)
        store = DatabaseInstallationStore(
            installations=SlackInstallations(database=database, clock=SystemClock())
        )
        if not teams:
            section.problem("no workspace has installed Kindling yet: send an organiser to /slack/install")
        for team in teams:
            bot = await store.async_find_bot(enterprise_id=None, team_id=team)
            if bot is None or not bot.bot_token:
                section.problem(f"workspace {team} has no bot token stored: install Kindling there again")
                continue
            await _check_bot_token(section, settings, bot.bot_token, where=f" in {team}")
    except Exception as error:  # the database section says what is wrong with it
        section.problem(f"could not read the Slack installations from the database: {error}")
    finally:
        await database.close()


async def _check_app_token(section: Section, settings: Settings) -> None:
    if settings.slack_app_token is None:
        section.problem(
            "KINDLING_SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token with "
            "connections:write (Basic Information -> App-Level Tokens), or set KINDLING_SLACK_MODE=http"
        )
        return
    client = web_client(api_url=settings.slack_api_url)
    try:
        # Only asks for a connection URL; nothing connects to it.
        await client.apps_connections_open(app_token=settings.slack_app_token.get_secret_value())
    except SlackApiError as error:
        reason = str(error.response.get("error", "unknown"))
        section.problem(
            f"Slack refused the app-level token ({reason}): create one with the connections:write scope "
            "under Basic Information -> App-Level Tokens, put it in KINDLING_SLACK_APP_TOKEN, and turn "
            "Socket Mode on (Settings -> Socket Mode)"
        )
        return
    except (aiohttp.ClientError, TimeoutError, OSError) as error:
        section.problem(f"could not reach Slack at {settings.slack_api_url}: {error}")
        return
    section.ok("the app-level token works: Socket Mode can connect")
