"""The idea box: members drop ideas (anonymously if they like: then no author is stored at all); organisers
list, accept or close them; an accepted idea is posted in the home channel for everyone's vote."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands.parsing import Nothing
from bot.domain.status import IdeaStatus, PollOrigin
from bot.feature import Invocation
from bot.features.polls.service import PollRequest, start_poll
from bot.i18n import Text
from bot.messages import Direct, Message
from bot.services.people import tell_organisers
from bot.storage import ideas

MAX_IDEA_LENGTH = 500
ACCEPTED_POLL_HOURS = 72


@dataclass(frozen=True, slots=True)
class Submission:
    text: str
    anonymous: bool = False


async def submit(asker: Invocation, submission: Submission) -> Message:
    turn = asker.turn
    text = submission.text
    if len(text) > MAX_IDEA_LENGTH:
        return Message(turn.text(Text.IDEA_TOO_LONG, limit=MAX_IDEA_LENGTH, length=len(text)))
    idea = await ideas.submit(
        turn.session,
        community_id=turn.community.id,
        text=text,
        author_id=None if submission.anonymous else asker.member_id,
        now=turn.now,
    )
    notice = Message(turn.text(Text.IDEA_NEW_NOTICE, number=idea.number, idea=text))
    await tell_organisers(turn, key=f"idea:{idea.id}:notice", message=notice)
    saved = Text.IDEA_SAVED_ANONYMOUS if submission.anonymous else Text.IDEA_SAVED
    return Message(turn.text(saved, number=idea.number))


async def listing(asker: Invocation, _: Nothing) -> Message:
    turn = asker.turn
    lines = [
        turn.text(
            Text.IDEAS_LINE,
            number=idea.number,
            idea=idea.text,
            author=f"<@{idea.author_member_id}>"
            if idea.author_member_id
            else turn.text(Text.IDEA_ANONYMOUS_AUTHOR),
        )
        for idea in await ideas.open_ideas(turn.session, community_id=turn.community.id)
    ]
    if not lines:
        return Message(turn.text(Text.IDEAS_NONE))
    return Message(turn.text(Text.IDEAS_LIST, lines="\n".join(lines)))


async def accept(asker: Invocation, number: int) -> Message:
    return await _decide(asker, number, accept=True)


async def close(asker: Invocation, number: int) -> Message:
    return await _decide(asker, number, accept=False)


async def _decide(asker: Invocation, number: int, *, accept: bool) -> Message:
    turn = asker.turn
    idea = await ideas.by_number(turn.session, community_id=turn.community.id, number=number)
    if idea is None or idea.status != IdeaStatus.OPEN:
        return Message(turn.text(Text.IDEA_NOT_FOUND, number=number))
    home = turn.community.home_channel_id
    if accept and home is None:
        return Message(turn.text(Text.NO_HOME_CHANNEL))
    idea.decided_at = turn.now
    author = idea.author_member_id
    if author is not None and author != asker.member_id:
        # Whoever shared the idea hears what became of it (an anonymous idea has nobody to tell).
        told = Text.IDEA_ACCEPTED_AUTHOR if accept else Text.IDEA_CLOSED_AUTHOR
        await turn.send(
            key=f"idea:{idea.id}:decided",
            to=Direct(author),
            message=Message(turn.text(told, number=number, idea=idea.text[:200], channel=home or "")),
            proactive=True,
        )
    if not accept or home is None:
        idea.status = IdeaStatus.CLOSED
        return Message(turn.text(Text.IDEA_CLOSED, number=number))
    idea.status = IdeaStatus.ACCEPTED
    limits = turn.capabilities.limits
    question = turn.text(Text.IDEA_POLL_QUESTION, idea=idea.text)[: limits.poll_question]
    options = tuple(turn.text(Text.IDEA_POLL_OPTIONS).split("|"))
    await start_poll(
        turn=turn,
        request=PollRequest(question=question, options=options, hours=ACCEPTED_POLL_HOURS),
        channel_id=home,
        thread_id=None,
        origin=PollOrigin.IDEA,
        creator_id=None,
    )
    return Message(turn.text(Text.IDEA_ACCEPTED, number=number, channel=home))
