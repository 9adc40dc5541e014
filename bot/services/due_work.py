"""Due work: everything scheduled that has come due, found from Kindling's own tables.

The scheduler (APScheduler in `scheduling/`, or the console's `time +3d`) only says *when* to look; what is
due, and the claim that makes each slot run once, live here. Each schedule runs in its own transaction, so
one community's failure never holds up another's.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.services import appreciation, coffee, column, meetups, nudges, patience, polls, pulse, tips
from bot.services.turn import Turn
from bot.storage import members as member_rows
from bot.storage import outbox, schedules
from bot.storage.database import Database
from bot.storage.models import Community

log = logging.getLogger(__name__)


def process_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


class DueWork:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        grace: timedelta = timedelta(hours=6),
        owner: str | None = None,
        on_queued: Callable[[], None] | None = None,
        on_schedules_changed: Callable[[int], None] | None = None,
    ) -> None:
        self.database = database
        self.clock = clock
        self.grace = grace
        self.owner = owner or process_identity()
        self._on_queued = on_queued or (lambda: None)
        self.on_schedules_changed = on_schedules_changed or (lambda _community_id: None)

    async def run_due(self, *, community_id: int | None = None) -> int:
        """Run what is due now (for one community, or all); returns how many schedules were looked at."""
        now = self.clock.now()
        async with self.database.transaction() as session:
            candidates = await schedules.due_before(
                session, moment=now + column.ASK_AHEAD, community_id=community_id, lock=False
            )
            ids = [schedule.id for schedule in candidates]
        for schedule_id in ids:
            try:
                await self._run_schedule(schedule_id)
            except Exception:
                log.exception(
                    "scheduled work for schedule %s failed; it is retried on the next tick", schedule_id
                )
        if community_id is None:
            await self._run_nudges(now)
            await self._run_polls_and_patience(now)
            await self._run_pulses(now)
        return len(ids)

    async def _run_pulses(self, now: datetime) -> None:
        async with self.database.transaction() as session:
            due = await pulse.due_pulses(session, now=now, grace=self.grace)
        for community_id, slot in due:
            await self._in_turn(community_id, now, "the weekly pulse", pulse.send_weekly, slot=slot)

    async def _run_polls_and_patience(self, now: datetime) -> None:
        async with self.database.transaction() as session:
            closing = await polls.due_to_close(session, now=now)
            quiet = await patience.due(session, now=now)
            checkins = await coffee.checkins_due(session, now=now)
            meetup_stages = await meetups.due(session, now=now)
            digests = await tips.due_digests(session, now=now, grace=self.grace)
        for community_id in digests:
            await self._in_turn(community_id, now, "the monthly tips digest", tips.post_digest)
        for community_id, meetup_id in meetup_stages:
            await self._in_turn(
                community_id, now, "a meetup's agenda or reminder", meetups.run_stages, meetup_id=meetup_id
            )
        for community_id, round_id in checkins:
            await self._in_turn(
                community_id, now, "coffee check-ins", coffee.send_checkins, round_id=round_id
            )
        for community_id, poll_id in closing:
            await self._in_turn(community_id, now, "closing a poll", polls.close, poll_id=poll_id)
        for community_id, watched_id in quiet:
            await self._in_turn(
                community_id, now, "a patience check", patience.check, watched_id=watched_id, grace=self.grace
            )

    async def _in_turn(
        self,
        community_id: int,
        now: datetime,
        what: str,
        work: Callable[..., Awaitable[None]],
        **arguments: Any,
    ) -> None:
        """Run one piece of due work for one community in its own transaction; a failure is logged and
        retried on the next tick, never allowed to hold up the rest."""
        try:
            async with self.database.transaction() as session:
                community = await session.get(Community, community_id)
                if community is None:
                    return
                turn = Turn(session=session, community=community, now=now, owner=self.owner)
                await work(turn=turn, **arguments)
        except Exception:
            log.exception("%s failed; it is retried on the next tick", what)
            return
        if turn.queued:
            self._on_queued()

    async def _run_nudges(self, now: datetime) -> None:
        for nudge in nudges.NUDGES:
            async with self.database.transaction() as session:
                due = await nudges.due_members(session, nudge=nudge, now=now, grace=self.grace)
            for community_id, member_id, moment in due:
                try:
                    await self._nudge(community_id, member_id, nudge, moment, now)
                except Exception:
                    log.exception("nudge %s for a member failed; it is retried on the next tick", nudge.kind)

    async def _nudge(
        self, community_id: int, member_id: str, nudge: nudges.Nudge, moment: datetime, now: datetime
    ) -> None:
        async with self.database.transaction() as session:
            community = await session.get(Community, community_id)
            member = await member_rows.find(session, community_id=community_id, external_id=member_id)
            if community is None or member is None:
                return
            turn = Turn(session=session, community=community, now=now, owner=self.owner)
            await nudges.send_nudge(turn=turn, nudge=nudge, member=member, due=moment)
        if turn.queued:
            self._on_queued()

    async def next_due_after(self, moment: datetime) -> datetime | None:
        """When any due work next comes due: a slot or an ask, a nudge, a poll closing, a patience check, or
        a message held by quiet hours. The console jumps from one to the next instead of ticking."""
        async with self.database.transaction() as session:
            candidates = [
                await schedules.next_moment_after(session, moment=moment, ask_ahead=column.ASK_AHEAD),
                await nudges.next_moment_after(session, moment=moment),
                await polls.next_close_after(session, moment=moment),
                await patience.next_check_after(session, moment=moment),
                await outbox.next_attempt_after(session, moment=moment),
                await coffee.next_checkin_after(session, moment=moment),
                await pulse.next_pulse_after(session, moment=moment),
                await meetups.next_stage_after(session, moment=moment),
                await tips.next_digest_after(session, moment=moment),
            ]
        found = [candidate for candidate in candidates if candidate is not None]
        return min(found) if found else None

    async def _run_schedule(self, schedule_id: int) -> None:
        now = self.clock.now()
        async with self.database.transaction() as session:
            found = await schedules.by_ids(session, ids=[schedule_id], lock=not self.database.is_sqlite)
            if not found:
                return  # another replica holds it right now; its claim covers the slot
            schedule = found[0]
            community = await session.get(Community, schedule.community_id)
            if community is None:
                return
            turn = Turn(session=session, community=community, now=now, owner=self.owner)
            if schedule.kind == coffee.KIND:
                await coffee.run_schedule(turn=turn, schedule=schedule, grace=self.grace)
            elif schedule.kind == appreciation.KIND:
                await appreciation.run_schedule(turn=turn, schedule=schedule, grace=self.grace)
            else:
                await column.run_schedule(turn=turn, schedule=schedule, grace=self.grace)
        if turn.queued:
            self._on_queued()
        if turn.schedules_changed:
            self.on_schedules_changed(community.id)
