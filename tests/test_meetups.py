"""Meetups end to end through the console: plan with RSVP buttons, cases gathered online, the agenda two days
before, a reminder the day before to those coming, a recap afterwards; bad input changes nothing."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from bot.commands.parsing import parse_day
from bot.storage.models import Meetup, OutboxMessage
from tests.scenarios.driver import Delivery
from tests.support.console_driver import ConsoleDriver

# The console's clock: Monday 5 January 2026, 09:00 UTC (the console community is on UTC).


def _private(deliveries: list[Delivery], to: str) -> str:
    [reply] = [d for d in deliveries if d.kind == "private" and d.to == to]
    return reply.text


async def _community(console: ConsoleDriver) -> None:
    await console.lines(
        "organiser ann", "ann: /kindling goal Learn together.", "join bob", "join cas", "join dan"
    )


def test_dates_in_both_orders() -> None:
    assert parse_day("2026-03-12") == date(2026, 3, 12)
    assert parse_day("12-03-2026") == date(2026, 3, 12)
    assert parse_day("12/03/2026") == date(2026, 3, 12)
    assert parse_day("2026-02-30") is None
    assert parse_day("tomorrow") is None


async def test_a_meetup_from_plan_to_recap(console: ConsoleDriver) -> None:
    await _community(console)
    await console.line("bob: /kindling case A parent who disagrees with a grade")  # before any meetup
    delivered = await console.line("ann: /kindling meetup plan 2026-01-15 19:30 Case evening")
    assert "Meetup #1 is planned for Thursday 15 January, 19:30" in _private(delivered, "ann")
    [announcement] = [d for d in delivered if d.kind == "channel"]
    assert "Case evening" in announcement.text
    _, action, going = announcement.buttons[0]
    assert "see you at Case evening" in _private(await console.line(f"bob: click {action} {going}"), "bob")
    await console.line(f"cas: click {action} {announcement.buttons[2][2]}")  # can't make it
    saved = _private(await console.line("cas: /kindling case Group work that stalls"), "cas")
    assert "on the list for Case evening" in saved
    listing = _private(await console.line("dan: /kindling meetup"), "dan")
    assert "#1 Case evening, Thursday 15 January, 19:30: 1 coming, 2 cases" in listing

    await console.line("time +8d")  # Tuesday 13 January 09:00: the agenda is due at 19:30, two days before
    assert [d for d in console.deliveries if "The agenda" in d.text] == []
    await console.line("time +11h")  # Tuesday 20:00: the agenda (two days before) is out
    [agenda] = [d for d in console.deliveries if d.kind == "channel" and "The agenda" in d.text]
    assert "1. A parent who disagrees with a grade (@bob)" in agenda.text
    assert "2. Group work that stalls (@cas)" in agenda.text and "1 member is coming" in agenda.text
    await console.line("time +1d")  # Wednesday 20:00: the reminder, to bob only
    assert [d.to for d in console.deliveries if "A reminder" in d.text] == ["bob"]
    await console.line("time +1d")  # Thursday 20:00: the meetup is on; the recap request comes after
    await console.line("time +3h")  # the recap request is due at 22:30, inside quiet hours: it waits
    assert [d for d in console.to("dm", "ann") if "How did Case evening go?" in d.text] == []
    await console.line("time +9h")  # Friday 08:00
    [ask] = [d for d in console.to("dm", "ann") if "How did Case evening go?" in d.text]
    assert "/kindling meetup recap 1" in ask.text
    delivered = await console.line("ann: /kindling meetup recap 1 We worked on two cases; notes are pinned.")
    assert "recap is posted" in _private(delivered, "ann")
    [recap] = [d for d in delivered if d.kind == "channel"]
    assert recap.text == "📝 A recap of Case evening: We worked on two cases; notes are pinned."
    assert "no longer open" in _private(await console.line(f"dan: click {action} {going}"), "dan")


async def test_bad_meetups_are_refused_and_nothing_is_planned(console: ConsoleDriver) -> None:
    await _community(console)
    cases = {
        "ann: /kindling meetup plan 2025-12-01 19:30 Too late": "has already passed",
        "ann: /kindling meetup plan 2026-13-01 19:30 No month": "Give a date, a time and a title",
        "ann: /kindling meetup plan 2026-01-20 25:00 No hour": "Give a date, a time and a title",
        "ann: /kindling meetup plan 2026-01-20 19:00": "Give a date, a time and a title",
        "ann: /kindling meetup plan 2026-01-20 19:00 " + "x" * 201: "to 200 characters",
        "bob: /kindling meetup plan 2026-01-20 19:00 Mine": "Only organisers",
    }
    for line, expected in cases.items():
        assert expected in _private(await console.line(line), line.split(":")[0]), line
    async with console.database.transaction() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Meetup)) == 0
    assert "No meetups planned" in _private(await console.line("bob: /kindling meetup"), "bob")


async def test_without_a_calendar_the_event_is_dropped_and_the_announcement_is_the_rsvp(
    console: ConsoleDriver,
) -> None:
    """The console (like Slack) has no event calendar: the core queues no calendar event there at all."""
    await _community(console)
    delivered = await console.line("ann: /kindling meetup plan 2026-01-15 19:30 Case evening")
    assert not [d for d in delivered if "Mark yourself interested" in d.text]
    assert len([d for d in delivered if d.kind == "channel"]) == 1
    async with console.database.transaction() as session:
        destinations = list(await session.scalars(sa.select(OutboxMessage.destination)))
    assert destinations and not [raw for raw in destinations if '"kind":"calendar"' in raw]


async def test_recap_refusals_say_what_is_wrong(console: ConsoleDriver) -> None:
    await _community(console)
    await console.line("ann: /kindling meetup plan 2026-01-15 19:30 Case evening")
    assert "There is no meetup #7" in _private(
        await console.line("ann: /kindling meetup recap 7 Fun."), "ann"
    )
    early = _private(await console.line("ann: /kindling meetup recap 1 Fun."), "ann")
    assert early == (
        "Meetup #1, Case evening, is on Thursday 15 January, 19:30: share the recap once it has taken place."
    )
    await console.line("time +11d")
    first = await console.line("ann: /kindling meetup recap 1 We worked on two cases.")
    assert [d.text for d in first if d.kind == "channel"] == [
        "📝 A recap of Case evening: We worked on two cases."
    ]
    second = await console.line("ann: /kindling meetup recap 1 Once more.")
    assert "already been posted" in _private(second, "ann")
    assert [d for d in second if d.kind == "channel"] == []


async def test_one_slot_takes_one_meetup_and_far_dates_show_their_year(console: ConsoleDriver) -> None:
    await _community(console)
    await console.line("ann: /kindling meetup plan 2026-01-15 19:30 Case evening")
    refused = _private(await console.line("ann: /kindling meetup plan 2026-01-15 19:30 Quiz"), "ann")
    assert "Meetup #1, Case evening, is already planned for Thursday 15 January, 19:30" in refused
    assert "/kindling meetup move 1 <date> <HH:MM>" in refused
    planned = _private(await console.line("ann: /kindling meetup plan 2027-01-14 19:30 New year"), "ann")
    assert "Thursday 14 January 2027, 19:30" in planned
    async with console.database.transaction() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Meetup)) == 2


async def test_moving_and_cancelling_tell_those_coming_and_keep_the_cases(console: ConsoleDriver) -> None:
    await _community(console)
    delivered = await console.line("ann: /kindling meetup plan 2026-01-15 19:30 Case evening")
    [announcement] = [d for d in delivered if d.kind == "channel"]
    _, action, going = announcement.buttons[0]
    await console.lines(
        f"bob: click {action} {going}",
        f"cas: click {action} {announcement.buttons[1][2]}",  # maybe
        f"dan: click {action} {announcement.buttons[2][2]}",  # can't make it: not told
        "cas: /kindling case Group work that stalls",
    )
    assert "There is no meetup #2" in _private(await console.line("ann: /kindling meetup cancel 2"), "ann")
    assert "Only organisers" in _private(await console.line("bob: /kindling meetup cancel 1"), "bob")
    assert "Give the meetup's number" in _private(
        await console.line("ann: /kindling meetup move 1 soon"), "ann"
    )

    moved = await console.line("ann: /kindling meetup move 1 2026-01-22 19:30")
    reply = _private(moved, "ann")
    assert reply.startswith("Meetup #1, Case evening, now starts Thursday 22 January, 19:30")
    assert "The 2 members who said they would or might come have had a message." in reply
    assert sorted(d.to for d in moved if d.kind == "dm" and "has moved to Thursday 22 January" in d.text) == [
        "bob",
        "cas",
    ]
    [edit] = [d for d in moved if d.kind == "edit"]
    assert "Thursday 22 January, 19:30" in edit.text and edit.buttons  # still open for answers

    await console.line("time +8d")  # Tuesday 13 January: the old agenda moment passes quietly
    assert [d for d in console.deliveries if "The agenda" in d.text] == []
    cancelled = await console.line("ann: /kindling meetup cancel 1")
    assert "is cancelled; the announcement now says so" in _private(cancelled, "ann")
    [edit] = [d for d in cancelled if d.kind == "edit"]
    assert edit.text == "❌ Cancelled: Case evening, Thursday 22 January, 19:30." and not edit.buttons
    assert sorted(d.to for d in cancelled if d.kind == "dm") == ["bob", "cas"]
    again = _private(await console.line("ann: /kindling meetup cancel 1"), "ann")
    assert again == "Meetup #1, Case evening (Thursday 22 January, 19:30), was cancelled."
    assert "was cancelled" in _private(await console.line("ann: /kindling meetup recap 1 Fun."), "ann")
    # The case waits for the next meetup, and nothing of the cancelled one comes later.
    await console.line("ann: /kindling meetup plan 2026-02-05 19:30 Second try")
    assert "1 case" in _private(await console.line("dan: /kindling meetup"), "dan")
    await console.line("time +10d")  # past the cancelled meetup's reminder and recap request
    assert [
        d
        for d in console.deliveries
        if "Case evening" in d.text and d.text.startswith(("A reminder", "How did"))
    ] == []


async def test_an_agenda_nobody_signed_up_for_invites_rather_than_counts_zero(console: ConsoleDriver) -> None:
    await _community(console)
    await console.line("ann: /kindling meetup plan 2026-01-15 19:30 Case evening")
    await console.line("time +9d")  # past Tuesday 13 January 19:30: the agenda is out
    [agenda] = [d for d in console.deliveries if d.kind == "channel" and d.text.startswith("📋")]
    assert "No cases yet" in agenda.text and "Coming? Say so under the announcement" in agenda.text
    assert "0 members" not in agenda.text
