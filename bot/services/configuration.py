"""What organisers configure: home channel, goal, language, time zone and the welcome template."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.domain.goal import GoalTooLong, check_goal, normalise_goal
from bot.domain.template import (
    PLACEHOLDERS,
    MalformedTemplate,
    TemplateTooLong,
    UnknownPlaceholder,
    check_template,
)
from bot.i18n import Language, Text
from bot.messages import Message
from bot.services import appreciation, recurring, welcome
from bot.services.turn import Turn
from bot.storage import roles


async def set_home_channel(*, turn: Turn, channel_id: str) -> Message:
    turn.community.home_channel_id = channel_id
    await appreciation.ensure_schedule(turn=turn)
    return Message(turn.text(Text.SETUP_DONE, channel=channel_id))


async def show_goal(*, turn: Turn) -> Message:
    goal = turn.community.goal
    return Message(turn.text(Text.GOAL_SHOW, goal=goal) if goal else turn.text(Text.GOAL_NOT_SET))


async def set_goal(*, turn: Turn, text: str) -> Message:
    problem = check_goal(text)
    if isinstance(problem, GoalTooLong):
        return Message(turn.text(Text.GOAL_TOO_LONG, length=problem.length, limit=problem.limit))
    if problem is not None:
        return Message(turn.text(Text.GOAL_TOO_MANY_SENTENCES, count=problem.count))
    turn.community.goal = normalise_goal(text)
    reply = turn.text(Text.GOAL_SAVED, goal=turn.community.goal)
    released = await welcome.release_held(turn=turn)
    if released:
        reply += "\n" + turn.text(Text.HELD_WELCOMES_RELEASED, count=released)
    return Message(reply)


async def set_language(*, turn: Turn, language: Language) -> Message:
    turn.community.language = language
    return Message(turn.text(Text.LANGUAGE_SAVED))


def is_timezone(name: str) -> bool:
    if name not in available_timezones() and name != "UTC":
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


async def set_timezone(*, turn: Turn, name: str) -> Message:
    if not is_timezone(name):
        return Message(turn.text(Text.TIMEZONE_INVALID, timezone=name[:64]))
    turn.community.timezone = name
    await recurring.reschedule_all(turn=turn)
    return Message(turn.text(Text.TIMEZONE_SAVED, timezone=name))


async def set_quiet_hours(*, turn: Turn, start: time, end: time) -> Message:
    turn.community.quiet_start = start.strftime("%H:%M")
    turn.community.quiet_end = end.strftime("%H:%M")
    return Message(
        turn.text(
            Text.QUIET_SAVED,
            start=turn.community.quiet_start,
            end=turn.community.quiet_end,
            timezone=turn.community.timezone,
        )
    )


async def set_welcome_template(*, turn: Turn, template: str | None) -> Message:
    if template is None:
        turn.community.welcome_template = None
        return Message(turn.text(Text.WELCOME_TEMPLATE_RESET))
    problem = check_template(template)
    if isinstance(problem, UnknownPlaceholder):
        allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        return Message(
            turn.text(
                Text.WELCOME_TEMPLATE_UNKNOWN_PLACEHOLDER, placeholder=problem.placeholder, allowed=allowed
            )
        )
    if isinstance(problem, MalformedTemplate):
        return Message(turn.text(Text.WELCOME_TEMPLATE_MALFORMED))
    if isinstance(problem, TemplateTooLong):
        return Message(turn.text(Text.WELCOME_TEMPLATE_TOO_LONG, length=problem.length, limit=problem.limit))
    turn.community.welcome_template = template
    return Message(turn.text(Text.WELCOME_TEMPLATE_SAVED))


async def preview_welcome(*, turn: Turn, viewer_name: str) -> Message:
    ambassadors = await roles.holders(turn.session, community_id=turn.community.id, role="ambassador")
    preview = await welcome.render_welcome(
        turn=turn, member_name=viewer_name, ambassador_id=ambassadors[0] if ambassadors else None
    )
    return Message(turn.text(Text.WELCOME_PREVIEW, welcome=preview))
