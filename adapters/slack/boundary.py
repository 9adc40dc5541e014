"""Slack payloads at the boundary: which workspace sent them, and translation that never takes the app down.

A request that names no workspace is refused (acknowledged, so Slack does not send it again, logged with its
type and counted in `kindling_events_skipped_total`): handing it on would make a community with an empty id,
where posts, tips and questions would be counted for nobody. A payload whose translation fails on a missing
or malformed field is logged with its type, counted and skipped the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Mapping, Sequence
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest

from bot import metrics
from bot.events import Event

log = logging.getLogger(__name__)

PLATFORM = "slack"


def team_id(body: Mapping[str, Any], context: AsyncBoltContext) -> str | None:
    """The workspace (Bolt's reading first: `authorizations`, `team`, `team_id`, the event's or user's
    team), or None when the request names none."""
    team = body.get("team")
    from_body = body.get("team_id") or (team.get("id") if isinstance(team, Mapping) else None)
    found = context.team_id or from_body
    return found if isinstance(found, str) and found.strip() else None


def kind_of(body: Mapping[str, Any]) -> str:
    """What a request is, for logs and metrics: `slash_command`, `block_actions`, or the event's type."""
    if "command" in body:
        return "slash_command"
    event = body.get("event")
    if isinstance(event, Mapping):
        return str(event.get("type") or "event")
    return str(body.get("type") or "unknown")


def refuse(kind: str, why: str) -> None:
    metrics.EVENTS_SKIPPED.labels(PLATFORM, kind).inc()
    log.warning("refused a Slack %s: %s", kind, why)


async def translated(kind: str, translation: Awaitable[Event | None]) -> Event | None:
    """The core event, or None; a payload translation cannot read is logged, counted and skipped."""
    try:
        event = await translation
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        metrics.EVENTS_SKIPPED.labels(PLATFORM, kind).inc()
        log.warning("skipped a Slack %s that could not be read (%s: %s)", kind, type(error).__name__, error)
        return None
    if event is None:
        log.debug("no core event in a Slack %s (not a member doing something here)", kind)
    return event


def envelope_problem(body: object) -> str | None:
    """What makes a request unreadable before any listener sees it (Bolt itself would fail on it), or None.
    Only shapes are checked here; a missing user or channel is the translation's business."""
    if not isinstance(body, Mapping):
        return "the request is not an object"
    if "command" in body:
        return None if isinstance(body.get("command"), str) else "a slash command without its name"
    kind = body.get("type")
    if not isinstance(kind, str):
        return "no type"
    if kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, Mapping) or not isinstance(event.get("type"), str):
            return "an event without its type"
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not all(
            isinstance(a, Mapping) and isinstance(a.get("action_id"), str) for a in actions
        ):
            return "a click without its actions"
    return None


#: What Bolt raises reading a request's shape (`authorizations` that are not objects, say).
UNREADABLE = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def bolt_request(
    body: object, *, headers: Mapping[str, str | Sequence[str]] | None = None
) -> AsyncBoltRequest | None:
    """A Socket Mode request as Bolt reads it, or None (refused, logged) when Bolt cannot read it at all."""
    kind = kind_of(body) if isinstance(body, Mapping) else "request"
    problem = envelope_problem(body)
    if problem is None:
        try:
            return AsyncBoltRequest(mode="socket_mode", body=body, headers=headers)  # type: ignore[arg-type]
        except UNREADABLE as error:
            problem = f"{type(error).__name__}: {error}"
    refuse(kind, problem)
    return None
