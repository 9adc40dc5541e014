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


def weekday_number(word: str) -> int | None:
    """0 for Monday, from a full or three-letter name (mon, ma, maandag) in either language."""
    lowered = word.lower()
    for names in WEEKDAYS.values():
        for number, name in enumerate(names):
            if lowered == name.lower() or (len(lowered) >= 2 and name.lower().startswith(lowered)):
                return number
    return None


def when(moment: datetime, *, language: Language, zone: ZoneInfo, now: datetime | None = None) -> str:
    """ "Tuesday 12 January, 19:30"; with the year ("... 2027, 19:30") when it is not this year's (`now`)."""
    local = moment.astimezone(zone)
    weekday = WEEKDAYS[language][local.weekday()]
    month = MONTHS[language][local.month - 1]
    year = "" if now is not None and now.astimezone(zone).year == local.year else f" {local.year}"
    return f"{weekday} {local.day} {month}{year}, {local:%H:%M}"
