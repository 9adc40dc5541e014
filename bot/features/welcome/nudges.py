"""Onboarding nudges: a welcomed member who has not posted after three days gets an example of sharing
half-finished work (in the words of the community's own goal, not an example from someone else's trade);
after seven, an invitation to the coffee pairings. Nobody who posted or left gets one.

Each nudge claims (community, kind, member, due moment), so it goes out once whatever runs the sweep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.goal import what_members_do
from bot.feature import Due, Invocation
from bot.i18n import Text
from bot.messages import Direct, Message
from bot.services.attention import with_room
from bot.storage import members, nudges
from bot.storage.database import Session
from bot.turn import Turn

NEWCOMER_WINDOW = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class Nudge:
    kind: str
    after: timedelta
    text: Text
    #: An invitation to the coffee pairings is pointless for someone who already joined them.
    unless_in_coffee: bool = False
    #: The text for a community without a goal, when `text` quotes the goal.
    without_goal: Text | None = None


NUDGES = (
    Nudge(
        "nudge-first-post",
        timedelta(days=3),
        Text.NUDGE_FIRST_POST,
        without_goal=Text.NUDGE_FIRST_POST_NO_GOAL,
    ),
    Nudge("nudge-coffee", timedelta(days=7), Text.NUDGE_COFFEE, unless_in_coffee=True),
)


@dataclass(frozen=True, slots=True)
class DueNudge:
    nudge: Nudge
    member_id: str
    moment: datetime


async def find_due(session: Session, now: datetime, grace: timedelta) -> list[Due[DueNudge]]:
    found: list[Due[DueNudge]] = []
    for nudge in NUDGES:
        for community_id, member_id, moment in await nudges.due_members(
            session,
            kind=nudge.kind,
            after=nudge.after,
            unless_in_coffee=nudge.unless_in_coffee,
            now=now,
            grace=grace,
        ):
            found.append(Due(community_id, DueNudge(nudge, member_id, moment)))
    return found


async def send_nudge(turn: Turn, due: DueNudge, grace: timedelta) -> None:
    member = await members.find(turn.session, community_id=turn.community.id, member_id=due.member_id)
    # The member may have posted or left between the query and this transaction: look again.
    if member is None or member.first_post_at is not None or member.left_at is not None:
        return
    if not await turn.claim(kind=due.nudge.kind, slot_at=due.moment, subject=member.member_id):
        return
    if not await with_room(turn, [member.member_id]):
        return  # a nudge is optional: a newcomer whose week is full of Kindling's DMs does without it
    home = turn.community.home_channel_id or ""
    goal = what_members_do(turn.community.goal or "")
    key = due.nudge.text if goal or due.nudge.without_goal is None else due.nudge.without_goal
    text = turn.text(key, name=member.display_name, community=turn.community.name, channel=home, goal=goal)
    await turn.send(
        key=f"{due.nudge.kind}:{turn.community.id}:{member.member_id}",
        to=Direct(member.member_id),
        message=Message(text),
        proactive=True,
    )


async def next_after(session: Session, moment: datetime) -> datetime | None:
    """The next moment after `moment` at which a silent, welcomed newcomer becomes due for a nudge."""
    longest = max(nudge.after for nudge in NUDGES)
    joins = await nudges.silent_joins_after(session, moment=moment - longest)
    moments = [joined + nudge.after for joined in joins for nudge in NUDGES if joined + nudge.after > moment]
    return min(moments) if moments else None


async def silent_newcomers(asker: Invocation, _: object) -> Message:
    turn = asker.turn
    rows = await members.silent_since(
        turn.session, community_id=turn.community.id, since=turn.now - NEWCOMER_WINDOW
    )
    lines = [_newcomer_line(turn, member_id, (turn.now - joined).days) for member_id, joined in rows]
    days = NEWCOMER_WINDOW.days
    if not lines:
        return Message(turn.plural(Text.NEWCOMERS_NONE, days, days=days))
    return Message(turn.plural(Text.NEWCOMERS_SILENT, days, days=days, lines="\n".join(lines)))


def _newcomer_line(turn: Turn, member_id: str, days: int) -> str:
    if days == 0:
        return turn.text(Text.NEWCOMER_LINE_TODAY, member=member_id)
    return turn.plural(Text.NEWCOMER_LINE, days, member=member_id, days=days)
