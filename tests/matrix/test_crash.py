"""Crash test on Matrix: `kindling run` is killed with SIGKILL at random moments while 50 members join the
home room of a real Synapse, and started again; afterwards every newcomer has exactly one direct chat with
Kindling holding exactly one welcome, and the greeter exactly one request per newcomer.

Unlike the Discord gateway, Synapse keeps every join: a restarted Kindling catches up from the sync position
it stored (in its account data) after the last batch it fully handled, so the test need not replay anything.
What it proves is the adapter's side: joins handled at least once and welcomed once (the core), one direct
chat per newcomer across kills (found again by its state event), and one message per outbox key (the
transaction id derived from it).

Kindling's account is made as an operator makes it: `register_new_matrix_user`, then a password login for
the access token.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import time
from collections import Counter
from pathlib import Path

import aiohttp
import pytest
import sqlalchemy as sa

from adapters.matrix.payloads import BUTTONS_FIELD, DIRECT_STATE, KEY_FIELD
from bot.storage.database import Database
from bot.storage.models import Community, OutboxMessage
from tests.matrix.client import Person
from tests.matrix.synapse import Synapse
from tests.resilience.support import Chaos, KindlingProcess, crash_database, eventually, outbox_counts

JOINS = 50
MIN_KILLS = 10
SEED = 20261126
#: Long enough that the kills (a restart takes 2 to 4 s: imports, the schema check, a full-state sync) fall
#: while members are still joining, and the deliveries the joins cause are under way.
WAVE_SECONDS = 30.0
START_TIMEOUT = 30.0
DRAIN_TIMEOUT = 90.0
GOAL = "We help new referees grow. Share one match situation a week."


async def _goal_saved(url: str) -> bool:
    database = Database(url)
    try:
        async with database.transaction() as session:
            goal = await session.scalar(sa.select(Community.goal).where(Community.platform == "matrix"))
            return goal == GOAL
    finally:
        await database.close()


async def _retried(url: str) -> int:
    """Outbox rows that needed more than one attempt: sends a kill interrupted."""
    database = Database(url)
    try:
        async with database.transaction() as session:
            found = await session.scalar(
                sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.attempts > 1)
            )
            return int(found or 0)
    finally:
        await database.close()


async def _kindling_messages(person: Person, bot: str) -> dict[str, list[dict[str, object]]]:
    """Per room Kindling invited `person` to: Kindling's messages there (the person joins to read them)."""
    answer = await person.sync()
    invited = [
        room_id
        for room_id, room in answer.get("rooms", {}).get("invite", {}).items()
        if any(e.get("sender") == bot for e in room.get("invite_state", {}).get("events", []))
    ]
    joined = [
        room_id
        for room_id, room in answer.get("rooms", {}).get("join", {}).items()
        if any(e["type"] == DIRECT_STATE for e in room.get("state", {}).get("events", []))
        or any(e["type"] == DIRECT_STATE for e in room.get("timeline", {}).get("events", []))
    ]
    found: dict[str, list[dict[str, object]]] = {}
    for room_id in invited:
        await person.join(room_id)
    for room_id in [*invited, *joined]:
        page = await person.call(
            "GET",
            f"/rooms/{room_id}/messages",
            query={"dir": "b", "limit": "200", "filter": f'{{"senders":["{bot}"]}}'},
        )
        found[room_id] = [
            e["content"]
            for e in page["chunk"]
            if e["type"] == "m.room.message" and e["content"].get("msgtype") == "m.text"
        ]
    return found


