"""The core's front door: adapters hand it events; it changes state and queues messages in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.commands.dispatch import run_command
from bot.events import (
    ButtonClicked,
    CommandInvoked,
    CommunityRef,
    Event,
    EventInterest,
    MemberJoined,
    MemberLeft,
    MessagePosted,
    Person,
    PollVoted,
    ReactionAdded,
)
from bot.i18n import Text
from bot.messages import Message, Private
from bot.services import activity, appreciation, coffee, column, meetups, patience, polls, tips, welcome
from bot.services.turn import Turn
from bot.storage import communities, members, roles
from bot.storage.database import Database

log = logging.getLogger(__name__)
#: `granted_by` of an organiser role Kindling recorded because the platform says the member is an admin.
PLATFORM_ADMIN = "platform-admin"
#: A 💡 reaction keeps a message in the best-tips list (Slack names it "bulb").
TIP_REACTIONS = frozenset({"💡", "bulb", "light_bulb"})


class Kindling:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        default_language: str = "en",
        on_queued: Callable[[], None] | None = None,
        on_schedules_changed: Callable[[int], None] | None = None,
    ) -> None:
        self.database = database
        self.clock = clock
        self.default_language = default_language
        # Wakes the outbox workers so a queued message goes out now rather than at the next poll.
        self._on_queued = on_queued or (lambda: None)
        # Lets the scheduler re-derive a community's jobs after an organiser changed its schedule.
        self.on_schedules_changed = on_schedules_changed or (lambda _community_id: None)

    def wake_delivery(self) -> None:
        """Something outside an event (the scheduler's due work) queued messages: wake the workers."""
        self._on_queued()

    def notify_on_queued(self, callback: Callable[[], None]) -> None:
        previous = self._on_queued

        def both() -> None:
            previous()
            callback()

        self._on_queued = both

    async def handle(self, event: Event) -> None:
        async with self.database.transaction() as session:
            # Joins take the community row's lock: Slack sends team_join and member_joined_channel together,
            # and two replicas must not both decide the newcomer is new. (SQLite serialises writers anyway.)
            lock = isinstance(event, MemberJoined) and not self.database.is_sqlite
            turn = await self._meet(session, event.community, lock=lock)
            await self._dispatch(turn, event)
        if turn.queued:
            self._on_queued()
        if turn.schedules_changed:
            self.on_schedules_changed(turn.community.id)

    async def _meet(self, session: AsyncSession, ref: CommunityRef, *, lock: bool) -> Turn:
        """The community's turn; a community Kindling meets for the first time with a home channel already
        (the console, a Discord system channel) gets its weekly thank-you slot at once."""
        known = await communities.find(session, ref, lock=lock)
        community = known or await communities.get_or_create(
            session, ref=ref, now=self.clock.now(), language=self.default_language, lock=lock
        )
        turn = Turn(session=session, community=community, now=self.clock.now())
        if known is None and community.home_channel_id:
            await appreciation.ensure_schedule(turn=turn)
        return turn

    async def grant_organiser(self, *, community: CommunityRef, person: Person) -> None:
        """Bootstrap an organiser outside the command grammar (the console's `organiser NAME`)."""
        async with self.database.transaction() as session:
            found = (await self._meet(session, community, lock=False)).community
            await members.remember(session, community_id=found.id, person=person, now=self.clock.now())
            await roles.grant(
                session,
                community_id=found.id,
                member_id=person.external_id,
                role="organiser",
                granted_by=None,
                now=self.clock.now(),
            )

    async def _dispatch(self, turn: Turn, event: Event) -> None:
        match event:
            case MemberJoined(member=person, via_channel=channel):
                if channel is None or channel == turn.community.home_channel_id:
                    await welcome.member_joined(turn=turn, person=person)
            case MemberLeft(member_id=member_id, via_channel=channel):
                if channel is None or channel == turn.community.home_channel_id:
                    await activity.member_left(turn=turn, member_id=member_id)
                    await column.member_left(turn=turn, member_id=member_id)
            case MessagePosted(member=person):
                await activity.member_posted(turn=turn, person=person)
                await self._watch(turn, event)
            case CommandInvoked():
                await members.remember(
                    turn.session, community_id=turn.community.id, person=event.member, now=turn.now
                )
                await self._remember_platform_admin(turn, event.member, event.invoker_is_admin)
                await run_command(turn=turn, event=event)
            case ButtonClicked():
                await self._remember_platform_admin(turn, event.member, event.invoker_is_admin)
                await self._button(turn, event)
            case ReactionAdded(member=person, emoji=emoji) if emoji in TIP_REACTIONS and not person.is_bot:
                await tips.save_from_reaction(
                    turn=turn,
                    channel_id=event.channel_id,
                    message_id=event.message_id,
                    author_id=event.author_id,
                    saver_id=person.external_id,
                )
            case ReactionAdded():
                pass
            case EventInterest(member=person) if not person.is_bot:
                await meetups.interest(
                    turn=turn,
                    member_id=person.external_id,
                    event_id=event.event_id,
                    interested=event.interested,
                )
            case EventInterest():
                pass
            case PollVoted():
                await polls.vote_natively(
                    turn=turn,
                    member_id=event.member.external_id,
                    message_id=event.message_id,
                    option=event.option,
                    added=event.added,
                )

    async def _remember_platform_admin(self, turn: Turn, person: Person, is_admin: bool) -> None:
        """A workspace admin or Manage-Server member who uses Kindling is an organiser; remembering them as
        one means they also get what organisers are told (held welcomes, missed slots)."""
        if is_admin:
            await roles.grant(
                turn.session,
                community_id=turn.community.id,
                member_id=person.external_id,
                role="organiser",
                granted_by=PLATFORM_ADMIN,
                now=turn.now,
            )

    async def _watch(self, turn: Turn, event: MessagePosted) -> None:
        if event.member.is_bot:
            return
        if event.thread_id is not None:
            await patience.count_reply(
                turn=turn, thread_id=event.thread_id, author_id=event.member.external_id
            )
        elif event.looks_like_question and event.channel_id == turn.community.home_channel_id:
            await patience.watch_question(
                turn=turn,
                channel_id=event.channel_id,
                message_id=event.message_id,
                author_id=event.member.external_id,
            )

    async def _button(self, turn: Turn, event: ButtonClicked) -> None:
        if event.action_id == welcome.GREETED_ACTION:
            reply = await welcome.mark_greeted(turn=turn, welcome_id=event.value, greeter=event.member)
        elif event.action_id == coffee.MET_ACTION:
            reply = await coffee.answer_checkin(
                turn=turn, member_id=event.member.external_id, value=event.value
            )
        elif event.action_id == meetups.RSVP_ACTION:
            reply = await meetups.rsvp(turn=turn, member_id=event.member.external_id, value=event.value)
        elif event.action_id == tips.VOTE_ACTION:
            reply = await tips.mark_useful(turn=turn, member_id=event.member.external_id, value=event.value)
        elif event.action_id == polls.VOTE_ACTION:
            reply = await polls.vote_by_button(
                turn=turn, member_id=event.member.external_id, value=event.value
            )
        elif event.action_id in (column.CONFIRM_ACTION, column.SWAP_ACTION, column.SKIP_ACTION):
            reply = await column.answer(
                turn=turn, action_id=event.action_id, week_id=event.value, expert_id=event.member.external_id
            )
        else:
            log.info("unknown button action %s", event.action_id)
            reply = Message(turn.text(Text.UNKNOWN_ACTION))
        await turn.send(
            to=Private(event.member.external_id, event.channel_id, event.reply_token), message=reply
        )
