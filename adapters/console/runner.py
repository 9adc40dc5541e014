"""Reads the console line by line from a stream (a terminal or a pipe) until it ends or says quit."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from adapters.console.session import HELP, ConsoleSession


async def run_console(session: ConsoleSession, *, source: TextIO = sys.stdin) -> None:
    interactive = source.isatty()
    session.write("[console] Kindling console. Type help for the commands, quit to stop.")
    if interactive:
        session.write(HELP)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, source.readline)
        if not line or line.strip() in ("quit", "exit"):
            return
        await session.feed(line)
