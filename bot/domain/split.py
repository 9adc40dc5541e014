"""Splitting a long text into parts a platform accepts: between lines where possible, so no sentence is cut
unless a single line is longer than the limit."""

from __future__ import annotations


def split_text(text: str, limit: int) -> list[str]:
    """At least one part (an empty text is one empty part); each part at most `limit` characters."""
    if limit < 1:
        raise ValueError("a limit of at least one character")
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    lines: list[str] = []
    size = -1  # the joined length of `lines`: the newlines between them included

    def flush() -> None:
        nonlocal lines, size
        if lines:
            parts.append("\n".join(lines))
        lines, size = [], -1

    for line in text.split("\n"):
        while len(line) > limit:  # longer than a whole part: cut it, at a space where one is near the end
            flush()
            cut = line.rfind(" ", 0, limit + 1)
            cut = cut if cut > limit // 2 else limit
            parts.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        if size + 1 + len(line) > limit:
            flush()
        lines.append(line)
        size += 1 + len(line)
    flush()
    return [part for part in parts if part.strip()] or [text[:limit]]
