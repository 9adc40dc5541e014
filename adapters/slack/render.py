"""Core messages as Slack Block Kit, within Slack's documented limits, always with a plain `text` fallback.

Limits (api.slack.com/reference/block-kit): at most 50 blocks per message, section text at most 3,000
characters, button text at most 75, button value at most 2,000, action ids at most 255 and unique within
their block, at most 25 elements per actions block; a message's `text` at most 40,000 characters.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from bot.messages import Button, Message

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ACTION_ID = 255
MAX_ACTIONS_PER_BLOCK = 25
MAX_TEXT = 40_000
ELLIPSIS = "…"

Block = dict[str, Any]

# Slack's own markup that must survive escaping: user and channel mentions, and entities. Never a special
# mention (`<!channel>`, `<!here>`, `<!everyone>`): Kindling never pings everyone, and members' own words
# (a tip, an idea) must not be able to make it do so.
_TOKEN = re.compile(r"<[@#][^<>\s]+>|&(?:amp|lt|gt);")
#: A link to a post (`bot.messages.post_link`), as the escaping leaves it.
_POST = re.compile(r"&lt;post:([A-Za-z0-9_.-]+):([0-9.]+)&gt;")


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    blocks: list[Block]


def escape(text: str) -> str:
    """Escape `&`, `<` and `>` as Slack asks, keeping mentions (`<@U1>`, `<#C1>`) and existing entities; a
    link to a post becomes its permalink."""
    out: list[str] = []
    position = 0
    for token in _TOKEN.finditer(text):
        out.append(_escape_plain(text[position : token.start()]))
        out.append(token.group(0))
        position = token.end()
    out.append(_escape_plain(text[position:]))
    return _POST.sub(lambda m: f"<https://slack.com/archives/{m[1]}/p{m[2].replace('.', '')}>", "".join(out))


def unescape(text: str) -> str:
    """Slack's escaping undone (it escapes only `&`, `<` and `>`)."""
    return html.unescape(text) if "&" in text else text


def render(message: Message) -> Rendered:
    text = escape(message.text)
    action_blocks = _actions(message.buttons)
    room = MAX_BLOCKS - len(action_blocks)
    sections = [_section(chunk) for chunk in _chunks(text, MAX_SECTION_TEXT)] if text.strip() else []
    if len(sections) > room:
        sections = sections[:room]
        last = sections[-1]["text"]["text"]
        sections[-1] = _section(_cut(last, MAX_SECTION_TEXT - len(ELLIPSIS)) + ELLIPSIS)
    fallback = _cut(text, MAX_TEXT - len(ELLIPSIS)) + (ELLIPSIS if len(text) > MAX_TEXT else "")
    if not fallback.strip():
        fallback = " ".join(b.label for b in message.buttons) or ELLIPSIS
    return Rendered(text=fallback, blocks=[*sections, *action_blocks])


def _escape_plain(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, never splitting a mention or an entity."""
    if len(text) <= limit:
        return text
    cut = limit
    for token in _TOKEN.finditer(text):
        if token.start() < limit < token.end():
            cut = token.start()
            break
    return text[:cut]


def _chunks(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, split at a paragraph, a line or a space if possible."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        head = _cut(rest, limit)
        split = max(head.rfind("\n\n"), head.rfind("\n"))
        if split < limit // 2:
            split = head.rfind(" ")
        if split < limit // 2:
            split = len(head)
        chunks.append(rest[:split].rstrip())
        rest = rest[split:].lstrip()
    if rest.strip():
        chunks.append(rest)
    return chunks


def _button(button: Button) -> Block:
    element: Block = {
        "type": "button",
        "action_id": button.action_id[:MAX_ACTION_ID],
        "text": {"type": "plain_text", "text": _cut_plain(button.label, MAX_BUTTON_TEXT), "emoji": True},
    }
    if button.value:
        element["value"] = button.value[:MAX_BUTTON_VALUE]
    if button.style != "default":
        element["style"] = button.style
    return element


def _cut_plain(text: str, limit: int) -> str:
    text = text.strip() or ELLIPSIS
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def _actions(buttons: tuple[Button, ...]) -> list[Block]:
    """Buttons in actions blocks; a button whose action id is already in a block starts another block."""
    blocks: list[list[Block]] = []
    for button in buttons:
        element = _button(button)
        target = next(
            (
                elements
                for elements in blocks
                if len(elements) < MAX_ACTIONS_PER_BLOCK
                and all(e["action_id"] != element["action_id"] for e in elements)
            ),
            None,
        )
        if target is None:
            target = []
            blocks.append(target)
        target.append(element)
    return [
        {"type": "actions", "block_id": f"kindling.actions.{index}", "elements": elements}
        for index, elements in enumerate(blocks[: MAX_BLOCKS - 1])
    ]
