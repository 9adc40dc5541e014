"""The voice budget: Kindling never speaks more than its members.

In any seven days, Kindling's unasked posts in the home channel (and its threads) may be at most
`voice_share` percent of all posts there: with members' posts M, that is floor(M * share / (100 - share))
posts, and at least one (so the weekly column still appears in a quiet week). What members asked for
(their tip, their poll, a meetup an organiser planned) is theirs, not Kindling's voice, and is not counted.

Unasked posts have a priority. Essential ones (the weekly column, or the prompt in its place; a meetup's
agenda) always go out and count. The rest go out only while the budget has room after keeping a post free
for each weekly post of a higher priority still to come (the column, then the thank-you): so a patience
poll on Thursday never takes the place of Friday's thank-you. What does not fit is held back and counted,
so the organiser sees what Kindling kept to itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

from bot.services.schedule_kinds import APPRECIATION, COLUMN
from bot.storage import claims, schedules, voice
from bot.turn import Turn

MIN_SHARE, MAX_SHARE = 5, 50
WINDOW = timedelta(days=7)


class Priority(IntEnum):
    OPTIONAL = 1
    NORMAL = 2
    ESSENTIAL = 3


@dataclass(frozen=True, slots=True)
class Budget:
    share: int
    member_posts: int
    kindling_posts: int
    held_back: int

    @property
    def allowed(self) -> int:
        return max(1, self.member_posts * self.share // (100 - self.share))

    @property
    def left(self) -> int:
        return max(0, self.allowed - self.kindling_posts)


async def budget(turn: Turn) -> Budget:
    week = await voice.week(turn.session, community_id=turn.community.id, through=_today(turn))
    return Budget(turn.community.voice_share, week.member_posts, week.kindling_posts, week.held_back)


#: The weekly posts Kindling keeps room for, by the schedule that makes them and their priority.
WEEKLY = ((COLUMN, Priority.ESSENTIAL), (APPRECIATION, Priority.NORMAL))


async def may_speak(turn: Turn, priority: Priority) -> bool:
    """Whether Kindling may post this unasked now; counts the post (or the holding back) either way."""
    if priority is not Priority.ESSENTIAL:
        found = await budget(turn)
        if found.left <= await _kept_free(turn, priority):
            await _count(turn, "held_back")
            return False
    await _count(turn, "kindling_posts")
    return True


async def _kept_free(turn: Turn, priority: Priority) -> int:
    """Posts to keep room for: each weekly post of a higher priority that has a schedule and has not gone
    out in these seven days yet (one that has is counted already)."""
    higher = [kind for kind, weekly in WEEKLY if weekly > priority]
    went_out = await claims.count_since(
        turn.session, community_id=turn.community.id, kinds=tuple(higher), since=turn.now - WINDOW
    )
    kept = 0
    for kind in higher:
        scheduled = await schedules.find(turn.session, community_id=turn.community.id, kind=kind)
        kept += scheduled is not None and not went_out.get(kind)
    return kept


async def member_posted(turn: Turn) -> None:
    await _count(turn, "member_posts")


async def _count(turn: Turn, counter: voice.Counter) -> None:
    await voice.count(turn.session, community_id=turn.community.id, day=_today(turn), counter=counter)


def _today(turn: Turn) -> date:
    return turn.now.astimezone(turn.zone).date()
