"""Count Discord's 429 answers. discord.py waits and retries them itself, out of Kindling's sight; an aiohttp
trace on its HTTP session sees every answer, retried or not."""

from __future__ import annotations

import aiohttp

from bot import metrics

PLATFORM = "discord"


def rate_limit_trace() -> aiohttp.TraceConfig:
    trace = aiohttp.TraceConfig()

    async def on_request_end(
        _session: aiohttp.ClientSession, _context: object, params: aiohttp.TraceRequestEndParams
    ) -> None:
        if params.response.status == 429:
            metrics.RATE_LIMITED.labels(PLATFORM).inc()

    trace.on_request_end.append(on_request_end)
    return trace
