"""The core's front door: adapters hand it events; it changes state and queues messages in one transaction.

What happens to an event is the features' business: commands and clicks go where the registry says, every
other event to the listeners declared for its kind.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.commands.dispatch import invocation, run_command
from bot.domain.status import GrantedVia, RoleName
from bot.events import ButtonClicked, CommandInvoked, CommunityRef, Event, MemberJoined, MemberLeft, Person
from bot.i18n import Text
from bot.messages import Message
from bot.registry import Registry
from bot.storage import members, roles
from bot.turn import Turn, Turns

log = logging.getLogger(__name__)


class Kindling:
    def __init__(self, *, turns: Turns, registry: Registry) -> None:
        self.turns = turns
        self.registry = registry

    async def handle(self, event: Event) -> None:
        # Joins take the community row's lock: Slack sends team_join and member_joined_channel together, and
        # two replicas must not both decide the newcomer is new. (SQLite serialises writers anyway.)
        lock = isinstance(event, MemberJoined) and not self.turns.database.is_sqlite
        async with self._meeting(event.community, lock=lock) as turn:
            await self._dispatch(turn, event)

    @asynccontextmanager
    async def _meeting(self, community: CommunityRef, *, lock: bool = False) -> AsyncIterator[Turn]:
        async with self.turns.meeting(community, lock=lock) as (turn, new):
            if new and turn.community.home_channel_id:
                # Met with a home channel (the console, a Discord system channel): start what needs one.
                await self.registry.home_channel_set(turn)
            yield turn

    async def grant_organiser(self, *, community: CommunityRef, person: Person) -> None:
        """Bootstrap an organiser outside the command grammar (the console's `organiser NAME`)."""
        async with self._meeting(community) as turn:
            await members.remember(turn.session, community_id=turn.community.id, person=person, now=turn.now)
            await roles.grant(
                turn.session,
                community_id=turn.community.id,
                member_id=person.external_id,
                role=RoleName.ORGANISER,
                via=GrantedVia.BOOTSTRAP,
                granter_member_id=None,
                now=turn.now,
            )

    async def _dispatch(self, turn: Turn, event: Event) -> None:
        if isinstance(event, MemberJoined | MemberLeft):
            channel = event.via_channel
            if channel is not None and channel != turn.community.home_channel_id:
                return  # joining or leaving some other channel is not joining or leaving the community
        if isinstance(event, CommandInvoked):
            await members.remember(
                turn.session, community_id=turn.community.id, person=event.member, now=turn.now
            )
            await self._remember_platform_admin(turn, event.member, event.invoker_is_admin)
            await run_command(turn=turn, registry=self.registry, event=event)
            return
        if isinstance(event, ButtonClicked):
            await self._remember_platform_admin(turn, event.member, event.invoker_is_admin)
            await self._button(turn, event)
            return
        for listener in self.registry.listeners(event):
            await listener.run(turn, event)

    async def _remember_platform_admin(self, turn: Turn, person: Person, is_admin: bool) -> None:
        """A workspace admin or Manage-Server member who uses Kindling is an organiser; remembering them as
        one means they also get what organisers are told (held welcomes, missed slots)."""
        if is_admin:
            await roles.grant(
                turn.session,
                community_id=turn.community.id,
                member_id=person.external_id,
                role=RoleName.ORGANISER,
                via=GrantedVia.PLATFORM_ADMIN,
                granter_member_id=None,
                now=turn.now,
            )

    async def _button(self, turn: Turn, event: ButtonClicked) -> None:
        clicker = await invocation(turn=turn, registry=self.registry, event=event)
        action = self.registry.button(event.action_id)
        if action is None:
            log.info("unknown button action %s", event.action_id)
            reply = Message(turn.text(Text.UNKNOWN_ACTION))
        else:
            reply = await action.run(clicker, event.value)
        # An answer, not an unasked DM, even where "privately" is a DM (a platform without ephemeral replies).
        await turn.send(to=clicker.privately, message=reply, answering=True)
