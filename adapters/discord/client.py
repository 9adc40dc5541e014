"""The discord.py client: gateway events become core events, `/kindling` and button clicks become commands.

Intents: guilds (guilds, channels, roles), members (privileged: joins and leaves), guild messages (activity),
guild message reactions (a 💡 keeps a message as a tip) and guild message polls (votes). Not message content:
Kindling counts that someone wrote, never what.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import discord
from discord import app_commands

from adapters.discord import translate
from adapters.discord.buttons import KindlingButton
from adapters.discord.tree import DutchTranslator, Interaction, LineHandler, build_group, raw_line
from bot.events import Event, MemberJoined
from bot.intake import Intake
from bot.registry import Registry

log = logging.getLogger(__name__)

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


class KindlingTree(app_commands.CommandTree[Any]):
    """The client's command tree: `/kindling`, generated from the registry."""

    def __init__(self, client: discord.Client, registry: Registry, on_line: LineHandler) -> None:
        super().__init__(client)
        self._registry = registry
        self._on_line = on_line
        self.add_command(build_group(registry, on_line))

    async def on_error(self, interaction: Interaction, error: app_commands.AppCommandError, /) -> None:
        """A command or options that do not fit (a stale command in someone's Discord client, a missing
        option, a member who left): the line as Discord sent it goes to the core, whose answer explains the
        usage in the community's language."""
        unfit = (
            app_commands.CommandNotFound
            | app_commands.CommandSignatureMismatch
            | app_commands.TransformerError
        )
        if (
            isinstance(error, unfit)
            and interaction.type is discord.InteractionType.application_command
            and not interaction.response.is_done()
        ):
            await self._on_line(interaction, raw_line(self._registry, interaction.data))
            return
        await super().on_error(interaction, error)

    async def sync_to(self, guild: discord.abc.Snowflake) -> list[app_commands.AppCommand]:
        """Commands are registered per guild (they appear at once, unlike global ones)."""
        self.copy_global_to(guild=guild)
        return await self.sync(guild=guild)


class KindlingClient(discord.Client):
    def __init__(self, *, intake: Intake, registry: Registry, **options: Any) -> None:
        super().__init__(
            intents=intents(),
            allowed_mentions=discord.AllowedMentions(everyone=False, roles=False, users=True),
            **options,
        )
        self.intake = intake
        self.tree = KindlingTree(self, registry, self.kindling_line)
        self._synced: set[int] = set()

    async def setup_hook(self) -> None:
        self.add_dynamic_items(KindlingButton)
        await self.tree.set_translator(DutchTranslator())

    async def _hand_over(self, guild_id: int | None, event: Callable[[], Event | None]) -> None:
        """Into the core's intake, in order per guild: the one way every event reaches the core."""

        async def translated() -> Event | None:
            return event()

        await self.intake.accept(str(guild_id or ""), translated)

    # -- commands and buttons ---------------------------------------------------------------------------

    async def kindling_line(self, interaction: Interaction, text: str) -> None:
        """Acknowledge within Discord's 3 seconds, then let the core answer with an ephemeral follow-up."""
        await _acknowledge(interaction)
        await self._hand_over(interaction.guild_id, lambda: translate.command_invoked(interaction, text))

    async def kindling_button(
        self, interaction: Interaction, *, guild_id: int, action_id: str, value: str
    ) -> None:
        await _acknowledge(interaction)
        await self._hand_over(
            guild_id,
            lambda: translate.button_clicked(
                interaction, guild_id=guild_id, action_id=action_id, value=value
            ),
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
            await self._hand_over(guild.id, lambda event=event: event)  # type: ignore[misc]

    async def on_member_join(self, member: discord.Member) -> None:
        await self._hand_over(member.guild.id, lambda: translate.member_joined(member))

    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        await self._hand_over(payload.guild_id, lambda: translate.member_left(self, payload))

    async def on_message(self, message: discord.Message) -> None:
        guild_id = message.guild.id if message.guild is not None else None
        await self._hand_over(guild_id, lambda: translate.message_posted(message))

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        await self._hand_over(payload.guild_id, lambda: translate.reaction_added(self, payload))

    async def on_raw_poll_vote_add(self, payload: discord.RawPollVoteActionEvent) -> None:
        await self._poll_vote(payload, added=True)

    async def on_raw_poll_vote_remove(self, payload: discord.RawPollVoteActionEvent) -> None:
        await self._poll_vote(payload, added=False)

    async def on_scheduled_event_user_add(self, event: discord.ScheduledEvent, user: discord.User) -> None:
        await self._interest(event, user, interested=True)

    async def on_scheduled_event_user_remove(self, event: discord.ScheduledEvent, user: discord.User) -> None:
        await self._interest(event, user, interested=False)

    async def _interest(self, event: discord.ScheduledEvent, user: discord.User, *, interested: bool) -> None:
        await self._hand_over(
            event.guild_id, lambda: translate.event_interest(event, user, interested=interested)
        )

    async def _poll_vote(self, payload: discord.RawPollVoteActionEvent, *, added: bool) -> None:
        await self._hand_over(payload.guild_id, lambda: translate.poll_voted(self, payload, added=added))


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
