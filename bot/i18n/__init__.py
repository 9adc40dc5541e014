"""Translation: `translate(language, Text.KEY, **values)` fills a catalog entry with plain values, and
`translate_plural(language, Text.KEY, count, **values)` the form of an entry that follows a count.

English is the source (bot/i18n/en.py); other languages come from gettext .po files (see bot.i18n.po).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.i18n import en, po
from bot.i18n.entries import Plural
from bot.i18n.keys import Text
from bot.i18n.language import LANGUAGES, SOURCE_LANGUAGE, TRANSLATED, Language, is_language

TRANSLATIONS: Mapping[Language, po.Translation] = {language: po.load(language) for language in TRANSLATED}


def translate(language: Language, key: Text, /, **values: object) -> str:
    return _fill(catalog_entry(language, key), values)


def translate_plural(language: Language, key: Text, count: int, /, **values: object) -> str:
    """The form of `key` for `count` (one reply, two replies), filled. `count` only picks the form: pass
    the number itself among `values` too, under the name the text uses."""
    english = en.CATALOG[key]
    if not isinstance(english, Plural):
        raise TypeError(f"{key} has one form: use translate()")
    if language == SOURCE_LANGUAGE:
        text = english.one if count == 1 else english.other
    else:
        text = TRANSLATIONS[language].plural(key, english, count)
    return _fill(text, values)


def catalog_entry(language: Language, key: Text) -> str:
    """The entry as written, for texts that are themselves templates (the default welcome)."""
    english = en.CATALOG[key]
    if isinstance(english, Plural):
        raise TypeError(f"{key} has plural forms: use translate_plural()")
    if language == SOURCE_LANGUAGE:
        return english
    return TRANSLATIONS[language].text(key, english)


def _fill(text: str, values: Mapping[str, object]) -> str:
    # str.format with plain values only: catalog entries are ours, never user input.
    return text.format(**{name: str(value) for name, value in values.items()})


__all__ = [
    "LANGUAGES",
    "Language",
    "Plural",
    "Text",
    "catalog_entry",
    "is_language",
    "translate",
    "translate_plural",
]
