"""What the doctor found: one line per check, a problem always with what to do about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["ok", "note", "problem"]
_MARKS: dict[Outcome, str] = {"ok": "ok     ", "note": "note   ", "problem": "MISSING"}


@dataclass(frozen=True, slots=True)
class Finding:
    outcome: Outcome
    text: str


@dataclass
class Section:
    title: str
    findings: list[Finding] = field(default_factory=list)

    def ok(self, text: str) -> None:
        self.findings.append(Finding("ok", text))

    def note(self, text: str) -> None:
        self.findings.append(Finding("note", text))

    def problem(self, text: str) -> None:
        self.findings.append(Finding("problem", text))

    @property
    def healthy(self) -> bool:
        return all(f.outcome != "problem" for f in self.findings)


def render(sections: list[Section]) -> str:
    lines: list[str] = []
    for section in sections:
        lines.append(section.title)
        lines += [f"  {_MARKS[f.outcome]} {f.text}" for f in section.findings]
    problems = sum(f.outcome == "problem" for s in sections for f in s.findings)
    lines.append(
        "Everything Kindling needs is in place." if problems == 0 else f"{problems} thing(s) to fix."
    )
    return "\n".join(lines)
