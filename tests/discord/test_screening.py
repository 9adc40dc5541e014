"""Membership screening: a member who has not accepted the server's rules (`pending: true`) is welcomed when
GUILD_MEMBER_UPDATE says they passed, not when they join."""

from __future__ import annotations

from typing import Any

from bot.events import MemberJoined, MessagePosted
from tests.discord.harness import Adapter
from tests.fakes.discord_server import Member, User

FREYA = User(id=200_000_000_000_000_091, username="freya", global_name="Freya")


def _payload(guild_id: int, *, pending: bool) -> dict[str, Any]:
    return {**Member(FREYA).payload(), "pending": pending, "guild_id": str(guild_id)}


async def test_a_pending_member_is_welcomed_once_they_pass_screening(adapter: Adapter) -> None:
    fake, guild = adapter.fake, adapter.fake.guilds[0]
    await fake.dispatch("GUILD_MEMBER_ADD", _payload(guild.id, pending=True))
    # Still screening: a marker message shows the join was read and nothing was handed on.
    bob = guild.member_by_name("bob")
    await fake.message_create(guild.home_channel.id, bob, "marker")
    [marker] = await adapter.recorder.wait_for(1)
    assert isinstance(marker, MessagePosted)
    # An update that changes something else (a nickname) while still pending is not a join either.
    await fake.dispatch("GUILD_MEMBER_UPDATE", {**_payload(guild.id, pending=True), "nick": "F"})
    await fake.dispatch("GUILD_MEMBER_UPDATE", _payload(guild.id, pending=False))
    _, joined = await adapter.recorder.wait_for(2)
    assert isinstance(joined, MemberJoined) and joined.member.external_id == str(FREYA.id)
    # Later updates (a role, a nickname) do not welcome again.
    await fake.dispatch("GUILD_MEMBER_UPDATE", {**_payload(guild.id, pending=False), "nick": "Freya!"})
    await fake.message_create(guild.home_channel.id, bob, "marker 2")
    events = await adapter.recorder.wait_for(3)
    assert [type(e).__name__ for e in events] == ["MessagePosted", "MemberJoined", "MessagePosted"]
