"""Kindling's tables. Every row below `communities` belongs to exactly one community.

The schema itself is created only by the Alembic migrations in `migrations/`; these classes describe it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from bot.domain.status import (
    ClaimOutcome,
    CoffeeRoundStatus,
    ColumnWeekStatus,
    FallbackMode,
    GrantedVia,
    IdeaStatus,
    MeetupStatus,
    OutboxStatus,
    PollOrigin,
    PollStatus,
    RoleName,
    RsvpAnswer,
    WatchKind,
    WatchStatus,
    WelcomeStatus,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets the wider type.
Id = BigInteger().with_variant(Integer(), "sqlite")

#: A member's platform id: Slack's and Discord's are short, a Matrix user id may be 255 characters long.
MEMBER_ID_LENGTH = 255
#: An outbox key, which may name two members (a dead-letter notice to an organiser about a member's DM).
KEY_LENGTH = 1000


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out on every engine (SQLite would otherwise hand back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Kindling stores timezone-aware datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _checked_enum(values: type[StrEnum], *, column: str, length: int) -> Enum:
    """A VARCHAR holding the enum's values (not its member names), with a CHECK named
    ck_<table>_<column> that refuses anything else; no native PostgreSQL enum type, so both engines store the
    same thing and a new value is a plain constraint change. Strings that are not a value fail before SQL."""
    return Enum(
        values,
        name=column,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        values_callable=lambda kind: [member.value for member in kind],
        length=length,
    )


def _community_fk() -> Mapped[int]:
    return mapped_column(Id, ForeignKey("communities.id", ondelete="CASCADE"), index=True)


class Community(Base):
    __tablename__ = "communities"
    __table_args__ = (UniqueConstraint("platform", "external_id", name="uq_communities_platform_external"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), default="")
    goal: Mapped[str | None] = mapped_column(Text, default=None)
    language: Mapped[str] = mapped_column(String(2), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    home_channel_id: Mapped[str | None] = mapped_column(String(64), default=None)
    welcome_template: Mapped[str | None] = mapped_column(Text, default=None)
    #: Round-robin position among the ambassadors for the next welcome.
    ambassador_cursor: Mapped[int] = mapped_column(Integer, default=0)
    #: Nothing proactive is posted or DM'd between these local times ("HH:MM"); it waits.
    quiet_start: Mapped[str] = mapped_column(String(5), default="22:00")
    quiet_end: Mapped[str] = mapped_column(String(5), default="08:00")
    #: Which rota entry writes the next column, and which bank prompt comes next.
    rota_cursor: Mapped[int] = mapped_column(Integer, default=0)
    prompt_cursor: Mapped[int] = mapped_column(Integer, default=0)
    #: Patience: a prompt or question with fewer than `fallback_min_replies` replies after
    #: `fallback_after_hours` gets a poll ("poll") or the ambassadors are asked to pick one ("ambassadors").
    fallback_min_replies: Mapped[int] = mapped_column(Integer, default=2)
    fallback_after_hours: Mapped[int] = mapped_column(Integer, default=48)
    fallback_mode: Mapped[FallbackMode] = mapped_column(
        _checked_enum(FallbackMode, column="fallback_mode", length=12), default=FallbackMode.POLL
    )
    fallback_cooldown_hours: Mapped[int] = mapped_column(Integer, default=24)
    #: The voice budget: Kindling's unasked posts in the home channel may be at most this share (percent) of
    #: all posts there in the last seven days (see bot/services/voice.py).
    voice_share: Mapped[int] = mapped_column(Integer, default=25)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class VoiceDay(Base):
    """One local day of a community's home channel: how many posts members wrote, how many Kindling posted
    unasked, and how many it held back to stay within its voice budget. Counts only, never texts."""

    __tablename__ = "voice_days"
    __table_args__ = (UniqueConstraint("community_id", "day", name="uq_voice_days_day"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = mapped_column(Id, ForeignKey("communities.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    member_posts: Mapped[int] = mapped_column(Integer, default=0)
    kindling_posts: Mapped[int] = mapped_column(Integer, default=0)
    held_back: Mapped[int] = mapped_column(Integer, default=0)


class DirectDay(Base):
    """How many unasked DMs Kindling sent a member on one local day: what keeps it from crowding anyone's
    inbox (optional DMs go to someone with room). Counts only, never texts."""

    __tablename__ = "direct_days"
    __table_args__ = (UniqueConstraint("community_id", "member_id", "day", name="uq_direct_days_day"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = mapped_column(Id, ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH))
    day: Mapped[date] = mapped_column(Date)
    sent: Mapped[int] = mapped_column(Integer, default=0)


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("community_id", "member_id", name="uq_members_member"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    #: The member's id on the platform; every column that names a member ends in `member_id`.
    member_id: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime())
    first_post_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    last_post_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    #: The member asked not to be named in the weekly thank-you post.
    appreciation_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Here before Kindling (recorded from the platform's member list at set-up): never welcomed, and the
    #: pulse, `newcomers` and the ambassador suggestions count them as existing members, not as new.
    before_kindling: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class MemberActiveDay(Base):
    """A day on which a member posted: one row per member per day, never what they wrote. The pulse counts
    active members per week from these."""

    __tablename__ = "member_active_days"
    __table_args__ = (
        UniqueConstraint("community_id", "member_id", "day", name="uq_member_active_days_day"),
        # The pulse reads a community's days in a date range; the unique key serves a member's own rows.
        Index("ix_member_active_days_community_day", "community_id", "day"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = mapped_column(Id, ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH))
    #: The local date of the post in the community's time zone at the time of the post.
    day: Mapped[date] = mapped_column(Date)


class Role(Base):
    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("community_id", "member_id", "role", name="uq_roles_member_role"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    member_id: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH))
    role: Mapped[RoleName] = mapped_column(_checked_enum(RoleName, column="role", length=16))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: How the role came about; `granter_member_id` is set only for GrantedVia.COMMAND (and even then may be
    #: None once the granter was forgotten).
    granted_via: Mapped[GrantedVia] = mapped_column(
        _checked_enum(GrantedVia, column="granted_via", length=16)
    )
    granter_member_id: Mapped[str | None] = mapped_column(String(MEMBER_ID_LENGTH), default=None)


class Welcome(Base):
    __tablename__ = "welcomes"
    __table_args__ = (Index("ix_welcomes_member", "community_id", "member_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = mapped_column(Id, ForeignKey("communities.id", ondelete="CASCADE"))
    #: The newcomer.
    member_id: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH))
    #: SENT once the welcome is in the outbox; HELD while the community has no goal.
    status: Mapped[WelcomeStatus] = mapped_column(_checked_enum(WelcomeStatus, column="status", length=8))
    #: The ambassador asked to greet the newcomer personally.
    greeter_member_id: Mapped[str | None] = mapped_column(String(MEMBER_ID_LENGTH), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    #: Set together when someone says they greeted; the member is None once forgotten.
    greeted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    greeted_by_member_id: Mapped[str | None] = mapped_column(String(MEMBER_ID_LENGTH), default=None)


class OutboxMessage(Base):
    """An outgoing message, written in the same transaction as the change that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "platform", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    platform: Mapped[str] = mapped_column(String(16))
    #: Idempotency key: the same cause never queues the same message twice, and the platform can be asked
    #: whether a message with this key already arrived.
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    destination: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(
        _checked_enum(OutboxStatus, column="status", length=8), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)


