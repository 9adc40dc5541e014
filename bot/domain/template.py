"""Welcome templates are data: placeholders are looked up in a fixed table, never evaluated."""

from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDERS = ("name", "goal", "community", "ambassador", "channel")
MAX_TEMPLATE_LENGTH = 2000

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


@dataclass(frozen=True, slots=True)
class UnknownPlaceholder:
    placeholder: str


@dataclass(frozen=True, slots=True)
class MalformedTemplate:
    pass


@dataclass(frozen=True, slots=True)
class TemplateTooLong:
    length: int
    limit: int = MAX_TEMPLATE_LENGTH


TemplateProblem = UnknownPlaceholder | MalformedTemplate | TemplateTooLong


def check_template(template: str) -> TemplateProblem | None:
    if len(template) > MAX_TEMPLATE_LENGTH:
        return TemplateTooLong(length=len(template))
    for match in _TOKEN.finditer(template):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            return MalformedTemplate()
        if match.group(1) not in PLACEHOLDERS:
            return UnknownPlaceholder(placeholder="{" + match.group(1) + "}")
    return None


def render_template(template: str, values: dict[str, str]) -> str:
    """Fill a template that `check_template` accepted; values are inserted as plain text."""

    def substitute(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1)
        if name is None:
            return token
        return values.get(name, token)

    return _TOKEN.sub(substitute, template)
