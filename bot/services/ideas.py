"""The idea box: members drop ideas (anonymously if they like: then no author is stored at all); organisers
list, accept or close them; an accepted idea is posted in the home channel for everyone's vote."""

from __future__ import annotations

import sqlalchemy as sa

from bot.i18n import Text
from bot.messages import Direct, Message
from bot.services import polls
from bot.services.turn import Turn
from bot.storage import roles
from bot.storage.models import Idea

MAX_IDEA_LENGTH = 500


async def submit(*, turn: Turn, text: str, author_id: str, anonymous: bool) -> Message:
    if len(text) > MAX_IDEA_LENGTH:
        return Message(turn.text(Text.IDEA_TOO_LONG, limit=MAX_IDEA_LENGTH, length=len(text)))
    last = await turn.session.scalar(
        sa.select(sa.func.max(Idea.number)).where(Idea.community_id == turn.community.id)
    )
    idea = Idea(
        community_id=turn.community.id,
        number=(last or 0) + 1,
        text=text,
        author_external_id=None if anonymous else author_id,
        status="open",
        created_at=turn.now,
    )
    turn.session.add(idea)
    await turn.session.flush()
    notice = Message(turn.text(Text.IDEA_NEW_NOTICE, number=idea.number, idea=text))
    for organiser in await roles.holders(turn.session, community_id=turn.community.id, role="organiser"):
        await turn.send(
            key=f"idea:{idea.id}:notice:{organiser}", to=Direct(organiser), message=notice, proactive=True
        )
    return Message(turn.text(Text.IDEA_SAVED_ANONYMOUS if anonymous else Text.IDEA_SAVED, number=idea.number))


async def listing(*, turn: Turn) -> Message:
    rows = await turn.session.scalars(
        sa.select(Idea)
        .where(Idea.community_id == turn.community.id, Idea.status == "open")
        .order_by(Idea.number)
    )
    lines = [
        turn.text(
            Text.IDEAS_LINE,
            number=idea.number,
            idea=idea.text,
            author=f"<@{idea.author_external_id}>"
            if idea.author_external_id
            else turn.text(Text.IDEA_ANONYMOUS_AUTHOR),
        )
        for idea in rows
    ]
    if not lines:
        return Message(turn.text(Text.IDEAS_NONE))
    return Message(turn.text(Text.IDEAS_LIST, lines="\n".join(lines)))


async def decide(*, turn: Turn, number: int, accept: bool) -> Message:
    idea = await turn.session.scalar(
        sa.select(Idea).where(
            Idea.community_id == turn.community.id, Idea.number == number, Idea.status == "open"
        )
    )
    if idea is None:
        return Message(turn.text(Text.IDEA_NOT_FOUND, number=number))
    idea.decided_at = turn.now
    if not accept:
        idea.status = "closed"
        return Message(turn.text(Text.IDEA_CLOSED, number=number))
    home = turn.community.home_channel_id
    if home is None:
        return Message(turn.text(Text.NO_HOME_CHANNEL))
    idea.status = "accepted"
    question = turn.text(Text.IDEA_POLL_QUESTION, idea=idea.text)[: polls.MAX_QUESTION_LENGTH]
    options = tuple(turn.text(Text.IDEA_POLL_OPTIONS).split("|"))
    await polls.start_poll(
        turn=turn,
        request=polls.PollRequest(question=question, options=options, hours=72),
        channel_id=home,
        thread_id=None,
        origin="idea",
        created_by=None,
    )
    return Message(turn.text(Text.IDEA_ACCEPTED, number=number, channel=home))
