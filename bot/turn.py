"""A turn: what the core does in answer to one event, for one community, inside one transaction.

`Turns` opens them: it finds the community, gives the turn that community's platform capabilities, commits,
and afterwards raises the signals the turn asks for (messages queued, schedules changed).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.domain.slots import end_of_quiet_hours
from bot.domain.split import split_text
from bot.domain.status import ClaimOutcome
from bot.events import CommunityRef
from bot.i18n import Language, Text, catalog_entry, translate, translate_plural
from bot.i18n.calendar import when
from bot.messages import Destination, Direct, Group, Message, Private
from bot.port import Capabilities, CapabilityBook, capabilities_of
from bot.signals import ScheduleChanges, Wakeup
from bot.storage import claims, communities, direct_days, outbox
from bot.storage.database import Database
from bot.storage.models import Community

#: A command as the catalogs write it (Slack's and Discord's slash command); other platforms' own prefix
#: (`Capabilities.command_prefix`) takes its place in what Kindling sends there.
_SLASH_COMMAND = re.compile(r"(?<![\w/])/kindling\b")
SLASH_PREFIX = "/kindling"
_SHIELDED = "\x00kindling"


@dataclass(slots=True)
class Turn:
    session: AsyncSession
    community: Community
    now: datetime
    capabilities: Capabilities
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

    def when(self, moment: datetime) -> str:
        """A moment as this community reads it: local time, its language, the year when not this year's."""
        return when(moment, language=self.language, zone=self.zone, now=self.now)

    def text(self, key: Text, /, **values: object) -> str:
        return self._written_here(lambda filled: translate(self.language, key, **filled), values)

    def plural(self, key: Text, count: int, /, **values: object) -> str:
        """A text whose words follow `count` (one reply, two replies)."""
        return self._written_here(
            lambda filled: translate_plural(self.language, key, count, **filled), values
        )

    def template(self, key: Text) -> str:
        return self._commands_here(catalog_entry(self.language, key))

    def command(self, words: str) -> str:
        """A command as members write it on this platform: `/kindling goal`, or `!kindling goal` on Matrix."""
        return f"{self.capabilities.command_prefix} {words}"

    def _written_here(self, fill: Callable[[Mapping[str, object]], str], values: Mapping[str, object]) -> str:
        """The catalog's commands with this platform's prefix; a value (a member's words) keeps any
        `/kindling` it holds, shielded while the filled text is rewritten."""
        if self.capabilities.command_prefix == SLASH_PREFIX:
            return fill(values)
        shielded = {name: str(value).replace(SLASH_PREFIX, _SHIELDED) for name, value in values.items()}
        return self._commands_here(fill(shielded)).replace(_SHIELDED, SLASH_PREFIX)

    def _commands_here(self, text: str) -> str:
        if self.capabilities.command_prefix == SLASH_PREFIX:
            return text
        return _SLASH_COMMAND.sub(self.capabilities.command_prefix, text)

    async def claim(
        self, *, kind: str, slot_at: datetime, subject: str = "", outcome: ClaimOutcome = ClaimOutcome.DONE
    ) -> bool:
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

    def privately(self, *, member_id: str, channel_id: str, reply_token: str | None) -> Destination:
        """Where an answer only the asker should see goes: ephemeral in their channel where the platform
        has that, else their DM."""
        if self.capabilities.ephemeral_replies:
            return Private(member_id, channel_id, reply_token)
        return Direct(member_id)

    async def send(
        self,
        *,
        to: Destination,
        message: Message,
        key: str | None = None,
        proactive: bool = False,
        answering: bool = False,
    ) -> None:
        """Queue `message` in the outbox, in this turn's transaction. A `key` derived from the cause makes
        a replayed event harmless; without one the message is unique. A `proactive` message (one nobody
        just asked for) waits for the end of the community's quiet hours. A text longer than the platform
        takes goes out as several messages, split between lines; buttons and files go with the last.
        A DM that is not `answering` what the member just did (a command, a click, a vote) counts towards
        the member's unasked DMs of the week (bot.services.attention)."""
        not_before = self.now
        if proactive:
            not_before = end_of_quiet_hours(
                self.now,
                zone=self.zone,
                start=time.fromisoformat(self.community.quiet_start),
                end=time.fromisoformat(self.community.quiet_end),
            )
        base = key or f"once:{uuid.uuid4().hex}"
        parts = split_text(message.text, self.capabilities.limits.message_length)
        # The last part keeps the key (an edit refers to it) and carries the buttons, poll and files.
        queued = [
            outbox.QueuedMessage(f"{base}:part{number}", to, Message(part))
            for number, part in enumerate(parts[:-1], start=1)
        ]
        queued.append(outbox.QueuedMessage(base, to, _with_text(message, parts[-1])))
        added = await outbox.enqueue_many(
            self.session, community=self.community, queued=queued, now=self.now, not_before=not_before
        )
        self.queued += added
        if added and not answering:
            await self._count_direct(to)

    async def _count_direct(self, to: Destination) -> None:
        """Unasked DMs are counted per member and local day, so optional ones go to someone with room."""
        recipients = (
            (to.member_id,) if isinstance(to, Direct) else to.member_ids if isinstance(to, Group) else ()
        )
        day = self.now.astimezone(self.zone).date()
        for member_id in recipients:
            await direct_days.count(
                self.session, community_id=self.community.id, member_id=member_id, day=day
            )

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


def _with_text(message: Message, text: str) -> Message:
    return Message(
        text, buttons=message.buttons, poll=message.poll, attachments=message.attachments, event=message.event
    )


class Turns:
    """Opens turns: one transaction each, with the community's capabilities; signals after the commit."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        capabilities: CapabilityBook,
        wakeup: Wakeup,
        schedule_changes: ScheduleChanges,
        default_language: str = "en",
        owner: str = "kindling",
    ) -> None:
        self.database = database
        self.clock = clock
        self.capabilities = capabilities
        self.wakeup = wakeup
        self.schedule_changes = schedule_changes
        self.default_language = default_language
        self.owner = owner

    def _turn(self, session: AsyncSession, community: Community, now: datetime) -> Turn:
        return Turn(
            session=session,
            community=community,
            now=now,
            capabilities=capabilities_of(self.capabilities, community.platform),
            owner=self.owner,
        )

    @asynccontextmanager
    async def of_community(
        self, community_id: int, *, now: datetime | None = None
    ) -> AsyncIterator[Turn | None]:
        """A turn for a community Kindling knows by its row id (None when it is gone)."""
        async with self.database.transaction() as session:
            community = await session.get(Community, community_id)
            turn = None if community is None else self._turn(session, community, now or self.clock.now())
            yield turn
        if turn is not None:
            self._signal(turn)

    @asynccontextmanager
    async def meeting(self, ref: CommunityRef, *, lock: bool = False) -> AsyncIterator[tuple[Turn, bool]]:
        """A turn for the community a platform names, created the first time Kindling meets it; with
        whether it is new. `lock` takes the community row's lock (PostgreSQL) for decisions two replicas
        must not both make."""
        async with self.database.transaction() as session:
            now = self.clock.now()
            known = await communities.find(session, ref, lock=lock)
            community = known or await communities.get_or_create(
                session, ref=ref, now=now, language=self.default_language, lock=lock
            )
            turn = self._turn(session, community, now)
            yield turn, known is None
        self._signal(turn)

    def _signal(self, turn: Turn) -> None:
        if turn.queued:
            self.wakeup.set()
        if turn.schedules_changed:
            self.schedule_changes.changed(turn.community.id)
