"""Polls: posted by an ambassador or organiser, or as the patience fallback; one vote per member (or one per
option with multiple choice), changeable until the poll closes at its deadline and posts its result.

The form is the platform's: a native poll where it has them (never for an anonymous poll: native polls show
who voted), else buttons, whose message keeps live counts where the platform can edit it."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.domain.status import PollOrigin, PollStatus
from bot.events import PollChosen, PollVoted
from bot.feature import Due, Invocation
from bot.i18n import Text
from bot.messages import Button, Direct, Edit, InChannel, Message, PollSpec
from bot.services.voice import Priority, may_speak
from bot.storage import outbox, polls
from bot.storage.database import Session
from bot.storage.models import Poll
from bot.turn import Turn

VOTE_ACTION = "kindling.poll.vote"
#: Fewer voters than this and a poll closes quietly: no public result, the creator hears it privately.
PUBLIC_RESULT_VOTERS = 2
MIN_OPTIONS = 2
DEFAULT_HOURS = 48


@dataclass(frozen=True, slots=True)
class PollRequest:
    question: str
    options: tuple[str, ...]
    hours: int = DEFAULT_HOURS
    multiple: bool = False
    anonymous: bool = False


def check_request(turn: Turn, request: PollRequest) -> Message | None:
    """The refusal for a poll this platform cannot show, or None. Checked before anything is written."""
    limits = turn.capabilities.limits
    count = len(request.options)
    if count < MIN_OPTIONS:
        return Message(turn.text(Text.POLL_TOO_FEW_OPTIONS, count=count))
    if count > limits.poll_options:
        return Message(
            turn.plural(
                Text.POLL_TOO_MANY_OPTIONS, limits.poll_options, count=count, limit=limits.poll_options
            )
        )
    if len(request.question) > limits.poll_question:
        return Message(
            turn.plural(
                Text.POLL_QUESTION_TOO_LONG,
                limits.poll_question,
                limit=limits.poll_question,
                length=len(request.question),
            )
        )
    seen: set[str] = set()
    for option in request.options:
        if len(option) > limits.poll_option:
            return Message(
                turn.plural(
                    Text.POLL_OPTION_TOO_LONG,
                    limits.poll_option,
                    limit=limits.poll_option,
                    option=option[:80],
                )
            )
        if option.lower() in seen:
            return Message(turn.text(Text.POLL_DUPLICATE_OPTIONS, option=option[:80]))
        seen.add(option.lower())
    if not 1 <= request.hours <= limits.poll_hours:
        return Message(
            turn.plural(Text.POLL_BAD_HOURS, limits.poll_hours, hours=request.hours, limit=limits.poll_hours)
        )
    return None


def _native(turn: Turn, poll: Poll) -> bool:
    return turn.capabilities.native_polls and not poll.anonymous


async def start_poll(
    *,
    turn: Turn,
    request: PollRequest,
    channel_id: str,
    thread_id: str | None,
    origin: PollOrigin,
    creator_id: str | None,
    intro: str | None = None,
) -> Poll:
    thread = thread_id if turn.capabilities.threads else None
    poll = await polls.create(
        turn.session,
        community_id=turn.community.id,
        new=polls.NewPoll(
            channel_id=channel_id,
            thread_id=thread,
            question=request.question,
            options=request.options,
            multiple=request.multiple,
            anonymous=request.anonymous,
            ballot_salt=secrets.token_hex(16) if request.anonymous else None,
            origin=origin,
            creator_member_id=creator_id,
            closes_at=turn.now + timedelta(hours=request.hours),
        ),
        now=turn.now,
    )
    text = turn.text(Text.POLL_POST, question=request.question)
    if request.anonymous:
        text += " " + turn.text(Text.POLL_ANONYMOUS_NOTE)
    text = f"{intro}\n{text}" if intro else text
    if _native(turn, poll):
        spec = PollSpec(str(poll.id), request.question, request.options, request.multiple, request.hours)
        message = Message(text, poll=spec)
    else:
        buttons = tuple(
            Button(VOTE_ACTION, option, f"{poll.id}:{index}") for index, option in enumerate(request.options)
        )
        message = Message(text, buttons=buttons)
    await turn.send(key=poll.message_key, to=InChannel(channel_id, thread), message=message)
    return poll


async def vote_by_button(asker: Invocation, value: str) -> Message:
    turn = asker.turn
    poll_id, _, index = value.partition(":")
    poll = None
    if poll_id.isdigit():
        poll = await polls.get(turn.session, community_id=turn.community.id, poll_id=int(poll_id))
    if poll is None or not index.isdigit():
        return Message(turn.text(Text.UNKNOWN_ACTION))
    reply, counted = await _vote(
        turn=turn, poll=poll, member_id=asker.member_id, option=int(index), added=True
    )
    if counted:
        await _show_counts(turn=turn, poll=poll)
    return reply


async def vote_natively(turn: Turn, event: PollVoted) -> None:
    """A vote on a native platform poll. The platform shows it already; a vote Kindling cannot count (the
    poll closed) is answered by DM, since a native vote has nobody to answer privately in place."""
    if event.member.is_bot:
        return
    poll = await polls.by_message(turn.session, community_id=turn.community.id, message_id=event.message_id)
    if poll is None:
        return
    reply, counted = await _vote(
        turn=turn, poll=poll, member_id=event.member.external_id, option=event.option, added=event.added
    )
    if not counted and event.added:
        await turn.send(
            key=f"poll:{poll.id}:late:{event.member.external_id}:{event.option}",
            to=Direct(event.member.external_id),
            message=reply,
            answering=True,
        )


async def choose_natively(turn: Turn, event: PollChosen) -> None:
    """A member's whole choice on a native poll: their votes become exactly that (the first option only,
    unless the poll takes several). A choice Kindling cannot count (the poll closed) is answered by DM."""
    if event.member.is_bot:
        return
    poll = await polls.by_message(turn.session, community_id=turn.community.id, message_id=event.message_id)
    if poll is None or poll.anonymous:  # anonymous polls are never native: nothing of theirs comes here
        return
    member_id = event.member.external_id
    valid = [option for option in dict.fromkeys(event.options) if 0 <= option < len(polls.options_of(poll))]
    chosen = set(valid if poll.multiple else valid[:1])
    if poll.status != PollStatus.OPEN or turn.now >= poll.closes_at:
        if chosen:
            await turn.send(
                key=f"poll:{poll.id}:late:{member_id}:{','.join(map(str, sorted(chosen)))}",
                to=Direct(member_id),
                message=Message(turn.text(Text.POLL_CLOSED, question=poll.question)),
                answering=True,
            )
        return
    mine = await polls.options_voted(turn.session, poll_id=poll.id, member_id=member_id)
    for option in sorted(mine - chosen):
        await polls.take_back(turn.session, poll_id=poll.id, member_id=member_id, option=option)
    for option in sorted(chosen - mine):
        await polls.vote(turn.session, poll_id=poll.id, member_id=member_id, option=option, now=turn.now)


async def _vote(*, turn: Turn, poll: Poll, member_id: str, option: int, added: bool) -> tuple[Message, bool]:
    """The answer to the voter, and whether the counts changed."""
    options = polls.options_of(poll)
    if poll.status != PollStatus.OPEN or turn.now >= poll.closes_at:
        return Message(turn.text(Text.POLL_CLOSED, question=poll.question)), False
    if not 0 <= option < len(options):
        return Message(turn.text(Text.UNKNOWN_ACTION)), False
    closes = turn.when(poll.closes_at)
    if poll.anonymous:
        digest = hashlib.sha256(f"{poll.ballot_salt}:{member_id}".encode()).hexdigest()
        if not await polls.cast_ballot(turn.session, poll_id=poll.id, digest=digest, option=option):
            return Message(turn.text(Text.POLL_ANONYMOUS_ALREADY)), False
        return Message(turn.text(Text.POLL_VOTED_ANONYMOUSLY, option=options[option], when=closes)), True
    mine = await polls.options_voted(turn.session, poll_id=poll.id, member_id=member_id)
    if not added or (poll.multiple and option in mine):
        await polls.take_back(turn.session, poll_id=poll.id, member_id=member_id, option=option)
        return Message(turn.text(Text.POLL_VOTE_REMOVED, option=options[option])), True
    if not poll.multiple:
        await polls.take_back(turn.session, poll_id=poll.id, member_id=member_id)
    await polls.vote(turn.session, poll_id=poll.id, member_id=member_id, option=option, now=turn.now)
    return Message(turn.text(Text.POLL_VOTED, option=options[option], when=closes)), True


async def find_due(session: Session, now: datetime, grace: timedelta) -> list[Due[int]]:
    return [
        Due(community_id, poll_id) for community_id, poll_id in await polls.due_to_close(session, now=now)
    ]


async def next_after(session: Session, moment: datetime) -> datetime | None:
    return await polls.next_close_after(session, moment=moment)


async def close_at_deadline(turn: Turn, poll_id: int, grace: timedelta) -> None:
    poll = await polls.get(turn.session, community_id=turn.community.id, poll_id=poll_id)
    if poll is not None and poll.status == PollStatus.OPEN:
        await close(turn=turn, poll=poll, slot=poll.closes_at)


async def close(*, turn: Turn, poll: Poll, slot: datetime) -> bool:
    """Close the poll and show its result once; False when someone (a replica, the deadline) closed it first.

    Quiet results: with fewer than two voters nothing is said in public (a gloomy "0 members voted" helps
    nobody): the poll's message says it closed, and its creator hears the result privately. Otherwise the
    result is shown once: in the poll's own message where the platform can edit it, by the platform itself
    for a native poll that ran to its end or that Kindling ended there (`closes_polls`), else in one post."""
    if not await turn.claim(kind="poll-close", slot_at=slot, subject=str(poll.id)):
        return False
    poll.status = PollStatus.CLOSED
    counts, voters = await polls.counts(turn.session, poll=poll)
    if poll.anonymous:
        # With the salt gone the digests could no longer be matched to anyone; they are not needed either.
        poll.ballot_salt = None
        await polls.forget_ballots(turn.session, poll_id=poll.id)
    lines = _result_lines(turn, polls.options_of(poll), counts)
    if _native(turn, poll) and turn.capabilities.closes_polls:
        await _end_natively(turn=turn, poll=poll, voters=voters, lines=lines)
    if voters < PUBLIC_RESULT_VOTERS:
        await _show_counts(turn=turn, poll=poll, final=None, closed=True)
        if poll.creator_member_id is not None:
            text = turn.plural(
                Text.POLL_QUIET_RESULT, voters, question=poll.question, lines=lines, count=voters
            )
            await turn.send(
                key=f"poll:{poll.id}:quiet", to=Direct(poll.creator_member_id), message=Message(text)
            )
        return True
    if turn.capabilities.edits and not _native(turn, poll):
        await _show_counts(turn=turn, poll=poll, final=(counts, voters))
        return True
    if _native(turn, poll) and (turn.now >= poll.closes_at or turn.capabilities.closes_polls):
        return True  # the platform shows a native poll's result when it ends, or when Kindling ends it
    if poll.origin == PollOrigin.FALLBACK and not await may_speak(turn, Priority.NORMAL):
        return True
    text = turn.plural(Text.POLL_RESULT, voters, question=poll.question, lines=lines, total=voters)
    await turn.send(
        key=f"poll:{poll.id}:result",
        to=InChannel(poll.channel_id, poll.thread_id),
        message=Message(text),
        proactive=True,
    )
    return True


async def _end_natively(*, turn: Turn, poll: Poll, voters: int, lines: str) -> None:
    """Tell the platform the native poll is over (Matrix's `m.poll.end`): clients stop taking votes and show
    its final counts. The text is for clients without polls: as quiet as the result below two voters."""
    if voters < PUBLIC_RESULT_VOTERS:
        text = turn.text(Text.POLL_CLOSED_QUIETLY)
    else:
        text = turn.plural(Text.POLL_CLOSED_INLINE, voters, total=voters, lines=lines)
    await turn.send(
        key=f"poll:{poll.id}:end", to=Edit(poll.message_key, ends_poll=True), message=Message(text)
    )


def _result_lines(turn: Turn, options: list[str], counts: dict[int, int]) -> str:
    return "\n".join(
        turn.text(Text.POLL_RESULT_LINE, option=options[index], count=count)
        for index, count in counts.items()
    )


async def _show_counts(
    *, turn: Turn, poll: Poll, final: tuple[dict[int, int], int] | None = None, closed: bool = False
) -> None:
    """Bring the poll's own message up to date where the platform can edit it (a native poll counts by
    itself): live counts on the buttons while open, the final counts without buttons once `final`.

    An anonymous poll shows only how many voted until it closes: counts per option changing live would
    tell anyone watching how the member who just voted chose."""
    if not turn.capabilities.edits or _native(turn, poll):
        return
    original = await outbox.message_of(turn.session, key=poll.message_key)
    if original is None:
        return
    counts, voters = final or await polls.counts(turn.session, poll=poll)
    if closed:
        message = replace(
            original, text=f"{original.text}\n\n{turn.text(Text.POLL_CLOSED_QUIETLY)}", buttons=()
        )
    elif final is not None:
        summary = turn.plural(
            Text.POLL_CLOSED_INLINE,
            voters,
            total=voters,
            lines=_result_lines(turn, polls.options_of(poll), counts),
        )
        message = replace(original, text=f"{original.text}\n\n{summary}", buttons=())
    elif poll.anonymous:
        summary = turn.plural(Text.POLL_LIVE_VOTERS_ANONYMOUS, voters, count=voters)
        message = replace(original, text=f"{original.text}\n\n{summary}")
    else:
        summary = turn.plural(Text.POLL_LIVE_VOTERS, voters, count=voters)
        buttons = tuple(
            replace(button, label=f"{button.label} · {counts.get(_option_of(button.value), 0)}")
            for button in original.buttons
        )
        message = replace(original, text=f"{original.text}\n\n{summary}", buttons=buttons)
    await turn.send_latest(key=f"{poll.message_key}:counts", to=Edit(poll.message_key), message=message)


def _option_of(value: str) -> int:
    """The option index in a vote button's value (`poll_id:index`)."""
    return int(value.rpartition(":")[2])


