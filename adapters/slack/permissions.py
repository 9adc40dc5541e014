"""Who a Slack user is and whether they administer the workspace (`users.info`), cached briefly.

Workspace admins and owners are organisers; the core adds the members organisers named. A failed lookup
answers "not an admin" and is not cached, so a refusal never outlives a Slack hiccup.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.translate import person_from_user
from bot.clock import Clock
from bot.events import Person

log = logging.getLogger(__name__)

#: Long enough to spare Slack's rate limit during a burst, short enough that a demoted admin loses rights.
DEFAULT_TTL = timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class SlackUser:
    person: Person
    is_admin: bool
    fetched_at: datetime


class UserDirectory:
    def __init__(
        self,
        *,
        client_for: Callable[[str], Awaitable[AsyncWebClient]],
        clock: Clock,
        ttl: timedelta = DEFAULT_TTL,
    ) -> None:
        self._client_for = client_for
        self._clock = clock
        self._ttl = ttl
        self._cache: dict[tuple[str, str], SlackUser] = {}

    async def person(self, *, team_id: str, user_id: str) -> Person:
        found = await self._lookup(team_id, user_id)
        return found.person if found else Person(user_id, "")

    async def is_admin(self, *, team_id: str, user_id: str) -> bool:
        found = await self._lookup(team_id, user_id)
        return found.is_admin if found else False

    def forget(self, *, team_id: str, user_id: str) -> None:
        self._cache.pop((team_id, user_id), None)

    async def _lookup(self, team_id: str, user_id: str) -> SlackUser | None:
        now = self._clock.now()
        cached = self._cache.get((team_id, user_id))
        if cached is not None and now - cached.fetched_at < self._ttl:
            return cached
        try:
            client = await self._client_for(team_id)
            answer = await client.users_info(user=user_id)
        except (SlackApiError, LookupError, aiohttp.ClientError, TimeoutError) as error:
            log.warning("users.info for %s in %s failed: %s", user_id, team_id, error)
            return None
        user = answer.get("user") or {}
        found = SlackUser(
            person=person_from_user(user),
            is_admin=bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner")),
            fetched_at=now,
        )
        self._cache[(team_id, user_id)] = found
        return found
