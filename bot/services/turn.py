"""A turn: what the core does in answer to one event, for one community, inside one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.slots import end_of_quiet_hours
from bot.i18n import Language, Text, catalog_entry, translate
from bot.messages import Destination, Message
from bot.storage import claims, outbox
from bot.storage.models import Community


@dataclass(slots=True)
class Turn:
    session: AsyncSession
    community: Community
    now: datetime
    queued: int = field(default=0)
    #: Set when this turn changed a schedule, so the scheduler re-derives its jobs after the commit.
    schedules_changed: bool = field(default=False)
    #: Who claims scheduled slots in this turn (host and process), for the record.
    owner: str = field(default="kindling")

    @property
    def language(self) -> Language:
        return cast(Language, self.community.language)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.community.timezone)

    def text(self, key: Text, /, **values: object) -> str:
        return translate(self.language, key, **values)

    async def claim(self, *, kind: str, slot_at: datetime, subject: str = "", outcome: str = "done") -> bool:
        """Take a scheduled slot for this community; False when someone (a replica, a restart) already did."""
        return await claims.claim(
            self.session,
            community_id=self.community.id,
            kind=kind,
            subject=subject,
            slot_at=slot_at,
            now=self.now,
            owner=self.owner,
            outcome=outcome,
        )

    def template(self, key: Text) -> str:
        return catalog_entry(self.language, key)

    async def send(
        self, *, to: Destination, message: Message, key: str | None = None, proactive: bool = False
    ) -> None:
        """Queue `message` in the outbox, in this turn's transaction. A `key` derived from the cause makes
        a replayed event harmless; without one the message is unique. A `proactive` message (one nobody
        just asked for) waits for the end of the community's quiet hours."""
        not_before = self.now
        if proactive:
            not_before = end_of_quiet_hours(
                self.now,
                zone=self.zone,
                start=time.fromisoformat(self.community.quiet_start),
                end=time.fromisoformat(self.community.quiet_end),
            )
        added = await outbox.enqueue(
            self.session,
            community=self.community,
            queued=outbox.QueuedMessage(
                key=key or f"once:{uuid.uuid4().hex}", destination=to, message=message
            ),
            now=self.now,
            not_before=not_before,
        )
        self.queued += int(added)

    async def send_latest(self, *, key: str, to: Destination, message: Message) -> None:
        """Queue `message` under `key`, replacing what was queued or sent under it before: for messages of
        which only the newest version matters (a poll's live counts), so a burst makes one send."""
        await outbox.enqueue_latest(
            self.session,
            community=self.community,
            queued=outbox.QueuedMessage(key=key, destination=to, message=message),
            now=self.now,
        )
        self.queued += 1
