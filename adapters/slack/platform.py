"""The core's `ChatPlatform` port over the Slack Web API: DMs, group DMs, channel posts and ephemeral
answers, with their files (attachments) uploaded into the same conversation."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.capabilities import CAPABILITIES
from adapters.slack.pacing import ChannelPacer
from adapters.slack.render import escape, render
from adapters.slack.roster import count_members, list_members
from adapters.slack.workspaces import UnknownWorkspaceError, Workspaces, retry_handlers
from bot.messages import Attachment, Destination, Direct, Group, InChannel, Message, Private
from bot.port import Delivered, DeliveryError, ListedMember, Undeliverable

log = logging.getLogger(__name__)

#: The metadata event type that carries the outbox key on every message Kindling posts.
OUTBOX_EVENT_TYPE = "kindling_outbox"
#: Slack errors that can go away by themselves; anything else will fail the same way next time.
RETRYABLE_ERRORS = frozenset(
    {"ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
#: Slack's ways of saying a member cannot get a DM from Kindling while others in the workspace can see them
#: in a channel (`conversations.open`: `user_not_visible`; `chat.postMessage`: `cannot_dm_bot`). Not
#: `user_disabled`: a deactivated account reads nothing, in a DM or in a channel.
DIRECT_MESSAGES_CLOSED = frozenset({"user_not_visible", "cannot_dm_bot"})
#: Ephemeral answers fall back to a DM when Slack cannot show one in that channel.
EPHEMERAL_IMPOSSIBLE = frozenset({"channel_not_found", "user_not_in_channel", "not_in_channel"})
SLACK_RESPONSE_HOSTS = frozenset({"hooks.slack.com"})
#: How much history `find_delivered` reads (pages of `HISTORY_PAGE`): an interrupted send is retried within
#: minutes, so Kindling's message is among the newest unless the channel is very busy.
HISTORY_PAGE = 100
HISTORY_PAGES = 3
#: The comment on files sent to a member's DM because their (ephemeral) answer could not carry them: the
#: first line of the answer, so it reads in the community's language.
MAX_FILE_COMMENT = 150


def outbox_metadata(key: str) -> dict[str, Any]:
    return {"event_type": OUTBOX_EVENT_TYPE, "event_payload": {"key": key}}


class SlackPlatform:
    capabilities = CAPABILITIES

    def __init__(self, *, workspaces: Workspaces, pacer: ChannelPacer | None = None) -> None:
        self._workspaces = workspaces
        self._pacer = pacer or ChannelPacer()
        #: (community, "U1" or "U1,U2,...") -> the DM or group DM conversations.open gave for those users.
        self._dm_channels: dict[tuple[str, str], str] = {}
        # response_url answers go to Slack, or to the stand-in the Web API URL points at (a proxy, a test).
        api = urlsplit(workspaces.api_url)
        self._response_origins = {f"https://{host}" for host in SLACK_RESPONSE_HOSTS}
        self._response_origins.add(f"{api.scheme}://{api.netloc}")

    def members(self, *, community_id: str, channel_id: str | None) -> AsyncIterator[ListedMember]:
        """The home channel's members (see `adapters.slack.roster`)."""
        return list_members(self._workspaces, community_id, channel_id)

    async def member_count(self, *, community_id: str, channel_id: str | None) -> int | None:
        return await count_members(self._workspaces, community_id, channel_id)

    async def send_direct(
        self, *, community_id: str, member_id: str, message: Message, key: str
    ) -> Delivered:
        return await self._send_to_users(community_id, (member_id,), message, key)

    async def send_group(
        self, *, community_id: str, member_ids: tuple[str, ...], message: Message, key: str
    ) -> Delivered:
        """One multi-person DM (Kindling and `member_ids`, e.g. a coffee pair), opened with
        `conversations.open(users="U1,U2")` (scope `mpim:write`), and the message posted there."""
        return await self._send_to_users(community_id, member_ids, message, key)

    async def post_in_channel(
        self, *, community_id: str, channel_id: str, thread_id: str | None, message: Message, key: str
    ) -> Delivered:
        client = await self._client(community_id)
        return await self._post(client, community_id, channel_id, thread_id, message, key)

    async def reply_privately(
        self,
        *,
        community_id: str,
        member_id: str,
        channel_id: str,
        reply_token: str | None,
        message: Message,
        key: str,
    ) -> Delivered:
        """An ephemeral answer (through `response_url` when it is one of Slack's, else chat.postEphemeral).
        Ephemeral messages cannot carry files, so attachments go to the member's DM right after the answer."""
        # The DM for the files is opened *before* the answer: if that fails retryably, nothing has been
        # shown yet and the whole reply can be retried without showing the text twice.
        files_dm = await self._files_dm(community_id, member_id, message)
        if reply_token and self._is_response_url(reply_token) and await self._respond(reply_token, message):
            if files_dm is not None:
                client = await self._client(community_id)
                await self._upload_files(client, files_dm, None, message, comment=_file_comment(message))
            return Delivered(channel_id=channel_id)
        client = await self._client(community_id)
        rendered = render(message)
        try:
            answer = await client.chat_postEphemeral(
                channel=channel_id, user=member_id, text=rendered.text, blocks=rendered.blocks
            )
        except SlackApiError as error:
            if _error_code(error) in EPHEMERAL_IMPOSSIBLE:
                log.info("no ephemeral answer possible in %s; sending a DM instead", channel_id)
                # The DM post carries the files itself.
                return await self.send_direct(
                    community_id=community_id, member_id=member_id, message=message, key=key
                )
            raise _delivery_error(error) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryError(f"connection: {error!r}", retryable=True) from error
        await self._upload_files(client, files_dm, None, message, comment=_file_comment(message))
        return Delivered(channel_id=channel_id, message_id=answer.get("message_ts"))

    async def edit_message(
        self, *, community_id: str, channel_id: str, message_id: str, message: Message
    ) -> Delivered:
        """chat.update of a message Kindling posted (a poll's live counts): text and blocks replaced, its
        outbox metadata kept. Files cannot be changed this way and are left as they were."""
        client = await self._client(community_id)
        rendered = render(message)
        try:
            await client.chat_update(
                channel=channel_id, ts=message_id, text=rendered.text, blocks=rendered.blocks
            )
        except SlackApiError as error:
            raise _delivery_error(error) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryError(f"connection: {error!r}", retryable=True) from error
        return Delivered(channel_id=channel_id, message_id=message_id)

    async def find_delivered(
        self, *, community_id: str, destination: Destination, key: str
    ) -> Delivered | None:
        """The message Kindling already posted with outbox key `key`, found by its metadata in the recent
        history of the DM, group DM, channel or thread; None when it is not there (or cannot be looked up:
        ephemeral answers leave no history). The outbox asks before re-sending a message whose earlier send
        may have reached Slack, so a crash between posting and recording the post does not post twice.
        A group DM is opened again with the same users, which gives the same conversation."""
        if isinstance(destination, Private):
            return None
        client = await self._client(community_id)
        thread_id: str | None = None
        if isinstance(destination, Direct):
            channel_id = await self._dm_channel(client, community_id, (destination.member_id,))
        elif isinstance(destination, Group):
            channel_id = await self._dm_channel(client, community_id, destination.member_ids)
        else:
            assert isinstance(destination, InChannel)
            channel_id, thread_id = destination.channel_id, destination.thread_id
        try:
            ts = await _find_key(client, channel_id, thread_id, key)
        except SlackApiError as error:
            failure = _delivery_error(error)
            if failure.retryable:
                raise failure from error  # try the look-up (and the send) later rather than risk a double
            # No history to read here (a missing scope, an archived channel): sending again is all we can do.
            log.warning("cannot look for outbox key in %s (%s); sending again", channel_id, failure)
            return None
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryError(f"connection: {error!r}", retryable=True) from error
        if ts is None:
            return None
        return Delivered(channel_id=channel_id, message_id=ts)

    # ------------------------------------------------------------------------------------------ internals

    async def _client(self, community_id: str) -> AsyncWebClient:
        try:
            return await self._workspaces.client(community_id)
        except UnknownWorkspaceError as error:
            raise DeliveryError(str(error), retryable=False) from error

    async def _send_to_users(
        self, community_id: str, member_ids: tuple[str, ...], message: Message, key: str
    ) -> Delivered:
        client = await self._client(community_id)
        channel_id = await self._dm_channel(client, community_id, member_ids)
        try:
            return await self._post(client, community_id, channel_id, None, message, key)
        except DeliveryError:
            self._dm_channels.pop((community_id, _users_arg(member_ids)), None)
            raise

    async def _dm_channel(
        self, client: AsyncWebClient, community_id: str, member_ids: tuple[str, ...]
    ) -> str:
        """The DM (one member) or multi-person DM (several) with `member_ids`: Slack answers the same
        conversation each time for the same set of users, so it is cached."""
        users = _users_arg(member_ids)
        if not users:
            raise DeliveryError("no members to send to", retryable=False)
        cached = self._dm_channels.get((community_id, users))
        if cached is not None:
            return cached
        try:
            answer = await client.conversations_open(users=users)
        except SlackApiError as error:
            raise _delivery_error(error) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryError(f"connection: {error!r}", retryable=True) from error
        channel_id = str(answer["channel"]["id"])
        self._dm_channels[(community_id, users)] = channel_id
        return channel_id

    async def _post(
        self,
        client: AsyncWebClient,
        community_id: str,
        channel_id: str,
        thread_id: str | None,
        message: Message,
        key: str,
    ) -> Delivered:
        rendered = render(message)
        await self._pacer.wait_turn(f"{community_id}/{channel_id}")
        try:
            answer = await client.chat_postMessage(
                channel=channel_id,
                text=rendered.text,
                blocks=rendered.blocks,
                thread_ts=thread_id,
                metadata=outbox_metadata(key),
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as error:
            raise _delivery_error(error) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryError(f"connection: {error!r}", retryable=True) from error
        delivered = Delivered(
            channel_id=str(answer.get("channel") or channel_id), message_id=answer.get("ts")
        )
        await self._upload_files(client, delivered.channel_id, thread_id, message)
        return delivered

    async def _files_dm(self, community_id: str, member_id: str, message: Message) -> str | None:
        """The member's DM, for the files of an ephemeral answer; None when there are no files, or when the
        DM cannot be opened for good (then the answer goes without its files rather than not at all)."""
        if not message.attachments:
            return None
        client = await self._client(community_id)
        try:
            return await self._dm_channel(client, community_id, (member_id,))
        except DeliveryError as error:
            if error.retryable:
                raise
            log.warning(
                "cannot open a DM with %s for %d file(s) (%s)", member_id, len(message.attachments), error
            )
            return None

    async def _upload_files(
        self,
        client: AsyncWebClient,
        channel_id: str | None,
        thread_id: str | None,
        message: Message,
        *,
        comment: str | None = None,
    ) -> None:
        """Upload the message's attachments into `channel_id` (in thread `thread_id`) with one
        files_upload_v2 (files.getUploadURLExternal, the upload, files.completeUploadExternal).

        This only ever runs *after* the message itself reached Slack in this same delivery, so a failure
        here, even a retryable one, is logged and swallowed and the message reported delivered. Raising a
        retryable DeliveryError would make the outbox send the whole message again: its `find_delivered`
        sees the posted text by its outbox key only for DMs and channels (not for ephemeral answers), and a
        retry would at best skip the files anyway. A missing chart is better than a pulse posted twice.
        (Failures before the post, such as opening the DM for an ephemeral answer's files, do raise.)"""
        if not message.attachments or channel_id is None:
            return
        try:
            await client.files_upload_v2(
                file_uploads=[_file_upload(attachment) for attachment in message.attachments],
                channel=channel_id,
                thread_ts=thread_id,
                initial_comment=comment,
            )
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as error:
            names = ", ".join(a.filename for a in message.attachments)
            reason = str(_delivery_error(error)) if isinstance(error, SlackApiError) else repr(error)
            log.warning("message delivered to %s but its file(s) %s were not: %s", channel_id, names, reason)

    def _is_response_url(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" in self._response_origins

    async def _respond(self, url: str, message: Message) -> bool:
        """Answer through `response_url`; False when it expired or was used up (then chat.postEphemeral)."""
        rendered = render(message)
        webhook = AsyncWebhookClient(url, retry_handlers=retry_handlers())
        try:
            answer = await webhook.send(
                text=rendered.text,
                blocks=rendered.blocks,
                response_type="ephemeral",
                replace_original=False,
            )
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryError(f"response_url connection: {error!r}", retryable=True) from error
        if answer.status_code == 200:
            return True
        if answer.status_code == 429 or answer.status_code >= 500:
            raise DeliveryError(
                f"response_url answered {answer.status_code}",
                retryable=True,
                retry_after=_retry_after(answer.headers),
            )
        log.info("response_url answered %s (%s); using chat.postEphemeral", answer.status_code, answer.body)
        return False


async def _find_key(client: AsyncWebClient, channel_id: str, thread_id: str | None, key: str) -> str | None:
    """The `ts` of the message in the channel (or thread) whose Kindling metadata carries `key`."""
    cursor: str | None = None
    for _ in range(HISTORY_PAGES):
        if thread_id is None:
            answer = await client.conversations_history(
                channel=channel_id, include_all_metadata=True, limit=HISTORY_PAGE, cursor=cursor
            )
        else:
            answer = await client.conversations_replies(
                channel=channel_id, ts=thread_id, include_all_metadata=True, limit=HISTORY_PAGE, cursor=cursor
            )
        for message in answer.get("messages") or []:
            if _outbox_key(message) == key:
                return str(message["ts"])
        cursor = (answer.get("response_metadata") or {}).get("next_cursor") or None
        if cursor is None:
            return None
    return None


def _file_upload(attachment: Attachment) -> dict[str, Any]:
    return {"file": attachment.data, "filename": attachment.filename, "title": attachment.filename}


def _file_comment(message: Message) -> str | None:
    """The first line of the message, shortened: what the files sent to the DM belong to."""
    first = next((line.strip() for line in message.text.splitlines() if line.strip()), "")
    if not first:
        return None
    if len(first) > MAX_FILE_COMMENT:
        first = first[: MAX_FILE_COMMENT - 1].rstrip() + "…"
    return escape(first)


def _users_arg(member_ids: tuple[str, ...]) -> str:
    """`conversations.open`'s `users`: comma-separated, each once, in the given order (Slack keeps it)."""
    return ",".join(dict.fromkeys(m for m in member_ids if m))


def _outbox_key(message: Mapping[str, Any]) -> str | None:
    metadata = message.get("metadata")
    if not isinstance(metadata, Mapping) or metadata.get("event_type") != OUTBOX_EVENT_TYPE:
        return None
    payload = metadata.get("event_payload")
    found = payload.get("key") if isinstance(payload, Mapping) else None
    return found if isinstance(found, str) else None


def _error_code(error: SlackApiError) -> str:
    code = error.response.get("error") if error.response is not None else None
    return str(code or "unknown_error")


def _retry_after(headers: Mapping[str, Any] | None) -> float | None:
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) else value
            try:
                return float(raw)
            except (TypeError, ValueError):
                return None
    return None


def _delivery_error(error: SlackApiError) -> DeliveryError:
    code = _error_code(error)
    status = error.response.status_code if error.response is not None else 0
    retryable = code in RETRYABLE_ERRORS or status == 429 or status >= 500
    headers = error.response.headers if error.response is not None else None
    return DeliveryError(
        f"slack: {code} (HTTP {status})",
        retryable=retryable,
        retry_after=_retry_after(headers),
        reason=Undeliverable.DIRECT_MESSAGES_CLOSED if code in DIRECT_MESSAGES_CLOSED else None,
    )
