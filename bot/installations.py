"""Slack workspaces that installed Kindling through OAuth, kept in Kindling's database so every replica sees
every workspace. The Slack adapter maps slack-sdk's objects onto these; bot tokens only (Kindling asks
for no user scopes), and every install or reinstall adds a row: a workspace's newest is the one in use."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.storage import slack_installations
from bot.storage.database import Database
from bot.storage.models import SlackInstallation

STATE_LIFETIME = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class SlackInstall:
    app_id: str | None
    enterprise_id: str | None
    enterprise_name: str | None
    team_id: str | None
    team_name: str | None
    is_enterprise_install: bool
    bot_token: str | None
    bot_id: str | None
    bot_user_id: str | None
    bot_scopes: str
    installer_user_id: str
    installed_at: datetime | None = None


class SlackInstallations:
    def __init__(
        self, *, database: Database, clock: Clock, state_lifetime: timedelta = STATE_LIFETIME
    ) -> None:
        self._database = database
        self._clock = clock
        self._state_lifetime = state_lifetime

    async def save(self, install: SlackInstall) -> None:
        fields = {**asdict(install), "installed_at": self._clock.now()}
        async with self._database.transaction() as session:
            await slack_installations.add(session, SlackInstallation(**fields))

    async def latest(
        self, *, enterprise_id: str | None, team_id: str | None, org_wide: bool
    ) -> SlackInstall | None:
        async with self._database.transaction() as session:
            row = await slack_installations.latest(
                session, enterprise_id=enterprise_id, team_id=team_id, org_wide=org_wide
            )
            if row is None:
                return None
            return SlackInstall(
                app_id=row.app_id,
                enterprise_id=row.enterprise_id,
                enterprise_name=row.enterprise_name,
                team_id=row.team_id,
                team_name=row.team_name,
                is_enterprise_install=row.is_enterprise_install,
                bot_token=row.bot_token,
                bot_id=row.bot_id,
                bot_user_id=row.bot_user_id,
                bot_scopes=row.bot_scopes or "",
                installer_user_id=row.installer_user_id,
                installed_at=row.installed_at,
            )

    async def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        async with self._database.transaction() as session:
            await slack_installations.delete_all(session, enterprise_id=enterprise_id, team_id=team_id)

    async def issue_state(self) -> str:
        state = secrets.token_urlsafe(32)
        now = self._clock.now()
        async with self._database.transaction() as session:
            await slack_installations.issue_state(
                session, state=state, now=now, expires_at=now + self._state_lifetime
            )
        return state

    async def consume_state(self, state: str) -> bool:
        async with self._database.transaction() as session:
            return await slack_installations.consume_state(session, state=state, now=self._clock.now())
