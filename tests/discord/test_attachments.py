"""Files (the pulse chart) go out as multipart bodies: `payload_json` plus the file's bytes, intact.

The fake records an upload's name and size only; `uploads` also keeps the bytes of every multipart part
the fake reads (it reads them with aiohttp's `BodyPartReader.read`).
"""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from bot.messages import Attachment, Message
from tests.discord.harness import CALLBACK, FOLLOWUP, MESSAGES, WAIT, Adapter, spec_problems
from tests.fakes.discord_server import FakeInteraction, RecordedRequest
from tests.fakes.discord_spec import DiscordSpec

Part = tuple[str | None, str | None, bytes]
#: A PNG signature and every byte value, CR/LF and NUL included: any re-encoding would show.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
CHART = Attachment.of("chart.png", "image/png", PNG)


@pytest.fixture
def uploads(monkeypatch: pytest.MonkeyPatch) -> list[Part]:
    parts: list[Part] = []
    original = aiohttp.BodyPartReader.read

    async def read(self: aiohttp.BodyPartReader, *, decode: bool = False) -> bytes:
        data = await original(self, decode=decode)
        parts.append((self.name, self.filename, bytes(data)))
        return data

    monkeypatch.setattr(aiohttp.BodyPartReader, "read", read)
    return parts


def _files(parts: list[Part]) -> list[Part]:
    return [part for part in parts if part[0] != "payload_json"]


def _only_multipart(request: RecordedRequest) -> None:
    assert request.content_type.startswith("multipart/form-data"), request.content_type
    [upload] = request.files
    assert upload.field_name == "files[0]" and upload.size == len(PNG)


async def test_a_dm_with_a_png_is_a_multipart_post_with_the_bytes_intact(
    adapter: Adapter, spec: DiscordSpec, uploads: list[Part]
) -> None:
    bob = adapter.fake.guilds[0].member_by_name("bob")
    delivered = await adapter.platform.send_direct(
        community_id=str(adapter.guild_id),
        member_id=str(bob.id),
        message=Message("Your pulse", attachments=(CHART,)),
        key="pulse:1:bob",
    )
    [post] = adapter.fake.requests_to("POST", MESSAGES)
    assert post.path == f"/channels/{delivered.channel_id}/messages"
    _only_multipart(post)
    assert post.json["content"] == "Your pulse"
    assert post.json["enforce_nonce"] is True and post.json["nonce"]
    assert [a["filename"] for a in post.json["attachments"]] == ["chart.png"]
    assert _files(uploads) == [("files[0]", "chart.png", PNG)]
    stored = adapter.fake.messages[int(delivered.message_id or 0)]
    assert [a["filename"] for a in stored["attachments"]] == ["chart.png"]
    assert spec_problems(spec, [post]) == []


async def test_a_channel_post_with_a_png_keeps_its_nonce_and_a_resend_is_deduplicated(
    adapter: Adapter, uploads: list[Part]
) -> None:
    home = str(adapter.fake.guilds[0].home_channel.id)

    async def post() -> str | None:
        delivered = await adapter.platform.post_in_channel(
            community_id=str(adapter.guild_id),
            channel_id=home,
            thread_id=None,
            message=Message("", attachments=(CHART,)),
            key="pulse:7",
        )
        return delivered.message_id

    assert await post() == await post()
    first, again = adapter.fake.requests_to("POST", MESSAGES)
    _only_multipart(first)
    assert first.json["nonce"] == again.json["nonce"] and first.json["enforce_nonce"] is True
    assert _files(uploads) == [("files[0]", "chart.png", PNG)] * 2


async def _slash(adapter: Adapter, who: str, subcommand: str) -> FakeInteraction:
    guild = adapter.fake.guilds[0]
    before = len(adapter.fake.requests_to("POST", CALLBACK))
    interaction = await adapter.fake.slash_command(
        guild.id, guild.home_channel.id, guild.member_by_name(who), "kindling", [_sub(subcommand)]
    )
    await adapter.fake.wait_for_requests("POST", CALLBACK, before + 1, timeout=WAIT)
    return interaction


def _sub(name: str) -> dict[str, Any]:
    return {"name": name, "type": 1, "options": []}


async def test_an_ephemeral_follow_up_carries_the_file(
    adapter: Adapter, spec: DiscordSpec, uploads: list[Part]
) -> None:
    interaction = await _slash(adapter, "bob", "help")
    await adapter.recorder.wait_for(1)
    await adapter.deliver()
    assert len(interaction.followup_message_ids) == 1
    delivered = await adapter.platform.reply_privately(
        community_id=str(adapter.guild_id),
        member_id=str(adapter.fake.guilds[0].member_by_name("bob").id),
        channel_id=str(adapter.fake.guilds[0].home_channel.id),
        reply_token=f"{adapter.fake.application_id}:{interaction.token}",
        message=Message("Here is the chart.", attachments=(CHART,)),
        key="reply:chart",
    )
    followup = adapter.fake.requests_to("POST", FOLLOWUP)[-1]
    _only_multipart(followup)
    assert followup.json["flags"] & 64 and followup.json["content"] == "Here is the chart."
    assert _files(uploads) == [("files[0]", "chart.png", PNG)]
    message = adapter.fake.messages[interaction.followup_message_ids[-1]]
    assert str(message["id"]) == delivered.message_id
    assert message["flags"] & 64 and [a["filename"] for a in message["attachments"]] == ["chart.png"]
    assert spec_problems(spec, [followup]) == []


async def test_pulse_by_a_manage_server_member_ends_with_the_chart_as_a_follow_up(
    adapter: Adapter, spec: DiscordSpec, uploads: list[Part]
) -> None:
    interaction = await _slash(adapter, "alice", "pulse")  # alice: Moderators, Manage Server
    [event] = await adapter.recorder.wait_for(1)
    assert getattr(event, "text", None) == "pulse"
    await adapter.deliver()
    [followup_id] = interaction.followup_message_ids
    answer = adapter.fake.messages[followup_id]
    assert answer["flags"] & 64 and answer["content"]
    assert [a["filename"] for a in answer["attachments"]] == ["kindling-pulse.png"]
    [followup] = adapter.fake.requests_to("POST", FOLLOWUP)
    _multipart = followup.content_type.startswith("multipart/form-data")
    assert _multipart and [f.filename for f in followup.files] == ["kindling-pulse.png"]
    [(name, filename, data)] = _files(uploads)
    assert (name, filename) == ("files[0]", "kindling-pulse.png")
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) == followup.files[0].size
    assert spec_problems(spec, adapter.fake.requests) == []
