"""The console's side of the port: every delivered message becomes one labelled block of text."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.messages import Message
from bot.port import Capabilities, Delivered

_MENTION = re.compile(r"<@([^>|]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([^>|]+)(?:\|[^>]*)?>")


def plain(text: str) -> str:
    return _CHANNEL.sub(r"#\1", _MENTION.sub(r"@\1", text))


class ConsolePlatform:
    capabilities = Capabilities(
        ephemeral_replies=True, threads=False, native_polls=False, group_direct_messages=True
    )

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self._sent = 0

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
        lines = plain(message.text).splitlines() or [""]
        indent = " " * (len(label) + 3)
        block = [f"[{label}] {lines[0]}", *(indent + line for line in lines[1:])]
        block += [
            f"{indent}(button) {b.label}: type `NAME: click {b.action_id} {b.value}`" for b in message.buttons
        ]
        block += [f"{indent}(file) {a.filename}, {len(a.data) // 1024} KB" for a in message.attachments]
        if show_id:
            block.append(f"{indent}(message {self._sent}: reply with `NAME: reply {self._sent} TEXT`)")
        self._write("\n".join(block))
        return Delivered(channel_id=channel_id, message_id=str(self._sent))
