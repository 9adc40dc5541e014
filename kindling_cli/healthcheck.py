"""`kindling healthcheck`: the Docker HEALTHCHECK. Asks this host's Kindling for /healthz (no curl needed in
a slim image); exit code 0 when it answers 200."""

from __future__ import annotations

import sys

import aiohttp

from bot.settings import Settings

TIMEOUT = 3.0
#: Listening on every interface means listening on loopback too.
_ANY = {"0.0.0.0", "::", ""}


async def healthcheck(settings: Settings) -> int:
    host = "127.0.0.1" if settings.http_host in _ANY else settings.http_host
    url = f"http://{host}:{settings.http_port}/healthz"
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as session,
            session.get(url) as response,
        ):
            healthy = response.status == 200
    except (aiohttp.ClientError, TimeoutError, OSError) as error:
        print(f"kindling: {url} did not answer: {error}", file=sys.stderr)
        return 1
    if not healthy:
        print(f"kindling: {url} answered {response.status}", file=sys.stderr)
    return 0 if healthy else 1
