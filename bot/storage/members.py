"""Members of a community: joined, posted, left. Every query names its community."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import Person
from bot.port import ListedMember
from bot.storage.models import Member, MemberActiveDay, Role, Welcome
from bot.storage.upsert import insert_for


async def find(session: AsyncSession, *, community_id: int, member_id: str) -> Member | None:
    return await session.scalar(
        sa.select(Member).where(Member.community_id == community_id, Member.member_id == member_id)
    )


async def find_by_name(session: AsyncSession, *, community_id: int, name: str) -> list[Member]:
    query = sa.select(Member).where(
        Member.community_id == community_id, sa.func.lower(Member.display_name) == name.lower()
    )
    return list((await session.scalars(query)).all())


async def remember(session: AsyncSession, *, community_id: int, person: Person, now: datetime) -> Member:
    """The member row for `person`, created as joined `now` if Kindling has not seen them before."""
    member = await find(session, community_id=community_id, member_id=person.external_id)
    if member is None:
        member = Member(
            community_id=community_id,
            member_id=person.external_id,
            display_name=person.display_name,
            is_bot=person.is_bot,
            joined_at=now,
            post_count=0,
        )
        session.add(member)
        await session.flush()
    elif person.display_name and member.display_name != person.display_name:
        member.display_name = person.display_name
    return member


async def record_existing(
    session: AsyncSession, *, community_id: int, listed: Sequence[ListedMember], arrived: datetime
) -> int:
    """Note the listed members as here before Kindling (which `arrived` then); returns how many humans were
    noted. Not noted: whoever Kindling already welcomed or holds a welcome for (a newcomer since), and
    whoever the platform says joined after Kindling arrived (their join is a join). A member Kindling met
    before (they posted first) keeps their row; it is marked, with the earlier of the two join dates. A
    member the platform gives no join date for counts as joined when Kindling arrived."""
    ids = [entry.member_id for entry in listed]
    if not ids:
        return 0
    known = {
        member.member_id: member
        for member in await session.scalars(
            sa.select(Member).where(Member.community_id == community_id, Member.member_id.in_(ids))
        )
    }
    welcomed = set(
        await session.scalars(
            sa.select(Welcome.member_id).where(
                Welcome.community_id == community_id, Welcome.member_id.in_(ids)
            )
        )
    )
    noted = 0
    for entry in listed:
        if entry.member_id in welcomed or (entry.joined_at is not None and entry.joined_at >= arrived):
            continue
        joined = entry.joined_at or arrived
        member = known.get(entry.member_id)
        if member is None:
            member = Member(
                community_id=community_id,
                member_id=entry.member_id,
                display_name=entry.name,
                is_bot=entry.is_bot,
                joined_at=joined,
                post_count=0,
            )
            session.add(member)
            known[entry.member_id] = member
        else:
            member.joined_at = min(member.joined_at, joined)
            member.left_at = None  # the platform lists them: they are here
            member.display_name = entry.name or member.display_name
        member.before_kindling = True
        noted += 0 if entry.is_bot else 1
    await session.flush()
    return noted


async def present(session: AsyncSession, *, community_id: int, member_ids: Iterable[str]) -> set[str]:
    """Which of `member_ids` are members here now (known, not left)."""
    wanted = list(member_ids)
    if not wanted:
        return set()
    rows = await session.scalars(
        sa.select(Member.member_id).where(
            Member.community_id == community_id, Member.member_id.in_(wanted), Member.left_at.is_(None)
        )
    )
    return set(rows)


async def count(session: AsyncSession, *, community_id: int) -> tuple[int, int]:
    """(present human members, of whom have posted)."""
    here = sa.and_(Member.community_id == community_id, Member.left_at.is_(None), Member.is_bot.is_(False))
    total = await session.scalar(sa.select(sa.func.count()).where(here)) or 0
    posted = await session.scalar(sa.select(sa.func.count()).where(here, Member.post_count > 0)) or 0
    return total, posted


async def record_active_day(session: AsyncSession, *, community_id: int, member_id: str, day: date) -> None:
    """Note that the member posted on `day`, once. ON CONFLICT DO NOTHING rather than look-then-insert: two
    posts of the same member racing in two transactions must not abort the later one (on PostgreSQL the
    later insert waits for the earlier transaction and then finds the row there)."""
    insert = insert_for(session)
    await session.execute(
        insert(MemberActiveDay)
        .values(community_id=community_id, member_id=member_id, day=day)
        .on_conflict_do_nothing(index_elements=["community_id", "member_id", "day"])
    )


def holds_a_role() -> sa.Exists:
    """Whether the member is an organiser or ambassador: they started the community, so they are never counted
    as its newcomers."""
    return (
        sa.exists()
        .where(Role.community_id == Member.community_id, Role.member_id == Member.member_id)
        .correlate(Member)
    )


async def silent_since(
    session: AsyncSession, *, community_id: int, since: datetime
) -> list[tuple[str, datetime]]:
    """(member id, joined) of human members who joined since `since`, are still here and never posted (not
    those who were here before Kindling)."""
    rows = await session.execute(
        sa.select(Member.member_id, Member.joined_at)
        .where(
            Member.community_id == community_id,
            Member.joined_at >= since,
            Member.first_post_at.is_(None),
            Member.left_at.is_(None),
            Member.is_bot.is_(False),
            Member.before_kindling.is_(False),
            ~holds_a_role(),
        )
        .order_by(Member.joined_at)
    )
    return [(member_id, joined) for member_id, joined in rows]


async def posted_between(
    session: AsyncSession, *, community_id: int, start: datetime, end: datetime
) -> list[str]:
    """Human members still here whose latest post fell in [start, end) and who may be named in public."""
    rows = await session.scalars(
        sa.select(Member.member_id)
        .where(
            Member.community_id == community_id,
            Member.last_post_at >= start,
            Member.last_post_at < end,
            Member.left_at.is_(None),
            Member.is_bot.is_(False),
            Member.appreciation_opt_out.is_(False),
        )
        .order_by(Member.member_id)
    )
    return list(rows)


# -- privacy -------------------------------------------------------------------------------------------


async def export(session: AsyncSession, community_id: int, member_id: str) -> dict[str, Any]:
    member = await find(session, community_id=community_id, member_id=member_id)
    days = await session.scalars(
        sa.select(MemberActiveDay.day)
        .where(MemberActiveDay.community_id == community_id, MemberActiveDay.member_id == member_id)
        .order_by(MemberActiveDay.day)
    )
    record = (
        []
        if member is None
        else [
            {
                "member_id": member.member_id,
                "display_name": member.display_name,
                "joined_at": member.joined_at,
                "first_post_at": member.first_post_at,
                "last_post_at": member.last_post_at,
                "post_count": member.post_count,
                "left_at": member.left_at,
                "named_in_thank_you": not member.appreciation_opt_out,
                "here_before_kindling": member.before_kindling,
            }
        ]
    )
    return {"member": record, "active_days": [day.isoformat() for day in days]}


async def forget(session: AsyncSession, community_id: int, member_id: str, replacement: str) -> None:
    for model in (MemberActiveDay, Member):
        await session.execute(
            sa.delete(model).where(model.community_id == community_id, model.member_id == member_id)
        )


async def activity_since(session: AsyncSession, *, community_id: int, since: datetime) -> tuple[int, int]:
    """(human members still here who posted since `since`, of whom for the first time)."""
    here = sa.and_(Member.community_id == community_id, Member.left_at.is_(None), Member.is_bot.is_(False))
    posted = await session.scalar(sa.select(sa.func.count()).where(here, Member.last_post_at >= since)) or 0
    first = await session.scalar(sa.select(sa.func.count()).where(here, Member.first_post_at >= since)) or 0
    return posted, first


async def posted_since(
    session: AsyncSession, *, community_id: int, member_ids: Iterable[str], since: datetime
) -> set[str]:
    """Which of `member_ids` posted since `since`."""
    wanted = list(member_ids)
    if not wanted:
        return set()
    rows = await session.scalars(
        sa.select(Member.member_id).where(
            Member.community_id == community_id, Member.member_id.in_(wanted), Member.last_post_at >= since
        )
    )
    return set(rows)
