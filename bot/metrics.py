"""What Kindling counts for its operators, in one registry that `GET /metrics` exposes (Prometheus text).

Core and adapters update these directly; none of them is a chat platform, so they live in the core. Names
follow Prometheus' conventions: counters end in `_total` (prometheus-client adds it), durations in seconds.
The outbox gauges are read from the database when `/metrics` is scraped (`refresh_outbox`), so they are
right across replicas and restarts; the rest are this process's own.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.storage import operations
from bot.storage.database import Database

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

EVENTS = Counter(
    "kindling_events",
    "Inbound events handed to the core, by platform and core event type",
    ["platform", "type"],
    registry=REGISTRY,
)
EVENTS_SKIPPED = Counter(
    "kindling_events_skipped",
    "Inbound payloads refused at the adapter boundary (a missing or null field), by platform and type",
    ["platform", "type"],
    registry=REGISTRY,
)
EVENTS_FAILED = Counter(
    "kindling_events_failed",
    "Inbound events whose handling raised (logged; the process carried on), by platform and event type",
    ["platform", "type"],
    registry=REGISTRY,
)
RATE_LIMITED = Counter(
    "kindling_rate_limited",
    "HTTP 429 answers received from a platform's API",
    ["platform"],
    registry=REGISTRY,
)
RECONNECTS = Counter(
    "kindling_gateway_reconnects",
    "Times a platform connection (Discord gateway, Slack Socket Mode) was started again after it failed",
    ["platform"],
    registry=REGISTRY,
)
ACK_LATENCY = Histogram(
    "kindling_ack_latency_seconds",
    "From receiving a command, click or event to acknowledging it (Slack's and Discord's deadline is 3 s)",
    ["platform"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0),
    registry=REGISTRY,
)
INBOX_PENDING = Gauge(
    "kindling_inbox_pending",
    "Inbound events accepted (acknowledged) but not yet fully handled",
    ["platform"],
    registry=REGISTRY,
)
INBOX_LAG = Gauge(
    "kindling_inbox_lag_seconds",
    "Age of the oldest inbound event accepted but not yet fully handled (0 when none waits)",
    ["platform"],
    registry=REGISTRY,
)
OUTBOX_PENDING = Gauge(
    "kindling_outbox_pending",
    "Outgoing messages waiting to be delivered (pending or being sent), by platform",
    ["platform"],
    registry=REGISTRY,
)
DEAD_LETTERS = Gauge(
    "kindling_outbox_dead_letters",
    "Outgoing messages given up on after their last attempt, by platform",
    ["platform"],
    registry=REGISTRY,
)

#: The outbox's statuses that still wait for delivery.
_WAITING = frozenset({"pending", "sending"})
#: Platforms the outbox gauges were ever set for: once a platform's rows are gone its gauges read 0.
_seen: set[str] = set()


def declare_platform(platform: str) -> None:
    """Make a platform's series visible from the start (at zero), so dashboards and alerts find them
    before the first event, 429 or dead letter."""
    for metric in (
        ACK_LATENCY,
        RATE_LIMITED,
        RECONNECTS,
        INBOX_PENDING,
        INBOX_LAG,
        OUTBOX_PENDING,
        DEAD_LETTERS,
    ):
        metric.labels(platform)
    _seen.add(platform)


async def refresh_outbox(database: Database) -> None:
    """Set the outbox gauges from the table."""
    async with database.transaction() as session:
        counts = await operations.outbox_counts(session)
    _seen.update(platform for platform, _status in counts)
    for platform in _seen:
        waiting = sum(n for (p, status), n in counts.items() if p == platform and status in _WAITING)
        OUTBOX_PENDING.labels(platform).set(waiting)
        DEAD_LETTERS.labels(platform).set(counts.get((platform, "dead"), 0))


def exposition() -> bytes:
    """Every metric in Prometheus' text format."""
    return generate_latest(REGISTRY)
