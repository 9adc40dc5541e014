"""`kindling`: the one composition root. It builds the settings, the database, the core and the adapters."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from bot.commands.reference import markdown
from bot.features import registry
from bot.settings import Settings, SettingsError, load_settings
from kindling_cli import wiring
from kindling_cli.logs import configure_logging


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kindling", description="Kindling, a community bot for Slack, Discord and Matrix"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start every adapter whose settings are present (else the console)")
    commands.add_parser("console", help="run Kindling in this terminal, reading lines from stdin")
    commands.add_parser("migrate", help="upgrade the database to the newest schema and stop")
    commands.add_parser("commands", help="print every /kindling command with an example (Markdown)")
    commands.add_parser(
        "doctor", help="check the database, tokens, scopes, intents and permissions; say what is missing"
    )
    commands.add_parser("healthcheck", help="exit 0 when this host's Kindling answers /healthz (for Docker)")
    members = commands.add_parser("members", help="the members Kindling knows")
    members_commands = members.add_subparsers(dest="members_command", required=True)
    sync = members_commands.add_parser(
        "sync", help="note who is already in each community as here before Kindling (with a progress bar)"
    )
    sync.add_argument("--platform", choices=("slack", "discord"), help="only this platform's communities")
    sync.add_argument("--community", metavar="ID", help="only the community with this Slack or Discord id")
    discord = commands.add_parser("discord", help="Discord set-up helpers")
    discord_commands = discord.add_subparsers(dest="discord_command", required=True)
    discord_commands.add_parser("invite-url", help="print the URL that invites Kindling to a server")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"kindling: configuration error: {error}", file=sys.stderr)
        return 2
    configure_logging(settings)
    try:
        return asyncio.run(_run(arguments.command, settings, arguments))
    except KeyboardInterrupt:
        return 130
    except SettingsError as error:
        print(f"kindling: configuration error: {error}", file=sys.stderr)
        return 2


async def _run(command: str, settings: Settings, arguments: argparse.Namespace) -> int:
    if command == "commands":
        print(markdown(registry()), end="")
        return 0
    if command == "migrate":
        await wiring.migrate(settings)
        return 0
    if command == "doctor":
        from kindling_cli.doctor.run import doctor

        return await doctor(settings)
    if command == "healthcheck":
        from kindling_cli.healthcheck import healthcheck

        return await healthcheck(settings)
    if command == "members":
        if not (settings.slack_configured or settings.discord_configured):
            raise SettingsError(
                "KINDLING_SLACK_BOT_TOKEN or KINDLING_DISCORD_TOKEN: required to list members"
            )
        from kindling_cli.members import members_sync

        return await members_sync(settings, platform=arguments.platform, community=arguments.community)
    if command == "discord":
        if not settings.discord_configured:
            raise SettingsError("KINDLING_DISCORD_TOKEN: required to look up the application")
        print(await wiring.discord_invite_url(settings))
        return 0
    if command == "console" or not (
        settings.slack_configured or settings.discord_configured or settings.matrix_configured
    ):
        await wiring.run_console(settings)
        return 0
    await wiring.run_platforms(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
