"""The prompt bank: Kindling's default prompts in the community's language, plus the organisers' own."""

from __future__ import annotations

import sqlalchemy as sa

from bot.i18n import Text
from bot.i18n.prompts import DEFAULT_PROMPTS
from bot.messages import Message
from bot.services.turn import Turn
from bot.storage.models import Prompt

MAX_PROMPT_LENGTH = 500


async def _own_prompts(turn: Turn) -> list[str]:
    rows = await turn.session.scalars(
        sa.select(Prompt.text).where(Prompt.community_id == turn.community.id).order_by(Prompt.id)
    )
    return list(rows.all())


async def next_prompt(*, turn: Turn) -> str:
    """The organisers' own prompts first, then the default bank, round and round."""
    bank = [*await _own_prompts(turn), *DEFAULT_PROMPTS[turn.language]]
    prompt = bank[turn.community.prompt_cursor % len(bank)]
    turn.community.prompt_cursor += 1
    return prompt


async def add_prompt(*, turn: Turn, text: str, author_id: str) -> Message:
    if len(text) > MAX_PROMPT_LENGTH:
        return Message(turn.text(Text.PROMPT_TOO_LONG, length=len(text), limit=MAX_PROMPT_LENGTH))
    turn.session.add(
        Prompt(community_id=turn.community.id, text=text, created_by=author_id, created_at=turn.now)
    )
    await turn.session.flush()
    return Message(turn.text(Text.PROMPT_ADDED, count=len(await _own_prompts(turn))))
