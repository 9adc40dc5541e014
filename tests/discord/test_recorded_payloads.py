"""Every recorded Discord payload (tests/fixtures/discord), and every variant of it with one field left out or
`null`, sent by the fake gateway to the real discord.py and Kindling's client: no exception escapes, the
connection is never lost, each original becomes its core event, a documented-optional field sent as `null`
is read as absent, every event handed on is well typed, and what is not handed on is logged."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from adapters.discord.client import KindlingClient
from adapters.discord.gateway_guard import OMITTED_WHEN_NULL
from adapters.discord.runtime import build_client
from bot import metrics
from bot.events import Event, MessagePosted
from bot.features import registry
from bot.intake import Intake
from tests.discord.harness import GUILD_COMMANDS, WAIT, settings_for
from tests.fakes.discord_server import FakeDiscord, FakeInteraction
from tests.support.recorded import Variant, attribute, get, load, put, type_problems, variants

HOME = 400_000_000_000_000_001
SCHEDULED_EVENT = 1_349_007_000_000_000_001
RECORDED = load("discord")
_fresh = itertools.count(1_500_000_000_000_000_001)


@dataclass
class Outcome:
    delivered: bool
    events: list[Event] = field(default_factory=list)
    logs: list[logging.LogRecord] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        return [type(e).__name__ for e in self.events]


class Gateway:
    """Kindling's client connected to the fake, handing events to a list instead of the core."""

    client: KindlingClient

    def __init__(self, fake: FakeDiscord, handled: list[Event]) -> None:
        self.fake, self.handled = fake, handled
        self.changed = asyncio.Condition()

    async def record(self, event: Event) -> None:
        self.handled.append(event)
        async with self.changed:
            self.changed.notify_all()

    async def send(self, variant: Variant, caplog: pytest.LogCaptureFixture) -> Outcome:
        recorded, payload = variant.recorded, variant.payload
        fresh = str(next(_fresh))
        if recorded.spec.get("unique"):
            put(payload, recorded.spec["unique"], fresh)
        if recorded.spec["event"] == "INTERACTION_CREATE":
            self._register(payload)
        handled, logged = len(self.handled), len(caplog.records)
        # Discord filters by intent: a vote or reaction outside a guild is a DM one, which Kindling does not
        # subscribe to, so it never arrives.
        delivered = await self.fake.dispatch(recorded.spec["event"], payload) > 0
        await self._settle()
        return Outcome(delivered, self.handled[handled:], caplog.records[logged:])

    def _register(self, payload: dict[str, object]) -> None:
        """So the fake accepts the defer of a variant whose id and token survived."""
        interaction_id, token = payload.get("id"), payload.get("token")
        if isinstance(interaction_id, str) and interaction_id.isdigit() and isinstance(token, str):
            self.fake.interactions[int(interaction_id)] = FakeInteraction(
                id=int(interaction_id),
                token=token,
                type=2,
                guild_id=None,
                channel_id=HOME,
                user_id=0,
                payload={},
            )

    async def _settle(self) -> None:
        """A member's message after the payload, handled, means discord.py has read the payload; then what
        that payload started (listeners, the command tree, buttons) is waited for."""
        marker = str(next(_fresh))
        guild = self.fake.guilds[0]
        alice = guild.member_by_name("alice")
        message = self.fake.new_message(
            HOME,
            alice.user.payload(),
            {"content": ""},
            guild_id=guild.id,
            extra={"id": marker, "mentions": []},
        )
        await self.fake.dispatch("MESSAGE_CREATE", {**message, "guild_id": str(guild.id)})
        async with asyncio.timeout(WAIT):
            async with self.changed:
                await self.changed.wait_for(
                    lambda: any(isinstance(e, MessagePosted) and e.message_id == marker for e in self.handled)
                )
            while pending := [t for t in asyncio.all_tasks() if _started_by_discord_py(t) and not t.done()]:
                await asyncio.wait(pending)
        self.handled[:] = [
            e for e in self.handled if not (isinstance(e, MessagePosted) and e.message_id == marker)
        ]


