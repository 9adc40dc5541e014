"""From a parsed command to the service that carries it out, after the permission check."""

from __future__ import annotations

from bot.commands.grammar import (
    AddCase,
    AddPrompt,
    ChangeRole,
    ChangeRota,
    Coffee,
    Command,
    ConfigureFallback,
    DecideIdea,
    Help,
    ListIdeas,
    ListMeetups,
    ListRole,
    ListRota,
    MeetupRecap,
    MemberRef,
    Newcomers,
    ParseError,
    Permission,
    PlanMeetup,
    PreviewWelcome,
    Privacy,
    SaveTip,
    SetAppreciation,
    SetCoffeeCadence,
    SetColumnSchedule,
    SetColumnTopic,
    SetGoal,
    SetLanguage,
    SetQuietHours,
    SetTimezone,
    Setup,
    SetWelcomeTemplate,
    ShowColumn,
    ShowGoal,
    ShowPulse,
    ShowTips,
    StartPoll,
    Status,
    SubmitIdea,
    parse_command,
)
from bot.events import CommandInvoked
from bot.i18n import Text
from bot.i18n.calendar import when
from bot.messages import Message, Private
from bot.services import (
    appreciation,
    coffee,
    column,
    configuration,
    ideas,
    meetups,
    nudges,
    patience,
    polls,
    privacy,
    prompts,
    pulse,
    roles,
    status,
    tips,
)
from bot.services.turn import Turn


async def run_command(*, turn: Turn, event: CommandInvoked) -> None:
    """Answer the invoker privately. A refusal changes nothing: checks come before any write."""
    reply = await _answer(turn=turn, event=event)
    await turn.send(
        to=Private(
            member_id=event.member.external_id, channel_id=event.channel_id, reply_token=event.reply_token
        ),
        message=reply,
    )


async def _answer(*, turn: Turn, event: CommandInvoked) -> Message:
    parsed = parse_command(event.text)
    if isinstance(parsed, ParseError):
        return Message(turn.text(parsed.key, **parsed.values))
    refusal = await _permission_refusal(turn=turn, event=event, needed=parsed.permission)
    if refusal is not None:
        return refusal
    return await _carry_out(turn=turn, event=event, command=parsed)


async def _permission_refusal(*, turn: Turn, event: CommandInvoked, needed: Permission) -> Message | None:
    if needed == "anyone":
        return None
    member_id = event.member.external_id
    if await roles.is_organiser(turn=turn, member_id=member_id, platform_admin=event.invoker_is_admin):
        return None
    if needed == "ambassador" and await roles.is_ambassador(turn=turn, member_id=member_id):
        return None
    command = event.text.strip().split(" ", 1)[0].lower()
    refusal = Text.ORGANISERS_ONLY if needed == "organiser" else Text.AMBASSADORS_ONLY
    return Message(turn.text(refusal, command=command))


