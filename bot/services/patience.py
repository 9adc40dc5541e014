"""Step 6, patience: when a prompt, column or member's question stays quiet (fewer than K replies after H
hours), Kindling posts a short poll in its thread, or asks the ambassadors to pick one up. At most one
fallback per thread, and at most one per channel within the cooldown."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Text
from bot.i18n.prompts import FALLBACK_MODES, FALLBACK_POLL_OPTIONS, POST_KINDS
from bot.messages import Direct, Message
from bot.services import polls
from bot.services.turn import Turn
from bot.storage import roles
from bot.storage.models import OutboxMessage, WatchedPost


async def watch_own_post(*, turn: Turn, channel_id: str, outbox_key: str, kind: str) -> None:
    turn.session.add(
        WatchedPost(
            community_id=turn.community.id,
            channel_id=channel_id,
            outbox_key=outbox_key,
            kind=kind,
            posted_at=turn.now,
            check_at=turn.now + timedelta(hours=turn.community.fallback_after_hours),
            replies=0,
            status="watching",
        )
    )


async def watch_question(*, turn: Turn, channel_id: str, message_id: str, author_id: str) -> None:
    turn.session.add(
        WatchedPost(
            community_id=turn.community.id,
            channel_id=channel_id,
            message_id=message_id,
            kind="question",
            author_external_id=author_id,
            posted_at=turn.now,
            check_at=turn.now + timedelta(hours=turn.community.fallback_after_hours),
            replies=0,
            status="watching",
        )
    )


async def count_reply(*, turn: Turn, thread_id: str, author_id: str) -> None:
    """A reply in a thread: count it when the thread is one Kindling watches (and not the asker's own)."""
    own_post = (
        sa.select(OutboxMessage.key)
        .where(
            OutboxMessage.community_id == turn.community.id, OutboxMessage.platform_message_id == thread_id
        )
        .scalar_subquery()
    )
    watched = await turn.session.scalar(
        sa.select(WatchedPost).where(
            WatchedPost.community_id == turn.community.id,
            sa.or_(WatchedPost.message_id == thread_id, WatchedPost.outbox_key == own_post),
        )
    )
    if watched is None or watched.author_external_id == author_id:
        return
    watched.message_id = thread_id
    watched.replies += 1


async def due(session: AsyncSession, *, now: datetime) -> list[tuple[int, int]]:
    rows = await session.execute(
        sa.select(WatchedPost.community_id, WatchedPost.id).where(
            WatchedPost.status == "watching", WatchedPost.check_at <= now
        )
    )
    return [(community_id, watched_id) for community_id, watched_id in rows]


async def check(*, turn: Turn, watched_id: int, grace: timedelta) -> None:
    watched = await turn.session.scalar(
        sa.select(WatchedPost).where(
            WatchedPost.community_id == turn.community.id, WatchedPost.id == watched_id
        )
    )
    if watched is None or watched.status != "watching":
        return
    if not await turn.claim(kind="fallback", slot_at=watched.check_at, subject=str(watched.id)):
        return
    community = turn.community
    thread = watched.message_id or await _delivered_id(turn, watched.outbox_key)
    if watched.replies >= community.fallback_min_replies:
        watched.status = "lively"
    elif thread is None or turn.now - watched.check_at > grace or await _cooling_down(turn, watched):
        watched.status = "skipped"
    elif community.fallback_mode == "ambassadors":
        watched.status = "asked"
        await _ask_ambassadors(turn=turn, watched=watched)
    else:
        watched.status = "polled"
        language = turn.language
        await polls.start_poll(
            turn=turn,
            request=polls.PollRequest(
                question=turn.text(Text.FALLBACK_POLL_QUESTION), options=FALLBACK_POLL_OPTIONS[language]
            ),
            channel_id=watched.channel_id,
            thread_id=thread,
            origin="fallback",
            created_by=None,
            intro=turn.text(Text.FALLBACK_POLL_INTRO),
        )


async def _delivered_id(turn: Turn, outbox_key: str | None) -> str | None:
    if outbox_key is None:
        return None
    found: str | None = await turn.session.scalar(
        sa.select(OutboxMessage.platform_message_id).where(OutboxMessage.key == outbox_key)
    )
    return found


async def _cooling_down(turn: Turn, watched: WatchedPost) -> bool:
    since = turn.now - timedelta(hours=turn.community.fallback_cooldown_hours)
    recent = await turn.session.scalar(
        sa.select(sa.func.count()).where(
            WatchedPost.community_id == turn.community.id,
            WatchedPost.channel_id == watched.channel_id,
            WatchedPost.status.in_(("polled", "asked")),
            WatchedPost.check_at > since,
            WatchedPost.id != watched.id,
        )
    )
    return bool(recent)


async def _ask_ambassadors(*, turn: Turn, watched: WatchedPost) -> None:
    text = turn.text(
        Text.FALLBACK_ASK_AMBASSADORS,
        what=POST_KINDS[turn.language][watched.kind],
        channel=watched.channel_id,
        replies=watched.replies,
        hours=turn.community.fallback_after_hours,
    )
    for ambassador in await roles.holders(turn.session, community_id=turn.community.id, role="ambassador"):
        await turn.send(
            key=f"fallback:{watched.id}:{ambassador}",
            to=Direct(ambassador),
            message=Message(text),
            proactive=True,
        )


async def configure(*, turn: Turn, replies: int, hours: int, mode: str | None) -> Message:
    community = turn.community
    community.fallback_min_replies = replies
    community.fallback_after_hours = hours
    if mode is not None:
        community.fallback_mode = mode
    return Message(
        turn.text(
            Text.FALLBACK_SAVED,
            replies=replies,
            hours=hours,
            mode=FALLBACK_MODES[turn.language][community.fallback_mode],
            cooldown=community.fallback_cooldown_hours,
        )
    )


async def next_check_after(session: AsyncSession, *, moment: datetime) -> datetime | None:
    found: datetime | None = await session.scalar(
        sa.select(sa.func.min(WatchedPost.check_at)).where(
            WatchedPost.status == "watching", WatchedPost.check_at > moment
        )
    )
    return found
