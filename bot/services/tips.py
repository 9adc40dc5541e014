"""The best-tips list: a tip saved with /kindling tip (or by a reaction on a message worth keeping), shared in
the home channel with a "useful" button; /kindling tips shows the most useful."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.slots import local_to_utc
from bot.i18n import Text
from bot.i18n.calendar import MONTHS
from bot.messages import Button, InChannel, Message
from bot.services.turn import Turn
from bot.storage.models import Community, Tip, TipVote

VOTE_ACTION = "kindling.tip.useful"
MAX_TIP_LENGTH = 500
TOP = 5


async def save(*, turn: Turn, text: str, author_id: str) -> Message:
    if len(text) > MAX_TIP_LENGTH:
        return Message(turn.text(Text.TIP_TOO_LONG, limit=MAX_TIP_LENGTH, length=len(text)))
    home = turn.community.home_channel_id
    if home is None:
        return Message(turn.text(Text.NO_HOME_CHANNEL))
    tip = Tip(
        community_id=turn.community.id,
        text=text,
        author_external_id=author_id,
        saved_by=author_id,
        created_at=turn.now,
    )
    turn.session.add(tip)
    await turn.session.flush()
    await _share(turn=turn, tip=tip, home=home)
    return Message(turn.text(Text.TIP_SAVED, channel=home))


async def save_from_reaction(
    *, turn: Turn, channel_id: str, message_id: str, author_id: str | None, saver_id: str
) -> None:
    """A 💡 reaction keeps a member's message as a tip. Kindling does not read messages, so the tip points to
    the message; the same message is kept once however many react."""
    exists = await turn.session.scalar(
        sa.select(Tip.id).where(Tip.community_id == turn.community.id, Tip.message_id == message_id)
    )
    if exists is not None:
        return
    tip = Tip(
        community_id=turn.community.id,
        text=turn.text(Text.TIP_FROM_MESSAGE, channel=channel_id),
        author_external_id=author_id,
        saved_by=saver_id,
        channel_id=channel_id,
        message_id=message_id,
        created_at=turn.now,
    )
    turn.session.add(tip)


async def _share(*, turn: Turn, tip: Tip, home: str) -> None:
    author = f"<@{tip.author_external_id}>" if tip.author_external_id else "-"
    await turn.send(
        key=f"tip:{tip.id}:post",
        to=InChannel(home),
        message=Message(
            turn.text(Text.TIP_POST, author=author, tip=tip.text),
            buttons=(Button(VOTE_ACTION, turn.text(Text.TIP_BUTTON), str(tip.id)),),
        ),
    )


async def mark_useful(*, turn: Turn, member_id: str, value: str) -> Message:
    tip = None
    if value.isdigit():
        tip = await turn.session.scalar(
            sa.select(Tip).where(Tip.community_id == turn.community.id, Tip.id == int(value))
        )
    if tip is None:
        return Message(turn.text(Text.UNKNOWN_ACTION))
    voted = await turn.session.scalar(
        sa.select(TipVote.id).where(TipVote.tip_id == tip.id, TipVote.member_external_id == member_id)
    )
    if voted is not None:
        return Message(turn.text(Text.TIP_ALREADY_VOTED))
    turn.session.add(TipVote(tip_id=tip.id, member_external_id=member_id))
    return Message(turn.text(Text.TIP_VOTED))


async def best(*, turn: Turn) -> Message:
    votes = sa.func.count(TipVote.id)
    rows = await turn.session.execute(
        sa.select(Tip.text, Tip.author_external_id, votes)
        .outerjoin(TipVote, TipVote.tip_id == Tip.id)
        .where(Tip.community_id == turn.community.id)
        .group_by(Tip.id, Tip.text, Tip.author_external_id)
        .order_by(votes.desc(), Tip.id.desc())
        .limit(TOP)
    )
    lines = [
        turn.text(Text.TIPS_LINE, votes=count, tip=text, author=f"<@{author}>" if author else "-")
        for text, author, count in rows
    ]
    if not lines:
        return Message(turn.text(Text.TIPS_NONE))
    return Message(turn.text(Text.TIPS_LIST, lines="\n".join(lines)))


# The monthly digest: on the first of the month at 10:00 local time, the best tips of the month before.

DIGEST_AT = time(10, 0)


def digest_slot(now: datetime, zone: ZoneInfo) -> datetime:
    local = now.astimezone(zone)
    return local_to_utc(date(local.year, local.month, 1), DIGEST_AT, zone)


async def due_digests(session: AsyncSession, *, now: datetime, grace: timedelta) -> list[int]:
    """Communities with tips from the last month whose digest moment has come (and is within grace)."""
    recent = sa.select(Tip.community_id).where(Tip.created_at >= now - timedelta(days=62)).distinct()
    with_home = sa.and_(Community.id.in_(recent), Community.home_channel_id.is_not(None))
    # The digest moment depends only on the time zone: decide per zone, load communities only when one is due.
    zones = await session.scalars(sa.select(Community.timezone).where(with_home).distinct())
    due_zones = [name for name in zones if timedelta(0) <= now - digest_slot(now, ZoneInfo(name)) <= grace]
    if not due_zones:
        return []
    due = await session.scalars(sa.select(Community.id).where(with_home, Community.timezone.in_(due_zones)))
    return list(due)


async def post_digest(*, turn: Turn) -> None:
    slot = digest_slot(turn.now, turn.zone)
    home = turn.community.home_channel_id
    if home is None or not await turn.claim(kind="tips-digest", slot_at=slot):
        return
    month_start = local_to_utc(
        (slot.astimezone(turn.zone) - timedelta(days=1)).date().replace(day=1), time(0), turn.zone
    )
    votes = sa.func.count(TipVote.id)
    rows = await turn.session.execute(
        sa.select(Tip.text, Tip.author_external_id, votes)
        .outerjoin(TipVote, TipVote.tip_id == Tip.id)
        .where(Tip.community_id == turn.community.id, Tip.created_at >= month_start, Tip.created_at < slot)
        .group_by(Tip.id, Tip.text, Tip.author_external_id)
        .order_by(votes.desc(), Tip.id)
        .limit(TOP)
    )
    lines = [
        turn.text(Text.TIPS_LINE, votes=count, tip=text, author=f"<@{author}>" if author else "-")
        for text, author, count in rows
    ]
    if not lines:
        return
    month = MONTHS[turn.language][month_start.astimezone(turn.zone).month - 1]
    await turn.send(
        key=f"tips-digest:{turn.community.id}:{slot.isoformat()}",
        to=InChannel(home),
        message=Message(turn.text(Text.TIPS_DIGEST, month=month, lines="\n".join(lines))),
        proactive=True,
    )


async def next_digest_after(session: AsyncSession, *, moment: datetime) -> datetime | None:
    """The next first-of-the-month moment for any community with tips (the console jumps there)."""
    recent = sa.select(Tip.community_id).where(Tip.created_at >= moment - timedelta(days=62)).distinct()
    moments = []
    for timezone in await session.scalars(
        sa.select(Community.timezone).where(Community.id.in_(recent)).distinct()
    ):
        zone = ZoneInfo(timezone)
        slot = digest_slot(moment, zone)
        if slot <= moment:
            local = moment.astimezone(zone)
            following = date(local.year + (local.month == 12), local.month % 12 + 1, 1)
            slot = local_to_utc(following, DIGEST_AT, zone)
        moments.append(slot)
    return min(moments) if moments else None
