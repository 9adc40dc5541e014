"""The command reference as Markdown, from the registry: the README's command list is this text, and a
test fails when they differ, so the README cannot drift from what Kindling understands."""

from __future__ import annotations

from bot.feature import Step
from bot.features.overview.help import STEP_TITLES
from bot.i18n import Language, translate
from bot.registry import Registry

WHO = {"anyone": "everyone", "ambassador": "ambassadors, organisers", "organiser": "organisers"}


def markdown(registry: Registry, *, language: Language = "en") -> str:
    lines: list[str] = []
    for step in Step:
        commands = [command for command in registry.commands if command.step == step]
        if not commands:
            continue
        title = translate(language, STEP_TITLES[step]).strip("*")
        lines += ["", f"#### {title}", "", "| command | example | what it does | who |", "|---|---|---|---|"]
        for command in commands:
            usage = translate(language, command.usage).replace("|", "\\|")
            example = translate(language, command.example).replace("|", "\\|")
            summary = translate(language, command.summary).replace("|", "\\|")
            lines.append(f"| `{usage}` | `/kindling {example}` | {summary} | {WHO[command.permission]} |")
    return "\n".join(lines).strip() + "\n"
