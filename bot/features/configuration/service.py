"""What organisers configure: home channel, goal, language, time zone, quiet hours and the welcome."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.commands.parsing import Nothing
from bot.domain.goal import GoalTooLong, GoalWithoutWords, check_goal, normalise_goal
from bot.domain.template import (
    PLACEHOLDERS,
    MalformedTemplate,
    TemplateTooLong,
    UnknownPlaceholder,
    check_template,
)
from bot.feature import Invocation
from bot.features.configuration import roster
from bot.features.welcome.service import release_held, render_welcome
from bot.i18n import Language, Text
from bot.messages import Message
from bot.services.people import ambassadors
from bot.services.recurring import reschedule_all


async def set_home_channel(asker: Invocation, channel_id: str | None) -> Message:
    turn = asker.turn
    channel = channel_id or asker.channel_id
    if not channel:  # the platform did not say where the command was sent: ask rather than guess
        return Message(turn.text(Text.CHANNEL_UNKNOWN))
    turn.community.home_channel_id = channel
    await asker.registry.home_channel_set(turn)
    reply = turn.text(Text.SETUP_DONE, channel=channel)
    if await roster.request(asker):
        reply += "\n" + turn.text(Text.SETUP_NOTING_MEMBERS)
    return Message(reply)


async def show_goal(asker: Invocation, _: Nothing) -> Message:
    turn = asker.turn
    goal = turn.community.goal
    return Message(turn.text(Text.GOAL_SHOW, goal=goal) if goal else turn.text(Text.GOAL_NOT_SET))


async def set_goal(asker: Invocation, text: str) -> Message:
    turn = asker.turn
    problem = check_goal(text)
    if isinstance(problem, GoalWithoutWords):
        return Message(turn.text(Text.GOAL_WITHOUT_WORDS))
    if isinstance(problem, GoalTooLong):
        return Message(
            turn.plural(Text.GOAL_TOO_LONG, problem.length, length=problem.length, limit=problem.limit)
        )
    if problem is not None:
        return Message(turn.plural(Text.GOAL_TOO_MANY_SENTENCES, problem.count, count=problem.count))
    turn.community.goal = normalise_goal(text)
    reply = turn.text(Text.GOAL_SAVED, goal=turn.community.goal)
    released = await release_held(turn=turn)
    if released:
        reply += "\n" + turn.plural(Text.HELD_WELCOMES_RELEASED, released, count=released)
    return Message(reply)


async def set_language(asker: Invocation, language: Language) -> Message:
    asker.turn.community.language = language
    return Message(asker.turn.text(Text.LANGUAGE_SAVED))


def is_timezone(name: str) -> bool:
    if name not in available_timezones() and name != "UTC":
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


async def set_timezone(asker: Invocation, name: str) -> Message:
    turn = asker.turn
    if not is_timezone(name):
        return Message(turn.text(Text.TIMEZONE_INVALID, timezone=name[:64]))
    turn.community.timezone = name
    await reschedule_all(turn=turn)
    return Message(turn.text(Text.TIMEZONE_SAVED, timezone=name))


async def set_quiet_hours(asker: Invocation, hours: tuple[time, time]) -> Message:
    turn = asker.turn
    start, end = hours
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


async def set_welcome_template(asker: Invocation, template: str | None) -> Message:
    turn = asker.turn
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
        return Message(
            turn.plural(
                Text.WELCOME_TEMPLATE_TOO_LONG, problem.length, length=problem.length, limit=problem.limit
            )
        )
    turn.community.welcome_template = template
    return Message(turn.text(Text.WELCOME_TEMPLATE_SAVED))


async def preview_welcome(asker: Invocation, _: Nothing) -> Message:
    turn = asker.turn
    found = await ambassadors(turn)
    preview = await render_welcome(
        turn=turn, member_name=asker.member.display_name, ambassador_id=found[0] if found else None
    )
    return Message(turn.text(Text.WELCOME_PREVIEW, welcome=preview))
