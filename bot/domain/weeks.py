"""Local Monday-to-Sunday weeks in a community's time zone, and the weekly slot that looks back on them.

Boundaries are local midnights, so a week across a daylight-saving change is 167 or 169 hours long, as it
is on the wall clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.slots import local_to_utc, next_weekly_slot


@dataclass(frozen=True, slots=True)
class Week:
    """One local week: its Monday, and its bounds in UTC (start inclusive, end exclusive)."""

    monday: date
    start: datetime
    end: datetime


def whole_weeks(*, now: datetime, zone: ZoneInfo, count: int) -> list[Week]:
    """The last `count` whole local Monday-start weeks ending at or before `now`, oldest first."""
    local_day = now.astimezone(zone).date()
    monday = local_day - timedelta(days=local_day.weekday())
    if local_to_utc(monday, time(0), zone) > now:  # pragma: no cover - only in a gap at midnight
        monday -= timedelta(weeks=1)
    mondays = [monday - timedelta(weeks=count - index) for index in range(count + 1)]
    bounds = [local_to_utc(day, time(0), zone) for day in mondays]
    return [Week(mondays[index], bounds[index], bounds[index + 1]) for index in range(count)]


def latest_slot(*, now: datetime, zone: ZoneInfo, weekday: int, at: time) -> datetime:
    """This week's slot if it has come, otherwise last week's: the latest `weekday` `at` local <= now."""
    slot = next_weekly_slot(now - timedelta(weeks=1), weekday=weekday, at=at, zone=zone)
    following = next_weekly_slot(slot, weekday=weekday, at=at, zone=zone)
    return following if following <= now else slot
