"""Joining a living community: who is already here when Kindling is set up is noted as existing, so they are
not welcomed, and the pulse, `newcomers` and the ambassador suggestions do not count them as new.

Set-up asks (`request`); the worker of the community's platform (`MemberSyncWorker`, run by the composition
root beside the outbox worker, where the platform can be asked) lists the members and notes them page by
page, each page in a transaction of its own, so a large community never holds a long transaction. The
request is a row with a lease: one replica takes it, and after a crash another takes it over and starts
again (noting a member twice changes nothing). Whoever asked hears when it is done, and in a large
community how far it got. `kindling members sync` runs the same from the command line (`note_members`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

from bot.clock import Clock
from bot.feature import Invocation
from bot.i18n import Text
from bot.messages import Direct, Message
from bot.port import ListedMember, ListingError, ListsMembers
from bot.signals import Wakeup
from bot.storage import member_syncs, members
from bot.storage.member_syncs import Claimed
from bot.turn import Turns

log = logging.getLogger(__name__)

#: Members noted per transaction.
PAGE = 500
#: How long a worker's claim on a request lasts without news (renewed with every page).
LEASE = timedelta(minutes=2)
#: From this many members on, whoever asked hears how far it got: once at this count, then every
#: `PROGRESS_EVERY` (a community of 50,000 gets six such messages).
LARGE = 1000
PROGRESS_EVERY = 10_000
#: Attempts before giving up (a missing scope or intent will not fix itself); retried after 30 s, 1 min, ...
MAX_ATTEMPTS = 5
RETRY_BASE = timedelta(seconds=30)

#: Called after each page with how many members were seen and noted so far; False stops the listing.
OnPage = Callable[[int, int], Awaitable[bool]]


async def request(asker: Invocation) -> bool:
    """Set-up's part: ask for the members already here to be noted; False where the platform cannot list
    them (the console)."""
    turn = asker.turn
    if not turn.capabilities.member_lists:
        return False
    await member_syncs.request(
        turn.session, community_id=turn.community.id, member_id=asker.member_id, now=turn.now
    )
    return True


async def note_members(
    *,
    turns: Turns,
    community_id: int,
    listed: AsyncIterator[ListedMember],
    on_page: OnPage | None = None,
    page: int = PAGE,
) -> int:
    """Note every listed member as here before Kindling (see `bot.storage.members.record_existing`);
    returns how many humans were noted."""
    seen = noted = 0
    batch: list[ListedMember] = []

    async def flush() -> bool:
        nonlocal noted, batch
        async with turns.of_community(community_id) as turn:
            if turn is None:
                return False  # the community went
            noted += await members.record_existing(
                turn.session, community_id=community_id, listed=batch, arrived=turn.community.created_at
            )
        batch = []
        return on_page is None or await on_page(seen, noted)

    async for entry in listed:
        batch.append(entry)
        seen += 1
        if len(batch) >= page and not await flush():
            return noted
    if batch or seen == 0:
        await flush()
    return noted


def progress_mark(noted: int, *, large: int = LARGE, every: int = PROGRESS_EVERY) -> int | None:
    """The last progress milestone `noted` reached (`large`, then every `every`), or None."""
    if noted < large:
        return None
    return max(large, noted // every * every)


class MemberSyncWorker:
    """Takes the requests of communities on one platform and notes their members through `lister`."""

    def __init__(
        self,
        *,
        turns: Turns,
        platform_name: str,
        lister: ListsMembers,
        clock: Clock,
        wakeup: Wakeup,
        lease: timedelta = LEASE,
        poll_interval: float = 30.0,
        page: int = PAGE,
        large: int = LARGE,
        progress_every: int = PROGRESS_EVERY,
    ) -> None:
        self.turns = turns
        self.platform_name = platform_name
        self.lister = lister
        self.clock = clock
        self.lease = lease
        self.poll_interval = poll_interval
        self.page = page
        self.large = large
        self.progress_every = progress_every
        self._wake = wakeup.listener()

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop`: take the next request, else wait for something to be queued (set-up's answer is)
        or the next poll."""
        while not stop.is_set():
            try:
                took = await self.sync_next()
            except Exception:
                log.exception("noting a community's members failed; trying again after a pause")
                took = False
            if took:
                continue
            self._wake.clear()
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            _, pending = await asyncio.wait(
                waiters, timeout=self.poll_interval, return_when=asyncio.FIRST_COMPLETED
            )
            for waiter in pending:
                waiter.cancel()

    async def run_until_idle(self, *, limit: int = 100) -> None:
        """Take requests until none is open (tests, the console)."""
        for _ in range(limit):
            if not await self.sync_next():
                return

    async def sync_next(self) -> bool:
        database = self.turns.database
        async with database.transaction() as session:
            claimed = await member_syncs.claim_next(
                session,
                platform=self.platform_name,
                now=self.clock.now(),
                lease=self.lease,
                skip_locked=not database.is_sqlite,
            )
        if claimed is None:
            return False
        await self._sync(claimed)
        return True

    async def _sync(self, claimed: Claimed) -> None:
        async def on_page(_seen: int, noted: int) -> bool:
            async with self.turns.of_community(claimed.community_id) as turn:
                if turn is None:
                    return False
                current = await member_syncs.progress(
                    turn.session,
                    sync_id=claimed.sync_id,
                    requested_at=claimed.requested_at,
                    recorded=noted,
                    leased_until=turn.now + self.lease,
                )
                mark = progress_mark(noted, large=self.large, every=self.progress_every)
                if current and mark is not None and claimed.requested_by_member_id is not None:
                    await turn.send(
                        key=f"{_key(claimed)}:progress:{mark}",
                        to=Direct(claimed.requested_by_member_id),
                        message=Message(
                            turn.text(Text.MEMBERS_SYNC_PROGRESS, count=_grouped(turn.language, noted))
                        ),
                    )
                return current

        try:
            noted = await note_members(
                turns=self.turns,
                community_id=claimed.community_id,
                listed=self.lister.members(community_id=claimed.external_id, channel_id=claimed.channel_id),
                on_page=on_page,
                page=self.page,
            )
        except ListingError as error:
            await self._failed(claimed, str(error)[:300])
            return
        except Exception as error:  # an adapter bug or a dropped connection: the same retries
            await self._failed(claimed, f"{type(error).__name__}: {error}"[:300])
            return
        async with self.turns.of_community(claimed.community_id) as turn:
            if turn is None:
                return
            done = await member_syncs.finish(
                turn.session,
                sync_id=claimed.sync_id,
                requested_at=claimed.requested_at,
                now=turn.now,
                recorded=noted,
            )
            if done and claimed.requested_by_member_id is not None:
                await turn.send(
                    key=f"{_key(claimed)}:done",
                    to=Direct(claimed.requested_by_member_id),
                    message=Message(
                        turn.plural(Text.MEMBERS_SYNC_DONE, noted, count=_grouped(turn.language, noted))
                    ),
                )
        log.info("noted %s members already in community %s", noted, claimed.community_id)

    async def _failed(self, claimed: Claimed, error: str) -> None:
        log.warning(
            "could not list the members of community %s (attempt %s): %s",
            claimed.community_id,
            claimed.attempts,
            error,
        )
        async with self.turns.of_community(claimed.community_id) as turn:
            if turn is None:
                return
            if claimed.attempts < MAX_ATTEMPTS:
                retry_at = turn.now + RETRY_BASE * (1 << (claimed.attempts - 1))
                await member_syncs.failed(
                    turn.session,
                    sync_id=claimed.sync_id,
                    requested_at=claimed.requested_at,
                    error=error,
                    retry_at=retry_at,
                )
                return
            gave_up = await member_syncs.finish(
                turn.session,
                sync_id=claimed.sync_id,
                requested_at=claimed.requested_at,
                now=turn.now,
                recorded=0,
                error=error,
            )
            if gave_up and claimed.requested_by_member_id is not None:
                await turn.send(
                    key=f"{_key(claimed)}:failed",
                    to=Direct(claimed.requested_by_member_id),
                    message=Message(turn.text(Text.MEMBERS_SYNC_FAILED, error=error[:120])),
                )


def _grouped(language: str, number: int) -> str:
    """1,200 in English, 1.200 in Dutch."""
    return f"{number:,}".replace(",", "." if language == "nl" else ",")


def _key(claimed: Claimed) -> str:
    """Outbox keys of one request's messages: a request made again (set-up run again) gets new ones."""
    return f"member-sync:{claimed.community_id}:{int(claimed.requested_at.timestamp())}"
