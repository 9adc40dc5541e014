"""`/kindling status`: the method as a checklist, so an organiser sees what is done and what is next."""

from __future__ import annotations

from bot.i18n import Text
from bot.messages import Message
from bot.services.roles import THE_METHODS_AMBASSADORS
from bot.services.turn import Turn
from bot.storage import members, roles


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
    ambassadors = await roles.holders(turn.session, community_id=community.id, role="ambassador")
    if len(ambassadors) >= THE_METHODS_AMBASSADORS:
        mentions = ", ".join(f"<@{member_id}>" for member_id in ambassadors)
        lines.append(turn.text(Text.STATUS_AMBASSADORS_OK, members=mentions))
    else:
        lines.append(turn.text(Text.STATUS_AMBASSADORS_MISSING, count=len(ambassadors)))
    lines.append(
        turn.text(Text.STATUS_WELCOME_CUSTOM if community.welcome_template else Text.STATUS_WELCOME_DEFAULT)
    )
    present, posted = await members.count(turn.session, community_id=community.id)
    lines.append(turn.text(Text.STATUS_MEMBERS, members=present, posted=posted))
    lines.append(turn.text(Text.STATUS_LOCALE, timezone=community.timezone))
    return Message("\n".join(lines))
