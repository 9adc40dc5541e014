"""`kindling members sync`: note who is already in each community as here before Kindling, from the command
line, with a progress bar. The same as `/kindling setup` does in a running Kindling (see
`bot.features.configuration.roster`), for communities set up before Kindling could, or to check again."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import AsyncIterator
from typing import TextIO

from bot.clock import SystemClock
from bot.features.configuration.roster import note_members
from bot.port import CountsMembers, ListsMembers
from bot.settings import Settings
from bot.storage import communities
from bot.storage.database import Database
from bot.storage.models import Community
from bot.turn import Turns
from kindling_cli.wiring import build_core

BAR_WIDTH = 30


class ProgressBar:
    """`name [#######.......]  1,234 / 5,000 members`, redrawn in place; a count alone without a total."""

    def __init__(self, name: str, total: int | None, out: TextIO) -> None:
        self.name, self.total, self.out = name, total, out

    async def __call__(self, seen: int, noted: int) -> bool:
        self.draw(seen)
        return True

    def draw(self, seen: int) -> None:
        if self.total:
            done = min(BAR_WIDTH, seen * BAR_WIDTH // self.total)
            bar = f"[{'#' * done}{'.' * (BAR_WIDTH - done)}] {seen:,} / {self.total:,} members"
        else:
            bar = f"{seen:,} members"
        self.out.write(f"\r{self.name}: {bar}")
        self.out.flush()

    def close(self, noted: int) -> None:
        self.out.write(f"\n{self.name}: {noted:,} members noted as here before Kindling\n")
        self.out.flush()


async def members_sync(
    settings: Settings, *, platform: str | None = None, community: str | None = None, out: TextIO = sys.stderr
) -> int:
    """Every known community of each configured platform (or `platform`, or the one with id `community`);
    0 when all went through."""
    database = Database(settings.database_url)
    failures = 0
    try:
        await database.upgrade()
        core = build_core(settings, database=database, clock=SystemClock())
        for name in _platforms(settings, platform):
            async with _lister(settings, name, database) as lister:
                async with database.transaction() as session:
                    known = await communities.of_platform(session, platform=name, external_id=community)
                if not known:
                    out.write(f"{name}: no community known yet (Kindling meets one at its first event)\n")
                for each in known:
                    failures += not await _sync_one(core.turns, each, name, lister, out)
    finally:
        await database.close()
    return 1 if failures else 0


async def _sync_one(
    turns: Turns, community: Community, platform: str, lister: ListsMembers, out: TextIO
) -> bool:
    label = f"{platform} {community.name or community.external_id}"
    external, channel = community.external_id, community.home_channel_id
    if platform == "slack" and channel is None:
        out.write(f"{label}: no home channel yet; run /kindling setup there first\n")
        return False
    try:
        total = (
            await lister.member_count(community_id=external, channel_id=channel)
            if isinstance(lister, CountsMembers)
            else None
        )
        bar = ProgressBar(label, total, out)
        bar.draw(0)
        noted = await note_members(
            turns=turns,
            community_id=community.id,
            listed=lister.members(community_id=external, channel_id=channel),
            on_page=bar,
        )
    except Exception as error:  # one community's failure does not stop the others
        out.write(f"\n{label}: could not list its members: {type(error).__name__}: {error}\n")
        return False
    bar.close(noted)
    return True


def _platforms(settings: Settings, only: str | None) -> list[str]:
    configured = [
        name
        for name, present in (("slack", settings.slack_configured), ("discord", settings.discord_configured))
        if present
    ]
    return [name for name in configured if only in (None, name)]


@contextlib.asynccontextmanager
async def _lister(settings: Settings, platform: str, database: Database) -> AsyncIterator[ListsMembers]:
    if platform == "discord":
        import discord

        from adapters.discord.endpoints import pointed_at
        from adapters.discord.platform import DiscordPlatform

        if settings.discord_token is None:  # pragma: no cover - _platforms checked it
            raise ValueError("KINDLING_DISCORD_TOKEN is not set")
        with pointed_at(settings):
            async with discord.Client(intents=discord.Intents.none()) as client:
                await client.login(settings.discord_token.get_secret_value())
                yield DiscordPlatform(client)
        return
    from adapters.slack.installation import DatabaseInstallationStore
    from adapters.slack.platform import SlackPlatform
    from adapters.slack.workspaces import Workspaces
    from bot.installations import SlackInstallations

    oauth = settings.slack_client_id is not None
    workspaces = Workspaces(
        api_url=settings.slack_api_url,
        bot_token=settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None,
        installations=DatabaseInstallationStore(
            installations=SlackInstallations(database=database, clock=SystemClock())
        )
        if oauth
        else None,
    )
    yield SlackPlatform(workspaces=workspaces)
