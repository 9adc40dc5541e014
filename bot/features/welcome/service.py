"""Steps 1-3 of the method for each newcomer: the goal, a first small task, and a personal greeting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.status import WelcomeStatus
from bot.domain.template import render_template
from bot.events import MemberJoined
from bot.feature import Invocation
from bot.i18n import Text
from bot.messages import Button, Destination, Direct, InChannel, Message
from bot.services.people import ambassadors, organisers, tell_organisers
from bot.storage import members, welcomes
from bot.storage.models import Member, Welcome
from bot.turn import Turn

#: A member who leaves and comes back within this window is not welcomed twice.
REJOIN_WINDOW = timedelta(days=30)
GREETED_ACTION = "kindling.greeted"
#: The organisers hear once per community that newcomers with closed direct messages are welcomed in the
#: home channel: a claim of this kind, for one fixed slot, says they did.
DMS_CLOSED_TOLD = "welcome.dms-closed"
_ONCE = datetime(2000, 1, 1, tzinfo=UTC)


async def member_joined(turn: Turn, event: MemberJoined) -> None:
    person = event.member
    community_id = turn.community.id
    member = await members.find(turn.session, community_id=community_id, member_id=person.external_id)
    if member is None:
        member = await members.remember(turn.session, community_id=community_id, person=person, now=turn.now)
    else:
        member.left_at = None
        member.display_name = person.display_name or member.display_name
        member.is_bot = person.is_bot
    if person.is_bot or member.before_kindling:
        return  # a bot, or someone who was here before Kindling (a join the platform repeats)
    previous = await welcomes.latest(turn.session, community_id=community_id, member_id=person.external_id)
    if previous is not None and turn.now - previous.created_at < REJOIN_WINDOW:
        return  # a rejoin, or the platform telling us twice (Slack's team_join and channel join)
    if turn.community.goal:
        await _welcome(turn=turn, member=member)
        return
    welcome = await welcomes.add(
        turn.session,
        community_id=community_id,
        member_id=person.external_id,
        status=WelcomeStatus.HELD,
        now=turn.now,
    )
    await _tell_welcome_waits(
        turn=turn, welcome=welcome, member=member, installer=event.community.installer_id
    )


async def release_held(*, turn: Turn) -> int:
    """Send the welcomes that waited for a goal; returns how many went out."""
    released = 0
    for welcome in await welcomes.held(turn.session, community_id=turn.community.id):
        member = await members.find(turn.session, community_id=turn.community.id, member_id=welcome.member_id)
        if member is None or member.left_at is not None:
            continue
        greeter, is_ambassador = await _choose_greeter(turn=turn, newcomer_id=member.member_id)
        welcome.status = WelcomeStatus.SENT
        welcome.sent_at = turn.now
        welcome.greeter_member_id = greeter
        await _send(turn=turn, welcome=welcome, member=member, is_ambassador=is_ambassador)
        released += 1
    return released


async def render_welcome(*, turn: Turn, member_name: str, ambassador_id: str | None) -> str:
    community = turn.community
    template = community.welcome_template or turn.template(Text.WELCOME_DEFAULT_TEMPLATE)
    home = community.home_channel_id
    return render_template(
        template,
        {
            "name": member_name,
            "goal": community.goal or turn.text(Text.GOAL_NOT_SET),
            "community": community.name,
            "ambassador": f"<@{ambassador_id}>" if ambassador_id else turn.text(Text.WELCOME_NO_AMBASSADOR),
            "channel": f"<#{home}>" if home else turn.text(Text.WELCOME_HOME_FALLBACK),
        },
    )


async def mark_greeted(asker: Invocation, welcome_id: str) -> Message:
    turn = asker.turn
    welcome = None
    if welcome_id.isdigit():
        welcome = await welcomes.get(turn.session, community_id=turn.community.id, welcome_id=int(welcome_id))
    if welcome is None:
        return Message(turn.text(Text.GREET_UNKNOWN))
    newcomer = f"<@{welcome.member_id}>"
    if welcome.greeted_at is not None:
        return Message(
            turn.text(Text.GREET_ALREADY, name=newcomer, ambassador=f"<@{welcome.greeted_by_member_id}>")
        )
    greeter = welcome.greeter_member_id
    if greeter is not None and greeter != asker.member_id:
        # The button is the asked greeter's: someone else's press would take their thanks and the count.
        return Message(turn.text(Text.GREET_NOT_YOURS, name=newcomer, greeter=greeter))
    welcome.greeted_at = turn.now
    welcome.greeted_by_member_id = asker.member_id
    return Message(turn.text(Text.GREET_THANKS, name=newcomer))


async def _choose_greeter(*, turn: Turn, newcomer_id: str) -> tuple[str | None, bool]:
    """The next ambassador in turn, or an organiser when there are none. (id, is_ambassador)"""
    community = turn.community
    candidates = [member_id for member_id in await ambassadors(turn) if member_id != newcomer_id]
    if candidates:
        chosen = candidates[community.ambassador_cursor % len(candidates)]
        community.ambassador_cursor += 1
        return chosen, True
    found = await organisers(turn)
    return (found[0] if found else None), False


async def _welcome(*, turn: Turn, member: Member) -> None:
    """A welcome written complete in one insert, then its messages."""
    greeter, is_ambassador = await _choose_greeter(turn=turn, newcomer_id=member.member_id)
    welcome = await welcomes.add(
        turn.session,
        community_id=turn.community.id,
        member_id=member.member_id,
        status=WelcomeStatus.SENT,
        greeter_member_id=greeter,
        now=turn.now,
    )
    await _send(turn=turn, welcome=welcome, member=member, is_ambassador=is_ambassador)


async def _send(*, turn: Turn, welcome: Welcome, member: Member, is_ambassador: bool) -> None:
    greeter = welcome.greeter_member_id
    text = await render_welcome(turn=turn, member_name=member.display_name, ambassador_id=greeter)
    await turn.send(key=_newcomer_key(welcome), to=Direct(member.member_id), message=Message(text))
    if greeter is None:
        return
    request = Text.GREET_REQUEST if is_ambassador else Text.GREET_REQUEST_ORGANISER
    await turn.send(
        key=f"welcome:{welcome.id}:greeter",
        to=Direct(greeter),
        message=Message(
            turn.text(request, name=f"<@{member.member_id}>", community=turn.community.name),
            buttons=(Button(GREETED_ACTION, turn.text(Text.GREET_BUTTON), str(welcome.id), "primary"),),
        ),
    )


async def _tell_welcome_waits(*, turn: Turn, welcome: Welcome, member: Member, installer: str | None) -> None:
    """The organisers; when none is known yet (Kindling was just added), whoever installed it, with the one
    command that fixes it; failing both, the home channel. Once, for the first welcome that waits: they need
    the goal, not a message per newcomer."""
    if len(await welcomes.held(turn.session, community_id=turn.community.id)) > 1:
        return
    values = {"name": f"<@{member.member_id}>", "community": turn.community.name}
    notice = Message(turn.text(Text.HELD_WELCOME_NOTICE, **values))
    if await tell_organisers(turn, key=f"welcome:{welcome.id}:held", message=notice, proactive=False):
        return
    if installer is not None and installer != member.member_id:
        await turn.send(
            key=f"welcome:{welcome.id}:held:installer",
            to=Direct(installer),
            message=Message(turn.text(Text.HELD_WELCOME_INSTALLER, **values)),
        )
    elif turn.community.home_channel_id:
        await turn.send(
            key=f"welcome:{welcome.id}:held", to=InChannel(turn.community.home_channel_id), message=notice
        )


async def direct_messages_closed(turn: Turn, key: str, destination: Destination) -> bool:
    """A newcomer's welcome could not go as a DM (closed): a short welcome that mentions them goes to the
    home channel, and the organisers hear of it once per community. False (a dead letter as usual) for any
    other message of this feature, or without a home channel."""
    home = turn.community.home_channel_id
    if not isinstance(destination, Direct) or not home:
        return False
    newcomer = destination.member_id
    welcome = await welcomes.latest(turn.session, community_id=turn.community.id, member_id=newcomer)
    if welcome is None or key != _newcomer_key(welcome):
        return False  # a greeter's request, a notice: not a newcomer's welcome
    goal = turn.community.goal or turn.text(Text.GOAL_NOT_SET)
    await turn.send(
        key=f"welcome:{welcome.id}:in-channel",
        to=InChannel(home),
        message=Message(
            turn.text(
                Text.WELCOME_IN_CHANNEL, name=f"<@{newcomer}>", community=turn.community.name, goal=goal
            )
        ),
    )
    if await organisers(turn) and await turn.claim(kind=DMS_CLOSED_TOLD, slot_at=_ONCE):
        notice = Message(turn.text(Text.DMS_CLOSED_NOTICE, name=f"<@{newcomer}>", channel=home))
        await tell_organisers(turn, key=f"welcome:dms-closed:{turn.community.id}", message=notice)
    return True


def _newcomer_key(welcome: Welcome) -> str:
    return f"welcome:{welcome.id}:newcomer"