async def _carry_out(*, turn: Turn, event: CommandInvoked, command: Command) -> Message:
    match command:
        case Help():
            return Message(turn.text(Text.HELP))
        case Status():
            return await status.status(turn=turn)
        case Setup(channel_id=channel_id):
            return await configuration.set_home_channel(turn=turn, channel_id=channel_id or event.channel_id)
        case ShowGoal():
            return await configuration.show_goal(turn=turn)
        case SetGoal(text=text):
            return await configuration.set_goal(turn=turn, text=text)
        case SetLanguage(language=language):
            return await configuration.set_language(turn=turn, language=language)
        case SetTimezone(name=name):
            return await configuration.set_timezone(turn=turn, name=name)
        case ChangeRole(role=role, grant=grant, member=member):
            return await roles.change_role(
                turn=turn, role=role, grant=grant, ref=member, invoker_id=event.member.external_id
            )
        case ListRole(role=role):
            return await roles.list_role(turn=turn, role=role)
        case PreviewWelcome():
            return await configuration.preview_welcome(turn=turn, viewer_name=event.member.display_name)
        case SetWelcomeTemplate(template=template):
            return await configuration.set_welcome_template(turn=turn, template=template)
        case StartPoll(
            question=question, options=options, hours=hours, multiple=multiple, anonymous=anonymous
        ):
            return await _start_poll(
                turn=turn,
                event=event,
                request=polls.PollRequest(question, options, hours, multiple, anonymous),
            )
        case SaveTip(text=text):
            return await tips.save(turn=turn, text=text, author_id=event.member.external_id)
        case ShowTips():
            return await tips.best(turn=turn)
        case SubmitIdea(text=text, anonymous=anonymous):
            return await ideas.submit(
                turn=turn, text=text, author_id=event.member.external_id, anonymous=anonymous
            )
        case ListIdeas():
            return await ideas.listing(turn=turn)
        case DecideIdea(number=number, accept=accept):
            return await ideas.decide(turn=turn, number=number, accept=accept)
        case SetAppreciation(named=named):
            return await appreciation.set_opt_out(turn=turn, member_id=event.member.external_id, named=named)
        case ConfigureFallback(replies=replies, hours=hours, mode=mode):
            return await patience.configure(turn=turn, replies=replies, hours=hours, mode=mode)
        case Coffee(action=action):
            return await _coffee(turn=turn, member_id=event.member.external_id, action=action)
        case SetCoffeeCadence(weeks=weeks):
            return await coffee.set_cadence(turn=turn, weeks=weeks)
        case Privacy(action=action, member=member):
            return await _privacy(turn=turn, event=event, action=action, ref=member)
        case PlanMeetup(day=day, at=at, title=title):
            return await meetups.plan(
                turn=turn, day=day, at=at, title=title, organiser_id=event.member.external_id
            )
        case ListMeetups():
            return await meetups.listing(turn=turn)
        case MeetupRecap(number=number, text=text):
            return await meetups.recap(turn=turn, number=number, text=text)
        case AddCase(text=text):
            return await meetups.add_case(turn=turn, text=text, author_id=event.member.external_id)
        case ShowPulse():
            return await pulse.show(turn=turn)
        case Newcomers():
            return await nudges.silent_newcomers(turn=turn)
        case ShowColumn():
            return await column.show(turn=turn)
        case SetColumnSchedule(weekday=weekday, at=at):
            return await column.set_schedule(turn=turn, weekday=weekday, at=at)
        case SetColumnTopic(topic=topic):
            return await column.set_topic(turn=turn, topic=topic)
        case ChangeRota(add=add, members=refs):
            return await column.change_rota(turn=turn, add=add, refs=refs)
        case ListRota():
            return await column.list_rota(turn=turn)
        case AddPrompt(text=text):
            return await prompts.add_prompt(turn=turn, text=text, author_id=event.member.external_id)
        case SetQuietHours(start=start, end=end):
            return await configuration.set_quiet_hours(turn=turn, start=start, end=end)


async def _start_poll(*, turn: Turn, event: CommandInvoked, request: polls.PollRequest) -> Message:
    refusal = polls.check_request(turn, request)
    if refusal is not None:
        return refusal
    poll = await polls.start_poll(
        turn=turn,
        request=request,
        channel_id=event.channel_id,
        thread_id=None,
        origin="manual",
        created_by=event.member.external_id,
    )
    closes = when(poll.closes_at, language=turn.language, zone=turn.zone)
    return Message(turn.text(Text.POLL_STARTED, channel=event.channel_id, when=closes))


async def _coffee(*, turn: Turn, member_id: str, action: str) -> Message:
    if action == "join":
        return await coffee.join(turn=turn, member_id=member_id)
    if action == "leave":
        return await coffee.leave(turn=turn, member_id=member_id)
    if action == "skip":
        return await coffee.skip(turn=turn, member_id=member_id)
    return await coffee.show(turn=turn)


async def _privacy(*, turn: Turn, event: CommandInvoked, action: str, ref: MemberRef | None) -> Message:
    invoker = event.member.external_id
    member_id = invoker
    if ref is not None:
        found = await roles.resolve_member(turn=turn, ref=ref)
        if found is None:
            return Message(turn.text(Text.MEMBER_NOT_FOUND, member=ref.text[:80]))
        member_id = found.external_id
    if member_id != invoker and not await roles.is_organiser(
        turn=turn, member_id=invoker, platform_admin=event.invoker_is_admin
    ):
        return Message(turn.text(Text.PRIVACY_OTHERS_ORGANISERS_ONLY))
    if action == "export":
        return await privacy.export(turn=turn, member_id=member_id, requester_id=invoker)
    return await privacy.forget(turn=turn, member_id=member_id)
