"""The /sync loop: room events in order, handed to the core through the intake; the position kept on the
homeserver.

Kindling's position (`next_batch`) lives in its own account data (`org.kindling.sync`), written only after
every event of a batch was handed to the core and committed there (the intake is idle). A process killed
mid-batch starts again from the last written position, so an event is handled at least once and never
skipped; the core makes a repeated join harmless. A gap (the homeserver cut a room's timeline short,
`limited`) is filled from `/messages` back to the previous position, so a wave of joins while Kindling was
down is not lost either.

The first start ever (no position yet) takes the rooms as they are and welcomes nobody who is already there.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, cast

from mautrix.api import Method, Path
from mautrix.client import ClientAPI
from mautrix.errors import MatrixConnectionError, MatrixRequestError, MNotFound
from mautrix.types import RoomID

from adapters.matrix.payloads import SYNC_ACCOUNT_DATA, ClientEvent, JoinedRoom, Messages, SyncResponse
from adapters.matrix.rooms import Directory
from adapters.matrix.translate import Translator
from bot.events import Event
from bot.intake import Intake

log = logging.getLogger(__name__)

LONG_POLL_MS = 30_000
TIMELINE_LIMIT = 100
GAP_PAGES = 50
RETRY_PAUSE = 2.0
#: How often a batch the core is slow to handle is reported while the loop waits for it (seconds).
SETTLE_REPORT = 30.0


def sync_filter(timeline_limit: int) -> str:
    """Rooms' timelines and full member lists; no presence, typing, receipts or other account data (Kindling's
    own position is left out on purpose: writing it must not wake the next sync)."""
    return json.dumps(
        {
            "presence": {"not_types": ["*"]},
            "account_data": {"types": ["m.direct"]},
            "room": {
                "timeline": {"limit": timeline_limit},
                "state": {"lazy_load_members": False},
                "ephemeral": {"not_types": ["*"]},
                "account_data": {"not_types": ["*"]},
            },
        },
        separators=(",", ":"),
    )


class SyncLoop:
    def __init__(
        self,
        api: ClientAPI,
        directory: Directory,
        translator: Translator,
        intake: Intake,
        *,
        timeline_limit: int = TIMELINE_LIMIT,
        long_poll_ms: int = LONG_POLL_MS,
    ) -> None:
        self._api = api
        self._directory = directory
        self._translator = translator
        self._intake = intake
        self._filter = sync_filter(timeline_limit)
        self._long_poll_ms = long_poll_ms
        self.since: str | None = None

    @property
    def me(self) -> str:
        return self._directory.me

    async def first(self) -> None:
        """Load the stored position and catch up from it (everything missed while down is handled); with no
        position, learn the rooms as they are and handle nothing."""
        self.since = await self._stored_position()
        response = await self._sync(self.since, full_state=True, timeout_ms=0)
        await self._process(response, dispatch=self.since is not None)
        await self._settled()
        await self._store(response["next_batch"])

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                response = await self._sync(self.since, full_state=False, timeout_ms=self._long_poll_ms)
                if await self._process(response, dispatch=True):
                    await self._settled()
                    await self._store(response["next_batch"])
                else:
                    self.since = response["next_batch"]
            except (MatrixRequestError, MatrixConnectionError, OSError, TimeoutError) as error:
                # The position stays where it was: what this batch held comes again with the next sync.
                log.warning("sync failed (%s); trying again shortly", error)
                await asyncio.sleep(RETRY_PAUSE)

    # -- the homeserver ----------------------------------------------------------------------------------

    async def _sync(self, since: str | None, *, full_state: bool, timeout_ms: int) -> SyncResponse:
        query = {"filter": self._filter, "timeout": str(timeout_ms), "full_state": str(full_state).lower()}
        if since is not None:
            query["since"] = since
        raw = await self._api.api.request(Method.GET, Path.v3.sync, query_params=query)
        return cast(SyncResponse, raw)

    async def _stored_position(self) -> str | None:
        try:
            data = await self._api.get_account_data(SYNC_ACCOUNT_DATA)
        except MNotFound:
            return None
        token = data.get("next_batch") if isinstance(data, dict) else None
        return token if isinstance(token, str) and token else None

    async def _store(self, token: str) -> None:
        await self._api.set_account_data(SYNC_ACCOUNT_DATA, cast(Any, {"next_batch": token}))
        self.since = token

    # -- one batch ---------------------------------------------------------------------------------------

    async def _process(self, response: SyncResponse, *, dispatch: bool) -> bool:
        """Apply and hand over one sync response; True when it held anything."""
        anything = False
        for event in response.get("account_data", {}).get("events", []):
            anything = True
            if event["type"] == "m.direct":
                self._directory.set_direct(event["content"])
        rooms = response.get("rooms", {})
        for room_id, joined in rooms.get("join", {}).items():
            anything = True
            await self._joined_room(room_id, joined, dispatch=dispatch)
        for room_id, invited in rooms.get("invite", {}).items():
            anything = True
            await self._accept(room_id, invited.get("invite_state", {}).get("events", []))
        for room_id in rooms.get("leave", {}):
            anything = True
            self._directory.forget(room_id)
        return anything

    async def _joined_room(self, room_id: str, joined: JoinedRoom, *, dispatch: bool) -> None:
        for event in joined.get("state", {}).get("events", []):
            self._directory.apply(room_id, event)
        timeline = joined.get("timeline", {})
        events = timeline.get("events", [])
        if not dispatch:
            for event in events:
                self._directory.apply(room_id, event)
            return
        # Kindling just joined: what came before its own join is history, not news (nor a gap to fill).
        own_join = _own_join_index(events, self.me)
        cut_short = timeline.get("limited") and self.since is not None and "prev_batch" in timeline
        if cut_short and own_join is None:
            gap = await self._gap(room_id, timeline["prev_batch"])
            events = gap + events
        someone_left = False
        for index, event in enumerate(events):
            self._directory.apply(room_id, event)
            someone_left = someone_left or _left(event, self.me)
            if own_join is not None and index <= own_join:
                continue
            await self._hand_over(room_id, event)
        if someone_left:
            await self._leave_abandoned(room_id)

    async def _gap(self, room_id: str, prev_batch: str) -> list[ClientEvent]:
        """The events between the stored position and the start of a cut-off timeline, oldest first."""
        found: list[ClientEvent] = []
        token: str | None = prev_batch
        for _ in range(GAP_PAGES):
            if token is None:
                break
            query: dict[str, str] = {"dir": "b", "from": token, "limit": "100"}
            if self.since is not None:
                query["to"] = self.since
            page = cast(
                Messages,
                await self._api.api.request(Method.GET, Path.v3.rooms[room_id].messages, query_params=query),
            )
            found.extend(page.get("chunk", []))
            token = page.get("end")
            if not page.get("chunk"):
                break
        log.info("filled a gap of %s event(s) in %s", len(found), room_id)
        return list(reversed(found))

    async def _hand_over(self, room_id: str, event: ClientEvent) -> None:
        """To the core through the intake, in order per room. Translating may read the Kindling event a
        press refers to; a press in a community room is then removed (see `_keep_private`)."""

        async def translate() -> Event | None:
            found = await self._translator.translate(room_id, event)
            if self._translator.is_public_press(room_id, event, found):
                await self._keep_private(room_id, event)
            return found

        await self._intake.accept(room_id, translate)

    async def _settled(self) -> None:
        """Until every event handed over is handled and committed: only then may the position move past
        them. A slow database makes this wait, never skip."""
        while True:
            try:
                await self._intake.idle(timeout=SETTLE_REPORT)
                return
            except TimeoutError:
                log.warning("still handling %s event(s) of the last batch", self._intake.pending)

    async def _keep_private(self, room_id: str, event: ClientEvent) -> None:
        """A button pressed in a community room (a keycap reaction, a numbered reply) is removed once counted,
        so that, as with a click on Slack or Discord, nobody else sees who voted what. Needs the room's
        redaction power (moderator, 50, by default); without it the press stays visible and is logged."""
        event_id = event.get("event_id")
        if event_id is None:
            return
        try:
            await self._api.api.request(
                Method.PUT,
                Path.v3.rooms[room_id].redact[event_id][f"kindling.private.{event_id}"],
                {"reason": "counted privately by Kindling"},
            )
        except MatrixRequestError as error:
            log.warning(
                "could not remove the press %s in %s (%s): give Kindling power level 50",
                event_id,
                room_id,
                error,
            )

    async def _accept(self, room_id: str, invite_state: list[ClientEvent]) -> None:
        """Kindling accepts every invite: a room it is invited to is a community; an `is_direct` invite is
        a member opening a direct chat with it."""
        inviter = None
        for event in invite_state:
            mine = event["type"] == "m.room.member" and event.get("state_key") == self.me
            if mine and event["content"].get("is_direct"):
                inviter = event["sender"]
        try:
            await self._api.join_room_by_id(RoomID(room_id))
        except MatrixRequestError as error:
            log.warning("could not join %s: %s", room_id, error)
            return
        log.info("joined %s%s", room_id, f" (direct chat with {inviter})" if inviter else "")
        if inviter is not None:
            await self._remember_direct(inviter, room_id)

    async def _remember_direct(self, member_id: str, room_id: str) -> None:
        try:
            current: dict[str, Any] = dict(await self._api.get_account_data("m.direct"))
        except MNotFound:
            current = {}
        current[member_id] = [r for r in current.get(member_id, []) if r != room_id] + [room_id]
        self._directory.set_direct(current)
        await self._api.set_account_data("m.direct", cast(Any, current))

    async def _leave_abandoned(self, room_id: str) -> None:
        """A direct chat everyone else left is of no use: leave it, and the next message opens a new one."""
        room = self._directory.rooms.get(room_id)
        if room is None or not self._directory.is_private(room_id) or self.me not in room.joined:
            return
        if set(room.members) - {self.me}:
            return
        log.info("leaving %s: everyone else left", room_id)
        try:
            await self._api.leave_room(RoomID(room_id))
        except MatrixRequestError as error:
            log.warning("could not leave %s: %s", room_id, error)
        self._directory.forget(room_id)


def _left(event: ClientEvent, me: str) -> bool:
    """Someone other than Kindling left (or declined an invitation, or was kicked or banned)."""
    if event["type"] != "m.room.member" or event.get("state_key") in (None, me):
        return False
    return event["content"].get("membership") in ("leave", "ban")


def _own_join_index(events: list[ClientEvent], me: str) -> int | None:
    for index, event in enumerate(events):
        if event["type"] == "m.room.member" and event.get("state_key") == me:
            before = event.get("unsigned", {}).get("prev_content", {}).get("membership")
            if event["content"].get("membership") == "join" and before != "join":
                return index
    return None
