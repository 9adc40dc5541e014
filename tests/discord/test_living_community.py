"""Kindling added to a Discord server that already has members, on the fake Discord: `/kindling setup` notes
the server's members (not one still in membership screening), a newcomer whose direct messages are closed
is welcomed in the home channel, and the server's owner hears what fixes a held welcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bot.storage.models import Member as MemberRow
from bot.storage.models import OutboxMessage
from tests.discord.harness import MESSAGES, Adapter, kindling_command
from tests.fakes.discord_server import Member, User
from tests.scenarios.welcome import GOAL

YEARS_AGO = datetime.now(UTC) - timedelta(days=1000)


async def _followup(adapter: Adapter, interaction_id: int, events: int) -> str:
    await adapter.recorder.wait_for(events)
    await adapter.deliver()
    interaction = adapter.fake.interactions[interaction_id]
    content: str = adapter.fake.messages[interaction.followup_message_ids[-1]]["content"]
    return content


def _posts_to(adapter: Adapter, channel_id: int) -> list[dict[str, Any]]:
    return [
        r.json
        for r in adapter.fake.requests_to("POST", MESSAGES)
        if r.status == 200 and r.path == f"/channels/{channel_id}/messages"
    ]


async def _rows(adapter: Adapter) -> dict[str, MemberRow]:
    async with adapter.kindling.turns.database.transaction() as session:
        return {row.member_id: row for row in await session.scalars(sa.select(MemberRow))}


async def test_setup_notes_the_servers_members_and_tells_who_asked(adapter: Adapter) -> None:
    fake, guild = adapter.fake, adapter.fake.guilds[0]
    for member in guild.members:
        member.joined_at = YEARS_AGO
    screening = User(id=200_000_000_000_000_055, username="screening")
    guild.members.append(Member(screening, pending=True, joined_at=YEARS_AGO))
    interaction = await kindling_command(adapter, "owner", "setup")
    answer = await _followup(adapter, interaction.id, 1)
    assert "is now the home channel" in answer and "noting who is already here" in answer

    worker = adapter.core.member_sync(platform_name="discord", lister=adapter.platform)
    await worker.run_until_idle()
    await adapter.deliver()
    owner_dm = _posts_to(adapter, fake.dm_channel_id(guild.owner_id))
    assert [m["content"] for m in owner_dm if m["content"].startswith("Done: 3 members")], owner_dm
    rows = await _rows(adapter)
    here = {str(m.id) for m in guild.members if m.user.username in ("owner", "alice", "bob")}
    assert {member_id for member_id, row in rows.items() if row.before_kindling} >= here
    assert rows[str(fake.bot_user.id)].is_bot  # Kindling itself is listed, as a bot
    assert str(screening.id) not in rows  # still screening: welcomed once they pass
    assert all(rows[member_id].joined_at == YEARS_AGO for member_id in here)
    [listing] = fake.requests_to("GET", "/guilds/{guild_id}/members")
    assert listing.query["limit"] == "1000"


async def test_a_newcomer_with_closed_dms_is_welcomed_in_the_home_channel_and_organisers_hear_once(
    adapter: Adapter,
) -> None:
    fake, guild = adapter.fake, adapter.fake.guilds[0]
    home = guild.home_channel.id
    for step, path in enumerate((("setup",), ("goal", "set")), start=1):
        values = {"text": GOAL} if path == ("goal", "set") else {}
        await _followup(adapter, (await kindling_command(adapter, "owner", *path, **values)).id, step)
    closed = [User(id=200_000_000_000_000_060 + n, username=f"closed{n}", dms_closed=True) for n in (1, 2)]
    for number, user in enumerate(closed, start=3):
        await fake.member_add(guild.id, user)
        await adapter.recorder.wait_for(number)
        await adapter.deliver()
    in_channel = [m["content"] for m in _posts_to(adapter, home)]
    for user in closed:
        [welcome] = [text for text in in_channel if f"<@{user.id}>" in text]
        assert welcome.startswith("Welcome to") and GOAL in welcome
    owner_dm = [m["content"] for m in _posts_to(adapter, fake.dm_channel_id(guild.owner_id))]
    notices = [text for text in owner_dm if "does not accept direct messages" in text]
    assert len(notices) == 1 and f"<@{closed[0].id}>" in notices[0]  # once per server, not per newcomer
    assert not [text for text in owner_dm if "could not deliver" in text]  # no dead-letter notice
    async with adapter.kindling.turns.database.transaction() as session:
        statuses = await session.scalars(
            sa.select(OutboxMessage.status).where(OutboxMessage.key.like("welcome:%:newcomer"))
        )
        assert sorted(statuses) == ["dead", "dead"]  # the DMs themselves could never go


async def test_a_held_welcome_tells_the_servers_owner_the_command_that_fixes_it(adapter: Adapter) -> None:
    fake, guild = adapter.fake, adapter.fake.guilds[0]
    await fake.member_add(guild.id, User(id=200_000_000_000_000_070, username="early"))
    await adapter.recorder.wait_for(1)
    await adapter.deliver()
    [notice] = _posts_to(adapter, fake.dm_channel_id(guild.owner_id))
    assert "You added Kindling" in notice["content"] and "/kindling goal" in notice["content"]
    assert "<@200000000000000070>" in notice["content"]
    assert _posts_to(adapter, guild.home_channel.id) == []  # told privately, not in public
