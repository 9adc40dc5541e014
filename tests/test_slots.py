"""Weekly slots and quiet hours in local time, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.slots import end_of_quiet_hours, in_quiet_hours, next_weekly_slot

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_next_slot_is_the_local_time_in_utc() -> None:
    # Monday 5 January 2026, winter time (UTC+1): Tuesday 09:30 local is 08:30 UTC.
    slot = next_weekly_slot(datetime(2026, 1, 5, 12, tzinfo=UTC), weekday=1, at=time(9, 30), zone=AMSTERDAM)
    assert slot == datetime(2026, 1, 6, 8, 30, tzinfo=UTC)


def test_slot_stays_at_local_hour_across_spring_forward() -> None:
    # Clocks go forward on Sunday 29 March 2026: the Tuesday before is UTC+1, the Tuesday after UTC+2.
    before = next_weekly_slot(datetime(2026, 3, 22, tzinfo=UTC), weekday=1, at=time(9, 30), zone=AMSTERDAM)
    after = next_weekly_slot(before, weekday=1, at=time(9, 30), zone=AMSTERDAM)
    assert before == datetime(2026, 3, 24, 8, 30, tzinfo=UTC)
    assert after == datetime(2026, 3, 31, 7, 30, tzinfo=UTC)
    assert after - before == timedelta(days=7, hours=-1)


def test_a_slot_in_the_missing_hour_moves_past_the_gap() -> None:
    slot = next_weekly_slot(datetime(2026, 3, 28, tzinfo=UTC), weekday=6, at=time(2, 30), zone=AMSTERDAM)
    assert slot.astimezone(AMSTERDAM).hour == 3  # 02:30 does not exist that night


def test_a_slot_in_the_doubled_hour_fires_once() -> None:
    # Clocks go back on Sunday 25 October 2026; 02:30 happens twice, Kindling takes the first.
    first = next_weekly_slot(datetime(2026, 10, 24, tzinfo=UTC), weekday=6, at=time(2, 30), zone=AMSTERDAM)
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert next_weekly_slot(first, weekday=6, at=time(2, 30), zone=AMSTERDAM) > first + timedelta(days=6)


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)),
    st.integers(0, 6),
    st.times(),
    st.sampled_from(["Europe/Amsterdam", "America/New_York", "Australia/Sydney", "UTC", "Asia/Kolkata"]),
)
def test_next_slot_is_after_and_within_a_week(after: datetime, weekday: int, at: time, zone: str) -> None:
    tz = ZoneInfo(zone)
    slot = next_weekly_slot(after, weekday=weekday, at=at.replace(tzinfo=None), zone=tz)
    assert after < slot <= after + timedelta(days=7, hours=2)
    assert slot.astimezone(tz).weekday() == weekday


def test_quiet_hours_across_midnight() -> None:
    start, end = time(22), time(8)
    late = datetime(2026, 1, 5, 22, 30, tzinfo=UTC)  # 23:30 in Amsterdam
    assert in_quiet_hours(late, zone=AMSTERDAM, start=start, end=end)
    assert end_of_quiet_hours(late, zone=AMSTERDAM, start=start, end=end) == datetime(
        2026, 1, 6, 7, tzinfo=UTC
    )
    noon = datetime(2026, 1, 5, 11, tzinfo=UTC)
    assert not in_quiet_hours(noon, zone=AMSTERDAM, start=start, end=end)
    assert end_of_quiet_hours(noon, zone=AMSTERDAM, start=start, end=end) == noon
    early = datetime(2026, 1, 6, 5, tzinfo=UTC)  # 06:00 local
    assert end_of_quiet_hours(early, zone=AMSTERDAM, start=start, end=end) == datetime(
        2026, 1, 6, 7, tzinfo=UTC
    )
