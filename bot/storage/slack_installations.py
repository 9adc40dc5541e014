"""Slack workspaces that installed Kindling through OAuth, and the one-time states of the OAuth redirect."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import SlackInstallation, SlackOAuthState


def _where(enterprise_id: str | None, team_id: str | None, org_wide: bool) -> list[Any]:
    enterprise = (
        SlackInstallation.enterprise_id.is_(None)
        if enterprise_id is None
        else SlackInstallation.enterprise_id == enterprise_id
    )
    if org_wide:
        return [enterprise, SlackInstallation.is_enterprise_install.is_(True)]
    team = SlackInstallation.team_id.is_(None) if team_id is None else SlackInstallation.team_id == team_id
    return [enterprise, team]


async def add(session: AsyncSession, row: SlackInstallation) -> None:
    session.add(row)


async def latest(
    session: AsyncSession, *, enterprise_id: str | None, team_id: str | None, org_wide: bool
) -> SlackInstallation | None:
    return await session.scalar(
        sa.select(SlackInstallation)
        .where(*_where(enterprise_id, team_id, org_wide))
        .order_by(SlackInstallation.installed_at.desc(), SlackInstallation.id.desc())
        .limit(1)
    )


async def delete_all(session: AsyncSession, *, enterprise_id: str | None, team_id: str | None) -> None:
    await session.execute(sa.delete(SlackInstallation).where(*_where(enterprise_id, team_id, False)))


async def issue_state(session: AsyncSession, *, state: str, now: datetime, expires_at: datetime) -> None:
    await session.execute(sa.delete(SlackOAuthState).where(SlackOAuthState.expires_at < now))
    session.add(SlackOAuthState(state=state, expires_at=expires_at))


async def consume_state(session: AsyncSession, *, state: str, now: datetime) -> bool:
    deleted = await session.execute(
        sa.delete(SlackOAuthState)
        .where(SlackOAuthState.state == state, SlackOAuthState.expires_at >= now)
        .returning(SlackOAuthState.state)
    )
    return deleted.first() is not None
