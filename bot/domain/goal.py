"""Step 1 of the method: the group's goal, in at most two sentences (one on why the group exists, one on
what members do together)."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SENTENCES = 2
MAX_LENGTH = 300

# A sentence may end at . ! ? (or a run of them, "?!" or "..."), followed by whitespace or the end.
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)")
_WORD_BEFORE = re.compile(r"(\S+)$")
#: A run of single letters with a full stop after each but the last: "o.a", "e.g", "i.e", "d.w.z", "A.B".
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]", re.UNICODE)
#: Words that are followed by a full stop without ending a sentence: titles and abbreviations used
#: mid-sentence, in Dutch and English (lowercase, without their last full stop).
ABBREVIATIONS = frozenset(
    {
        *("dr", "drs", "mr", "mrs", "ms", "prof", "ir", "ing", "dhr", "mevr", "mw", "st", "jr", "sr"),
        *("nr", "vs", "bijv", "bv", "ca", "cf", "incl", "excl", "evt", "resp", "vgl", "zgn", "approx"),
        *("dept", "ong", "mln", "mld"),
    }
)
#: Abbreviations that close a list and may end a sentence too: they do when a capital follows.
LIST_ENDINGS = frozenset({"etc", "enz", "e.d", "usw"})


def sentences(text: str) -> list[str]:
    """The text's sentences, as written. A full stop after an abbreviation ("o.a.", "bijv.", "Dr.", "e.g."),
    an initial ("J. de Vries") or in a number (2.5) does not end one."""
    stripped = " ".join(text.split())
    found: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(stripped):
        if _ends_sentence(stripped, end):
            found.append(stripped[start : end.end()].strip())
            start = end.end()
    rest = stripped[start:].strip()
    if rest:
        found.append(rest)
    return found


def _ends_sentence(text: str, end: re.Match[str]) -> bool:
    if end.group() != "." or end.end() == len(text):
        return True
    before = _WORD_BEFORE.search(text, 0, end.start())
    word = before.group(1).lstrip("(\"'‘“").lower() if before else ""
    if len(word) == 1 and word.isalpha():
        return False  # an initial
    if _DOTTED.fullmatch(word) and word not in LIST_ENDINGS:
        return False
    if word in ABBREVIATIONS:
        return False
    if word in LIST_ENDINGS:
        following = text[end.end() :].lstrip()
        return following[:1].isupper()
    return True


def count_sentences(text: str) -> int:
    return len(sentences(text))


def has_words(text: str) -> bool:
    """True when the text has at least one letter or digit (not only dots, dashes or emoji)."""
    return any(character.isalnum() for character in text)


def what_members_do(goal: str) -> str:
    """The part of a goal that says what members do together: its last sentence, in the method's shape
    (one sentence on why the group exists, one on what members do)."""
    found = sentences(goal)
    return found[-1] if found else ""


@dataclass(frozen=True, slots=True)
class GoalTooLong:
    length: int
    limit: int = MAX_LENGTH


@dataclass(frozen=True, slots=True)
class GoalTooManySentences:
    count: int


@dataclass(frozen=True, slots=True)
class GoalWithoutWords:
    """Only punctuation or symbols ("...", "!!!"): nothing a newcomer could read."""


GoalProblem = GoalTooLong | GoalTooManySentences | GoalWithoutWords


def check_goal(text: str) -> GoalProblem | None:
    cleaned = normalise_goal(text)
    if not has_words(cleaned):
        return GoalWithoutWords()
    if len(cleaned) > MAX_LENGTH:
        return GoalTooLong(length=len(cleaned))
    count = count_sentences(cleaned)
    if count > MAX_SENTENCES:
        return GoalTooManySentences(count=count)
    return None


def normalise_goal(text: str) -> str:
    return " ".join(text.split())
