"""Weekly slots in a community's own time zone, and its quiet hours.

A slot is a local wall-clock time ("Tuesday 09:30 in Europe/Amsterdam"), turned into UTC per week, so it
stays at 09:30 local across daylight-saving changes. A local time that does not exist (the spring-forward
gap) moves forward by the gap (02:30 becomes 03:30); one that happens twice (fall-back) uses the first.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    # fold=0 (PEP 495) gives exactly the rule above: the pre-transition offset for both gap and overlap.
    return datetime.combine(day, at).replace(tzinfo=zone, fold=0).astimezone(UTC)


def next_weekly_slot(after: datetime, *, weekday: int, at: time, zone: ZoneInfo) -> datetime:
    """The first slot strictly after `after` (UTC) on `weekday` (0 = Monday) at local time `at`."""
    local_day = after.astimezone(zone).date()
    start = local_day - timedelta(days=1)  # a day back covers slots that are earlier in UTC than locally
    for offset in range(0, 9):
        day = start + timedelta(days=offset)
        if day.weekday() != weekday:
            continue
        slot = local_to_utc(day, at, zone)
        if slot > after:
            return slot
    raise AssertionError("a weekly slot always falls within nine days")  # pragma: no cover


def in_quiet_hours(moment: datetime, *, zone: ZoneInfo, start: time, end: time) -> bool:
    local = moment.astimezone(zone).time()
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end  # the usual case: across midnight, 22:00-08:00


def end_of_quiet_hours(moment: datetime, *, zone: ZoneInfo, start: time, end: time) -> datetime:
    """When a message held at `moment` may go out: `moment` itself outside quiet hours."""
    if not in_quiet_hours(moment, zone=zone, start=start, end=end):
        return moment
    local_day = moment.astimezone(zone).date()
    for offset in (0, 1):
        candidate = local_to_utc(local_day + timedelta(days=offset), end, zone)
        if candidate > moment:
            return candidate
    raise AssertionError("quiet hours end within a day")  # pragma: no cover
