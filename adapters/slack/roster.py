"""Who is in a Slack community now, for the core to note as existing members (`bot.port.ListsMembers`).

On Slack the community is the home channel: its members (`conversations.members`, scopes channels:read and
groups:read), named and told apart from bots through `users.list` (users:read), 1,000 a page each, so a
large workspace costs a few dozen calls rather than one per member. Deactivated accounts are left out;
Slack does not say when someone joined a channel.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Mapping
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from adapters.slack.workspaces import Workspaces
from bot.port import ListedMember, ListingError

#: Slack's largest page for both methods.
PAGE = 1000
#: Slack's own helper user is in every channel and never a member.
SLACKBOT = "USLACKBOT"


async def list_members(
    workspaces: Workspaces, team_id: str, channel_id: str | None
) -> AsyncIterator[ListedMember]:
    if channel_id is None:
        raise ValueError("a Slack community's members are its home channel's: set one first")
    client = await workspaces.client(team_id)
    wanted = set(await _channel_members(client, channel_id))
    cursor = ""
    while wanted:
        answer = await _refused_as_listing_error(client.users_list(limit=PAGE, cursor=cursor or None))
        for user in answer.get("members") or []:
            if not isinstance(user, Mapping) or user.get("id") not in wanted:
                continue
            wanted.discard(str(user["id"]))
            listed = _listed(user)
            if listed is not None:  # not a deactivated account
                yield listed
        cursor = _next_cursor(answer)
        if not cursor:
            break
    for member_id in sorted(wanted - {SLACKBOT}):  # in the channel, yet not listed: named by their id
        yield ListedMember(member_id=member_id, name=member_id)


async def count_members(workspaces: Workspaces, team_id: str, channel_id: str | None) -> int | None:
    if channel_id is None:
        return None
    return len(await _channel_members(await workspaces.client(team_id), channel_id))


async def _channel_members(client: AsyncWebClient, channel_id: str) -> list[str]:
    found: list[str] = []
    cursor = ""
    while True:
        answer = await _refused_as_listing_error(
            client.conversations_members(channel=channel_id, limit=PAGE, cursor=cursor or None)
        )
        found += [str(member) for member in answer.get("members") or [] if isinstance(member, str)]
        cursor = _next_cursor(answer)
        if not cursor:
            return found


async def _refused_as_listing_error(call: Awaitable[AsyncSlackResponse]) -> AsyncSlackResponse:
    try:
        return await call
    except SlackApiError as error:
        code = error.response.get("error") if error.response is not None else None
        raise ListingError(f"Slack: {code or 'error'}") from error


def _listed(user: Mapping[str, Any]) -> ListedMember | None:
    member_id = str(user["id"])
    if user.get("deleted") is True or member_id == SLACKBOT:
        return None
    found = user.get("profile")
    profile: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    name = profile.get("display_name") or profile.get("real_name") or user.get("name") or member_id
    return ListedMember(member_id=member_id, name=str(name), is_bot=user.get("is_bot") is True)


def _next_cursor(answer: Any) -> str:
    metadata = answer.get("response_metadata")
    cursor = metadata.get("next_cursor") if isinstance(metadata, Mapping) else None
    return cursor if isinstance(cursor, str) else ""
