"""`/kindling status`: for each step of the method, whether it works, with one suggestion where it does not.

Set-up alone says little: a community can have a goal, three ambassadors and a column rota and still have
been silent for a month. So every step reports what happened in the last four weeks (sharing: two weeks,
because a fortnight without posts is already worth acting on), and the marker follows those outcomes.
"""

from __future__ import annotations

from datetime import timedelta

from bot.features.overview import steps
from bot.i18n import Text
from bot.messages import Message
from bot.storage import members
from bot.turn import Turn

WINDOW = timedelta(weeks=4)


async def status(*, turn: Turn) -> Message:
    community = turn.community
    since = turn.now - WINDOW
    reports = [
        steps.home(turn=turn),
        await steps.goal(turn=turn, since=since),
        await steps.ambassadors(turn=turn, since=since),
        await steps.sharing(turn=turn),
        await steps.content_plan(turn=turn, since=since),
        await steps.face_to_face(turn=turn),
        await steps.patience(turn=turn, since=since),
    ]
    lines = [turn.text(Text.STATUS_TITLE, community=community.name)]
    for report in reports:
        lines += report.render()
    present, posted = await members.count(turn.session, community_id=community.id)
    lines.append(turn.text(Text.STATUS_MEMBERS, members=present, posted=posted))
    lines.append(turn.text(Text.STATUS_LOCALE, timezone=community.timezone))
    return Message("\n".join(lines))
