"""slack-sdk's OAuth installation and state stores over Kindling's own tables (`slack_installations`,
`slack_oauth_states`), so every replica sees every workspace that installed Kindling.

Bot tokens only: Kindling asks for no user scopes, so no user tokens are stored. Every install or reinstall
adds a row; the newest row of a workspace is the one in use.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from bot.installations import SlackInstall, SlackInstallations

log = logging.getLogger(__name__)


def _scopes(value: str | Sequence[str] | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else ",".join(value)


class DatabaseInstallationStore(AsyncInstallationStore):
    def __init__(self, *, installations: SlackInstallations) -> None:
        self._installations = installations

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        await self._installations.save(
            SlackInstall(
                app_id=installation.app_id,
                enterprise_id=installation.enterprise_id,
                enterprise_name=installation.enterprise_name,
                team_id=installation.team_id,
                team_name=installation.team_name,
                is_enterprise_install=bool(installation.is_enterprise_install),
                bot_token=installation.bot_token,
                bot_id=installation.bot_id,
                bot_user_id=installation.bot_user_id,
                bot_scopes=_scopes(installation.bot_scopes),
                installer_user_id=installation.user_id,
            )
        )
        log.info("Slack workspace %s (%s) installed Kindling", installation.team_id, installation.team_name)

    async def async_save_bot(self, bot: Bot) -> None:
        raise NotImplementedError("Kindling stores whole installations (no token rotation)")

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        row = await self._latest(enterprise_id, team_id, is_enterprise_install)
        if row is None or not row.bot_token:
            return None
        return Bot(
            app_id=row.app_id,
            enterprise_id=row.enterprise_id,
            enterprise_name=row.enterprise_name,
            team_id=row.team_id,
            team_name=row.team_name,
            bot_token=row.bot_token,
            bot_id=row.bot_id or "",
            bot_user_id=row.bot_user_id or "",
            bot_scopes=row.bot_scopes,
            is_enterprise_install=row.is_enterprise_install,
            installed_at=row.installed_at or 0.0,
        )

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        row = await self._latest(enterprise_id, team_id, is_enterprise_install)
        if row is None or (user_id is not None and user_id != row.installer_user_id):
            return None
        return Installation(
            app_id=row.app_id,
            enterprise_id=row.enterprise_id,
            enterprise_name=row.enterprise_name,
            team_id=row.team_id,
            team_name=row.team_name,
            bot_token=row.bot_token,
            bot_id=row.bot_id,
            bot_user_id=row.bot_user_id,
            bot_scopes=row.bot_scopes,
            user_id=row.installer_user_id,
            is_enterprise_install=row.is_enterprise_install,
            installed_at=row.installed_at,
        )

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        if user_id is None:
            await self.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._installations.delete_all(enterprise_id=enterprise_id, team_id=team_id)

    async def _latest(
        self, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None
    ) -> SlackInstall | None:
        return await self._installations.latest(
            enterprise_id=enterprise_id, team_id=team_id, org_wide=bool(is_enterprise_install)
        )


class DatabaseOAuthStateStore(AsyncOAuthStateStore):
    """One-time `state` values for the OAuth redirect: issued, then consumed at most once before expiry."""

    def __init__(self, *, installations: SlackInstallations) -> None:
        self._installations = installations

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await self._installations.issue_state()

    async def async_consume(self, state: str) -> bool:
        return await self._installations.consume_state(state)
