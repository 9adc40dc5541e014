"""Time to deliver a wave of welcome DMs through a fake Discord that allows 50 requests/s globally, against
the floor that limit sets.

The real Discord adapter runs against `tests/fakes/discord_server.FakeDiscord(global_limit_per_second=50)`:
discord.py's gateway client (`adapters/discord/runtime.build_client`) receives the joins as
GUILD_MEMBER_ADD, `Kindling.handle` queues each newcomer's welcome DM and their ambassador's "please greet"
DM (three ambassadors, in turn), and one `OutboxWorker` delivers them through `DiscordPlatform`, as
`run_discord` wires it. The community has its goal before the wave, on a fresh SQLite database
(`--postgres` for PostgreSQL).

The clock starts at the first join and stops when every queued message of the wave is marked sent. The
floor is what the limit alone allows: the REST requests the wave cost (opening DM channels and posting
messages, counted from the fake's recorded requests, 429s left out) divided by 50 per second. The ratio is
the measured time over that floor; the 429s Kindling ran into are counted too.

    .venv/bin/python -m bench.welcome_wave            # a wave of 200 joins
    .venv/bin/python -m bench.welcome_wave --full     # the issue's wave of 1,000 joins
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import Sequence

import sqlalchemy as sa

from adapters.discord.platform import DiscordPlatform
from adapters.discord.runtime import PLATFORM, build_client
from bench._support import Engine, core_on, migrated_database, quiet_logs, ratio
from bot.clock import SystemClock
from bot.domain.status import GrantedVia, RoleName
from bot.events import CommandInvoked, CommunityRef, Person
from bot.kindling import Kindling
from bot.settings import Settings
from bot.storage import communities, roles
from bot.storage.database import Database
from bot.storage.models import OutboxMessage
from tests.discord.harness import GUILD_COMMANDS, settings_for
from tests.fakes.discord_server import FakeDiscord, User

LIMIT = 50
GOAL = "goal We help new referees grow. Share one match situation a week."
FIRST_NEWCOMER = 700_000_000_000_000_000


async def outbox_counts(database: Database) -> Counter[str]:
    async with database.transaction() as session:
        rows = await session.execute(
            sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
        )
        return Counter({str(status): int(count) for status, count in rows})


async def prepare(fake: FakeDiscord, kindling: Kindling, database: Database) -> None:
    """The owner sets the goal; the owner, alice and bob are the three ambassadors."""
    guild = fake.guilds[0]
    ref = CommunityRef("discord", str(guild.id), name=guild.name)
    owner = Person(str(guild.owner_id), "owner")
    await kindling.handle(CommandInvoked(ref, owner, str(guild.home_channel.id), GOAL, invoker_is_admin=True))
    async with database.transaction() as session:
        found = await communities.find(session, ref)
        assert found is not None
        for member in (m for m in guild.members if not m.user.bot):
            await roles.grant(
                session,
                community_id=found.id,
                member_id=str(member.id),
                role=RoleName.AMBASSADOR,
                via=GrantedVia.COMMAND,
                granter_member_id=owner.external_id,
                now=kindling.turns.clock.now(),
            )


async def wave(size: int, engine: Engine) -> None:
    async with (
        FakeDiscord(global_limit_per_second=LIMIT) as fake,
        fake.patch_discord_py(),
        migrated_database(engine) as database,
    ):
        clock = SystemClock()
        core = core_on(database, clock)
        kindling = core.kindling
        client = build_client(
            settings=settings_for(fake),
            intake=core.intake(),
            registry=core.registry,
            guild_ready_timeout=0.05,
        )
        worker = core.worker(Settings(), platform_name=PLATFORM, chat=DiscordPlatform(client))
        await prepare(fake, kindling, database)
        async with client:
            await client.login(fake.token)
            gateway = asyncio.create_task(client.connect(), name="bench-discord-gateway")
            stop = asyncio.Event()
            delivering = asyncio.create_task(worker.run(stop), name="bench-discord-outbox")
            try:
                await fake.wait_for_requests("PUT", GUILD_COMMANDS, 1, timeout=10)
                await asyncio.wait_for(client.wait_until_ready(), timeout=10)
                await worker.run_until_idle()  # the goal's confirmation: not part of the wave
                before = await outbox_counts(database)
                first_request = len(fake.requests)
                limited_before = fake.rate_limited_count
                expected = 2 * size
                guild_id = fake.guilds[0].id

                started = time.perf_counter()
                for number in range(size):
                    user = User(id=FIRST_NEWCOMER + number, username=f"newcomer{number}")
                    await fake.member_add(guild_id, user)
                joined = time.perf_counter() - started
                deadline = started + 60 + 10 * expected / LIMIT
                queued_after: float | None = None
                while True:
                    counts = await outbox_counts(database)
                    sent = counts["sent"] - before["sent"]
                    if queued_after is None and counts.total() - before.total() >= expected:
                        queued_after = time.perf_counter() - started
                    if sent >= expected or counts["dead"] > before["dead"]:
                        break
                    if time.perf_counter() > deadline:
                        raise SystemExit(
                            f"gave up: {sent} of {expected} messages sent, outbox {dict(counts)}"
                        )
                    await asyncio.sleep(0.05)
                seconds = time.perf_counter() - started
            finally:
                stop.set()
                await asyncio.wait_for(delivering, timeout=30)
                await client.close()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(gateway, timeout=10)

        if counts["dead"] > before["dead"]:
            raise SystemExit(f"{counts['dead'] - before['dead']} messages dead-lettered: {dict(counts)}")
        requests = fake.requests[first_request:]
        limited = fake.rate_limited_count - limited_before
        accepted = [r for r in requests if r.status != 429]
        by_route = Counter(f"{r.method} {r.route}" for r in accepted)
        floor = len(accepted) / LIMIT
        print(
            f"welcome wave: {size} joins ({'the full wave' if size >= 1000 else 'not the 1,000 of --full'}), "
            f"{engine}, fake Discord limited to {LIMIT} requests/s globally"
        )
        print(f"  messages delivered: {sent} ({size} welcome DMs + {size} ambassador DMs)")
        print(
            f"  joins dispatched over the gateway in {joined:.2f} s; all {expected} messages queued "
            f"after {queued_after if queued_after is not None else seconds:.2f} s"
        )
        print(
            f"  REST requests accepted: {len(accepted)} "
            f"({', '.join(f'{route}: {count}' for route, count in by_route.items())})"
        )
        print(f"  429s received: {limited} (of {len(requests)} requests sent)")
        print(
            f"  time to deliver: {seconds:.2f} s; floor at {LIMIT}/s: {floor:.2f} s; "
            f"ratio {ratio(seconds, floor)}"
        )
        print(
            f"  throughput: {sent / seconds:.1f} messages/s, "
            f"{len(accepted) / seconds:.1f} accepted requests/s"
        )


async def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.welcome_wave", description=__doc__)
    parser.add_argument("--full", action="store_true", help="1,000 joins instead of 200")
    parser.add_argument("--joins", type=int, default=None, help="joins in the wave (overrides --full)")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    args = parser.parse_args(argv)
    quiet_logs()
    # discord.py warns about voice support and logs every 429; the 429s are counted below instead.
    logging.getLogger("discord").setLevel(logging.ERROR)
    size = args.joins or (1_000 if args.full else 200)
    await wave(size, "postgres" if args.postgres else "sqlite")


if __name__ == "__main__":
    asyncio.run(main())
