"""Delivers the outbox: claim due messages, send each through the platform port, record the outcome.

A message is marked sent only after the platform accepted it, so a crash in between means it is tried again
(its lease runs out), never lost. Failures back off exponentially with jitter; after `max_attempts` the
message is dead-lettered and stays in the table for an organiser or operator to see. When the platform says
why a message can never be delivered and a feature has a way around it (`Feature.undelivered`: a welcome
whose newcomer has closed direct messages goes to the home channel), that feature decides instead.
"""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import timedelta

from bot.clock import Clock
from bot.domain.status import OutboxStatus
from bot.messages import (
    Calendar,
    CalendarChange,
    Direct,
    Edit,
    Group,
    InChannel,
    Message,
    Private,
    destination_from_json,
    message_from_json,
)
from bot.port import (
    ChatPlatform,
    ClosesPolls,
    Delivered,
    DeliveryError,
    EditsMessages,
    FindsDelivered,
    SchedulesEvents,
    SendsGroupMessages,
    Undeliverable,
)
from bot.registry import Registry
from bot.services import dead_letters
from bot.signals import Wakeup
from bot.storage import communities, deliveries, outbox
from bot.storage.models import OutboxMessage
from bot.turn import Turns

log = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(seconds=2)
BACKOFF_CAP = timedelta(minutes=15)
#: How long an edit waits for the message it edits to go out first (seconds).
EDIT_WAIT = 5.0


