"""The pulse's chart: new members, active members and first-time posters over the weeks, as an 800x400 PNG.

Drawn with matplotlib's object-oriented API on an Agg canvas, never through pyplot: no global current
figure, no display, no backend to choose, so renders in different threads never share a figure. Rendering
is CPU work; from async code use `render_chart_async`, which runs it in a worker thread.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Mapping

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.domain.pulse import TREND_FIGURES, Pulse

WIDTH, HEIGHT, DPI = 8, 4, 100  # inches at DPI: exactly 800x400 pixels
COLOURS = {"new_members": "#e4572e", "active_members": "#17bebb", "first_time_posters": "#c99700"}


def render_chart(pulse: Pulse, *, title: str, labels: Mapping[str, str]) -> bytes:
    """The trend as PNG bytes. `labels` names the lines by figure ("new_members", "active_members",
    "first_time_posters"); a missing label falls back to the figure's name. Weeks are marked by their
    Monday (day-month). A pulse without weeks or activity still draws its (empty) axes."""
    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    weeks = [week.week_start.strftime("%d-%m") for week in pulse.weeks]
    positions = list(range(len(weeks)))
    highest = 0.0
    for name in TREND_FIGURES:
        values = pulse.series(name)
        highest = max([highest, *values])
        axes.plot(
            positions,
            values,
            marker="o",
            linewidth=2,
            color=COLOURS[name],
            label=labels.get(name, name),
        )
    axes.set_title(title)
    axes.set_xticks(positions, weeks)
    axes.set_ylim(0, max(highest * 1.15, 1.0))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    if positions:
        axes.set_xlim(-0.3, max(len(positions) - 1, 1) + 0.3)
        axes.legend(loc="upper left", frameon=False)
    figure.subplots_adjust(left=0.08, right=0.97, top=0.88, bottom=0.12)
    out = io.BytesIO()
    # No bbox_inches="tight": the image keeps exactly figsize x dpi pixels. No "Software" metadata, so the
    # same pulse gives the same bytes.
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


async def render_chart_async(pulse: Pulse, *, title: str, labels: Mapping[str, str]) -> bytes:
    """`render_chart` in a worker thread, so the event loop keeps serving while it draws."""
    return await asyncio.to_thread(render_chart, pulse, title=title, labels=labels)
