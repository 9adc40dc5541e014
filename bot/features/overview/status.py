"""`/kindling status`: the method as a checklist, so an organiser sees what is done and what is next."""

from __future__ import annotations

from bot.domain.status import RoleName
from bot.i18n import Text
from bot.i18n.calendar import WEEKDAYS
from bot.i18n.prompts import FALLBACK_MODES
from bot.messages import Message, mentions
from bot.services.schedule_kinds import COFFEE, COLUMN
from bot.storage import coffee, members, roles, rota, schedules
from bot.turn import Turn

THE_METHODS_AMBASSADORS = 3


async def status(*, turn: Turn) -> Message:
    community = turn.community
    lines = [turn.text(Text.STATUS_TITLE, community=community.name)]
    if community.home_channel_id:
        lines.append(turn.text(Text.STATUS_HOME_SET, channel=community.home_channel_id))
    else:
        lines.append(turn.text(Text.STATUS_HOME_MISSING))
    if community.goal:
        lines.append(turn.text(Text.STATUS_GOAL_SET, goal=community.goal))
    else:
        lines.append(turn.text(Text.STATUS_GOAL_MISSING))
    ambassadors = await roles.holders(turn.session, community_id=community.id, role=RoleName.AMBASSADOR)
    if len(ambassadors) >= THE_METHODS_AMBASSADORS:
        lines.append(turn.text(Text.STATUS_AMBASSADORS_OK, members=mentions(ambassadors)))
    else:
        lines.append(turn.text(Text.STATUS_AMBASSADORS_MISSING, count=len(ambassadors)))
    lines.append(
        turn.text(Text.STATUS_WELCOME_CUSTOM if community.welcome_template else Text.STATUS_WELCOME_DEFAULT)
    )
    lines += await _later_steps(turn=turn)
    present, posted = await members.count(turn.session, community_id=community.id)
    lines.append(turn.plural(Text.STATUS_MEMBERS, posted, members=present, posted=posted))
    lines.append(turn.text(Text.STATUS_LOCALE, timezone=community.timezone))
    return Message("\n".join(lines))


async def _later_steps(*, turn: Turn) -> list[str]:
    """Steps 4 to 6: the content plan, coffee pairings and the patience setting."""
    community = turn.community
    lines = []
    column_schedule = await schedules.find(turn.session, community_id=community.id, kind=COLUMN)
    if column_schedule is None:
        lines.append(turn.text(Text.STATUS_CONTENT_PLAN_MISSING))
    else:
        experts = len(await rota.members(turn.session, community_id=community.id))
        lines.append(
            turn.plural(
                Text.STATUS_CONTENT_PLAN_SET,
                experts,
                weekday=WEEKDAYS[turn.language][column_schedule.weekday],
                time=column_schedule.local_time,
                experts=experts,
            )
        )
    coffee_schedule = await schedules.find(turn.session, community_id=community.id, kind=COFFEE)
    if coffee_schedule is None:
        lines.append(turn.text(Text.STATUS_COFFEE_MISSING))
    else:
        count = await coffee.participant_count(turn.session, community_id=community.id)
        weeks = coffee_schedule.every_weeks
        every = turn.plural(Text.EVERY_WEEKS, weeks, count=weeks)
        lines.append(turn.plural(Text.STATUS_COFFEE_SET, count, every=every, count=count))
    mode = FALLBACK_MODES[turn.language][community.fallback_mode]
    replies, hours = community.fallback_min_replies, community.fallback_after_hours
    lines.append(
        turn.plural(
            Text.STATUS_PATIENCE,
            replies,
            replies=replies,
            wait=turn.plural(Text.DURATION_HOURS, hours, count=hours),
            mode=mode,
        )
    )
    lines.append(turn.text(Text.STATUS_PULSE))
    return lines
