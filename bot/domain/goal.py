"""Step 1 of the method: the group's goal, in at most two sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SENTENCES = 2
MAX_LENGTH = 300

# A sentence ends at . ! ? (or a run of them, "?!" or "..."), followed by whitespace or the end.
# Abbreviations like "e.g." are rare in a goal; splitting them too strictly errs on the side of shorter goals.
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)")


def count_sentences(text: str) -> int:
    stripped = text.strip()
    if not stripped:
        return 0
    ends = list(_SENTENCE_END.finditer(stripped))
    trailing = stripped[ends[-1].end() :].strip() if ends else stripped
    return len(ends) + (1 if trailing else 0)


@dataclass(frozen=True, slots=True)
class GoalTooLong:
    length: int
    limit: int = MAX_LENGTH


@dataclass(frozen=True, slots=True)
class GoalTooManySentences:
    count: int


GoalProblem = GoalTooLong | GoalTooManySentences


def check_goal(text: str) -> GoalProblem | None:
    cleaned = " ".join(text.split())
    if len(cleaned) > MAX_LENGTH:
        return GoalTooLong(length=len(cleaned))
    sentences = count_sentences(cleaned)
    if sentences > MAX_SENTENCES:
        return GoalTooManySentences(count=sentences)
    return None


def normalise_goal(text: str) -> str:
    return " ".join(text.split())
