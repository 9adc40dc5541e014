"""Sixty days of a referee community (tests/scenarios/referees.py) in both languages: Kindling stays a patient
host. It writes at most a third of the posts in #home and its threads, never posts the result of a poll fewer
than two members answered, never puts a poll under a thread someone else already replied in, sends nobody
more than three DMs a week, and never pastes a plural together ("week(s)", "lid/leden")."""

from __future__ import annotations

import re

import pytest

from bot.storage.database import Database
from tests.scenarios.referees import Referees
from tests.support.console_driver import ConsoleDriver

#: "week(s)", "reactie(s)", "repl(ies)", "welkomstbericht(en)"; "lid/leden", "week/weken", "koppel/koppels".
BRACKET_PLURAL = re.compile(r"[a-z]\((s|es|ies|en|n|e)\)", re.IGNORECASE)
#: Two lower-case forms of one word (Europe/Amsterdam or en/of are not plurals).
SLASH_PLURAL = re.compile(r"\b([a-z])[a-z]+/\1[a-z]+\b")
#: A poll result as posted (the heading names how many voted): "2 members voted", "3 leden hebben gestemd".
VOTERS = re.compile(
    r"(\d+) (?:members?|member\(s\)|leden|lid|lid/leden) (?:voted|hebben gestemd|heeft gestemd)"
)


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_sixty_days_of_a_patient_host(
    language: str, database: Database, console: ConsoleDriver
) -> None:
    if not database.is_sqlite:
        pytest.skip("the sixty days run once, on SQLite: the storage paths are the suite's other tests' work")
    lived = await Referees(console, language).run()
    print(
        f"\n[{language}] Kindling's posts: {len(lived.kindling_posts)}, "
        f"members' posts: {lived.member_posts}, posts answering members' commands: {len(lived.member_made)}, "
        f"share: {lived.kindling_share:.0%}"
    )
    assert lived.member_posts >= 54
    assert lived.kindling_share <= 1 / 3

    # No public result of a poll fewer than two members answered; the member's poll (four voters) has one.
    public = [d for d in lived.sent if d.kind in ("channel", "edit")]
    posted = [d for d in public if VOTERS.search(d.text)]
    assert posted
    assert all(int(VOTERS.search(d.text).group(1)) >= 2 for d in posted)  # type: ignore[union-attr]

    # No poll under a thread in which someone other than its author replied.
    for thread, repliers in lived.polls_in_threads:
        author = lived.authors.get(thread)
        assert all(replier == author for replier in repliers), (thread, repliers)

    busiest = max(lived.dms.items(), key=lambda item: item[1])
    assert busiest[1] <= 3, busiest

    for delivery in lived.sent:
        text = re.sub(r"https?://\S+", "", delivery.text)
        assert not BRACKET_PLURAL.search(text), text
        assert not SLASH_PLURAL.search(text), text