class OutboxWorker:
    def __init__(
        self,
        *,
        turns: Turns,
        platform_name: str,
        chat: ChatPlatform,
        clock: Clock,
        wakeup: Wakeup,
        max_attempts: int = 8,
        lease: timedelta = outbox.LEASE,
        batch_size: int = 20,
        poll_interval: float = 1.0,
        rng: random.Random | None = None,
        registry: Registry | None = None,
    ) -> None:
        self.turns = turns
        self.registry = registry
        self.database = turns.database
        self.platform_name = platform_name
        self.chat = chat
        self.clock = clock
        self.max_attempts = max_attempts
        self.lease = lease
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self._rng = rng or random.Random()
        self._wakeup = wakeup
        self._wake = wakeup.listener()

    def wake(self) -> None:
        self._wake.set()

    async def deliver_due(self) -> int:
        """Deliver one batch of due messages; returns how many were attempted."""
        async with self.database.transaction() as session:
            claimed = await outbox.claim_due(
                session,
                platform=self.platform_name,
                now=self.clock.now(),
                limit=self.batch_size,
                skip_locked=not self.database.is_sqlite,
                lease=self.lease,
            )
            external_ids = await communities.external_ids(session, ids={row.community_id for row in claimed})
        for row in claimed:
            await self._deliver(row, external_ids.get(row.community_id, ""))
        return len(claimed)

    async def run_until_idle(self, *, max_batches: int = 1000) -> None:
        """Deliver until nothing is due (the console and tests use this between inputs)."""
        for _ in range(max_batches):
            if await self.deliver_due() == 0:
                return

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set, waking early whenever the core queues something."""
        while not stop.is_set():
            try:
                delivered = await self.deliver_due()
            except Exception:
                log.exception("outbox batch failed; retrying after a pause")
                delivered = 0
            if delivered:
                continue
            self._wake.clear()
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            _, pending = await asyncio.wait(
                waiters, timeout=self.poll_interval, return_when=asyncio.FIRST_COMPLETED
            )
            for waiter in pending:
                waiter.cancel()

    async def _deliver(self, row: OutboxMessage, community_external_id: str) -> None:
        try:
            delivered = await self._send(row, community_external_id)
        except DeliveryError as error:
            await self._failed(
                row, str(error), retryable=error.retryable, retry_after=error.retry_after, reason=error.reason
            )
            return
        except Exception as error:  # an adapter bug or an unexpected library error: retry, then dead-letter
            log.exception("delivering outbox message %s failed", row.id)
            await self._failed(row, f"{type(error).__name__}: {error}", retryable=True, retry_after=None)
            return
        async with self.database.transaction() as session:
            await outbox.mark_sent(
                session,
                row=row,
                now=self.clock.now(),
                channel_id=delivered.channel_id if delivered is not None else None,
                message_id=delivered.message_id if delivered is not None else None,
            )

    async def _send(self, row: OutboxMessage, community_id: str) -> Delivered | None:
        """What the platform answered; None when there was nothing to post (an edit, or a calendar or an
        edit this platform does not have: the core does not queue those, but rows from before may)."""
        destination = destination_from_json(row.destination)
        message = message_from_json(row.message)
        if isinstance(destination, Edit):
            await self._edit(community_id, destination, message, row.key)
            return None
        if isinstance(destination, Calendar):
            if not isinstance(self.chat, SchedulesEvents) or message.event is None:
                return None
            return await self.chat.create_event(community_id=community_id, event=message.event, key=row.key)
        if isinstance(destination, CalendarChange):
            await self._change_event(community_id, destination, message)
            return None
        if row.attempts > 1 and isinstance(self.chat, FindsDelivered):
            # An earlier attempt may have reached the platform before its worker died or timed out.
            already = await self.chat.find_delivered(
                community_id=community_id, destination=destination, key=row.key
            )
            if already is not None:
                log.info("outbox message %s was already delivered; not sending it again", row.id)
                return already
        match destination:
            case Direct(member_id=member_id):
                return await self.chat.send_direct(
                    community_id=community_id, member_id=member_id, message=message, key=row.key
                )
            case InChannel(channel_id=channel_id, thread_id=thread_id):
                return await self.chat.post_in_channel(
                    community_id=community_id,
                    channel_id=channel_id,
                    thread_id=thread_id,
                    message=message,
                    key=row.key,
                )
            case Group(member_ids=member_ids):
                return await self._send_group(community_id, member_ids, message, row.key)
            case Private(member_id=member_id, channel_id=channel_id, reply_token=reply_token):
                return await self.chat.reply_privately(
                    community_id=community_id,
                    member_id=member_id,
                    channel_id=channel_id,
                    reply_token=reply_token,
                    message=message,
                    key=row.key,
                )

    async def _edit(self, community_id: str, edit: Edit, message: Message, key: str) -> None:
        """Replace the message sent under `of_key`, or end the native poll it is (`ends_poll`). Both are
        repeatable (an end is keyed by its own outbox key), so unlike a send they need no look-up before a
        retry; neither records a delivery of its own: the original keeps its place."""
        if not isinstance(self.chat, ClosesPolls if edit.ends_poll else EditsMessages):
            return
        where = await self._delivered_under(edit.of_key)
        if where is None:
            return
        channel_id, message_id = where
        if edit.ends_poll and isinstance(self.chat, ClosesPolls):
            await self.chat.close_poll(
                community_id=community_id,
                channel_id=channel_id,
                message_id=message_id,
                message=message,
                key=key,
            )
        elif not edit.ends_poll and isinstance(self.chat, EditsMessages):
            await self.chat.edit_message(
                community_id=community_id, channel_id=channel_id, message_id=message_id, message=message
            )

    async def _change_event(self, community_id: str, change: CalendarChange, message: Message) -> None:
        """Move or cancel the event made under `change.of_key`, once it exists; like an edit, repeatable."""
        if not isinstance(self.chat, SchedulesEvents):
            return
        where = await self._delivered_under(change.of_key)
        if where is None:
            return
        await self.chat.change_event(
            community_id=community_id, event_id=where[1], event=None if change.cancelled else message.event
        )

    async def _delivered_under(self, of_key: str) -> tuple[str, str] | None:
        """(channel id, message id) of what was sent under `of_key`; None when it never will be (never
        queued, or dead); a retry later while it is still on its way."""
        async with self.database.transaction() as session:
            status = await outbox.status_of(session, key=of_key)
            where = await deliveries.of_key(session, key=of_key)
        if status is None or status == OutboxStatus.DEAD:
            log.info("nothing to change under %s: it was never delivered", of_key)
            return None
        if where is None or where.message_id is None:
            raise DeliveryError(f"{of_key} is not delivered yet", retryable=True, retry_after=EDIT_WAIT)
        return where.channel_id or "", where.message_id

    async def _send_group(
        self, community_id: str, member_ids: tuple[str, ...], message: Message, key: str
    ) -> Delivered:
        if not isinstance(self.chat, SendsGroupMessages):
            # The core sends a DM each where the platform has no group DMs; a row from before is refused.
            raise DeliveryError("this platform has no group conversations", retryable=False)
        return await self.chat.send_group(
            community_id=community_id, member_ids=member_ids, message=message, key=key
        )

    async def _failed(
        self,
        row: OutboxMessage,
        error: str,
        *,
        retryable: bool,
        retry_after: float | None,
        reason: Undeliverable | None = None,
    ) -> None:
        give_up = not retryable or row.attempts >= self.max_attempts
        retry_at = None
        if not give_up:
            delay = timedelta(seconds=retry_after) if retry_after is not None else self._backoff(row.attempts)
            retry_at = self.clock.now() + delay
        log.warning(
            "outbox message %s attempt %s failed (%s)%s",
            row.id,
            row.attempts,
            error,
            "; dead-lettered" if give_up else "",
        )
        async with self.turns.of_community(row.community_id) as turn:
            if turn is None:
                return  # the community went, and its outbox with it
            await outbox.mark_failed(turn.session, message_id=row.id, error=error, retry_at=retry_at)
            destination = destination_from_json(row.destination)
            handler = (
                self.registry.undelivered(row.key, reason) if give_up and reason and self.registry else None
            )
            if handler is not None and await handler.run(turn, row.key, destination):
                log.info("outbox message %s: %s, handled by its feature", row.id, reason)
                return
            if give_up:
                await dead_letters.tell_organisers_of(
                    turn=turn,
                    key=row.key,
                    destination=destination,
                    attempts=row.attempts,
                    error=error,
                )

    def _backoff(self, attempts: int) -> timedelta:
        ceiling = min(BACKOFF_CAP, BACKOFF_BASE * (1 << min(max(attempts - 1, 0), 20)))
        # Full jitter (half to all of the ceiling): many failed messages do not retry in lockstep.
        jitter: float = self._rng.uniform(0.5, 1.0)
        return ceiling * jitter
