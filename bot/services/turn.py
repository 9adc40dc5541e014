"""A turn: what the core does in answer to one event, for one community, inside one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Language, Text, catalog_entry, translate
from bot.messages import Destination, Message
from bot.storage import outbox
from bot.storage.models import Community


@dataclass(slots=True)
class Turn:
    session: AsyncSession
    community: Community
    now: datetime
    queued: int = field(default=0)

    @property
    def language(self) -> Language:
        return cast(Language, self.community.language)

    def text(self, key: Text, /, **values: object) -> str:
        return translate(self.language, key, **values)

    def template(self, key: Text) -> str:
        return catalog_entry(self.language, key)

    async def send(self, *, to: Destination, message: Message, key: str | None = None) -> None:
        """Queue `message` in the outbox, in this turn's transaction. A `key` derived from the cause makes
        a replayed event harmless; without one the message is unique."""
        added = await outbox.enqueue(
            self.session,
            community=self.community,
            queued=outbox.QueuedMessage(
                key=key or f"once:{uuid.uuid4().hex}", destination=to, message=message
            ),
            now=self.now,
        )
        self.queued += int(added)
