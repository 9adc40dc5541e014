"""Members posting and leaving: what the core counts to see the network grow."""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import Person
from bot.services.turn import Turn
from bot.storage import members
from bot.storage.models import MemberActiveDay


async def member_posted(*, turn: Turn, person: Person) -> None:
    if person.is_bot:
        return
    member = await members.remember(turn.session, community_id=turn.community.id, person=person, now=turn.now)
    member.post_count += 1
    member.last_post_at = turn.now
    if member.first_post_at is None:
        member.first_post_at = turn.now
    # The local day, so that the pulse's local Monday-to-Sunday weeks count the post where members saw it.
    await record_active_day(
        turn.session,
        community_id=turn.community.id,
        member_id=person.external_id,
        day=turn.now.astimezone(turn.zone).date(),
    )


async def record_active_day(session: AsyncSession, *, community_id: int, member_id: str, day: date) -> None:
    """Note that the member posted on `day`, once. ON CONFLICT DO NOTHING rather than look-then-insert: two
    posts of the same member racing in two transactions must not abort the later one with an IntegrityError
    (on PostgreSQL the later insert waits for the earlier transaction and then finds the row there)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    await session.execute(
        insert(MemberActiveDay)
        .values(community_id=community_id, member_external_id=member_id, day=day)
        .on_conflict_do_nothing(index_elements=["community_id", "member_external_id", "day"])
    )


async def member_left(*, turn: Turn, member_id: str) -> None:
    member = await members.find(turn.session, community_id=turn.community.id, external_id=member_id)
    if member is not None and member.left_at is None:
        member.left_at = turn.now
