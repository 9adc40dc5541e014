"""The discord.py client: gateway events become core events, `/kindling` and button clicks become commands.

Intents: guilds (guilds, channels, roles), members (privileged: joins and leaves), guild messages (activity),
guild message reactions (a 💡 keeps a message as a tip) and guild message polls (votes). Not message content:
Kindling counts that someone wrote, never what.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import discord

from adapters.discord import translate
from adapters.discord.buttons import KindlingButton
from adapters.discord.commands import Interaction, KindlingTree
from bot.events import Event, MemberJoined

log = logging.getLogger(__name__)

Handle = Callable[[Event], Awaitable[None]]

#: Joins Kindling may have missed while it was down: when a guild becomes available, members who joined this
#: recently are handed to the core as `MemberJoined`. Discord does not replay GUILD_MEMBER_ADD missed during a
#: restart, and discord.py drops a replayed one for a member already cached from GUILD_CREATE. Long enough to
#: cover any restart or outage; short, and never before Kindling itself joined the guild, so that members who
#: were there before Kindling was installed are not welcomed. Safe to repeat: the core welcomes a member at
#: most once in 30 days (`bot.services.welcome.REJOIN_WINDOW`, which must stay longer than this window).
MISSED_JOIN_WINDOW = timedelta(hours=24)


def intents() -> discord.Intents:
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.members = True
    wanted.guild_messages = True
    wanted.guild_reactions = True
    wanted.guild_polls = True
    # Members marking themselves interested in a meetup's scheduled event (an RSVP).
    wanted.guild_scheduled_events = True
    return wanted


class KindlingClient(discord.Client):
    def __init__(self, *, handle: Handle, **options: Any) -> None:
        super().__init__(
            intents=intents(),
            allowed_mentions=discord.AllowedMentions(everyone=False, roles=False, users=True),
            **options,
        )
        self._handle = handle
        self.tree = KindlingTree(self, self.kindling_line)
        self._synced: set[int] = set()

    async def setup_hook(self) -> None:
        self.add_dynamic_items(KindlingButton)

    # -- commands and buttons ---------------------------------------------------------------------------

    async def kindling_line(self, interaction: Interaction, text: str) -> None:
        """Acknowledge within Discord's 3 seconds, then let the core answer with an ephemeral follow-up."""
        await _acknowledge(interaction)
        event = translate.command_invoked(interaction, text)
        if event is not None:
            await self._handle(event)

    async def kindling_button(
        self, interaction: Interaction, *, guild_id: int, action_id: str, value: str
    ) -> None:
        await _acknowledge(interaction)
        await self._handle(
            translate.button_clicked(interaction, guild_id=guild_id, action_id=action_id, value=value)
        )

    # -- commands are synced per guild ------------------------------------------------------------------

    async def on_ready(self) -> None:
        for guild in self.guilds:
            await self._sync(guild)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self._sync(guild)
        await self._missed_joins(guild)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        """Each guild's GUILD_CREATE after READY (every start and every fresh session), once its members
        are chunked; it comes before `on_ready`, which therefore need not look for missed joins again."""
        await self._missed_joins(guild)

    async def _sync(self, guild: discord.Guild) -> None:
        if guild.id in self._synced:
            return
        try:
            await self.tree.sync_to(guild)
        except discord.HTTPException as error:
            log.warning(
                "could not register /kindling in %s (%s): was the bot invited with applications.commands?",
                guild.id,
                error,
            )
            return
        self._synced.add(guild.id)
        log.info("registered /kindling in %s", guild.id)

    # -- gateway events ----------------------------------------------------------------------------------

    async def _missed_joins(self, guild: discord.Guild) -> None:
        for event in missed_joins(guild, now=discord.utils.utcnow()):
            try:
                await self._handle(event)
            except Exception:
                log.exception("could not hand over the missed join of %s", event.member.external_id)

    async def on_member_join(self, member: discord.Member) -> None:
        event = translate.member_joined(member)
        if event is not None:
            await self._handle(event)

    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        event = translate.member_left(self, payload)
        if event is not None:
            await self._handle(event)

    async def on_message(self, message: discord.Message) -> None:
        event = translate.message_posted(message)
        if event is not None:
            await self._handle(event)

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        event = translate.reaction_added(self, payload)
        if event is not None:
            await self._handle(event)

    async def on_raw_poll_vote_add(self, payload: discord.RawPollVoteActionEvent) -> None:
        await self._poll_vote(payload, added=True)

    async def on_raw_poll_vote_remove(self, payload: discord.RawPollVoteActionEvent) -> None:
        await self._poll_vote(payload, added=False)

    async def on_scheduled_event_user_add(self, event: discord.ScheduledEvent, user: discord.User) -> None:
        await self._interest(event, user, interested=True)

    async def on_scheduled_event_user_remove(self, event: discord.ScheduledEvent, user: discord.User) -> None:
        await self._interest(event, user, interested=False)

    async def _interest(self, event: discord.ScheduledEvent, user: discord.User, *, interested: bool) -> None:
        found = translate.event_interest(event, user, interested=interested)
        if found is not None:
            await self._handle(found)

    async def _poll_vote(self, payload: discord.RawPollVoteActionEvent, *, added: bool) -> None:
        event = translate.poll_voted(self, payload, added=added)
        if event is not None:
            await self._handle(event)


def missed_joins(guild: discord.Guild, *, now: datetime) -> list[MemberJoined]:
    """Members who joined within `MISSED_JOIN_WINDOW` and not before Kindling did, oldest first."""
    since = now - MISSED_JOIN_WINDOW
    me = guild.me
    if me is not None and me.joined_at is not None:
        since = max(since, me.joined_at)
    recent = [m for m in guild.members if m.joined_at is not None and m.joined_at >= since]
    recent.sort(key=lambda m: m.joined_at or since)
    return [event for event in map(translate.member_joined, recent) if event is not None]


class ShardedKindlingClient(KindlingClient, discord.AutoShardedClient):
    """The same client on discord.py's `AutoShardedClient` (`shard_count`, `shard_ids` as options)."""


async def _acknowledge(interaction: Interaction) -> None:
    """Defer ephemerally. If that fails (too late, Discord trouble) the command still reaches the core: its
    answer then finds the interaction token unusable and goes out as a direct message instead."""
    try:
        await interaction.response.defer(ephemeral=True, thinking=True)
    except discord.HTTPException as error:
        log.warning("could not acknowledge interaction %s: %s", interaction.id, error)
