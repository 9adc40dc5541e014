"""Translation: `translate(language, Text.KEY, **values)` fills a catalog entry with plain values."""

from __future__ import annotations

from typing import Literal, get_args

from bot.i18n import en, nl
from bot.i18n.keys import Text

Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

#: An entry is a text, or (one, other) for a text whose words follow a count.
Entry = str | tuple[str, str]
CATALOGS: dict[Language, dict[Text, Entry]] = {"en": en.CATALOG, "nl": nl.CATALOG}


def _form(entry: Entry, count: int) -> str:
    if isinstance(entry, str):
        return entry
    return entry[0] if count == 1 else entry[1]  # Dutch and English: one form for 1, another for the rest


def translate(language: Language, key: Text, /, **values: object) -> str:
    # str.format with plain values only: catalog entries are ours, never user input.
    return _form(CATALOGS[language][key], 0).format(**{name: str(value) for name, value in values.items()})


def translate_plural(language: Language, key: Text, count: int, /, **values: object) -> str:
    """The form of `key` for `count` (one reply, two replies)."""
    text = _form(CATALOGS[language][key], count)
    return text.format(**{name: str(value) for name, value in values.items()})


def catalog_entry(language: Language, key: Text) -> str:
    """The entry as written, for texts that are themselves templates (the default welcome)."""
    return _form(CATALOGS[language][key], 0)


def is_language(value: str) -> bool:
    return value in LANGUAGES


__all__ = [
    "CATALOGS",
    "LANGUAGES",
    "Language",
    "Text",
    "catalog_entry",
    "is_language",
    "translate",
    "translate_plural",
]