@pytest.mark.timeout(300)  # the wave is 30 s and each kill costs a restart; the waits inside are bounded
async def test_every_newcomer_gets_exactly_one_welcome_through_sigkills(
    synapse: Synapse, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    name = f"kindling-{secrets.token_hex(3)}"
    password = secrets.token_hex(12)
    synapse.register_with_script(name, password)
    bot = synapse.login(name, password)
    async with aiohttp.ClientSession() as session, crash_database(tmp_path) as url:
        owner = Person(session, synapse.url, synapse.register(f"owner-{secrets.token_hex(3)}"))
        home = await owner.create_room("home")
        await owner.invite(home, bot.user_id)
        newcomers = [
            Person(session, synapse.url, synapse.register(f"newcomer{n}-{secrets.token_hex(2)}"))
            for n in range(JOINS)
        ]
        process = KindlingProcess(
            settings={
                "KINDLING_DATABASE_URL": url,
                "KINDLING_MATRIX_HOMESERVER": synapse.url,
                "KINDLING_MATRIX_USER_ID": bot.user_id,
                "KINDLING_MATRIX_ACCESS_TOKEN": bot.access_token,
            },
            directory=tmp_path,
        )

        async def ready() -> None:
            async def serving() -> bool:
                log = process.log_paths[-1]
                return log.is_file() and "matrix: " in log.read_text(errors="replace")

            await eventually(serving, timeout=START_TIMEOUT, what=f"start #{process.starts}")

        joined: list[Person] = []

        async def wave() -> None:
            for person in newcomers:
                await person.join(home)
                joined.append(person)
                await asyncio.sleep(WAVE_SECONDS / JOINS)

        started = time.monotonic()
        await process.start()
        try:
            await ready()

            async def kindling_joined() -> bool:
                state = await owner.state(home, "m.room.member", bot.user_id)
                return state.get("membership") == "join"

            await eventually(kindling_joined, timeout=START_TIMEOUT, what="Kindling accepted the invite")
            await owner.say(home, "!kindling setup")
            await owner.say(home, f"!kindling goal {GOAL}")
            await eventually(lambda: _goal_saved(url), timeout=START_TIMEOUT, what="the goal is saved")

            async def drained() -> bool:
                counts = await outbox_counts(url, "matrix")
                return counts.get("pending", 0) + counts.get("sending", 0) == 0 and counts.get("sent", 0) > 0

            # Kills go on while members join (each welcome makes a direct chat, sends, and asks the greeter,
            # so deliveries are under way too), at least MIN_KILLS times; the last process drains the rest.
            joining = asyncio.create_task(wave())
            chaos = Chaos(process, rng=rng, ready=ready, min_kills=MIN_KILLS, uptime=(0.3, 2.0))
            await asyncio.wait_for(chaos.run(done=joining.done), timeout=180)
            await joining
            wave_done = time.monotonic()

            try:
                await eventually(drained, timeout=DRAIN_TIMEOUT, what="the outbox drained", interval=0.5)
            except AssertionError:
                raise AssertionError(
                    f"outbox {await outbox_counts(url, 'matrix')}\n{process.tail()}"
                ) from None
            drained_at = time.monotonic()
            counts = await outbox_counts(url, "matrix")
            retried = await _retried(url)
        finally:
            exit_code = await process.stop()

        per_newcomer = {p.user_id: await _kindling_messages(p, bot.user_id) for p in newcomers}
        owner_rooms = await _kindling_messages(owner, bot.user_id)

    print(
        f"\nmatrix crash test: {JOINS} joins, {process.kills} SIGKILLs ({chaos.kills_during_wave} during "
        f"the joins), {process.starts} starts, wave {wave_done - started:.1f}s, drained "
        f"{drained_at - wave_done:.1f}s later; outbox {counts}, {retried} needed more than one attempt"
    )
    assert process.kills >= MIN_KILLS
    rooms_per_newcomer = {u: len(rooms) for u, rooms in per_newcomer.items()}
    assert {u: n for u, n in rooms_per_newcomer.items() if n != 1} == {}, "one direct chat each"
    welcomes = {u: [m for msgs in rooms.values() for m in msgs] for u, rooms in per_newcomer.items()}
    assert [u for u, found in welcomes.items() if not found] == [], "welcomes lost"
    assert {u: len(found) for u, found in welcomes.items() if len(found) > 1} == {}, "welcomes duplicated"
    assert all(GOAL in str(found[0].get("body")) for found in welcomes.values())
    greetings = [m for msgs in owner_rooms.values() for m in msgs if m.get(BUTTONS_FIELD)]
    keys = Counter(str(m.get(KEY_FIELD)) for m in greetings)
    assert len(keys) == JOINS and set(keys.values()) == {1}, "one greet request per newcomer"
    assert counts.get("dead", 0) == 0, counts
    assert exit_code == 0
