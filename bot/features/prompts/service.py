"""The prompt bank: the organisers' own prompts first, then Kindling's defaults in the community language."""

from __future__ import annotations

from bot.feature import Invocation
from bot.i18n import Text
from bot.i18n.prompts import DEFAULT_PROMPTS
from bot.messages import Message
from bot.storage import prompts
from bot.turn import Turn

MAX_PROMPT_LENGTH = 500


async def next_prompt(*, turn: Turn) -> str:
    """The organisers' own prompts first, each once, oldest first; then Kindling's defaults round and round.
    The cursor counts defaults only, so adding an own prompt never makes a default come twice."""
    own = await prompts.take_unused(turn.session, community_id=turn.community.id, now=turn.now)
    if own is not None:
        return own
    prompt = turn.text(DEFAULT_PROMPTS[turn.community.prompt_cursor % len(DEFAULT_PROMPTS)])
    turn.community.prompt_cursor += 1
    return prompt


async def add_prompt(asker: Invocation, text: str) -> Message:
    turn = asker.turn
    if len(text) > MAX_PROMPT_LENGTH:
        return Message(
            turn.plural(Text.PROMPT_TOO_LONG, len(text), length=len(text), limit=MAX_PROMPT_LENGTH)
        )
    count = await prompts.add(
        turn.session, community_id=turn.community.id, text=text, author_id=asker.member_id, now=turn.now
    )
    return Message(turn.plural(Text.PROMPT_ADDED, count, count=count))
