"""Members' attention: Kindling sends nobody more than a few unasked DMs a week.

What a member asked for or needs (their welcome, a greeting request, their coffee pairing, the column they
are on the rota for) always goes. An optional DM (asking someone to pick up a quiet thread, a nudge) goes
only to someone who got fewer than `WEEKLY_DMS` unasked DMs in the last seven days, counting the one it would
add; otherwise it goes to someone else, or not at all.
"""

from __future__ import annotations

from bot.storage import direct_days
from bot.turn import Turn

WEEKLY_DMS = 3


async def with_room(turn: Turn, member_ids: list[str]) -> list[str]:
    """Those of `member_ids` (in order) who may get one more optional DM this week."""
    counts = await direct_days.week(
        turn.session,
        community_id=turn.community.id,
        member_ids=member_ids,
        through=turn.now.astimezone(turn.zone).date(),
    )
    return [member_id for member_id in member_ids if counts.get(member_id, 0) < WEEKLY_DMS]
