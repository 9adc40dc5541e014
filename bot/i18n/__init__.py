"""Translation: `translate(language, Text.KEY, **values)` fills a catalog entry with plain values."""

from __future__ import annotations

from typing import Literal, get_args

from bot.i18n import en, nl
from bot.i18n.keys import Text

Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

CATALOGS: dict[Language, dict[Text, str]] = {"en": en.CATALOG, "nl": nl.CATALOG}


def translate(language: Language, key: Text, /, **values: object) -> str:
    # str.format with plain values only: catalog entries are ours, never user input.
    return CATALOGS[language][key].format(**{name: str(value) for name, value in values.items()})


def catalog_entry(language: Language, key: Text) -> str:
    """The entry as written, for texts that are themselves templates (the default welcome)."""
    return CATALOGS[language][key]


def is_language(value: str) -> bool:
    return value in LANGUAGES


__all__ = ["CATALOGS", "LANGUAGES", "Language", "Text", "catalog_entry", "is_language", "translate"]
