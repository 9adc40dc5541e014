"""The outbox: written with the change that caused it, delivered once accepted, retried with backoff,
dead-lettered after too many failures, and never lost when a worker dies mid-send."""

from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa

from bot.clock import ManualClock
from bot.events import CommunityRef, MemberJoined, Person
from bot.messages import Message
from bot.outbox_worker import OutboxWorker
from bot.port import Capabilities, Delivered, DeliveryError
from bot.storage import outbox
from bot.storage.database import Database
from bot.storage.models import OutboxMessage
from tests.support.core import test_core

COMMUNITY = CommunityRef("console", "c1", "Test", "home")


class FlakyPlatform:
    """A stand-in for the far side of the port (the chat platform), failing the first `failures` sends."""

    capabilities = Capabilities(
        ephemeral_replies=True, threads=True, native_polls=False, group_direct_messages=False
    )

    def __init__(self, failures: int = 0, retryable: bool = True) -> None:
        self.failures = failures
        self.retryable = retryable
        self.delivered: list[tuple[str, str]] = []

    async def send_direct(
        self, *, community_id: str, member_id: str, message: Message, key: str
    ) -> Delivered:
        if self.failures:
            self.failures -= 1
            raise DeliveryError("platform said no", retryable=self.retryable)
        self.delivered.append((member_id, key))
        return Delivered(channel_id=f"D-{member_id}", message_id=str(len(self.delivered)))

    async def post_in_channel(
        self, *, community_id: str, channel_id: str, thread_id: str | None, message: Message, key: str
    ) -> Delivered:
        raise AssertionError("not used here")

    async def reply_privately(
        self,
        *,
        community_id: str,
        member_id: str,
        channel_id: str,
        reply_token: str | None,
        message: Message,
        key: str,
    ) -> Delivered:
        raise AssertionError("not used here")


async def _seed_welcome(database: Database, clock: ManualClock) -> None:
    kindling = test_core(database, clock).kindling
    await kindling.grant_organiser(community=COMMUNITY, person=Person("ann", "ann"))
    async with database.transaction() as session:
        from bot.storage.models import Community

        community = await session.scalar(sa.select(Community))
        assert community is not None
        community.goal = "Learn together."
    await kindling.handle(MemberJoined(COMMUNITY, Person("bob", "bob")))


async def _statuses(database: Database) -> list[tuple[str, int]]:
    async with database.transaction() as session:
        rows = await session.execute(
            sa.select(OutboxMessage.status, OutboxMessage.attempts).order_by(OutboxMessage.id)
        )
        return [(status, attempts) for status, attempts in rows]


def _worker(
    database: Database, clock: ManualClock, chat: FlakyPlatform, max_attempts: int = 8
) -> OutboxWorker:
    core = test_core(database, clock)
    return OutboxWorker(
        turns=core.turns,
        platform_name="console",
        chat=chat,
        clock=clock,
        wakeup=core.wakeup,
        max_attempts=max_attempts,
        rng=random.Random(7),
    )


async def test_queued_with_the_state_change_and_delivered_once(
    database: Database, clock: ManualClock
) -> None:
    await _seed_welcome(database, clock)
    assert await _statuses(database) == [("pending", 0), ("pending", 0)]
    chat = FlakyPlatform()
    worker = _worker(database, clock, chat)
    await worker.run_until_idle()
    await worker.run_until_idle()
    assert [member for member, _ in chat.delivered] == ["bob", "ann"]
    assert await _statuses(database) == [("sent", 1), ("sent", 1)]


async def test_a_replayed_event_queues_nothing_new(database: Database, clock: ManualClock) -> None:
    await _seed_welcome(database, clock)
    await test_core(database, clock).kindling.handle(MemberJoined(COMMUNITY, Person("bob", "bob")))
    assert len(await _statuses(database)) == 2


