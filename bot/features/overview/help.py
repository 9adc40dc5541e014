"""`/kindling help`: every command the asker may use, grouped by the method's steps, each with an example;
`/kindling help <command>` explains one command (or every command starting with those words)."""

from __future__ import annotations

from bot.feature import Command, Invocation, Step
from bot.i18n import Text
from bot.messages import Message

STEP_TITLES: dict[Step, Text] = {
    Step.START: Text.HELP_STEP_START,
    Step.GOAL: Text.HELP_STEP_GOAL,
    Step.AMBASSADORS: Text.HELP_STEP_AMBASSADORS,
    Step.SHARING: Text.HELP_STEP_SHARING,
    Step.CONTENT: Text.HELP_STEP_CONTENT,
    Step.MEETING: Text.HELP_STEP_MEETING,
    Step.PATIENCE: Text.HELP_STEP_PATIENCE,
    Step.DATA: Text.HELP_STEP_DATA,
}


def listing_line(asker: Invocation, command: Command[object]) -> str:
    turn = asker.turn
    return turn.text(
        Text.HELP_LINE, summary=turn.text(command.summary), example=turn.command(turn.text(command.example))
    )


async def show_help(asker: Invocation, words: tuple[str, ...]) -> Message:
    turn = asker.turn
    if words:
        return _explain(asker, words)
    lines = [turn.text(Text.HELP_TITLE)]
    for step in Step:
        usable = [
            command
            for command in asker.registry.commands
            if command.step == step and asker.may(command.permission)
        ]
        if usable:
            lines.append("")
            lines.append(turn.text(STEP_TITLES[step]))
            lines += [listing_line(asker, command) for command in usable]
    return Message("\n".join(lines))


def _explain(asker: Invocation, words: tuple[str, ...]) -> Message:
    turn = asker.turn
    found = asker.registry.named(words)
    if not found:
        return Message(turn.text(Text.HELP_UNKNOWN, command=" ".join(words)[:40]))
    blocks = []
    for command in found:
        block = [
            turn.command(turn.text(command.usage)),
            turn.text(command.summary),
            turn.text(Text.HELP_EXAMPLE, example=turn.command(turn.text(command.example))),
        ]
        if not asker.may(command.permission):
            who = Text.HELP_FOR_ORGANISERS if command.permission == "organiser" else Text.HELP_FOR_AMBASSADORS
            block.append(turn.text(who))
        blocks.append("\n".join(block))
    return Message("\n\n".join(blocks))
