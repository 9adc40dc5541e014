"""Gateway objects in, core events out. No decisions: the core makes them."""

from __future__ import annotations

import discord

from bot.events import (
    ButtonClicked,
    CommandInvoked,
    CommunityRef,
    EventInterest,
    MemberJoined,
    MemberLeft,
    MessagePosted,
    Person,
    PollVoted,
    ReactionAdded,
)

#: Messages people write; joins, pins, boosts and other system messages are not activity.
_WRITTEN = frozenset({discord.MessageType.default, discord.MessageType.reply})


def community(guild: discord.Guild) -> CommunityRef:
    """The guild; its owner stands for whoever installed Kindling (only the owner or a Manage Server member
    can add a bot, and the owner is the one who surely still can)."""
    system = guild.system_channel
    return CommunityRef(
        platform="discord",
        external_id=str(guild.id),
        name=guild.name,
        default_home_channel=str(system.id) if system is not None else None,
        installer_id=str(guild.owner_id) if guild.owner_id else None,
    )


def community_by_id(client: discord.Client, guild_id: int) -> CommunityRef:
    """From the cache when the guild is there (it is, with the guilds intent); else the id alone."""
    guild = client.get_guild(guild_id)
    return (
        community(guild) if guild is not None else CommunityRef(platform="discord", external_id=str(guild_id))
    )


def person(user: discord.abc.User) -> Person:
    """A user as the core knows them; a user without a usable name (a null `username`) is named by id."""
    name = user.display_name if isinstance(user.display_name, str) and user.display_name else str(user.id)
    return Person(external_id=str(user.id), display_name=name, is_bot=user.bot is True)


def member_joined(member: discord.Member) -> MemberJoined | None:
    """A person who is in: not a bot, and past the server's membership screening (a member with `pending`
    has not accepted the rules yet; `adapters.discord.screening` hands them over once they have)."""
    if member.bot or member.pending:
        return None
    return MemberJoined(community=community(member.guild), member=person(member))


def member_left(client: discord.Client, payload: discord.RawMemberRemoveEvent) -> MemberLeft | None:
    if payload.user.bot:
        return None
    return MemberLeft(community=community_by_id(client, payload.guild_id), member_id=str(payload.user.id))


def message_posted(message: discord.Message) -> MessagePosted | None:
    """A guild message by a person (not a bot, webhook or the system) counts as activity."""
    if message.guild is None or message.author.bot or message.webhook_id is not None:
        return None
    if message.type not in _WRITTEN:
        return None
    channel = message.channel
    thread_id = None
    channel_id = channel.id
    if isinstance(channel, discord.Thread):
        thread_id, channel_id = str(channel.id), channel.parent_id
    return MessagePosted(
        community=community(message.guild),
        member=person(message.author),
        channel_id=str(channel_id),
        message_id=str(message.id),
        thread_id=thread_id,
    )


def poll_voted(
    client: discord.Client, payload: discord.RawPollVoteActionEvent, *, added: bool
) -> PollVoted | None:
    """Discord numbers answers from 1 in the order Kindling sent them; the core counts from 0."""
    if payload.guild_id is None:
        return None
    guild = client.get_guild(payload.guild_id)
    member = guild.get_member(payload.user_id) if guild is not None else None
    if member is not None and member.bot:
        return None
    voter = person(member) if member is not None else Person(str(payload.user_id), str(payload.user_id))
    return PollVoted(
        community=community_by_id(client, payload.guild_id),
        member=voter,
        message_id=str(payload.message_id),
        option=payload.answer_id - 1,
        added=added,
    )


def event_interest(
    event: discord.ScheduledEvent, user: discord.User, *, interested: bool
) -> EventInterest | None:
    """Someone marked themselves interested in a server's scheduled event (or took it back). Which events
    are Kindling's meetups the core knows; bots are left out here."""
    if user.bot:
        return None
    return EventInterest(
        community=community(event.guild)
        if event.guild is not None
        else CommunityRef(platform="discord", external_id=str(event.guild_id)),
        member=person(user),
        event_id=str(event.id),
        interested=interested,
    )


def reaction_added(client: discord.Client, payload: discord.RawReactionActionEvent) -> ReactionAdded | None:
    """A reaction on a guild message by a person; `emoji` is the character (💡), or `<:name:id>` when custom.
    The message's author comes with the event (discord.py 2.4+), so Kindling need not fetch the message."""
    if payload.guild_id is None or payload.event_type != "REACTION_ADD":
        return None
    member = payload.member
    if member is None:
        guild = client.get_guild(payload.guild_id)
        member = guild.get_member(payload.user_id) if guild is not None else None
    if member is not None and member.bot:
        return None
    reactor = person(member) if member is not None else Person(str(payload.user_id), str(payload.user_id))
    author = payload.message_author_id
    return ReactionAdded(
        community=community_by_id(client, payload.guild_id),
        member=reactor,
        channel_id=str(payload.channel_id),
        message_id=str(payload.message_id),
        emoji=str(payload.emoji),
        author_id=str(author) if author is not None else None,
    )


def reply_token(interaction: discord.Interaction[discord.Client]) -> str:
    """What `reply_privately` needs for an ephemeral follow-up (valid for 15 minutes)."""
    return f"{interaction.application_id}:{interaction.token}"


def parse_reply_token(token: str) -> tuple[int, str] | None:
    application_id, _, interaction_token = token.partition(":")
    if not application_id.isdigit() or not interaction_token:
        return None
    return int(application_id), interaction_token


def is_admin(interaction: discord.Interaction[discord.Client], guild: discord.Guild | None) -> bool:
    """Manage Server: from the interaction's resolved permissions (in a guild), else from the cached guild,
    where the owner always counts (an interaction without `member.permissions` reads as no permissions at
    all, and a button in a DM carries none)."""
    if interaction.guild_id is not None and interaction.permissions.manage_guild:
        return True
    if guild is None:
        return False
    if guild.owner_id is not None and guild.owner_id == interaction.user.id:
        return True
    member = guild.get_member(interaction.user.id)
    return member is not None and member.guild_permissions.manage_guild


def command_invoked(
    interaction: discord.Interaction[discord.Client], text: str, *, channel_id: str | None
) -> CommandInvoked | None:
    """`channel_id`: where it was sent (see `RawInteractions.channel_id`); "" when Discord did not say, which
    only private answers see (they go by the interaction token)."""
    if interaction.guild_id is None:
        return None
    return CommandInvoked(
        community=community_by_id(interaction.client, interaction.guild_id),
        member=person(interaction.user),
        channel_id=channel_id or "",
        text=text,
        reply_token=reply_token(interaction),
        invoker_is_admin=is_admin(interaction, interaction.client.get_guild(interaction.guild_id)),
    )


def button_clicked(
    interaction: discord.Interaction[discord.Client],
    *,
    guild_id: int,
    action_id: str,
    value: str,
    channel_id: str | None,
) -> ButtonClicked:
    """`guild_id` comes from the button's custom id: a click in a DM carries no guild of its own."""
    return ButtonClicked(
        community=community_by_id(interaction.client, guild_id),
        member=person(interaction.user),
        action_id=action_id,
        value=value,
        channel_id=channel_id or "",
        reply_token=reply_token(interaction),
        invoker_is_admin=is_admin(interaction, interaction.client.get_guild(guild_id)),
    )