async def test_failures_back_off_then_succeed(database: Database, clock: ManualClock) -> None:
    await _seed_welcome(database, clock)
    chat = FlakyPlatform(failures=2)
    worker = _worker(database, clock, chat)
    await worker.run_until_idle()
    assert chat.delivered == []
    assert await _statuses(database) == [("pending", 1), ("pending", 1)]
    await worker.run_until_idle()
    assert chat.delivered == []  # not due again until the backoff has passed
    clock.advance(timedelta(seconds=5))  # the first backoff is 1 to 2 seconds
    await worker.run_until_idle()
    assert sorted(chat.delivered) == [("ann", "welcome:1:greeter"), ("bob", "welcome:1:newcomer")]
    assert await _statuses(database) == [("sent", 2), ("sent", 2)]


async def test_dead_letter_after_max_attempts_or_a_final_refusal(
    database: Database, clock: ManualClock
) -> None:
    await _seed_welcome(database, clock)
    worker = _worker(database, clock, FlakyPlatform(failures=100), max_attempts=3)
    for _ in range(5):
        await worker.run_until_idle()
        clock.advance(timedelta(hours=1))
    statuses = await _statuses(database)
    assert statuses[:2] == [("dead", 3), ("dead", 3)]
    # The organiser is told about bob's lost welcome; the notice to ann herself (also dead) is not announced
    # again, and since everything fails here the notice for bob's message dies too, without a loop.
    async with database.transaction() as session:
        keys = list(await session.scalars(sa.select(OutboxMessage.key).order_by(OutboxMessage.id)))
    assert keys[2:] == ["deadletter:welcome:1:newcomer:ann", "deadletter:welcome:1:greeter:ann"]

    async with database.transaction() as session:
        await session.execute(sa.delete(OutboxMessage).where(OutboxMessage.key.like("deadletter:%")))
        await session.execute(sa.update(OutboxMessage).values(status="pending", attempts=0))
    chat = FlakyPlatform(failures=1, retryable=False)
    await _worker(database, clock, chat).run_until_idle()
    assert (await _statuses(database))[0] == ("dead", 1)
    [notice] = [key for _, key in chat.delivered if key.startswith("deadletter:")]
    assert notice == "deadletter:welcome:1:newcomer:ann"


async def test_a_worker_that_dies_mid_send_leaves_the_message_for_another(
    database: Database, clock: ManualClock
) -> None:
    await _seed_welcome(database, clock)
    # A worker claims the batch and dies before sending: the rows stay claimed under its lease.
    async with database.transaction() as session:
        claimed = await outbox.claim_due(
            session, platform="console", now=clock.now(), limit=10, skip_locked=False
        )
        assert len(claimed) == 2
    chat = FlakyPlatform()
    worker = _worker(database, clock, chat)
    await worker.run_until_idle()
    assert chat.delivered == []  # the lease still holds
    clock.advance(outbox.LEASE + timedelta(seconds=1))
    await worker.run_until_idle()
    assert sorted(member for member, _ in chat.delivered) == ["ann", "bob"]


class RememberingPlatform(FlakyPlatform):
    """A platform that remembers keys it accepted (as Slack does in message metadata) but whose answer can
    be lost on the way back, like a connection that drops after the send."""

    def __init__(self) -> None:
        super().__init__()
        self.lose_answers = 1
        self.lookups = 0

    async def send_direct(
        self, *, community_id: str, member_id: str, message: Message, key: str
    ) -> Delivered:
        delivered = await super().send_direct(
            community_id=community_id, member_id=member_id, message=message, key=key
        )
        if self.lose_answers:
            self.lose_answers -= 1
            raise DeliveryError("connection dropped after sending")
        return delivered

    async def find_delivered(self, *, community_id: str, destination: object, key: str) -> Delivered | None:
        self.lookups += 1
        return Delivered(channel_id="found") if any(k == key for _, k in self.delivered) else None


async def test_an_interrupted_send_is_found_not_repeated(database: Database, clock: ManualClock) -> None:
    await _seed_welcome(database, clock)
    chat = RememberingPlatform()
    worker = _worker(database, clock, chat)
    await worker.run_until_idle()
    clock.advance(timedelta(minutes=1))
    await worker.run_until_idle()
    assert [member for member, _ in chat.delivered] == ["bob", "ann"]  # bob's welcome went out once
    assert chat.lookups == 1
    assert await _statuses(database) == [("sent", 2), ("sent", 1)]
