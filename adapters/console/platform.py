"""The console's side of the port: every delivered message becomes one labelled block of text."""

from __future__ import annotations

import re
from collections.abc import Callable

from adapters.console.capabilities import CAPABILITIES
from bot.messages import Button, Message
from bot.port import Delivered

_MENTION = re.compile(r"<@([^>|]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([^>|]+)(?:\|[^>]*)?>")
_POST = re.compile(r"<post:([^:>]+):([^>]+)>")


def plain(text: str) -> str:
    return _CHANNEL.sub(r"#\1", _MENTION.sub(r"@\1", _POST.sub(r"message \2 in <#\1>", text)))


class ConsolePlatform:
    capabilities = CAPABILITIES

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self._sent = 0
        #: The buttons of each shown message by its number, so `NAME: press 3 2` presses the second of #3.
        self.buttons: dict[str, tuple[Button, ...]] = {}

    async def edit_message(
        self, *, community_id: str, channel_id: str, message_id: str, message: Message
    ) -> Delivered:
        """The console cannot change what it printed: it prints the new version under the same number."""
        self._write("\n".join(self._block(f"edit of message {message_id}", message_id, message)))
        return Delivered(channel_id=channel_id, message_id=message_id)

    async def send_direct(
        self, *, community_id: str, member_id: str, message: Message, key: str
    ) -> Delivered:
        return self._show(f"DM -> {member_id}", member_id, message)

    async def send_group(
        self, *, community_id: str, member_ids: tuple[str, ...], message: Message, key: str
    ) -> Delivered:
        return self._show(f"group -> {', '.join(member_ids)}", ",".join(member_ids), message)

    async def post_in_channel(
        self, *, community_id: str, channel_id: str, thread_id: str | None, message: Message, key: str
    ) -> Delivered:
        label = f"#{channel_id}" if thread_id is None else f"#{channel_id} thread {thread_id}"
        return self._show(label, channel_id, message, show_id=True)

    async def reply_privately(
        self,
        *,
        community_id: str,
        member_id: str,
        channel_id: str,
        reply_token: str | None,
        message: Message,
        key: str,
    ) -> Delivered:
        return self._show(f"private -> {member_id}", channel_id, message)

    def _show(self, label: str, channel_id: str, message: Message, *, show_id: bool = False) -> Delivered:
        self._sent += 1
        number = str(self._sent)
        block = self._block(label, number, message)
        if show_id:
            block.append(f"{_indent(label)}(message {number}: reply with `NAME: reply {number} TEXT`)")
        self._write("\n".join(block))
        return Delivered(channel_id=channel_id, message_id=number)

    def _block(self, label: str, number: str, message: Message) -> list[str]:
        lines = plain(message.text).splitlines() or [""]
        indent = _indent(label)
        block = [f"[{label}] {lines[0]}", *(indent + line for line in lines[1:])]
        block += [
            f"{indent}(button) {b.label}: type `NAME: click {b.action_id} {b.value}`" for b in message.buttons
        ]
        if message.buttons:
            # Numbered votes: the same buttons by their place, shorter to type than the click line.
            last = len(message.buttons)
            block.append(f"{indent}(or by number: `NAME: press {number} N`, N from 1 to {last})")
        self.buttons[number] = message.buttons
        block += [f"{indent}(file) {a.filename}, {len(a.data) // 1024} KB" for a in message.attachments]
        return block


def _indent(label: str) -> str:
    return " " * (len(label) + 3)
