"""A meetup on Discord is also a scheduled event (external, guild only, two hours) made once even when the
first attempt is cut off; "Interested" on it is an RSVP, taken back by removing the interest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bot.clock import ManualClock
from bot.messages import EventSpec
from bot.storage.database import Database
from bot.storage.models import MeetupRsvp
from tests.discord.harness import CALLBACK, Adapter, kindling_command, spec_problems
from tests.fakes.discord_spec import DiscordSpec

EVENTS = "/guilds/{guild_id}/scheduled-events"


async def _plan(adapter: Adapter, clock: ManualClock) -> datetime:
    """alice (a moderator, so an organiser) plans a meetup a week from the clock's now."""
    day = (clock.now() + timedelta(days=7)).date()
    before = len(adapter.fake.requests_to("POST", CALLBACK))
    await kindling_command(
        adapter, "alice", "meetup", "plan", date=day.isoformat(), time="19:30", title="Case evening"
    )
    await adapter.fake.wait_for_requests("POST", CALLBACK, before + 1, timeout=5)
    await adapter.recorder.wait_for(1)
    await adapter.deliver()
    return datetime.combine(day, datetime.min.time().replace(hour=19, minute=30), tzinfo=UTC)


async def _rsvps(database: Database) -> list[tuple[str, str]]:
    async with database.transaction() as session:
        rows = await session.execute(sa.select(MeetupRsvp.member_id, MeetupRsvp.answer))
        return [(member, answer) for member, answer in rows]


async def test_a_meetup_is_a_scheduled_event_and_interest_is_an_rsvp(
    adapter: Adapter, database: Database, clock: ManualClock, spec: DiscordSpec
) -> None:
    starts = await _plan(adapter, clock)  # the guild's community is on UTC
    guild = adapter.fake.guilds[0]
    [created] = adapter.fake.requests_to("POST", EVENTS)
    body = created.json
    assert body["name"] == "Case evening"
    assert (body["entity_type"], body["privacy_level"]) == (3, 2)  # external, guild only
    assert datetime.fromisoformat(body["scheduled_start_time"]) == starts
    assert datetime.fromisoformat(body["scheduled_end_time"]) == starts + timedelta(hours=2)
    assert body["entity_metadata"]["location"] == "Face to face: see the announcement"
    assert "/kindling case" in body["description"]
    # The announcement with its buttons goes out as well.
    assert any("Case evening" in (m.get("content") or "") for m in adapter.fake.messages.values())
    [event_id] = adapter.fake.scheduled_events

    bob = guild.member_by_name("bob")
    await adapter.fake.scheduled_event_interest(guild.id, event_id, bob)
    await adapter.recorder.wait_for(2)
    assert await _rsvps(database) == [(str(bob.id), "going")]

    await adapter.fake.scheduled_event_interest(guild.id, event_id, bob, added=False)
    await adapter.recorder.wait_for(3)
    assert await _rsvps(database) == []
    assert spec_problems(spec, adapter.fake.requests) == []


async def test_an_event_made_by_a_cut_off_attempt_is_not_made_twice(adapter: Adapter) -> None:
    """The outbox retries a send whose first attempt may have reached Discord: the event is found."""
    event = EventSpec(
        title="Case evening",
        starts_at="2035-03-12T18:30:00+00:00",
        ends_at="2035-03-12T20:30:00+00:00",
        location="Face to face",
        description="Bring a case.",
    )
    first = await adapter.platform.create_event(community_id=str(adapter.guild_id), event=event, key="m:1")
    again = await adapter.platform.create_event(community_id=str(adapter.guild_id), event=event, key="m:1")
    assert first.message_id is not None and again.message_id == first.message_id
    assert len(adapter.fake.requests_to("POST", EVENTS)) == 1
    assert len(adapter.fake.requests_to("GET", EVENTS)) == 2


async def test_moving_and_cancelling_a_meetup_follow_in_discords_events(
    adapter: Adapter, clock: ManualClock, spec: DiscordSpec
) -> None:
    starts = await _plan(adapter, clock)
    [event_id] = adapter.fake.scheduled_events
    later = starts + timedelta(days=1)
    before = len(adapter.fake.requests_to("POST", CALLBACK))
    await kindling_command(
        adapter, "alice", "meetup", "move", number=1, date=later.date().isoformat(), time="19:30"
    )
    await adapter.fake.wait_for_requests("POST", CALLBACK, before + 1, timeout=5)
    await adapter.recorder.wait_for(2)
    await adapter.deliver()
    event = adapter.fake.scheduled_events[event_id]
    assert datetime.fromisoformat(event["scheduled_start_time"]) == later
    assert datetime.fromisoformat(event["scheduled_end_time"]) == later + timedelta(hours=2)
    assert event["status"] == 1
    announcement = next(m for m in adapter.fake.messages.values() if "📅" in (m.get("content") or ""))
    assert later.strftime("%-d") in announcement["content"] and announcement.get("components")

    before = len(adapter.fake.requests_to("POST", CALLBACK))
    await kindling_command(adapter, "alice", "meetup", "cancel", number=1)
    await adapter.fake.wait_for_requests("POST", CALLBACK, before + 1, timeout=5)
    await adapter.recorder.wait_for(3)
    await adapter.deliver()
    assert adapter.fake.scheduled_events[event_id]["status"] == 4  # cancelled
    announcement = next(m for m in adapter.fake.messages.values() if m["id"] == announcement["id"])
    assert announcement["content"].startswith("❌ Cancelled: Case evening") and not announcement.get(
        "components"
    )
    patches = adapter.fake.requests_to("PATCH", EVENTS + "/{guild_scheduled_event_id}")
    assert [request.json.get("status") for request in patches] == [None, 4]
    assert spec_problems(spec, adapter.fake.requests) == []
