"""Onboarding nudges: a welcomed member who has not posted after three days gets an example of sharing
half-finished work; after seven, an invitation to the coffee pairings. Nobody who posted or left gets one.

Each nudge claims (community, kind, member, due moment), so it goes out once whatever runs the sweep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Text
from bot.messages import Direct, Message
from bot.services.turn import Turn
from bot.storage.models import CoffeeMember, Member, SlotClaim, Welcome

NEWCOMER_WINDOW = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class Nudge:
    kind: str
    after: timedelta
    text: Text
    #: An invitation to the coffee pairings is pointless for someone who already joined them.
    unless_in_coffee: bool = False


NUDGES = (
    Nudge("nudge-first-post", timedelta(days=3), Text.NUDGE_FIRST_POST),
    Nudge("nudge-coffee", timedelta(days=7), Text.NUDGE_COFFEE, unless_in_coffee=True),
)


async def due_members(
    session: AsyncSession, *, nudge: Nudge, now: datetime, grace: timedelta
) -> list[tuple[int, str, datetime]]:
    """(community id, member id, due moment) of members due for `nudge`: joined between `after + grace`
    and `after` ago, welcomed, silent, still here, and not nudged yet. Older ones are past their moment."""
    claimed = sa.exists().where(
        SlotClaim.community_id == Member.community_id,
        SlotClaim.kind == nudge.kind,
        SlotClaim.subject == Member.external_id,
    )
    welcomed = sa.exists().where(
        Welcome.community_id == Member.community_id,
        Welcome.member_external_id == Member.external_id,
        Welcome.status == "sent",
    )
    conditions = [
        Member.joined_at <= now - nudge.after,
        Member.joined_at > now - nudge.after - grace,
        Member.first_post_at.is_(None),
        Member.left_at.is_(None),
        Member.is_bot.is_(False),
        welcomed,
        ~claimed,
    ]
    if nudge.unless_in_coffee:
        conditions.append(
            ~sa.exists().where(
                CoffeeMember.community_id == Member.community_id,
                CoffeeMember.member_external_id == Member.external_id,
            )
        )
    rows = await session.execute(
        sa.select(Member.community_id, Member.external_id, Member.joined_at).where(*conditions)
    )
    return [(community_id, member_id, joined + nudge.after) for community_id, member_id, joined in rows]


async def send_nudge(*, turn: Turn, nudge: Nudge, member: Member, due: datetime) -> None:
    # The member may have posted or left between the query and this transaction: look again.
    if member.first_post_at is not None or member.left_at is not None:
        return
    if not await turn.claim(kind=nudge.kind, slot_at=due, subject=member.external_id):
        return
    home = turn.community.home_channel_id or ""
    text = turn.text(nudge.text, name=member.display_name, community=turn.community.name, channel=home)
    await turn.send(
        key=f"{nudge.kind}:{turn.community.id}:{member.external_id}",
        to=Direct(member.external_id),
        message=Message(text),
        proactive=True,
    )


async def silent_newcomers(*, turn: Turn) -> Message:
    since = turn.now - NEWCOMER_WINDOW
    rows = await turn.session.execute(
        sa.select(Member.external_id, Member.joined_at)
        .where(
            Member.community_id == turn.community.id,
            Member.joined_at >= since,
            Member.first_post_at.is_(None),
            Member.left_at.is_(None),
            Member.is_bot.is_(False),
        )
        .order_by(Member.joined_at)
    )
    lines = [
        turn.text(Text.NEWCOMER_LINE, member=member_id, days=(turn.now - joined).days)
        for member_id, joined in rows
    ]
    days = NEWCOMER_WINDOW.days
    if not lines:
        return Message(turn.text(Text.NEWCOMERS_NONE, days=days))
    return Message(turn.text(Text.NEWCOMERS_SILENT, days=days, lines="\n".join(lines)))


async def next_moment_after(session: AsyncSession, *, moment: datetime) -> datetime | None:
    """The next moment after `moment` at which a silent, welcomed newcomer becomes due for a nudge."""
    longest = max(nudge.after for nudge in NUDGES)
    rows = await session.scalars(
        sa.select(Member.joined_at).where(
            Member.joined_at > moment - longest,
            Member.first_post_at.is_(None),
            Member.left_at.is_(None),
            Member.is_bot.is_(False),
        )
    )
    moments = [joined + nudge.after for joined in rows for nudge in NUDGES if joined + nudge.after > moment]
    return min(moments) if moments else None
