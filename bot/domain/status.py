"""The closed sets of values Kindling's tables store: statuses, kinds and answers.

Each is stored as its `value` in a VARCHAR column with a CHECK constraint (see bot/storage/models.py), so the
database refuses a value the code does not know. Adding a member here needs a migration that widens the
CHECK; the model-drift test in tests/test_migrations.py fails until it exists.
"""

from __future__ import annotations

from enum import StrEnum


class WelcomeStatus(StrEnum):
    #: Waiting because the community has no goal yet; the welcome must show it.
    HELD = "held"
    SENT = "sent"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    #: Leased by a worker; a lease that runs out makes it due again.
    SENDING = "sending"
    SENT = "sent"
    #: Given up on after too many attempts (a dead letter).
    DEAD = "dead"


class ColumnWeekStatus(StrEnum):
    #: A topic was set ahead, no expert asked yet.
    OPEN = "open"
    ASKED = "asked"
    CONFIRMED = "confirmed"
    SKIPPED = "skipped"
    POSTED = "posted"
    #: No column this week: a discussion prompt went out instead.
    PROMPTED = "prompted"


class PollStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class PollOrigin(StrEnum):
    MANUAL = "manual"
    #: Patience: a quiet thread got a poll.
    FALLBACK = "fallback"
    #: An accepted idea from the idea box, put to the vote.
    IDEA = "idea"


class WatchStatus(StrEnum):
    WATCHING = "watching"
    LIVELY = "lively"
    POLLED = "polled"
    #: The ambassadors were asked to pick a poll.
    ASKED = "asked"
    SKIPPED = "skipped"
    QUEUED = "queued"


class WatchKind(StrEnum):
    PROMPT = "prompt"
    COLUMN = "column"
    QUESTION = "question"


class CoffeeRoundStatus(StrEnum):
    PAIRED = "paired"
    #: The check-in went out.
    CHECKED = "checked"


class IdeaStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    CLOSED = "closed"


class MeetupStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


class RsvpAnswer(StrEnum):
    GOING = "going"
    MAYBE = "maybe"
    NO = "no"


class RoleName(StrEnum):
    ORGANISER = "organiser"
    AMBASSADOR = "ambassador"


class FallbackMode(StrEnum):
    #: A quiet thread gets a poll straight away.
    POLL = "poll"
    #: The ambassadors are asked to pick one.
    AMBASSADORS = "ambassadors"


class ClaimOutcome(StrEnum):
    DONE = "done"
    #: The slot was found too late (beyond the grace window): the organisers are told, nothing runs late.
    MISSED = "missed"


class GrantedVia(StrEnum):
    #: `/kindling organiser add` or `/kindling ambassador add`, by the member in `granter_member_id`.
    COMMAND = "command"
    #: The platform says the member administers the workspace or server.
    PLATFORM_ADMIN = "platform_admin"
    #: Granted outside the command grammar (the console's `organiser NAME`), by no member.
    BOOTSTRAP = "bootstrap"