async def start_by_command(asker: Invocation, request: PollRequest) -> Message:
    turn = asker.turn
    if not asker.channel_id:  # a poll goes where it was asked for: without a channel, ask again
        return Message(turn.text(Text.CHANNEL_UNKNOWN))
    refusal = check_request(turn, request)
    if refusal is not None:
        return refusal
    poll = await start_poll(
        turn=turn,
        request=request,
        channel_id=asker.channel_id,
        thread_id=None,
        origin=PollOrigin.MANUAL,
        creator_id=asker.member_id,
    )
    closes = turn.when(poll.closes_at)
    return Message(turn.text(Text.POLL_STARTED, number=poll.number, channel=asker.channel_id, when=closes))


async def close_early(asker: Invocation, number: int) -> Message:
    """An organiser, or whoever started the poll, closes it before its deadline: the result goes out as it
    would have then."""
    turn = asker.turn
    poll = await polls.by_number(turn.session, community_id=turn.community.id, number=number)
    if poll is None or poll.status != PollStatus.OPEN:
        return Message(turn.text(Text.POLL_NOT_OPEN, number=number))
    if poll.creator_member_id != asker.member_id and not asker.may("organiser"):
        return Message(turn.text(Text.POLL_CLOSE_NOT_YOURS, number=number))
    if not await close(turn=turn, poll=poll, slot=poll.closes_at):
        return Message(turn.text(Text.POLL_NOT_OPEN, number=number))
    return Message(turn.text(Text.POLL_CLOSED_EARLY, number=number, question=poll.question))
