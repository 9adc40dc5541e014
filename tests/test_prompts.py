"""The prompt bank: the organisers' own prompts go out first, each once; Kindling's defaults follow in turn
and none comes twice before the bank has gone round, even when an own prompt is added half-way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.i18n import translate
from bot.i18n.prompts import DEFAULT_PROMPTS
from tests.support.console_driver import ConsoleDriver

# Wednesday 7 January 2026, 14:00 UTC: the first column slot. Nobody is on the rota, so each slot is a prompt.
SLOT = datetime(2026, 1, 7, 14, 0, tzinfo=UTC)


async def _prompt_of_week(console: ConsoleDriver, week: int) -> str:
    [post] = [d for d in await console.run_at(SLOT + timedelta(weeks=week, minutes=1)) if d.kind == "channel"]
    return post.text


async def test_own_prompts_come_first_once_and_defaults_never_repeat_early(console: ConsoleDriver) -> None:
    console.clock.set(SLOT - timedelta(days=2))
    await console.lines(
        "organiser ann",
        "ann: /kindling goal Learn together.",
        "ann: /kindling column schedule wednesday 14:00",
        "ann: /kindling prompt add Which call are you proudest of this season?",
    )
    posts = [await _prompt_of_week(console, 0), await _prompt_of_week(console, 1)]
    await console.line("ann: /kindling prompt add Which rule do you find hardest to explain?")
    posts += [await _prompt_of_week(console, week) for week in range(2, 3 + len(DEFAULT_PROMPTS))]
    assert "proudest of this season" in posts[0]
    defaults = [translate("en", key) for key in DEFAULT_PROMPTS]
    assert defaults[0] in posts[1]
    assert "hardest to explain" in posts[2]  # the new own prompt comes before the next default
    # After it, the defaults go on where they were: every default once before any comes again.
    shown = [next(i for i, text in enumerate(defaults) if text in post) for post in posts[3:]]
    assert shown == [*range(1, len(defaults)), 0]
    assert sum("proudest of this season" in post for post in posts) == 1
