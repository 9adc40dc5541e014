"""Run every check that applies to the settings and print the report."""

from __future__ import annotations

from bot.settings import Settings
from kindling_cli.doctor.database import check_database
from kindling_cli.doctor.report import Section, render


async def diagnose(settings: Settings) -> list[Section]:
    sections = [await check_database(settings.database_url)]
    if settings.slack_configured:
        from kindling_cli.doctor.slack import check_slack

        sections.append(await check_slack(settings))
    if settings.discord_configured:
        from kindling_cli.doctor.discord import check_discord

        sections.append(await check_discord(settings))
    if not (settings.slack_configured or settings.discord_configured):
        console = Section("Platforms")
        console.note(
            "neither Slack nor Discord is configured: `kindling run` starts the console (see the README to "
            "connect a platform)"
        )
        sections.append(console)
    return sections


async def doctor(settings: Settings) -> int:
    """Print what is in place and what is missing; 0 when nothing is missing."""
    sections = await diagnose(settings)
    print(render(sections), flush=True)
    return 0 if all(section.healthy for section in sections) else 1