class MemberSync(Base):
    """A request to note who is already in a community (the platform's member list), made at set-up; the
    worker of the community's platform takes it (a lease, so one replica does it, and another after a
    crash), records the members page by page and says when it is done."""

    __tablename__ = "member_syncs"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = mapped_column(
        Id, ForeignKey("communities.id", ondelete="CASCADE"), unique=True
    )
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: Who asked (the organiser who ran set-up): told of progress and the outcome.
    requested_by_member_id: Mapped[str | None] = mapped_column(String(MEMBER_ID_LENGTH), default=None)
    #: While a worker syncs, its claim runs until this moment (renewed page by page).
    leased_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: Members noted as here before Kindling so far.
    recorded: Mapped[int] = mapped_column(Integer, default=0)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    #: Why the last attempt failed (kept after giving up).
    error: Mapped[str | None] = mapped_column(Text, default=None)


class Delivery(Base):
    """Where a delivered message landed: the platform ids it got, under the outbox key that sent it.

    Thread replies, native poll votes and calendar-event answers find Kindling's own post by these ids; no
    one reads them from the outbox or parses its keys."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_message", "community_id", "message_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    # Not indexed on its own: ix_deliveries_message starts with it.
    community_id: Mapped[int] = mapped_column(Id, ForeignKey("communities.id", ondelete="CASCADE"))
    #: The outbox key of the message.
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    channel_id: Mapped[str] = mapped_column(String(64))
    #: The message's id, or the id of the platform calendar event it created; None if the platform gave none.
    message_id: Mapped[str | None] = mapped_column(String(64), default=None)
    delivered_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SlackInstallation(Base):
    """A workspace that installed Kindling through Slack's OAuth flow (one row per install or reinstall)."""

    __tablename__ = "slack_installations"
    __table_args__ = (Index("ix_slack_installations_team", "enterprise_id", "team_id", "installed_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    app_id: Mapped[str | None] = mapped_column(String(32), default=None)
    enterprise_id: Mapped[str | None] = mapped_column(String(32), default=None)
    enterprise_name: Mapped[str | None] = mapped_column(String(200), default=None)
    team_id: Mapped[str | None] = mapped_column(String(32), default=None)
    team_name: Mapped[str | None] = mapped_column(String(200), default=None)
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    bot_token: Mapped[str | None] = mapped_column(Text, default=None)
    bot_id: Mapped[str | None] = mapped_column(String(32), default=None)
    bot_user_id: Mapped[str | None] = mapped_column(String(32), default=None)
    bot_scopes: Mapped[str | None] = mapped_column(Text, default=None)
    installer_user_id: Mapped[str] = mapped_column(String(32))
    installed_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SlackOAuthState(Base):
    """A one-time `state` handed to Slack's OAuth redirect, consumed when the user comes back."""

    __tablename__ = "slack_oauth_states"

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Schedule(Base):
    """A community's recurring slot of one kind (the weekly expert column), in its local time.

    `next_slot_at` is derived from the weekday, time and the community's time zone; the scheduler's jobs are
    derived from it in turn."""

    __tablename__ = "schedules"
    __table_args__ = (
        UniqueConstraint("community_id", "kind", name="uq_schedules_community_kind"),
        Index("ix_schedules_next_slot_at", "next_slot_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = mapped_column(Id, ForeignKey("communities.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    local_time: Mapped[str] = mapped_column(String(5))  # "HH:MM"
    every_weeks: Mapped[int] = mapped_column(Integer, default=1)
    next_slot_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SlotClaim(Base):
    """Taken before any scheduled work runs: the unique key makes a slot run once, whichever replica or
    restart gets there first."""

    __tablename__ = "slot_claims"
    __table_args__ = (
        UniqueConstraint("community_id", "kind", "subject", "slot_at", name="uq_slot_claims_slot"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = mapped_column(Id, ForeignKey("communities.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    #: What the slot is about beyond the community: a member for a nudge, "" for a community-wide slot.
    subject: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH), default="")
    slot_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_by: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[ClaimOutcome] = mapped_column(_checked_enum(ClaimOutcome, column="outcome", length=16))


class RotaEntry(Base):
    """One expert on the weekly column rota, in rota order."""

    __tablename__ = "rota_entries"
    __table_args__ = (UniqueConstraint("community_id", "member_id", name="uq_rota_entries_member"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    member_id: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH))
    position: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ColumnWeek(Base):
    """One week's expert column: who was asked, what they answered, and what was posted."""

    __tablename__ = "column_weeks"
    __table_args__ = (UniqueConstraint("community_id", "slot_at", name="uq_column_weeks_slot"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    slot_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expert_member_id: Mapped[str | None] = mapped_column(String(MEMBER_ID_LENGTH), default=None)
    topic: Mapped[str | None] = mapped_column(Text, default=None)
    status: Mapped[ColumnWeekStatus] = mapped_column(
        _checked_enum(ColumnWeekStatus, column="status", length=12), default=ColumnWeekStatus.OPEN
    )
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Prompt(Base):
    """An organiser's own discussion prompt; Kindling's default bank lives in the catalogs."""

    __tablename__ = "prompts"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    text: Mapped[str] = mapped_column(Text)
    author_member_id: Mapped[str | None] = mapped_column(String(MEMBER_ID_LENGTH), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: When it went out as a discussion prompt: each own prompt is used once, before Kindling's own.
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class Poll(Base):
    """A poll Kindling posted, by an ambassador's or organiser's hand or as a quiet thread's fallback."""

    __tablename__ = "polls"
    __table_args__ = (UniqueConstraint("community_id", "number", name="uq_polls_number"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    #: Per community, for "/kindling poll close 3".
    number: Mapped[int] = mapped_column(Integer)
    channel_id: Mapped[str] = mapped_column(String(64))
    thread_id: Mapped[str | None] = mapped_column(String(64), default=None)
    question: Mapped[str] = mapped_column(Text)
    options: Mapped[str] = mapped_column(Text)  # a JSON list of strings
    multiple: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Anonymous: only counts are kept (poll_tallies), and who voted only as an unlinkable ballot digest.
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Random per poll, for the ballot digests; erased when the poll closes, so no digest can be traced back.
    ballot_salt: Mapped[str | None] = mapped_column(String(64), default=None)
    origin: Mapped[PollOrigin] = mapped_column(_checked_enum(PollOrigin, column="origin", length=12))
    creator_member_id: Mapped[str | None] = mapped_column(String(MEMBER_ID_LENGTH), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    status: Mapped[PollStatus] = mapped_column(
        _checked_enum(PollStatus, column="status", length=8), default=PollStatus.OPEN
    )
    #: The outbox key of the poll message, to recognise votes on a native platform poll.
    message_key: Mapped[str] = mapped_column(String(200))


class PollVote(Base):
    __tablename__ = "poll_votes"
    __table_args__ = (UniqueConstraint("poll_id", "member_id", "option", name="uq_poll_votes_vote"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    poll_id: Mapped[int] = mapped_column(Id, ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH))
    option: Mapped[int] = mapped_column(Integer)
    voted_at: Mapped[datetime] = mapped_column(UtcDateTime())


class WatchedPost(Base):
    """A prompt, column or member's question whose thread Kindling watches for replies (patience)."""

    __tablename__ = "watched_posts"
    __table_args__ = (Index("ix_watched_posts_due", "status", "check_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    channel_id: Mapped[str] = mapped_column(String(64))
    #: Kindling's own posts are known by outbox key until delivered; members' posts by message id.
    outbox_key: Mapped[str | None] = mapped_column(String(200), default=None)
    message_id: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    kind: Mapped[WatchKind] = mapped_column(_checked_enum(WatchKind, column="kind", length=12))
    author_member_id: Mapped[str | None] = mapped_column(String(MEMBER_ID_LENGTH), default=None)
    posted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    check_at: Mapped[datetime] = mapped_column(UtcDateTime())
    replies: Mapped[int] = mapped_column(Integer, default=0)
    #: When someone (an ambassador, else an organiser) was asked to pick the thread up.
    asked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    status: Mapped[WatchStatus] = mapped_column(
        _checked_enum(WatchStatus, column="status", length=10), default=WatchStatus.WATCHING
    )


class CoffeeMember(Base):
    """A member taking part in coffee pairings (step 5: online meets face-to-face)."""

    __tablename__ = "coffee_members"
    __table_args__ = (UniqueConstraint("community_id", "member_id", name="uq_coffee_members_member"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    member_id: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH))
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: Set by `coffee skip`: the member sits out rounds starting before this moment.
    skip_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class CoffeeRound(Base):
    __tablename__ = "coffee_rounds"
    __table_args__ = (UniqueConstraint("community_id", "round_at", name="uq_coffee_rounds_round"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    round_at: Mapped[datetime] = mapped_column(UtcDateTime())
    checkin_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    status: Mapped[CoffeeRoundStatus] = mapped_column(
        _checked_enum(CoffeeRoundStatus, column="status", length=8), default=CoffeeRoundStatus.PAIRED
    )


class CoffeePair(Base):
    """Two (or three) members introduced in one round (see CoffeePairMember); their check-in answers count in
    the statistics."""

    __tablename__ = "coffee_pairs"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(Id, ForeignKey("coffee_rounds.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = _community_fk()


class CoffeePairMember(Base):
    """One member of a coffee pair. Forgetting a member deletes their row; the pair stays for the
    statistics."""

    __tablename__ = "coffee_pair_members"
    __table_args__ = (UniqueConstraint("pair_id", "member_id", name="uq_coffee_pair_members_member"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    pair_id: Mapped[int] = mapped_column(Id, ForeignKey("coffee_pairs.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH))
    #: Order within the pair, from 0: the introduction names them in this order.
    position: Mapped[int] = mapped_column(Integer)


class CoffeeCheckin(Base):
    __tablename__ = "coffee_checkins"
    __table_args__ = (UniqueConstraint("pair_id", "member_id", name="uq_coffee_checkins_member"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    pair_id: Mapped[int] = mapped_column(Id, ForeignKey("coffee_pairs.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH))
    met: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PollTally(Base):
    """An anonymous poll's count per option: the only record of how people voted."""

    __tablename__ = "poll_tallies"
    __table_args__ = (UniqueConstraint("poll_id", "option", name="uq_poll_tallies_option"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    poll_id: Mapped[int] = mapped_column(Id, ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    option: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer, default=0)


class PollBallot(Base):
    """That someone voted in an anonymous poll (one vote each), as a keyed digest that names nobody and is
    not linked to the option chosen."""

    __tablename__ = "poll_ballots"
    __table_args__ = (UniqueConstraint("poll_id", "digest", name="uq_poll_ballots_digest"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    poll_id: Mapped[int] = mapped_column(Id, ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64))


class Tip(Base):
    """A best tip: saved with /kindling tip, or from a member's message by a reaction."""

    __tablename__ = "tips"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    text: Mapped[str] = mapped_column(Text)
    author_member_id: Mapped[str | None] = mapped_column(String(MEMBER_ID_LENGTH), default=None)
    #: Who saved it (None once forgotten).
    saver_member_id: Mapped[str | None] = mapped_column(String(MEMBER_ID_LENGTH), default=None)
    #: For a tip saved by reaction: the message it points to (Kindling does not read messages).
    channel_id: Mapped[str | None] = mapped_column(String(64), default=None)
    message_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TipVote(Base):
    __tablename__ = "tip_votes"
    __table_args__ = (UniqueConstraint("tip_id", "member_id", name="uq_tip_votes_vote"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    tip_id: Mapped[int] = mapped_column(Id, ForeignKey("tips.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH))


class Idea(Base):
    """The idea box. An anonymous idea stores no author at all."""

    __tablename__ = "ideas"
    __table_args__ = (UniqueConstraint("community_id", "number", name="uq_ideas_number"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    number: Mapped[int] = mapped_column(Integer)  # per community, for "/kindling idea accept 3"
    text: Mapped[str] = mapped_column(Text)
    author_member_id: Mapped[str | None] = mapped_column(String(MEMBER_ID_LENGTH), default=None)
    status: Mapped[IdeaStatus] = mapped_column(
        _checked_enum(IdeaStatus, column="status", length=8), default=IdeaStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class Meetup(Base):
    """Online meets face-to-face: a meetup with RSVPs, cases gathered online, an agenda and a recap."""

    __tablename__ = "meetups"
    __table_args__ = (
        Index("ix_meetups_due", "status", "starts_at"),
        UniqueConstraint("community_id", "number", name="uq_meetups_number"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    creator_member_id: Mapped[str | None] = mapped_column(String(MEMBER_ID_LENGTH), default=None)
    status: Mapped[MeetupStatus] = mapped_column(
        _checked_enum(MeetupStatus, column="status", length=10), default=MeetupStatus.PLANNED
    )
    recap: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: The outbox key of the platform calendar event for this meetup; its Delivery holds the event's id.
    event_key: Mapped[str | None] = mapped_column(String(200), default=None)


class MeetupRsvp(Base):
    __tablename__ = "meetup_rsvps"
    __table_args__ = (UniqueConstraint("meetup_id", "member_id", name="uq_meetup_rsvps_member"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    meetup_id: Mapped[int] = mapped_column(Id, ForeignKey("meetups.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH))
    answer: Mapped[RsvpAnswer] = mapped_column(_checked_enum(RsvpAnswer, column="answer", length=8))
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MeetupCase(Base):
    """A case a member wants to work on together at the next meetup."""

    __tablename__ = "meetup_cases"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community_id: Mapped[int] = _community_fk()
    meetup_id: Mapped[int | None] = mapped_column(
        Id, ForeignKey("meetups.id", ondelete="SET NULL"), default=None
    )
    text: Mapped[str] = mapped_column(Text)
    author_member_id: Mapped[str] = mapped_column(String(MEMBER_ID_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
