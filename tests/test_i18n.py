"""Every text exists in English and Dutch, with the same placeholders and real plural forms, and the gettext
catalogs (kindling.pot, nl/kindling.po) are up to date with the English source."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from bot.domain.status import FallbackMode, WatchKind
from bot.features import registry
from bot.i18n import LANGUAGES, Language, Text, catalog_entry, en, po, translate, translate_plural
from bot.i18n.calendar import when
from bot.i18n.entries import Entry, Plural, placeholders
from bot.i18n.extract import updated_files
from bot.i18n.language import TRANSLATED
from bot.i18n.prompts import DEFAULT_PROMPTS, FALLBACK_MODES, FALLBACK_POLL_OPTIONS, POST_KINDS

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = {language: po.read(po.po_path(language), language=language) for language in TRANSLATED}


def _entries(catalog: Catalog) -> dict[str, Message]:
    return {message.context: message for message in catalog if message.id and message.context}


def _forms(entry: Entry) -> tuple[str, ...]:
    return tuple(entry) if isinstance(entry, Plural) else (entry,)


def _translated_forms(language: Language, key: Text) -> tuple[str, ...]:
    return po.strings_of(_entries(CATALOGS[language])[key.value])


TRANSLATABLE = [key for key in Text if en.CATALOG.get(key, "x")]


def test_every_key_has_an_english_text() -> None:
    assert set(Text) - set(en.CATALOG) == set()
    assert set(en.CATALOG) - set(Text) == set()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_key_is_translated_for_the_english_it_has_now(language: Language) -> None:
    """A changed English text makes its translation stale (the extract command marks it fuzzy): it fails
    here until a translator has looked at it again."""
    entries = _entries(CATALOGS[language])
    missing = [key for key in TRANSLATABLE if key.value not in entries]
    assert not missing, f"{language} has no entry for {missing}: run python -m bot.i18n.extract"
    stale = [key for key in TRANSLATABLE if po.msgid_of(entries[key.value]) != po.msgid(en.CATALOG[key])]
    assert not stale, f"{language} translates an older English text of {stale}"
    fuzzy = [key for key in TRANSLATABLE if entries[key.value].fuzzy]
    assert not fuzzy, f"{language} has fuzzy translations for {fuzzy}"
    empty = [key for key in TRANSLATABLE if not all(_translated_forms(language, key))]
    assert not empty, f"{language} has untranslated forms for {empty}"
    unknown = set(entries) - {key.value for key in Text}
    assert not unknown, f"{language} has entries for keys that are gone: {unknown}"


@pytest.mark.parametrize("key", TRANSLATABLE)
def test_placeholders_are_the_same_in_every_language(key: Text) -> None:
    english = _forms(en.CATALOG[key])
    every = set().union(*(placeholders(form) for form in english))
    # The form for one may leave the count out ("every week" / "every {count} weeks"); no other may.
    assert placeholders(english[0]) <= every and all(placeholders(form) == every for form in english[1:])
    for language in TRANSLATED:
        forms = _translated_forms(language, key)
        assert placeholders(forms[0]) <= every, (language, forms[0])
        for form in forms[1:] if len(forms) > 1 else forms:
            assert placeholders(form) == every, (language, form)


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_entries_have_the_forms_of_the_language(language: Language) -> None:
    catalog = CATALOGS[language]
    # The Plural-Forms header is CLDR's rule for the language, as Babel knows it.
    assert (catalog.num_plurals, catalog.plural_expr) == tuple(get_plural(language))
    for key in TRANSLATABLE:
        expected = catalog.num_plurals if isinstance(en.CATALOG[key], Plural) else 1
        assert len(_translated_forms(language, key)) == expected, key


def test_the_template_and_the_translations_are_up_to_date() -> None:
    stale = updated_files()
    assert not stale, f"out of date: {sorted(map(str, stale))}; run python -m bot.i18n.extract"


#: "welcome(s)", "repl(ies)", "koppel(s)", "dag(en)", "casus(sen)"...
BRACKET_PLURAL = re.compile(r"[^\W\d_]\((?:s|es|ies|en|n|sen|e)\)")
#: "lid/leden", "week/weken", "and/or": a slash between two words (a time zone name is not prose).
SLASH_WORDS = re.compile(r"(?<![\w/])([^\W\d_]+)/([^\W\d_]+)(?![\w/])")
SLASH_ALLOWED = {("Area", "City"), ("Gebied", "Stad"), ("Europe", "Amsterdam")}


def _every_text() -> list[tuple[str, str]]:
    found = [(f"en {key}", form) for key, entry in en.CATALOG.items() for form in _forms(entry)]
    for language in TRANSLATED:
        found += [
            (f"{language} {key}", form) for key in TRANSLATABLE for form in _translated_forms(language, key)
        ]
    return found


def test_no_text_pastes_a_plural_in_brackets_or_with_a_slash() -> None:
    pasted = [(where, text) for where, text in _every_text() if BRACKET_PLURAL.search(text)]
    pasted += [
        (where, text)
        for where, text in _every_text()
        for pair in SLASH_WORDS.findall(text)
        if pair not in SLASH_ALLOWED
    ]
    assert not pasted


#: Dutch a native reader stumbles over, ruled out in review: stilted ("diens", "werk in uitvoering"), a
#: translated English term ("stille uren": rusttijden), a gendered pair, or a register mixed with "je".
AWKWARD_DUTCH = re.compile(
    r"\b(diens|werk in uitvoering|stille uren|hem of haar|zijn of haar|jezelf|u|uw)\b", re.IGNORECASE
)


def test_no_dutch_text_uses_what_review_ruled_out() -> None:
    found = [
        (where, text)
        for where, text in _every_text()
        if where.startswith("nl") and AWKWARD_DUTCH.search(text)
    ]
    assert not found


def test_a_moment_reads_as_a_dutch_or_english_reader_expects() -> None:
    moment = datetime(2026, 3, 12, 18, 30, tzinfo=UTC)
    zone = ZoneInfo("Europe/Amsterdam")
    assert when(moment, language="nl", zone=zone) == "donderdag 12 maart om 19:30"
    assert when(moment, language="en", zone=zone) == "Thursday 12 March, 19:30"
    # A moment in another year than now says which.
    now = datetime(2025, 12, 20, tzinfo=UTC)
    assert when(moment, language="nl", zone=zone, now=now) == "donderdag 12 maart 2026 om 19:30"
    assert when(moment, language="en", zone=zone, now=now) == "Thursday 12 March 2026, 19:30"
    assert when(moment, language="en", zone=zone, now=moment) == "Thursday 12 March, 19:30"


@pytest.mark.parametrize(("language", "count", "expected"), [
    ("en", 0, "0 members voted"), ("en", 1, "1 member voted"), ("en", 2, "2 members voted"),
    ("nl", 0, "0 leden hebben gestemd"), ("nl", 1, "1 lid heeft gestemd"),
    ("nl", 2, "2 leden hebben gestemd"),
])  # fmt: skip
def test_a_count_picks_its_form(language: Language, count: int, expected: str) -> None:
    text = translate_plural(language, Text.POLL_RESULT, count, question="Q?", lines="A: 1", total=count)
    assert text.endswith(expected + ".")


def test_the_form_for_one_may_leave_the_number_out() -> None:
    assert translate_plural("en", Text.EVERY_WEEKS, 1, count=1) == "every week"
    assert translate_plural("nl", Text.EVERY_WEEKS, 1, count=1) == "elke week"
    assert translate_plural("nl", Text.EVERY_WEEKS, 2, count=2) == "om de 2 weken"


def test_a_plural_text_asked_for_as_one_text_is_a_mistake_and_the_other_way_round() -> None:
    with pytest.raises(TypeError):
        translate("nl", Text.POLL_RESULT)
    with pytest.raises(TypeError):
        translate_plural("nl", Text.GOAL_SHOW, 2, goal="x")


def test_a_stale_or_missing_translation_shows_the_english_as_gettext_does() -> None:
    english = en.CATALOG[Text.GOAL_SHOW]
    assert isinstance(english, str)
    dutch = po.Translation("nl", {Text.GOAL_SHOW.value: ("Our old goal: {goal}", ("Ons doel: {goal}",))}, int)
    assert dutch.text(Text.GOAL_SHOW, english) == english
    assert po.Translation("nl", {}, int).plural(Text.EVERY_WEEKS, Plural("a", "b"), 1) == "a"
    assert catalog_entry("nl", Text.GOAL_SHOW) == "Ons doel: {goal}"


def _template(**texts: str | tuple[str, str]) -> Catalog:
    template = Catalog(domain=po.DOMAIN)
    for key, text in texts.items():
        template.add(text, context=key)
    return template


def test_merging_keeps_translations_by_key_and_marks_changed_english_fuzzy() -> None:
    translated = Catalog(locale="nl", domain=po.DOMAIN)
    translated.add("Hello", "Hallo", context="a")
    translated.add("Bye", "Dag", context="b")
    translated.add("Gone", "Weg", context="c")
    merged = po.merge(translated, _template(a="Hello", b="Goodbye", d=("{count} week", "{count} weeks")))
    entries = _entries(merged)
    assert (entries["a"].string, entries["a"].fuzzy) == ("Hallo", False)
    assert (entries["b"].string, entries["b"].fuzzy, entries["b"].previous_id) == ("Dag", True, ["Bye"])
    assert entries["d"].string == ("", "") and not entries["d"].fuzzy
    assert "c" not in entries and [message.string for message in merged.obsolete.values()] == ["Weg"]
    # Written and read back, a fuzzy entry keeps the English it was made for, and merging again is stable.
    again = read_po(po.render(merged).splitlines(keepends=True), locale="nl", domain=po.DOMAIN)
    remerged = po.merge(again, _template(a="Hello", b="Goodbye", d=("{count} week", "{count} weeks")))
    assert po.render(remerged) == po.render(merged)


# -- code and catalogs agree -----------------------------------------------------------------------------

#: Calls that fill a text, and where their key argument is.
SINGULAR_CALLS = {"text": 0, "template": 0, "translate": 1, "catalog_entry": 1}
PLURAL_CALLS = {"plural": 0, "translate_plural": 1}


def _called(node: ast.Call) -> str | None:
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)


def _key_of(node: ast.expr) -> Text | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Text":
        return Text[node.attr]
    return None


def test_every_plural_text_is_filled_with_a_count_and_no_other_is() -> None:
    """A text with plural forms used through `turn.text` (or the reverse) is caught here, not in a chat."""
    wrong = []
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("adapters/**/*.py")]:
        if path.parent.name == "i18n":
            continue  # the catalogs themselves
        tree = ast.parse(path.read_text("utf-8"))
        filled_with_count: set[int] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _called(node) not in {**SINGULAR_CALLS, **PLURAL_CALLS}:
                continue
            name = _called(node)
            position = PLURAL_CALLS.get(name or "", SINGULAR_CALLS.get(name or "", 0))
            if len(node.args) <= position or (key := _key_of(node.args[position])) is None:
                continue
            is_plural = isinstance(en.CATALOG[key], Plural)
            if name in PLURAL_CALLS:
                filled_with_count.add(id(node.args[position]))
                if not is_plural:
                    wrong.append(f"{path.name}:{node.lineno} {key.name} has one form")
            elif is_plural:
                wrong.append(f"{path.name}:{node.lineno} {key.name} needs a count")
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute) or (key := _key_of(node)) is None:
                continue
            if isinstance(en.CATALOG[key], Plural) and id(node) not in filled_with_count:
                wrong.append(f"{path.name}:{node.lineno} {key.name} is passed on without its count")
    assert not wrong


KINDLING_COMMAND = re.compile(r"/kindling ((?:[^\s\"<\[]+ ?){1,3})")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_command_a_text_mentions_exists(language: Language) -> None:
    """Texts that say "use /kindling koffie meedoen" name words the grammar knows, in either language."""
    commands = registry()
    unknown = []
    for key in TRANSLATABLE:
        forms = _forms(en.CATALOG[key]) if language == "en" else _translated_forms(language, key)
        for form in forms:
            for mention in KINDLING_COMMAND.findall(form):
                words = " ".join(word.rstrip(".,;:!?)`'") for word in mention.split())
                if commands.match(words) is None:
                    unknown.append((key.name, mention))
    assert not unknown


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


@pytest.mark.parametrize("key", TRANSLATABLE)
def test_dutch_and_english_differ(key: Text) -> None:
    # A copy-pasted English text in the Dutch catalog is a missing translation (unless it has no words).
    english = _forms(en.CATALOG[key])
    words = re.sub(r"\{[^}]*\}", "", english[-1])
    if any(character.isalpha() for character in words) and key not in SAME_IN_BOTH:
        assert _translated_forms("nl", key)[-1] != english[-1]


def test_word_lists_are_catalog_entries_covering_every_mode_and_kind() -> None:
    """The prompt bank and the patience words are keys: a translation of the catalog translates them too."""
    assert len(set(DEFAULT_PROMPTS)) == len(DEFAULT_PROMPTS) >= 5
    assert len(set(FALLBACK_POLL_OPTIONS)) == len(FALLBACK_POLL_OPTIONS) >= 2
    assert set(FALLBACK_MODES) == set(FallbackMode)
    assert set(POST_KINDS) == set(WatchKind)
    for key in (*DEFAULT_PROMPTS, *FALLBACK_POLL_OPTIONS, *FALLBACK_MODES.values(), *POST_KINDS.values()):
        assert translate("nl", key) != translate("en", key)
