"""A core `Message` as Discord send arguments: content, a view of persistent buttons, a native poll, files."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from datetime import timedelta

import discord

from adapters.discord.buttons import CUSTOM_ID_LIMIT, button_item, custom_id
from bot.messages import Attachment, Message, PollSpec
from bot.port import DeliveryError

log = logging.getLogger(__name__)

CONTENT_LIMIT = 2000
#: A link to a post (`bot.messages.post_link`): Discord's message link.
_POST = re.compile(r"<post:([0-9]+):([0-9]+)>")
BUTTONS_LIMIT = 25  # five rows of five
POLL_ANSWERS_LIMIT = 10
POLL_HOURS_LIMIT = 768  # 32 days
POLL_QUESTION_LIMIT = 300
POLL_ANSWER_LIMIT = 55
ATTACHMENTS_LIMIT = 10


@dataclass(frozen=True, slots=True)
class Rendered:
    content: str | None
    view: discord.ui.View | None
    poll: discord.Poll | None
    attachments: tuple[Attachment, ...] = ()

    def files(self) -> list[discord.File]:
        """Fresh `discord.File`s for one send: discord.py closes them once the request is done."""
        return [discord.File(io.BytesIO(a.data), filename=a.filename) for a in self.attachments]


def render(message: Message, *, guild_id: str) -> Rendered:
    """Raises a non-retryable `DeliveryError` for what Discord can never accept (too many buttons or poll
    answers, more than ten files, a custom id over 100 characters): sending it again cannot help."""
    content = _POST.sub(rf"https://discord.com/channels/{guild_id}/\1/\2", message.text) or None
    if content is not None and len(content) > CONTENT_LIMIT:
        log.warning("message of %s characters shortened to Discord's %s", len(content), CONTENT_LIMIT)
        content = content[: CONTENT_LIMIT - 1] + "…"
    if len(message.attachments) > ATTACHMENTS_LIMIT:
        raise DeliveryError(
            f"{len(message.attachments)} files: Discord allows {ATTACHMENTS_LIMIT}", retryable=False
        )
    return Rendered(
        content=content,
        view=_view(message, guild_id),
        poll=_poll(message.poll),
        attachments=message.attachments,
    )


def _view(message: Message, guild_id: str) -> discord.ui.View | None:
    if not message.buttons:
        return None
    if len(message.buttons) > BUTTONS_LIMIT:
        raise DeliveryError(
            f"{len(message.buttons)} buttons: Discord allows {BUTTONS_LIMIT}", retryable=False
        )
    view = discord.ui.View(timeout=None)
    for button in message.buttons:
        raw = custom_id(action_id=button.action_id, guild_id=guild_id, value=button.value)
        if len(raw) > CUSTOM_ID_LIMIT:
            raise DeliveryError(
                f"custom id {raw[:40]}... is over {CUSTOM_ID_LIMIT} characters", retryable=False
            )
        view.add_item(button_item(button, guild_id=guild_id))
    return view


def _poll(spec: PollSpec | None) -> discord.Poll | None:
    if spec is None:
        return None
    if not 1 <= len(spec.options) <= POLL_ANSWERS_LIMIT:
        raise DeliveryError(
            f"a poll with {len(spec.options)} answers: Discord allows 1 to {POLL_ANSWERS_LIMIT}",
            retryable=False,
        )
    hours = min(max(spec.duration_hours, 1), POLL_HOURS_LIMIT)
    poll = discord.Poll(
        question=spec.question[:POLL_QUESTION_LIMIT], duration=timedelta(hours=hours), multiple=spec.multiple
    )
    for option in spec.options:
        poll.add_answer(text=option[:POLL_ANSWER_LIMIT])
    return poll