def _started_by_discord_py(task: asyncio.Task[object]) -> bool:
    return task.get_name().startswith(("discord", "CommandTree"))


@pytest.fixture
async def gateway() -> AsyncIterator[Gateway]:
    async with FakeDiscord() as fake, fake.patch_discord_py():
        guild = fake.guilds[0]
        fake.scheduled_events[SCHEDULED_EVENT] = {
            "id": str(SCHEDULED_EVENT),
            "guild_id": str(guild.id),
            "channel_id": None,
            "creator_id": str(fake.bot_user.id),
            "name": "Case evening",
            "description": "Bring a case",
            "scheduled_start_time": "2030-03-12T18:30:00+00:00",
            "scheduled_end_time": "2030-03-12T20:30:00+00:00",
            "privacy_level": 2,
            "status": 1,
            "entity_type": 3,
            "entity_id": None,
            "entity_metadata": {"location": "Café De Kroon"},
            "user_count": 0,
            "image": None,
        }
        connected = Gateway(fake, [])
        client = build_client(
            settings=settings_for(fake),
            intake=Intake(handle=connected.record, platform="discord"),
            registry=registry(),
            guild_ready_timeout=0.05,
        )
        connected.client = client
        async with client:
            await client.login(fake.token)
            runner = asyncio.create_task(client.connect())
            try:
                await fake.wait_for_requests("PUT", GUILD_COMMANDS, 1, timeout=WAIT)
                await asyncio.wait_for(client.wait_until_ready(), timeout=WAIT)
                yield connected
            finally:
                await client.close()
                await asyncio.wait_for(runner, timeout=WAIT)


def _failed() -> float:
    return sum(
        sample.value
        for metric in metrics.EVENTS_FAILED.collect()
        for sample in metric.samples
        if sample.name.endswith("_total") and sample.labels.get("platform") == "discord"
    )


@pytest.mark.parametrize("recorded", RECORDED, ids=[r.name for r in RECORDED])
async def test_every_variant_is_read_or_skipped_with_a_log_line(
    recorded: object, gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="adapters.discord")
    caplog.set_level(logging.DEBUG, logger="discord.state")
    assert recorded is not None
    failed = _failed()
    outcomes: dict[str, Outcome] = {}
    for variant in variants(recorded):  # type: ignore[arg-type]
        outcome = await gateway.send(variant, caplog)
        outcomes[variant.label] = outcome
        for event in outcome.events:
            assert type_problems(event) == [], variant.label
        errors = [r for r in outcome.logs if r.levelno >= logging.ERROR]
        assert errors == [], (variant.label, [r.getMessage() for r in errors])
        if variant.change == "original":
            expected = [recorded.yields] if recorded.yields else []  # type: ignore[attr-defined]
            assert outcome.kinds == expected, variant.label
            if outcome.events and recorded.spec.get("unique"):  # type: ignore[attr-defined]
                unique = get(variant.payload, recorded.spec["unique"])  # type: ignore[attr-defined]
                assert unique in str(attribute(outcome.events[0], recorded.spec["match"]))  # type: ignore[attr-defined]
        elif recorded.yields and outcome.delivered and not outcome.events:  # type: ignore[attr-defined]
            assert any(r.name.startswith(("adapters.discord", "discord.state")) for r in outcome.logs), (
                f"{variant.label}: nothing handed on and nothing logged"
            )
    # null where Discord documents "optional" (left out, never null) reads exactly as left out.
    for label, outcome in outcomes.items():
        if ": null " in label and label.rsplit(".", 1)[-1].split()[-1] in OMITTED_WHEN_NULL:
            dropped = outcomes[label.replace(": null ", ": dropped ")]
            assert outcome.kinds == dropped.kinds, label
    assert _failed() == failed  # no listener raised
    assert len(gateway.fake.gateway_connects) == 1  # one connection throughout
    assert not gateway.client.is_closed()
