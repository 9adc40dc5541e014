"""Step 6, patience: a ladder, not a reflex. When a prompt, column or member's question stays quiet (fewer
than K replies after H hours), an ambassador is asked first; only if it is still unanswered after another H
hours does a short poll go under it (see `check`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.domain.slots import end_of_quiet_hours
from bot.domain.status import FallbackMode, PollOrigin, WatchKind, WatchStatus
from bot.events import MessagePosted
from bot.feature import Due, Invocation
from bot.features.polls.service import PollRequest, start_poll
from bot.i18n import Text
from bot.i18n.prompts import FALLBACK_MODES, FALLBACK_POLL_OPTIONS, POST_KINDS
from bot.messages import Direct, Message, post_link
from bot.services.attention import with_room
from bot.services.people import ambassadors, organisers
from bot.services.voice import Priority, may_speak
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
    """One rung of the patience ladder for a quiet thread.

    First look: enough replies, and it is lively; otherwise one ambassador is asked, by DM with a link,
    to pick it up (an organiser where there are none), and Kindling looks again later. Second look:
    anyone but the author replied, and it is lively (never a poll under a conversation); otherwise, with
    patience set to polls, a short poll in the thread: outside quiet hours, one per channel per cooldown
    (a thread that has to wait is queued, not forgotten), and only while Kindling's voice budget has room.
    """
    post = await watched.get(turn.session, community_id=turn.community.id, watched_id=watched_id)
    if post is None or post.status not in watched.WAITING:
        return
    if not await turn.claim(kind="patience", slot_at=post.check_at, subject=str(post.id)):
        return
    thread = post.message_id or await _delivered_id(turn, post.outbox_key)
    if thread is None or turn.now - post.check_at > grace:
        post.status = WatchStatus.SKIPPED  # never delivered, or its moment passed while Kindling was down
        return
    community = turn.community
    if post.status == WatchStatus.WATCHING:
        if post.replies >= community.fallback_min_replies:
            post.status = WatchStatus.LIVELY
            return
        post.status = WatchStatus.ASKED
        post.check_at = turn.now + timedelta(hours=community.fallback_after_hours)
        if await _ask_someone(turn=turn, post=post, thread=thread):
            return
    if post.replies >= 1:
        post.status = WatchStatus.LIVELY
        return
    if community.fallback_mode != FallbackMode.POLL:
        post.status = WatchStatus.SKIPPED  # asking was the step: the organisers chose no polls
        return
    if await _queued(turn=turn, post=post):
        return
    if not await may_speak(turn, Priority.OPTIONAL):
        post.status = WatchStatus.SKIPPED
        return
    post.status = WatchStatus.POLLED
    await start_poll(
        turn=turn,
        request=PollRequest(
            question=turn.text(Text.FALLBACK_POLL_QUESTION),
            options=tuple(turn.text(option) for option in FALLBACK_POLL_OPTIONS),
        ),
        channel_id=post.channel_id,
        thread_id=thread,
        origin=PollOrigin.FALLBACK,
        creator_id=None,
        intro=turn.text(Text.FALLBACK_POLL_INTRO),
    )


async def _queued(*, turn: Turn, post: WatchedPost) -> bool:
    """Whether the poll has to wait: for quiet hours to end, or for the channel's cooldown. It is queued
    then (looked at again at that moment), not forgotten."""
    community = turn.community
    after_quiet = end_of_quiet_hours(
        turn.now,
        zone=turn.zone,
        start=time.fromisoformat(community.quiet_start),
        end=time.fromisoformat(community.quiet_end),
    )
    last_poll = await watched.last_poll_in(
        turn.session, community_id=community.id, channel_id=post.channel_id, besides=post.id
    )
    after_cooldown = last_poll + timedelta(hours=community.fallback_cooldown_hours) if last_poll else turn.now
    ready = max(after_quiet, after_cooldown)
    if ready <= turn.now:
        return False
    post.status = WatchStatus.QUEUED
    post.check_at = ready
    return True


async def _delivered_id(turn: Turn, outbox_key: str | None) -> str | None:
    if outbox_key is None:
        return None
    where = await deliveries.of_key(turn.session, key=outbox_key)
    return where.message_id if where is not None else None


async def _ask_someone(*, turn: Turn, post: WatchedPost, thread: str) -> bool:
    """One ambassador in turn (an organiser when there are none), never the post's author and never someone
    whose week is full of Kindling's DMs already, gets a DM with a link to the quiet post. False when there
    is nobody to ask."""
    candidates = await with_room(turn, [m for m in await ambassadors(turn) if m != post.author_member_id])
    if not candidates:
        candidates = await with_room(turn, [m for m in await organisers(turn) if m != post.author_member_id])
    if not candidates:
        return False
    chosen = candidates[post.id % len(candidates)]
    post.asked_at = turn.now
    hours = turn.community.fallback_after_hours
    facts = {
        "what": turn.text(POST_KINDS[post.kind]),
        "post": post_link(post.channel_id, thread),
        "replies": post.replies,
        "wait": turn.plural(Text.DURATION_HOURS, hours, count=hours),
    }
    text = (
        turn.plural(Text.FALLBACK_ASK_ONE, post.replies, **facts)
        if post.replies
        else turn.text(Text.FALLBACK_ASK_NONE, **facts)
    )
    await turn.send(key=f"patience:{post.id}:ask", to=Direct(chosen), message=Message(text), proactive=True)
    return True


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
            mode=turn.text(FALLBACK_MODES[community.fallback_mode]),
            cooldown=turn.plural(
                Text.DURATION_HOURS,
                community.fallback_cooldown_hours,
                count=community.fallback_cooldown_hours,
            ),
        )
    )
