"""The languages Kindling speaks. English is the source language: its texts are the msgids."""

from __future__ import annotations

from typing import Literal, get_args

Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
SOURCE_LANGUAGE: Language = "en"
#: The languages with a translation catalog (bot/i18n/locale/<language>/LC_MESSAGES/kindling.po).
TRANSLATED: tuple[Language, ...] = tuple(language for language in LANGUAGES if language != SOURCE_LANGUAGE)


def is_language(value: str) -> bool:
    return value in LANGUAGES
