"""The gettext catalogs, read and written with Babel.

English is the source: `template()` builds kindling.pot from bot/i18n/en.py, one entry per key, with the key
as msgctxt and the English text as msgid (msgid_plural for a `Plural`). Each translation is a .po file in
locale/<language>/LC_MESSAGES/, read at import by `load()`; no compiled .mo file is needed. `merge()` carries
a translation over to a new template the way msgmerge does, but matched by key rather than by text: a
changed English text keeps its old translation, marked fuzzy with the previous msgid, for a translator to
review in Poedit or Weblate.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import denormalize, read_po, write_po

from bot.i18n import en
from bot.i18n.entries import Entry, Plural, placeholders
from bot.i18n.keys import Text
from bot.i18n.language import Language
from bot.i18n.notes import NOTES

DOMAIN = "kindling"
LOCALE_DIR = Path(__file__).with_name("locale")
TEMPLATE_PATH = LOCALE_DIR / f"{DOMAIN}.pot"
HEADER = """\
# Kindling's texts.
# English is the source language (bot/i18n/en.py); each text's key is its
# msgctxt. Regenerate with `python -m bot.i18n.extract` (make messages)."""

MessageId = str | tuple[str, ...]


def po_path(language: Language) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def msgid(entry: Entry) -> MessageId:
    return tuple(entry) if isinstance(entry, Plural) else entry


def template(creation_date: datetime | None = None) -> Catalog:
    """The .pot: every key in keys.py order, its English text, and what a translator needs to know. An
    empty text (there is nothing to translate) has no entry: gettext keeps the empty msgid for the header."""
    catalog = Catalog(
        domain=DOMAIN,
        header_comment=HEADER,
        project="Kindling",
        version="1",
        copyright_holder="the Kindling contributors",
        creation_date=creation_date,
        charset="utf-8",
    )
    for key in Text:
        entry = en.CATALOG[key]
        if not entry:
            continue
        forms = entry if isinstance(entry, Plural) else (entry,)
        # Poedit and msgfmt check a python-brace-format entry's placeholders against the msgid.
        braced = any(placeholders(form) for form in forms) or any("{{" in form for form in forms)
        note = NOTES.get(key)
        catalog.add(
            msgid(entry),
            context=key.value,
            flags=["python-brace-format"] if braced else [],
            auto_comments=[note] if note else [],
        )
    return catalog


def read(path: Path, *, language: Language | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def render(catalog: Catalog) -> str:
    buffer = BytesIO()
    write_po(buffer, catalog, sort_output=False, include_previous=True, include_lineno=False)
    return buffer.getvalue().decode("utf-8")


def merge(translated: Catalog, new_template: Catalog) -> Catalog:
    """`translated` brought up to `new_template`, matched by key (msgctxt): new keys come in untranslated,
    an English text that changed keeps its translation marked fuzzy (with `#| msgid` the old English),
    and the translations of keys that are gone are kept as obsolete entries (`#~`)."""
    forms = translated.num_plurals
    old = {message.context: message for message in translated if message.id}
    for message in list(old.values()):
        translated.delete(message.id, context=message.context)
    for message in new_template:
        if not message.id:
            continue
        previous = old.pop(message.context, None)
        string, fuzzy, previous_id = _carried(msgid_of(message), previous, forms)
        earlier_id, user_comments = _split_previous(previous)
        translated.add(
            message.id,
            string,
            context=message.context,
            flags=set(message.flags) | ({"fuzzy"} if fuzzy else set()),
            auto_comments=message.auto_comments,
            user_comments=user_comments,
            # A translation still fuzzy from an earlier change keeps pointing at the English it was made for.
            previous_id=previous_id or (earlier_id if fuzzy else ()),
        )
    for message in old.values():
        first = message.id if isinstance(message.id, str) else message.id[0]
        translated.obsolete[(first, message.context) if message.context else first] = message
    translated.creation_date = new_template.creation_date
    return translated


def _carried(new_id: MessageId, previous: Message | None, forms: int) -> tuple[MessageId, bool, MessageId]:
    """The translation a template entry keeps: (msgstr, fuzzy, previous msgid)."""
    plural = isinstance(new_id, tuple)
    if previous is None:
        return (("",) * forms if plural else ""), False, ()
    strings = strings_of(previous)
    if plural:
        # A text that gained plural forms keeps what it had as the first form; a translator fills the rest.
        string: MessageId = tuple((list(strings) + [""] * forms)[:forms])
    else:
        string = strings[0] if strings else ""
    changed = msgid_of(previous) != new_id
    return string, changed or previous.fuzzy, (msgid_of(previous) if changed else ())


def _split_previous(message: Message | None) -> tuple[MessageId, list[str]]:
    """Babel reads the `#| msgid` lines of a fuzzy entry (the English its translation was made for) as
    translator comments starting with "|": split them back into a msgid and the real comments."""
    if message is None:
        return (), []
    texts: list[list[str]] = []
    comments: list[str] = []
    for comment in message.user_comments:
        if not comment.startswith("|"):
            comments.append(comment)
            continue
        keyword, _, rest = comment[1:].strip().partition(" ")
        if keyword in ("msgid", "msgid_plural"):
            texts.append([rest])
        elif texts:
            texts[-1].append(comment[1:].strip())
    ids = tuple(denormalize("\n".join(lines)) for lines in texts)
    return (ids[0] if len(ids) == 1 else ids), comments


@dataclass(frozen=True, slots=True)
class Translation:
    """One language's texts by key, as read from its .po file."""

    language: Language
    #: key -> (the English msgid it translates, its forms).
    texts: Mapping[str, tuple[MessageId, tuple[str, ...]]]
    #: Which form a count takes (the Plural-Forms header: for Dutch, 0 for one and 1 for any other count).
    plural_form: Callable[[int], int]

    def text(self, key: Text, english: str) -> str:
        found = self.texts.get(key.value)
        return found[1][0] if found is not None and found[0] == english else english

    def plural(self, key: Text, english: Plural, count: int) -> str:
        found = self.texts.get(key.value)
        if found is not None and found[0] == tuple(english):
            return found[1][self.plural_form(count)]
        return english.one if count == 1 else english.other


def load(language: Language) -> Translation:
    """A language's translation. As gettext does, an entry that is fuzzy, incomplete or made for another
    English text is not used (the English shows instead); the tests keep every shipped catalog complete."""
    catalog = read(po_path(language), language=language)
    texts: dict[str, tuple[MessageId, tuple[str, ...]]] = {}
    for message in catalog:
        if not message.id or message.context is None or message.fuzzy:
            continue
        strings = strings_of(message)
        if all(strings) and len(strings) == (catalog.num_plurals if message.pluralizable else 1):
            texts[message.context] = (msgid_of(message), strings)
    return Translation(language, texts, gettext.c2py(catalog.plural_expr))


def msgid_of(message: Message) -> MessageId:
    """A message's msgid as `msgid()` writes it: a text, or a tuple of the singular and the plural."""
    return message.id if isinstance(message.id, str) else tuple(message.id)


def strings_of(message: Message) -> tuple[str, ...]:
    """A message's msgstr forms (one for a text without plural forms)."""
    if message.string is None:
        return ("",)
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)
