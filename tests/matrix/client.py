"""A person on the homeserver, as the tests drive them: a few Client-Server API calls with their own token.

Deliberately not Kindling's adapter code (nor mautrix): the tests play members with plain HTTP, so a mistake
in the adapter cannot hide behind the same mistake on the other side.
"""

from __future__ import annotations

import json
import secrets
from typing import Any, cast
from urllib.parse import quote

import aiohttp

from tests.matrix.synapse import Account

SYNC_FILTER = json.dumps(
    {
        "presence": {"not_types": ["*"]},
        "room": {"timeline": {"limit": 100}, "ephemeral": {"not_types": ["*"]}},
    }
)


class MatrixError(Exception):
    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"{status}: {body[:300]}")
        self.status = status


class Person:
    def __init__(self, session: aiohttp.ClientSession, base_url: str, account: Account) -> None:
        self._session = session
        self._base = base_url
        self.account = account
        self.since: str | None = None

    @property
    def user_id(self) -> str:
        return self.account.user_id

    async def call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        query: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        async with self._session.request(
            method,
            f"{self._base}/_matrix/client/v3{path}",
            json=body if method != "GET" else None,
            params=query or None,
            headers={"Authorization": f"Bearer {self.account.access_token}"},
        ) as response:
            text = await response.text()
            if response.status != 200:
                raise MatrixError(response.status, text)
            return cast(dict[str, Any], json.loads(text))

    async def create_room(self, name: str, *, public: bool = True, **extra: Any) -> str:
        body = {"name": name, "preset": "public_chat" if public else "private_chat", **extra}
        return str((await self.call("POST", "/createRoom", body))["room_id"])

    async def join(self, room_id: str) -> None:
        await self.call("POST", f"/rooms/{quote(room_id)}/join", {})

    async def leave(self, room_id: str) -> None:
        await self.call("POST", f"/rooms/{quote(room_id)}/leave", {})

    async def invite(self, room_id: str, user_id: str) -> None:
        await self.call("POST", f"/rooms/{quote(room_id)}/invite", {"user_id": user_id})

    async def send(self, room_id: str, event_type: str, content: dict[str, Any]) -> str:
        txn = secrets.token_hex(8)
        path = f"/rooms/{quote(room_id)}/send/{quote(event_type)}/{txn}"
        return str((await self.call("PUT", path, content))["event_id"])

    async def say(self, room_id: str, text: str, **extra: Any) -> str:
        return await self.send(room_id, "m.room.message", {"msgtype": "m.text", "body": text, **extra})

    async def react(self, room_id: str, event_id: str, key: str) -> str:
        relates = {"rel_type": "m.annotation", "event_id": event_id, "key": key}
        return await self.send(room_id, "m.reaction", {"m.relates_to": relates})

    async def state(self, room_id: str, event_type: str, state_key: str = "") -> dict[str, Any]:
        return await self.call("GET", f"/rooms/{quote(room_id)}/state/{quote(event_type)}/{quote(state_key)}")

    async def set_state(
        self, room_id: str, event_type: str, content: dict[str, Any], state_key: str = ""
    ) -> None:
        await self.call(
            "PUT", f"/rooms/{quote(room_id)}/state/{quote(event_type)}/{quote(state_key)}", content
        )

    async def sync(self) -> dict[str, Any]:
        query = {"timeout": "0", "filter": SYNC_FILTER}
        if self.since is not None:
            query["since"] = self.since
        answer = await self.call("GET", "/sync", query=query)
        self.since = str(answer["next_batch"])
        return answer

    async def account_data(self, event_type: str) -> dict[str, Any] | None:
        try:
            return await self.call("GET", f"/user/{quote(self.user_id)}/account_data/{quote(event_type)}")
        except MatrixError as error:
            if error.status == 404:
                return None
            raise
