"""Every text exists in Dutch and English with the same placeholders."""

from __future__ import annotations

import re
from string import Formatter

import pytest

from bot.i18n import CATALOGS, Text
from bot.i18n.keys import Text as Keys


def _placeholders(entry: str | tuple[str, str]) -> set[str]:
    """Every placeholder of an entry (of both forms of a plural one; the singular may spell out "one")."""
    texts = (entry,) if isinstance(entry, str) else entry
    return {field for text in texts for _, field, _, _ in Formatter().parse(text) if field}


def test_both_languages_have_every_message() -> None:
    for language, catalog in CATALOGS.items():
        missing = set(Keys) - set(catalog)
        assert not missing, f"{language} lacks {sorted(missing)}"


@pytest.mark.parametrize("key", list(Text))
def test_same_placeholders_in_both_languages(key: Text) -> None:
    assert _placeholders(CATALOGS["nl"][key]) == _placeholders(CATALOGS["en"][key])


#: Texts that are the same words in Dutch: command words both languages share, and the language's own name.
SAME_IN_BOTH = {
    Text.CHOICE_DUTCH,
    Text.USAGE_STATUS,
    Text.EXAMPLE_STATUS,
    Text.USAGE_COLUMN,
    Text.EXAMPLE_COLUMN,
    Text.USAGE_TIPS,
    Text.EXAMPLE_TIPS,
}


@pytest.mark.parametrize("key", list(Text))
def test_dutch_and_english_differ(key: Text) -> None:
    # A copy-pasted English text in the Dutch catalog is a missing translation (unless it has no words).
    words = re.sub(r"\{[^}]*\}", "", str(CATALOGS["en"][key]))
    if any(character.isalpha() for character in words) and key not in SAME_IN_BOTH:
        assert CATALOGS["nl"][key] != CATALOGS["en"][key]


def test_word_lists_match_in_both_languages() -> None:
    from bot.i18n.prompts import DEFAULT_PROMPTS, FALLBACK_MODES, FALLBACK_POLL_OPTIONS, POST_KINDS

    assert len(DEFAULT_PROMPTS["nl"]) == len(DEFAULT_PROMPTS["en"])
    assert len(FALLBACK_POLL_OPTIONS["nl"]) == len(FALLBACK_POLL_OPTIONS["en"])
    assert FALLBACK_MODES["nl"].keys() == FALLBACK_MODES["en"].keys()
    assert POST_KINDS["nl"].keys() == POST_KINDS["en"].keys()
