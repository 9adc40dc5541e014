"""Step 6, patience: when a prompt, column or member's question stays quiet (fewer than K replies after H
hours), Kindling posts a short poll in its thread, or asks the ambassadors to pick one up. At most one
fallback per thread, and at most one per channel within the cooldown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.status import FallbackMode, PollOrigin, WatchKind, WatchStatus
from bot.events import MessagePosted
from bot.feature import Due, Invocation
from bot.features.polls.service import PollRequest, start_poll
from bot.i18n import Text
from bot.i18n.prompts import FALLBACK_MODES, FALLBACK_POLL_OPTIONS, POST_KINDS
from bot.messages import Direct, Message
from bot.services.people import ambassadors
from bot.storage import deliveries, watched
from bot.storage.database import Session
from bot.storage.models import WatchedPost
from bot.turn import Turn


@dataclass(frozen=True, slots=True)
class Fallback:
    replies: int
    hours: int
    mode: FallbackMode | None


async def watch_own_post(*, turn: Turn, channel_id: str, outbox_key: str, kind: WatchKind) -> None:
    await watched.watch(
        turn.session,
        community_id=turn.community.id,
        channel_id=channel_id,
        kind=kind,
        outbox_key=outbox_key,
        posted_at=turn.now,
        check_at=turn.now + timedelta(hours=turn.community.fallback_after_hours),
    )


async def member_posted(turn: Turn, event: MessagePosted) -> None:
    """A reply in a thread Kindling watches counts; a question in the home channel is watched."""
    if event.member.is_bot:
        return
    if event.thread_id is not None:
        post = await watched.by_thread(
            turn.session, community_id=turn.community.id, thread_id=event.thread_id
        )
        if post is None or post.author_member_id == event.member.external_id:
            return
        post.message_id = event.thread_id
        post.replies += 1
    elif event.looks_like_question and event.channel_id == turn.community.home_channel_id:
        await watched.watch(
            turn.session,
            community_id=turn.community.id,
            channel_id=event.channel_id,
            kind=WatchKind.QUESTION,
            message_id=event.message_id,
            author_id=event.member.external_id,
            posted_at=turn.now,
            check_at=turn.now + timedelta(hours=turn.community.fallback_after_hours),
        )


async def find_due(session: Session, now: datetime, grace: timedelta) -> list[Due[int]]:
    return [Due(community_id, watched_id) for community_id, watched_id in await watched.due(session, now=now)]


async def next_after(session: Session, moment: datetime) -> datetime | None:
    return await watched.next_check_after(session, moment=moment)


async def check(turn: Turn, watched_id: int, grace: timedelta) -> None:
    post = await watched.get(turn.session, community_id=turn.community.id, watched_id=watched_id)
    if post is None or post.status != WatchStatus.WATCHING:
        return
    if not await turn.claim(kind="fallback", slot_at=post.check_at, subject=str(post.id)):
        return
    community = turn.community
    thread = post.message_id or await _delivered_id(turn, post.outbox_key)
    if post.replies >= community.fallback_min_replies:
        post.status = WatchStatus.LIVELY
    elif thread is None or turn.now - post.check_at > grace or await _cooling_down(turn, post):
        post.status = WatchStatus.SKIPPED
    elif community.fallback_mode == FallbackMode.AMBASSADORS:
        post.status = WatchStatus.ASKED
        await _ask_ambassadors(turn=turn, post=post)
    else:
        post.status = WatchStatus.POLLED
        await start_poll(
            turn=turn,
            request=PollRequest(
                question=turn.text(Text.FALLBACK_POLL_QUESTION), options=FALLBACK_POLL_OPTIONS[turn.language]
            ),
            channel_id=post.channel_id,
            thread_id=thread,
            origin=PollOrigin.FALLBACK,
            creator_id=None,
            intro=turn.text(Text.FALLBACK_POLL_INTRO),
        )


async def _delivered_id(turn: Turn, outbox_key: str | None) -> str | None:
    if outbox_key is None:
        return None
    where = await deliveries.of_key(turn.session, key=outbox_key)
    return where.message_id if where is not None else None


async def _cooling_down(turn: Turn, post: WatchedPost) -> bool:
    return await watched.stepped_in_since(
        turn.session,
        community_id=turn.community.id,
        channel_id=post.channel_id,
        since=turn.now - timedelta(hours=turn.community.fallback_cooldown_hours),
        besides=post.id,
    )


async def _ask_ambassadors(*, turn: Turn, post: WatchedPost) -> None:
    hours = turn.community.fallback_after_hours
    text = turn.plural(
        Text.FALLBACK_ASK_AMBASSADORS,
        post.replies,
        what=POST_KINDS[turn.language][post.kind],
        channel=post.channel_id,
        replies=post.replies,
        wait=turn.plural(Text.DURATION_HOURS, hours, count=hours),
    )
    for ambassador in await ambassadors(turn):
        await turn.send(
            key=f"fallback:{post.id}:{ambassador}",
            to=Direct(ambassador),
            message=Message(text),
            proactive=True,
        )


async def configure(asker: Invocation, fallback: Fallback) -> Message:
    turn = asker.turn
    community = turn.community
    community.fallback_min_replies = fallback.replies
    community.fallback_after_hours = fallback.hours
    if fallback.mode is not None:
        community.fallback_mode = fallback.mode
    return Message(
        turn.plural(
            Text.FALLBACK_SAVED,
            fallback.replies,
            replies=fallback.replies,
            wait=turn.plural(Text.DURATION_HOURS, fallback.hours, count=fallback.hours),
            mode=FALLBACK_MODES[turn.language][community.fallback_mode],
            cooldown=turn.plural(
                Text.DURATION_HOURS,
                community.fallback_cooldown_hours,
                count=community.fallback_cooldown_hours,
            ),
        )
    )
