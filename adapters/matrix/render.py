"""A core `Message` as Matrix event content: text with pills, a poll, buttons as numbered reactions.

- Mentions (`<@@ann:example.org>`) become the user id in `body`, a matrix.to pill in `formatted_body`, and
  an intentional mention (`m.mentions`) so the member is notified; `<#!room:example.org>` becomes the room's
  name; a post link (`<post:room:event>`) a matrix.to permalink. Every event names whom it mentions, so an
  "@room" in a member's words (a tip, an idea) pings nobody: clients then ignore the body for mentions.
- Matrix has no buttons. A message's buttons become a numbered list under the text and keycap reactions
  (1️⃣ 2️⃣ ...) that Kindling adds itself, so a member presses a button by clicking its reaction (or replying
  with its number). The buttons travel in the event as `org.kindling.buttons`; a press is read back from the
  event Kindling sent, so the adapter keeps no table of its own.
- A poll is an MSC3381 poll (`org.matrix.msc3381.poll.start`, what Element and other clients render in
  today's room versions) carrying the stable `m.poll.start` block too, with a numbered text fallback; when
  Kindling closes it, a poll end (`org.matrix.msc3381.poll.end`) with the final counts as its text.
- Commands in texts arrive written as members write them here (`!kindling ...`): the core writes them with
  the platform's prefix.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from adapters.matrix.payloads import BUTTONS_FIELD, KEY_FIELD
from bot.messages import Attachment, Button, Message, PollSpec
from bot.port import DeliveryError

KEYCAPS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟")
POLL_START_TYPE = "org.matrix.msc3381.poll.start"
POLL_END_TYPE = "org.matrix.msc3381.poll.end"
_MENTION = re.compile(r"<@!?([^>|]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([^>|]+)(?:\|[^>]*)?>")
#: A link to a post (`bot.messages.post_link`): a room id (which may hold colons) and an event id.
_POST = re.compile(r"<post:([^>\s]+):(\$[^:>\s]+)>")
_TOKEN = re.compile(r"<@!?([^>|]+)(?:\|[^>]*)?>|<#([^>|]+)(?:\|[^>]*)?>|" + _POST.pattern)


@dataclass(frozen=True, slots=True)
class Rendered:
    event_type: str
    content: dict[str, Any]
    #: Keycaps Kindling reacts with, one per button, so members can press them.
    reactions: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()


Names = Callable[[str], str]


def render(
    message: Message,
    *,
    key: str | None,
    user_name: Names,
    room_name: Names,
    native_poll: bool = True,
) -> Rendered:
    if len(message.buttons) > len(KEYCAPS):
        raise DeliveryError(f"{len(message.buttons)} buttons: Matrix rendering allows 10", retryable=False)
    text = message.text
    if message.poll is not None and native_poll:
        content = poll_content(message.poll, intro=text, user_name=user_name, room_name=room_name)
        event_type = POLL_START_TYPE
        reactions: tuple[str, ...] = ()
    else:
        content = text_content(text, message.buttons, user_name=user_name, room_name=room_name)
        event_type = "m.room.message"
        reactions = KEYCAPS[: len(message.buttons)]
    if key is not None:
        content[KEY_FIELD] = key
    return Rendered(event_type, content, reactions, message.attachments)


def text_content(
    text: str, buttons: tuple[Button, ...], *, user_name: Names, room_name: Names
) -> dict[str, Any]:
    lines = [f"{KEYCAPS[i]} {button.label}" for i, button in enumerate(buttons)]
    full = text + ("\n\n" + "\n".join(lines) if lines else "")
    content: dict[str, Any] = {
        "msgtype": "m.text",
        "body": plain(full, room_name=room_name),
        "format": "org.matrix.custom.html",
        "formatted_body": formatted(full, user_name=user_name, room_name=room_name),
        "m.mentions": {"user_ids": sorted(set(_MENTION.findall(full)))},
    }
    if buttons:
        content[BUTTONS_FIELD] = [
            {"action_id": b.action_id, "value": b.value, "label": b.label} for b in buttons
        ]
    return content


def poll_content(spec: PollSpec, *, intro: str, user_name: Names, room_name: Names) -> dict[str, Any]:
    """Answers are identified by their position ("0", "1", ...), which is what the core counts by."""
    question = spec.question
    fallback = intro + "\n" + "\n".join(f"{i + 1}. {option}" for i, option in enumerate(spec.options))
    body = plain(fallback, room_name=room_name)
    unstable = {
        "question": {"org.matrix.msc1767.text": question, "body": question, "msgtype": "m.text"},
        "kind": "org.matrix.msc3381.poll.disclosed",
        "max_selections": len(spec.options) if spec.multiple else 1,
        "answers": [{"id": str(i), "org.matrix.msc1767.text": o} for i, o in enumerate(spec.options)],
    }
    stable = {
        "question": {"m.text": [{"body": question}]},
        "kind": "m.disclosed",
        "max_selections": unstable["max_selections"],
        "answers": [{"m.id": str(i), "m.text": [{"body": o}]} for i, o in enumerate(spec.options)],
    }
    return {
        "org.matrix.msc3381.poll.start": unstable,
        "m.poll": stable,
        "org.matrix.msc1767.text": body,
        "m.text": [{"body": body}],
        "body": body,
        "msgtype": "m.text",
        "m.mentions": {"user_ids": sorted(set(_MENTION.findall(fallback)))},
    }


def poll_end_content(text: str, poll_event_id: str, *, key: str) -> dict[str, Any]:
    """An MSC3381 poll end (the unstable type, as the poll start): clients stop taking votes and show the
    final counts; `text` is what clients without polls show."""
    return {
        "m.relates_to": {"rel_type": "m.reference", "event_id": poll_event_id},
        "org.matrix.msc3381.poll.end": {},
        "org.matrix.msc1767.text": text,
        "m.text": [{"body": text}],
        "body": text,
        "m.mentions": {},  # nobody is pinged, whatever the text holds
        KEY_FIELD: key,
    }


def edit_content(rendered: Rendered, event_id: str) -> dict[str, Any]:
    """An `m.replace` edit: the new content, and a `* `-prefixed copy for clients that do not apply edits.
    An edit mentions nobody anew (the top-level `m.mentions` is empty), so a live count pings no one again."""
    new = {k: v for k, v in rendered.content.items() if k != KEY_FIELD}
    return {
        **{k: v for k, v in new.items() if k not in ("body", "formatted_body")},
        "body": "* " + str(new.get("body", "")),
        **({"formatted_body": "* " + str(new["formatted_body"])} if "formatted_body" in new else {}),
        "m.mentions": {},
        "m.new_content": new,
        "m.relates_to": {"rel_type": "m.replace", "event_id": event_id},
    }


def permalink(room_id: str, event_id: str) -> str:
    """A matrix.to link to one event, which every client opens."""
    return f"https://matrix.to/#/{quote(room_id, safe='!:')}/{quote(event_id, safe='$')}"


def plain(text: str, *, room_name: Names) -> str:
    """Mentions as the user id (what a text-only client shows), rooms by name, posts as links."""
    text = _POST.sub(lambda m: permalink(m[1], m[2]), text)
    return _CHANNEL.sub(lambda m: "#" + room_name(m[1]), _MENTION.sub(lambda m: m[1], text))


def formatted(text: str, *, user_name: Names, room_name: Names) -> str:
    parts: list[str] = []
    last = 0
    for match in _TOKEN.finditer(text):
        parts.append(html.escape(text[last : match.start()]))
        if match[3]:
            link = html.escape(permalink(match[3], match[4]))
            parts.append(f'<a href="{link}">{link}</a>')
        else:
            target = match[1] or match[2]
            label = user_name(target) if match[1] else "#" + room_name(target)
            parts.append(f'<a href="https://matrix.to/#/{html.escape(target)}">{html.escape(label)}</a>')
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts).replace("\n", "<br>")


def buttons_of(content: dict[str, Any]) -> list[Button]:
    """The buttons Kindling put in one of its own events, in order; none when absent or malformed."""
    raw = content.get(BUTTONS_FIELD)
    if not isinstance(raw, list):
        return []
    found = []
    for item in raw:
        if isinstance(item, dict) and isinstance(item.get("action_id"), str):
            found.append(
                Button(str(item["action_id"]), str(item.get("label", "")), str(item.get("value", "")))
            )
    return found


def keycap_index(key: str) -> int | None:
    """0 for 1️⃣ (also a bare "1" or "1⃣" without the variation selector), None for anything else."""
    normalised = key.replace("\ufe0f", "")
    for index, keycap in enumerate(KEYCAPS):
        if normalised == keycap.replace("\ufe0f", ""):
            return index
    return None


def number_index(body: str) -> int | None:
    """A reply that is just a number (`2`, ` 2. `): the button or answer it picks, counted from 0."""
    stripped = body.strip().rstrip(".")
    return int(stripped) - 1 if stripped.isdigit() and 1 <= int(stripped) <= len(KEYCAPS) else None
