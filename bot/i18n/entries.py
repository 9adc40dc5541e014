"""What an English catalog entry is: one text, or the forms of a text whose words follow a count."""

from __future__ import annotations

from string import Formatter
from typing import NamedTuple


class Plural(NamedTuple):
    """A text with a count in it, as gettext's msgid and msgid_plural: `one` for exactly one, `other` for
    every other count (0, 2, 5...). `one` may leave the count out ("every week" / "every {count} weeks")."""

    one: str
    other: str


Entry = str | Plural


def placeholders(text: str) -> set[str]:
    """The names in braces that `str.format` fills ("{{" is a literal brace, not a placeholder)."""
    return {field for _, field, _, _ in Formatter().parse(text) if field}
