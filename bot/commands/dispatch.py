"""From a command line to the feature that carries it out: match, parse, check permission, run; the answer
goes to the asker privately. A refusal changes nothing: every check comes before any write."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from bot.commands.parsing import ParseError
from bot.events import ButtonClicked, CommandInvoked
from bot.feature import Command, Invocation, Permission
from bot.i18n import Text
from bot.messages import Message
from bot.registry import Registry
from bot.storage import roles
from bot.turn import Turn


async def invocation(
    *,
    turn: Turn,
    registry: Registry,
    event: CommandInvoked | ButtonClicked,
) -> Invocation:
    """The asker with what they may do here: one roles query per command or click."""
    held = await roles.of_member(
        turn.session, community_id=turn.community.id, member_id=event.member.external_id
    )
    rank: Permission = (
        "organiser"
        if event.invoker_is_admin or "organiser" in held
        else "ambassador"
        if "ambassador" in held
        else "anyone"
    )
    return Invocation(
        turn=turn,
        registry=registry,
        member=event.member,
        channel_id=event.channel_id,
        reply_token=event.reply_token,
        platform_admin=event.invoker_is_admin,
        rank=rank,
    )


async def run_command(*, turn: Turn, registry: Registry, event: CommandInvoked) -> None:
    asker = await invocation(turn=turn, registry=registry, event=event)
    reply = await answer(asker, event.text)
    await turn.send(to=asker.privately, message=reply, answering=True)


async def answer(asker: Invocation, text: str) -> Message:
    turn = asker.turn
    found = asker.registry.match(text)
    if found is None:
        return Message(_unknown(asker, text))
    command, typed = found.command, found.typed
    if not found.fits:
        error = ParseError.unexpected(found.rest) if found.rest else ParseError.missing()
        return Message(
            _explain(turn, command, typed, error, alternatives=asker.registry.named(typed.split()))
        )
    parsed = command.parse(found.rest)
    if isinstance(parsed, ParseError):
        return Message(_explain(turn, command, typed, parsed))
    if not asker.may(command.permission):
        refusal = Text.ORGANISERS_ONLY if command.permission == "organiser" else Text.AMBASSADORS_ONLY
        return Message(turn.text(refusal, command=typed))
    return await command.run(asker, parsed)


def _unknown(asker: Invocation, text: str) -> str:
    word = text.strip().split(" ", 1)[0][:40]
    close = difflib.get_close_matches(word.lower(), sorted(asker.registry.known_words()), n=1, cutoff=0.7)
    if close:
        return asker.turn.text(Text.UNKNOWN_COMMAND_SUGGEST, command=word, suggestion=close[0])
    return asker.turn.text(Text.UNKNOWN_COMMAND, command=word)


def _explain(
    turn: Turn,
    command: Command[object],
    typed: str,
    error: ParseError,
    *,
    alternatives: Sequence[Command[object]] = (),
) -> str:
    """Why the text does not fit, with the usage of the command (or of every command starting with the
    words typed, when none of them fits)."""
    if error.key is not None:
        return turn.text(error.key, **error.values)
    usage = ", ".join(turn.command(turn.text(each.usage)) for each in (alternatives or (command,)))
    if error.kind == "unexpected":
        return turn.text(Text.UNEXPECTED_ARGUMENT, command=typed, usage=usage, **error.values)
    return turn.text(Text.MISSING_ARGUMENT, command=typed, usage=usage)
