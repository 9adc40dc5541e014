"""Polls: posted by an ambassador or organiser, or as the patience fallback; one vote per member (or one per
option with multiple choice), changeable until the poll closes at its deadline and posts its result."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Text
from bot.i18n.calendar import when
from bot.messages import Button, Edit, InChannel, Message, PollSpec, message_from_json
from bot.services.turn import Turn
from bot.storage.models import OutboxMessage, Poll, PollBallot, PollTally, PollVote

VOTE_ACTION = "kindling.poll.vote"
MIN_OPTIONS, MAX_OPTIONS = 2, 10
MAX_OPTION_LENGTH = 55  # Discord's limit for a poll answer; Slack buttons allow 75
MAX_QUESTION_LENGTH = 300  # Discord's limit for a poll question
MAX_HOURS = 768  # Discord polls run at most 32 days


@dataclass(frozen=True, slots=True)
class PollRequest:
    question: str
    options: tuple[str, ...]
    hours: int = 48
    multiple: bool = False
    anonymous: bool = False


def check_request(turn: Turn, request: PollRequest) -> Message | None:
    """The refusal for a bad poll, or None. Checked before anything is written."""
    count = len(request.options)
    if count < MIN_OPTIONS:
        return Message(turn.text(Text.POLL_TOO_FEW_OPTIONS, count=count))
    if count > MAX_OPTIONS:
        return Message(turn.text(Text.POLL_TOO_MANY_OPTIONS, count=count))
    if len(request.question) > MAX_QUESTION_LENGTH:
        return Message(
            turn.text(Text.POLL_QUESTION_TOO_LONG, limit=MAX_QUESTION_LENGTH, length=len(request.question))
        )
    seen: set[str] = set()
    for option in request.options:
        if len(option) > MAX_OPTION_LENGTH:
            return Message(turn.text(Text.POLL_OPTION_TOO_LONG, limit=MAX_OPTION_LENGTH, option=option[:80]))
        if option.lower() in seen:
            return Message(turn.text(Text.POLL_DUPLICATE_OPTIONS, option=option[:80]))
        seen.add(option.lower())
    if not 1 <= request.hours <= MAX_HOURS:
        return Message(turn.text(Text.POLL_BAD_HOURS, hours=request.hours))
    return None


async def start_poll(
    *,
    turn: Turn,
    request: PollRequest,
    channel_id: str,
    thread_id: str | None,
    origin: str,
    created_by: str | None,
    intro: str | None = None,
) -> Poll:
    poll = Poll(
        community_id=turn.community.id,
        channel_id=channel_id,
        thread_id=thread_id,
        question=request.question,
        options=json.dumps(list(request.options), ensure_ascii=False),
        multiple=request.multiple,
        anonymous=request.anonymous,
        ballot_salt=secrets.token_hex(16) if request.anonymous else None,
        origin=origin,
        created_by=created_by,
        created_at=turn.now,
        closes_at=turn.now + timedelta(hours=request.hours),
        status="open",
        message_key="",
    )
    turn.session.add(poll)
    await turn.session.flush()
    poll.message_key = f"poll:{poll.id}"
    text = turn.text(Text.POLL_POST, question=request.question)
    if request.anonymous:
        text += " " + turn.text(Text.POLL_ANONYMOUS_NOTE)
    # Both forms travel together: a platform with native polls renders `poll`, the others the buttons.
    # Native polls show who voted, so an anonymous poll is always buttons.
    message = Message(
        f"{intro}\n{text}" if intro else text,
        buttons=tuple(
            Button(VOTE_ACTION, option, f"{poll.id}:{index}") for index, option in enumerate(request.options)
        ),
        poll=None
        if request.anonymous
        else PollSpec(
            poll_id=str(poll.id),
            question=request.question,
            options=request.options,
            multiple=request.multiple,
            duration_hours=request.hours,
        ),
    )
    await turn.send(key=poll.message_key, to=InChannel(channel_id, thread_id), message=message)
    return poll


async def vote_by_button(*, turn: Turn, member_id: str, value: str) -> Message:
    poll_id, _, index = value.partition(":")
    poll = None
    if poll_id.isdigit():
        poll = await turn.session.scalar(
            sa.select(Poll).where(Poll.community_id == turn.community.id, Poll.id == int(poll_id))
        )
    if poll is None or not index.isdigit():
        return Message(turn.text(Text.UNKNOWN_ACTION))
    reply, counted = await _vote(turn=turn, poll=poll, member_id=member_id, option=int(index), added=True)
    if counted:
        await _show_counts(turn=turn, poll=poll)
    return reply


async def vote_natively(
    *, turn: Turn, member_id: str, message_id: str, option: int, added: bool
) -> Message | None:
    """A vote on a native platform poll. The platform shows it already: no reply unless refused."""
    poll = await turn.session.scalar(
        sa.select(Poll)
        .join(OutboxMessage, OutboxMessage.key == Poll.message_key)
        .where(Poll.community_id == turn.community.id, OutboxMessage.platform_message_id == message_id)
    )
    if poll is None:
        return None
    # The native poll shows its counts itself: no edit.
    reply, _ = await _vote(turn=turn, poll=poll, member_id=member_id, option=option, added=added)
    return reply if poll.status != "open" else None


async def _vote(*, turn: Turn, poll: Poll, member_id: str, option: int, added: bool) -> tuple[Message, bool]:
    """The answer to the voter, and whether the counts changed."""
    options: list[str] = json.loads(poll.options)
    if poll.status != "open" or turn.now >= poll.closes_at:
        return Message(turn.text(Text.POLL_CLOSED)), False
    if not 0 <= option < len(options):
        return Message(turn.text(Text.UNKNOWN_ACTION)), False
    if poll.anonymous:
        return await _vote_anonymously(
            turn=turn, poll=poll, member_id=member_id, option=option, options=options
        )
    mine = sa.and_(PollVote.poll_id == poll.id, PollVote.member_external_id == member_id)
    existing = await turn.session.scalar(sa.select(PollVote.id).where(mine, PollVote.option == option))
    if not added or (poll.multiple and existing is not None):
        await turn.session.execute(sa.delete(PollVote).where(mine, PollVote.option == option))
        return Message(turn.text(Text.POLL_VOTE_REMOVED, option=options[option])), True
    if not poll.multiple:
        await turn.session.execute(sa.delete(PollVote).where(mine))
    if existing is None or not poll.multiple:
        turn.session.add(
            PollVote(poll_id=poll.id, member_external_id=member_id, option=option, voted_at=turn.now)
        )
    closes = when(poll.closes_at, language=turn.language, zone=turn.zone)
    return Message(turn.text(Text.POLL_VOTED, option=options[option], when=closes)), True


async def _vote_anonymously(
    *, turn: Turn, poll: Poll, member_id: str, option: int, options: list[str]
) -> tuple[Message, bool]:
    """One ballot per member, as a salted digest not linked to the option; the option only as a count."""
    digest = hashlib.sha256(f"{poll.ballot_salt}:{member_id}".encode()).hexdigest()
    voted = await turn.session.scalar(
        sa.select(PollBallot.id).where(PollBallot.poll_id == poll.id, PollBallot.digest == digest)
    )
    if voted is not None:
        return Message(turn.text(Text.POLL_ANONYMOUS_ALREADY)), False
    turn.session.add(PollBallot(poll_id=poll.id, digest=digest))
    tally = await turn.session.scalar(
        sa.select(PollTally).where(PollTally.poll_id == poll.id, PollTally.option == option)
    )
    if tally is None:
        turn.session.add(PollTally(poll_id=poll.id, option=option, count=1))
    else:
        tally.count += 1
    closes = when(poll.closes_at, language=turn.language, zone=turn.zone)
    return Message(turn.text(Text.POLL_VOTED_ANONYMOUSLY, option=options[option], when=closes)), True


async def due_to_close(session: AsyncSession, *, now: datetime) -> list[tuple[int, int]]:
    rows = await session.execute(
        sa.select(Poll.community_id, Poll.id).where(Poll.status == "open", Poll.closes_at <= now)
    )
    return [(community_id, poll_id) for community_id, poll_id in rows]


async def close(*, turn: Turn, poll_id: int) -> None:
    poll = await turn.session.scalar(
        sa.select(Poll).where(Poll.community_id == turn.community.id, Poll.id == poll_id)
    )
    if poll is None or poll.status != "open":
        return
    if not await turn.claim(kind="poll-close", slot_at=poll.closes_at, subject=str(poll.id)):
        return
    poll.status = "closed"
    options: list[str] = json.loads(poll.options)
    counts, voters = await _counts(turn=turn, poll=poll)
    if poll.anonymous:
        # With the salt gone the digests could no longer be matched to anyone; they are not needed either.
        poll.ballot_salt = None
        await turn.session.execute(sa.delete(PollBallot).where(PollBallot.poll_id == poll.id))
    lines = _result_lines(turn, options, counts)
    await _show_counts(turn=turn, poll=poll, final=(counts, voters))
    await turn.send(
        key=f"poll:{poll.id}:result",
        to=InChannel(poll.channel_id, poll.thread_id),
        message=Message(turn.text(Text.POLL_RESULT, question=poll.question, lines=lines, total=voters)),
        proactive=True,
    )


async def _counts(*, turn: Turn, poll: Poll) -> tuple[dict[int, int], int]:
    """Votes per option (every option, zeros included) and how many members voted."""
    counts = dict.fromkeys(range(len(json.loads(poll.options))), 0)
    counts.update(await tally(turn=turn, poll_id=poll.id))
    if poll.anonymous:
        voters = await turn.session.scalar(
            sa.select(sa.func.count()).select_from(PollBallot).where(PollBallot.poll_id == poll.id)
        )
    else:
        voters = await turn.session.scalar(
            sa.select(sa.func.count(sa.distinct(PollVote.member_external_id))).where(
                PollVote.poll_id == poll.id
            )
        )
    return counts, voters or 0


def _result_lines(turn: Turn, options: list[str], counts: dict[int, int]) -> str:
    return "\n".join(
        turn.text(Text.POLL_RESULT_LINE, option=options[index], count=count)
        for index, count in counts.items()
    )


async def _show_counts(*, turn: Turn, poll: Poll, final: tuple[dict[int, int], int] | None = None) -> None:
    """Bring the poll's own message up to date (where the platform can edit it; a native poll counts by
    itself): live counts on the buttons while open, the final counts without buttons once `final`.

    An anonymous poll shows only how many voted until it closes: counts per option changing live would
    tell anyone watching how the member who just voted chose."""
    raw = await turn.session.scalar(
        sa.select(OutboxMessage.message).where(OutboxMessage.key == poll.message_key)
    )
    if raw is None:
        return
    original = message_from_json(raw)
    counts, voters = final or await _counts(turn=turn, poll=poll)
    if final is not None:
        summary = turn.text(
            Text.POLL_CLOSED_INLINE,
            total=voters,
            lines=_result_lines(turn, json.loads(poll.options), counts),
        )
        message = replace(original, text=f"{original.text}\n\n{summary}", buttons=())
    elif poll.anonymous:
        summary = turn.text(Text.POLL_LIVE_VOTERS_ANONYMOUS, count=voters)
        message = replace(original, text=f"{original.text}\n\n{summary}")
    else:
        summary = turn.text(Text.POLL_LIVE_VOTERS, count=voters)
        buttons = tuple(
            replace(button, label=f"{button.label} · {counts.get(_option_of(button.value), 0)}")
            for button in original.buttons
        )
        message = replace(original, text=f"{original.text}\n\n{summary}", buttons=buttons)
    await turn.send_latest(key=f"{poll.message_key}:counts", to=Edit(poll.message_key), message=message)


def _option_of(value: str) -> int:
    """The option index in a vote button's value (`poll_id:index`)."""
    return int(value.rpartition(":")[2])


async def tally(*, turn: Turn, poll_id: int) -> dict[int, int]:
    anonymous = await turn.session.execute(
        sa.select(PollTally.option, PollTally.count).where(PollTally.poll_id == poll_id)
    )
    counted = {option: count for option, count in anonymous}
    if counted:
        return counted
    rows = await turn.session.execute(
        sa.select(PollVote.option, sa.func.count())
        .where(PollVote.poll_id == poll_id)
        .group_by(PollVote.option)
    )
    return {option: count for option, count in rows}


async def next_close_after(session: AsyncSession, *, moment: datetime) -> datetime | None:
    found: datetime | None = await session.scalar(
        sa.select(sa.func.min(Poll.closes_at)).where(Poll.status == "open", Poll.closes_at > moment)
    )
    return found
