"""Which token speaks for which workspace, and the workspace's name, for one bot token or many installs.

A single workspace runs on `KINDLING_SLACK_BOT_TOKEN`; several run on the installations Slack's OAuth flow
stored in Kindling's database (`installation.DatabaseInstallationStore`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot import metrics
from bot.events import CommunityRef

log = logging.getLogger(__name__)


class UnknownWorkspaceError(LookupError):
    """No token for this workspace: it never installed Kindling, or uninstalled it."""


#: Methods whose silent re-send could post twice: a 5xx or a dropped connection may come after Slack posted.
#: For these only 429 (which Slack answers before doing anything) is retried in the client; other failures
#: go back to the outbox, which first looks the message up by its key (`find_delivered`).
#: files.completeUploadExternal shares the uploaded files into the conversation: repeated, the chart could
#: appear twice, so its failures end the upload (which the platform logs; see `SlackPlatform._upload_files`).
NOT_SAFE_TO_REPEAT = ("chat.postMessage", "files.completeUploadExternal")


class _UnlessPosting:
    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if request.url.endswith(NOT_SAFE_TO_REPEAT):
            return False
        allowed: bool = await super()._can_retry_async(  # type: ignore[misc]
            state=state, request=request, response=response, error=error
        )
        return allowed


class _ServerErrorRetry(_UnlessPosting, AsyncServerErrorRetryHandler):
    pass


class _ConnectionErrorRetry(_UnlessPosting, AsyncConnectionErrorRetryHandler):
    pass


class _CountRateLimits(AsyncRetryHandler):
    """First in line: counts every 429 (`kindling_rate_limited_total`) and leaves retrying to the others."""

    async def can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is not None and response.status_code == 429:
            metrics.RATE_LIMITED.labels("slack").inc()
        return False


def retry_handlers() -> list[AsyncRetryHandler]:
    """429 after Retry-After, 5xx and dropped connections with backoff (slack-sdk's own handlers), except
    that a post is never silently repeated after a 5xx or a dropped connection (see NOT_SAFE_TO_REPEAT)."""
    return [
        _CountRateLimits(),
        AsyncRateLimitErrorRetryHandler(max_retry_count=2),
        _ServerErrorRetry(max_retry_count=2),
        _ConnectionErrorRetry(max_retry_count=2),
    ]


def web_client(*, api_url: str, token: str | None = None) -> AsyncWebClient:
    base_url = api_url if api_url.endswith("/") else api_url + "/"
    return AsyncWebClient(token=token, base_url=base_url, retry_handlers=retry_handlers())


@dataclass(frozen=True, slots=True)
class WorkspaceInfo:
    team_id: str
    name: str
    bot_user_id: str | None
    #: The user who installed Kindling through OAuth; None with a single bot token (Slack does not say).
    installer_id: str | None = None


class Workspaces:
    def __init__(
        self,
        *,
        api_url: str,
        bot_token: str | None = None,
        installations: AsyncInstallationStore | None = None,
    ) -> None:
        if bot_token is None and installations is None:
            raise ValueError("Slack needs a bot token or an installation store")
        self.api_url = api_url
        self._bot_token = bot_token
        self._installations = installations
        self._clients: dict[str, AsyncWebClient] = {}
        self._info: dict[str, WorkspaceInfo] = {}

    async def token(self, team_id: str) -> str:
        if self._installations is not None:
            bot = await self._installations.async_find_bot(enterprise_id=None, team_id=team_id)
            if bot is not None and bot.bot_token:
                return str(bot.bot_token)
        if self._bot_token is not None:
            return self._bot_token
        raise UnknownWorkspaceError(f"Kindling is not installed in Slack workspace {team_id}")

    async def client(self, team_id: str) -> AsyncWebClient:
        token = await self.token(team_id)
        client = self._clients.get(token)
        if client is None:
            client = self._clients[token] = web_client(api_url=self.api_url, token=token)
        return client

    async def info(self, team_id: str) -> WorkspaceInfo:
        """The workspace's name and Kindling's bot user there (from `auth.test`, asked once)."""
        known = self._info.get(team_id)
        if known is not None:
            return known
        client = await self.client(team_id)
        answer = await client.auth_test()
        info = WorkspaceInfo(
            team_id=team_id,
            name=str(answer.get("team") or ""),
            bot_user_id=answer.get("user_id"),
            installer_id=await self._installer(team_id),
        )
        self._info[team_id] = info
        return info

    async def _installer(self, team_id: str) -> str | None:
        if self._installations is None:
            return None
        installation = await self._installations.async_find_installation(enterprise_id=None, team_id=team_id)
        user_id = installation.user_id if installation is not None else None
        return user_id if isinstance(user_id, str) and user_id else None

    async def community(self, team_id: str) -> CommunityRef:
        try:
            info: WorkspaceInfo | None = await self.info(team_id)
        except Exception as error:  # the name is nice to have: never lose an event over it
            log.warning("auth.test for %s failed: %s", team_id, error)
            info = None
        return CommunityRef(
            platform="slack",
            external_id=team_id,
            name=info.name if info is not None else "",
            installer_id=info.installer_id if info is not None else None,
        )

    def forget(self, team_id: str) -> None:
        self._info.pop(team_id, None)
