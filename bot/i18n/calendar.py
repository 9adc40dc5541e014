"""Weekday and month names, and how a moment is written, in each language."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.i18n import Language

WEEKDAYS: dict[Language, tuple[str, ...]] = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
}
MONTHS: dict[Language, tuple[str, ...]] = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ),
}  # fmt: skip
#: How a moment reads inside a sentence ("it closes {when}", "hij sluit {when}"): a Dutch reader expects
#: "dinsdag 12 maart om 19:30", an English one "Tuesday 12 March, 19:30".
MOMENTS: dict[Language, str] = {
    "en": "{weekday} {day} {month}{year}, {time}",
    "nl": "{weekday} {day} {month}{year} om {time}",
}


def weekday_number(word: str) -> int | None:
    """0 for Monday, from a full or three-letter name (mon, ma, maandag) in either language."""
    lowered = word.lower()
    for names in WEEKDAYS.values():
        for number, name in enumerate(names):
            if lowered == name.lower() or (len(lowered) >= 2 and name.lower().startswith(lowered)):
                return number
    return None


def when(moment: datetime, *, language: Language, zone: ZoneInfo, now: datetime | None = None) -> str:
    """The moment in the community's words and time zone. Given `now`, a moment in another year shows
    its year ("Tuesday 12 January 2027, 19:30")."""
    local = moment.astimezone(zone)
    weekday = WEEKDAYS[language][local.weekday()]
    month = MONTHS[language][local.month - 1]
    year = f" {local.year}" if now is not None and now.astimezone(zone).year != local.year else ""
    return MOMENTS[language].format(
        weekday=weekday, day=local.day, month=month, year=year, time=f"{local:%H:%M}"
    )
