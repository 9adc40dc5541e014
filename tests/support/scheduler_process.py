"""A scheduler replica as its own process, for the test that two of them never post a slot twice.

python -m tests.support.scheduler_process DATABASE_URL ISO_MOMENT OWNER ROUNDS
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime, timedelta

from bot.clock import ManualClock
from bot.storage.database import Database
from tests.support.core import test_core


async def main(url: str, moment: str, _name: str, rounds: int) -> None:
    database = Database(url)
    clock = ManualClock(datetime.fromisoformat(moment))
    due_work = test_core(database, clock).due_work  # claims are signed with this process's host and pid
    try:
        for _ in range(rounds):
            await due_work.run_due()
            clock.advance(timedelta(seconds=20))
    finally:
        await database.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
