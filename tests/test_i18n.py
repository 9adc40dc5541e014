"""Every text exists in Dutch and English with the same placeholders."""

from __future__ import annotations

from string import Formatter

import pytest

from bot.i18n import CATALOGS, Text
from bot.i18n.keys import Text as Keys


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(text) if field}


def test_both_languages_have_every_message() -> None:
    for language, catalog in CATALOGS.items():
        missing = set(Keys) - set(catalog)
        assert not missing, f"{language} lacks {sorted(missing)}"


@pytest.mark.parametrize("key", list(Text))
def test_same_placeholders_in_both_languages(key: Text) -> None:
    assert _placeholders(CATALOGS["nl"][key]) == _placeholders(CATALOGS["en"][key])


@pytest.mark.parametrize("key", list(Text))
def test_dutch_and_english_differ(key: Text) -> None:
    # A copy-pasted English text in the Dutch catalog is a missing translation.
    assert CATALOGS["nl"][key] != CATALOGS["en"][key]
