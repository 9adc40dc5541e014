"""The weekly pulse as plain figures: what a community's last weeks looked like, and how the latest whole
week compares with the one before. Pure: no storage, no texts of its own, no clock.

The wording comes from the catalogs through `PulseWording`, so this module knows the shape of the pulse
message but never its language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Direction = Literal["up", "down", "same", "none"]
Figure = Literal[
    "new_members",
    "first_time_posters",
    "active_members",
    "replies_per_prompt",
    "poll_turnout",
    "pairs_met",
]

#: The figures in the order the pulse shows them.
FIGURES: tuple[Figure, ...] = (
    "new_members",
    "first_time_posters",
    "active_members",
    "replies_per_prompt",
    "poll_turnout",
    "pairs_met",
)

#: The figures the chart draws as a trend (counts of people, on one scale).
TREND_FIGURES: tuple[Figure, ...] = ("new_members", "active_members", "first_time_posters")


@dataclass(frozen=True, slots=True)
class WeekFigures:
    """One local Monday-to-Sunday week. `prompts` says how many prompts and columns the mean
    `replies_per_prompt` is over (0: none posted, so the mean is 0.0 and means nothing);
    `poll_turnout` is None when no poll closed that week."""

    week_start: date
    new_members: int
    first_time_posters: int
    active_members: int
    replies_per_prompt: float
    poll_turnout: float | None
    pairs_met: int
    pairs: int
    prompts: int = 0

    def value(self, figure: Figure) -> float | None:
        """A figure as a number to compare; None when the week has nothing to measure it by."""
        if figure == "replies_per_prompt":
            return self.replies_per_prompt if self.prompts else None
        if figure == "poll_turnout":
            return self.poll_turnout
        if figure == "pairs_met":
            return float(self.pairs_met) if self.pairs else None
        count: int = getattr(self, figure)
        return float(count)


@dataclass(frozen=True, slots=True)
class Pulse:
    """`weeks` oldest first: the latest whole week is last, the weeks before it are there to compare.
    `candidates` are external member ids, most helpful first."""

    weeks: list[WeekFigures]
    candidates: list[str]

    @property
    def latest(self) -> WeekFigures | None:
        return self.weeks[-1] if self.weeks else None

    @property
    def previous(self) -> WeekFigures | None:
        return self.weeks[-2] if len(self.weeks) >= 2 else None

    def changes(self) -> tuple[Change, ...]:
        """Each figure of the latest week against the week before (nothing to compare: direction none)."""
        if self.latest is None:
            return ()
        return compare(self.latest, self.previous)

    def series(self, figure: Figure) -> list[float]:
        """A figure week by week, oldest first, for the chart (a week without a value counts as 0)."""
        return [week.value(figure) or 0.0 for week in self.weeks]


@dataclass(frozen=True, slots=True)
class Change:
    figure: Figure
    current: float | None
    previous: float | None
    #: current - previous, or None when either week has no value for the figure.
    difference: float | None
    direction: Direction


def change(figure: Figure, current: WeekFigures, previous: WeekFigures | None) -> Change:
    now = current.value(figure)
    before = previous.value(figure) if previous is not None else None
    if now is None or before is None:
        return Change(figure, now, before, None, "none")
    difference = now - before
    # Means and shares are compared to two decimals, so 0.1 + 0.2 against 0.3 is "the same".
    rounded = round(difference, 2)
    direction: Direction = "up" if rounded > 0 else "down" if rounded < 0 else "same"
    return Change(figure, now, before, 0.0 if rounded == 0 else difference, direction)


def compare(current: WeekFigures, previous: WeekFigures | None) -> tuple[Change, ...]:
    return tuple(change(figure, current, previous) for figure in FIGURES)


@dataclass(frozen=True, slots=True)
class PulseWording:
    """The pulse message's texts in one language, filled from the catalogs by the caller.

    Placeholders: `title` {community} {start} {end}; `line` {label} {value} {trend}; `up`/`down` {difference};
    `candidates` {members}. `labels` names every figure in FIGURES."""

    title: str
    labels: Mapping[Figure, str]
    line: str
    up: str
    down: str
    same: str
    no_comparison: str
    no_value: str
    candidates: str
    no_candidates: str
    decimal_separator: str = "."


def format_value(figure: Figure, week: WeekFigures, *, wording: PulseWording) -> str:
    if figure == "replies_per_prompt":
        return _decimal(week.replies_per_prompt, wording) if week.prompts else wording.no_value
    if figure == "poll_turnout":
        return f"{round(week.poll_turnout * 100)}%" if week.poll_turnout is not None else wording.no_value
    if figure == "pairs_met":
        return f"{week.pairs_met}/{week.pairs}" if week.pairs else wording.no_value
    count: int = getattr(week, figure)
    return str(count)


def format_difference(item: Change, *, wording: PulseWording) -> str:
    assert item.difference is not None
    size = abs(item.difference)
    if item.figure == "poll_turnout":
        return f"{round(size * 100)}%"
    if item.figure == "replies_per_prompt":
        return _decimal(size, wording)
    return str(round(size))


def _decimal(value: float, wording: PulseWording) -> str:
    return f"{value:.1f}".replace(".", wording.decimal_separator)


def render_pulse_text(
    pulse: Pulse,
    *,
    wording: PulseWording,
    format_day: Callable[[date], str],
    community: str = "",
    mention: Callable[[str], str] = lambda member_id: f"<@{member_id}>",
) -> str:
    """The pulse as a message: a title naming the latest whole week, one line per figure with its change
    on the week before, and the ambassador candidates."""
    latest = pulse.latest
    lines: list[str] = []
    if latest is not None:
        lines.append(
            wording.title.format(
                community=community,
                start=format_day(latest.week_start),
                end=format_day(latest.week_start + timedelta(days=6)),
            )
        )
        for item in pulse.changes():
            lines.append(
                wording.line.format(
                    label=wording.labels[item.figure],
                    value=format_value(item.figure, latest, wording=wording),
                    trend=_trend(item, wording),
                ).rstrip()
            )
    if pulse.candidates:
        members = ", ".join(mention(member_id) for member_id in pulse.candidates)
        lines.append(wording.candidates.format(members=members))
    else:
        lines.append(wording.no_candidates)
    return "\n".join(lines)


def _trend(item: Change, wording: PulseWording) -> str:
    if item.direction == "none":
        return wording.no_comparison
    if item.direction == "same":
        return wording.same
    template = wording.up if item.direction == "up" else wording.down
    return template.format(difference=format_difference(item, wording=wording))
