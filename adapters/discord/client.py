"""The discord.py client: gateway events become core events, `/kindling` and button clicks become commands.

Intents: guilds (guilds, channels, roles), members (privileged: joins and leaves), guild messages (activity),
guild message reactions (a 💡 keeps a message as a tip) and guild message polls (votes). Not message content:
Kindling counts that someone wrote, never what.

Nothing a server sends ends the connection: discord.py's parsers are guarded (`gateway_guard`), a payload
translation cannot read is logged, counted and skipped, each step of an interaction is guarded on its own,
and one guild's command sync failing never keeps /kindling from the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import discord
from discord import app_commands

from adapters.discord import translate
from adapters.discord.buttons import parse_custom_id
from adapters.discord.gateway_guard import guard_parsers
from adapters.discord.raw_interactions import RawInteractions
from adapters.discord.screening import watch_screening
from adapters.discord.tree import DutchTranslator, Interaction, LineHandler, build_group, raw_line
from bot import metrics
from bot.events import Event, MemberJoined
from bot.intake import Intake
from bot.registry import Registry

log = logging.getLogger(__name__)

PLATFORM = "discord"

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
        # One bad gateway event is skipped, never fatal (see adapters.discord.gateway_guard).
        parsers = self._connection.parsers
        guard_parsers(parsers)
        self.raw_interactions = RawInteractions()
        parsers["INTERACTION_CREATE"] = self.raw_interactions.remembering(parsers["INTERACTION_CREATE"])
        parsers["GUILD_MEMBER_UPDATE"] = watch_screening(self, parsers["GUILD_MEMBER_UPDATE"])

    async def setup_hook(self) -> None:
        await self.tree.set_translator(DutchTranslator())

    async def _hand_over(
        self, kind: str, guild_id: int | None, translation: Callable[[], Event | None]
    ) -> None:
        """Into the core's intake, in order per guild: the one way every event reaches the core. A payload
        translation cannot read is logged with its type, counted and skipped."""

        async def translated() -> Event | None:
            return _translated(kind, translation)

        await self.intake.accept(str(guild_id or ""), translated)

    # -- commands and buttons ---------------------------------------------------------------------------

    async def kindling_line(self, interaction: Interaction, text: str) -> None:
        """Acknowledge within Discord's 3 seconds, then let the core answer with an ephemeral follow-up.
        Each step is guarded on its own, so a failed acknowledgement never keeps the command from the core.
        The channel is read from the raw payload when discord.py left it out; without any, the core gets an
        empty channel and refuses what needs one (`setup` without a channel, a poll)."""
        await self._acknowledge(interaction)
        channel_id = self.raw_interactions.channel_id(interaction)
        await self._hand_over(
            "INTERACTION_CREATE",
            interaction.guild_id,
            lambda: translate.command_invoked(interaction, text, channel_id=channel_id),
        )

    async def kindling_button(
        self, interaction: Interaction, *, guild_id: int, action_id: str, value: str
    ) -> None:
        await self._acknowledge(interaction)
        channel_id = self.raw_interactions.channel_id(interaction)
        await self._hand_over(
            "INTERACTION_CREATE",
            guild_id,
            lambda: translate.button_clicked(
                interaction, guild_id=guild_id, action_id=action_id, value=value, channel_id=channel_id
            ),
        )

    async def on_interaction(self, interaction: Interaction) -> None:
        """Every interaction; a click on one of Kindling's buttons is read from its custom id alone (see
        `adapters.discord.buttons`), whatever the message it is on looks like, or whether it came along."""
        if interaction.type is not discord.InteractionType.component:
            return
        data: dict[str, Any] = interaction.data if isinstance(interaction.data, dict) else {}  # type: ignore[assignment]
        parsed = parse_custom_id(str(data.get("custom_id", "")))
        if parsed is None:
            log.debug("a click on a component that is not Kindling's: %r", data.get("custom_id"))
            return
        action_id, guild_id, value = parsed
        await self.kindling_button(interaction, guild_id=guild_id, action_id=action_id, value=value)

    async def _acknowledge(self, interaction: Interaction) -> None:
        """Defer ephemerally. If that fails (too late, Discord trouble, an answer discord.py cannot read)
        the command still reaches the core: its answer then goes out as a follow-up, or, once the token is
        unusable, as a direct message."""
        try:
            await interaction.response.defer(ephemeral=True, thinking=True)
        except Exception as error:
            log.warning(
                "could not acknowledge interaction %s (%s: %s)", interaction.id, type(error).__name__, error
            )
            return
        age = self.raw_interactions.age(interaction)
        if age is not None:
            metrics.ACK_LATENCY.labels(PLATFORM).observe(age)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """A listener raised: log and count, carry on."""
        metrics.EVENTS_FAILED.labels(PLATFORM, event_method).inc()
        log.exception("handling the Discord event %s failed", event_method)

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
        """One guild's failure (an HTTP error, or an answer discord.py cannot read) never keeps /kindling
        from the guilds after it; it is tried again on the next READY."""
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
        except Exception as error:
            metrics.EVENTS_FAILED.labels(PLATFORM, "command_sync").inc()
            log.warning("could not register /kindling in %s (%s: %s)", guild.id, type(error).__name__, error)
            return
        self._synced.add(guild.id)
        log.info("registered /kindling in %s", guild.id)

    # -- gateway events ----------------------------------------------------------------------------------

    async def _missed_joins(self, guild: discord.Guild) -> None:
        for event in missed_joins(guild, now=discord.utils.utcnow()):
            await self._hand_over("GUILD_CREATE", guild.id, lambda event=event: event)  # type: ignore[misc]

    async def on_member_join(self, member: discord.Member) -> None:
        await self._hand_over("GUILD_MEMBER_ADD", member.guild.id, lambda: translate.member_joined(member))

    async def on_kindling_member_screened(self, member: discord.Member) -> None:
        """Dispatched by `adapters.discord.screening` when a member accepted the server's rules."""
        await self._hand_over("GUILD_MEMBER_UPDATE", member.guild.id, lambda: translate.member_joined(member))

    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        await self._hand_over(
            "GUILD_MEMBER_REMOVE", payload.guild_id, lambda: translate.member_left(self, payload)
        )

    async def on_message(self, message: discord.Message) -> None:
        guild_id = message.guild.id if message.guild is not None else None
        await self._hand_over("MESSAGE_CREATE", guild_id, lambda: translate.message_posted(message))

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        await self._hand_over(
            "MESSAGE_REACTION_ADD", payload.guild_id, lambda: translate.reaction_added(self, payload)
        )

    async def on_raw_poll_vote_add(self, payload: discord.RawPollVoteActionEvent) -> None:
        await self._poll_vote(payload, added=True)

    async def on_raw_poll_vote_remove(self, payload: discord.RawPollVoteActionEvent) -> None:
        await self._poll_vote(payload, added=False)

    async def on_scheduled_event_user_add(self, event: discord.ScheduledEvent, user: discord.User) -> None:
        await self._interest(event, user, interested=True)

    async def on_scheduled_event_user_remove(self, event: discord.ScheduledEvent, user: discord.User) -> None:
        await self._interest(event, user, interested=False)

    async def _interest(self, event: discord.ScheduledEvent, user: discord.User, *, interested: bool) -> None:
        kind = "GUILD_SCHEDULED_EVENT_USER_" + ("ADD" if interested else "REMOVE")
        await self._hand_over(
            kind, event.guild_id, lambda: translate.event_interest(event, user, interested=interested)
        )

    async def _poll_vote(self, payload: discord.RawPollVoteActionEvent, *, added: bool) -> None:
        kind = "MESSAGE_POLL_VOTE_" + ("ADD" if added else "REMOVE")
        await self._hand_over(
            kind, payload.guild_id, lambda: translate.poll_voted(self, payload, added=added)
        )


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


def _translated(kind: str, translation: Callable[[], Event | None]) -> Event | None:
    """The core event for a payload discord.py has read, or None. A payload that still lacks something
    translation needs is logged with its type, counted and skipped."""
    try:
        event = translation()
    except Exception as error:
        metrics.EVENTS_SKIPPED.labels(PLATFORM, kind).inc()
        log.warning("skipped a Discord %s event (%s: %s)", kind, type(error).__name__, error)
        return None
    if event is None:
        log.debug("no core event in a Discord %s (not a member doing something here)", kind)
    return event
