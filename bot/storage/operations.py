"""What operators read about the tables: the `/metrics` outbox gauges, the workspaces the doctor checks."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import OutboxMessage, SlackInstallation


async def outbox_counts(session: AsyncSession) -> dict[tuple[str, str], int]:
    """Outbox rows per (platform, status)."""
    query = sa.select(OutboxMessage.platform, OutboxMessage.status, sa.func.count()).group_by(
        OutboxMessage.platform, OutboxMessage.status
    )
    return {(platform, status): count for platform, status, count in await session.execute(query)}


async def installed_slack_teams(session: AsyncSession) -> list[str]:
    """Slack workspaces that installed Kindling through OAuth (newest installation first, once each)."""
    rows = await session.execute(
        sa.select(SlackInstallation.team_id, sa.func.max(SlackInstallation.installed_at))
        .where(SlackInstallation.team_id.is_not(None))
        .group_by(SlackInstallation.team_id)
        .order_by(sa.func.max(SlackInstallation.installed_at).desc())
    )
    return [str(team_id) for team_id, _installed in rows]
