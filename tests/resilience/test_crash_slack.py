"""Crash test on Slack: `kindling run` (HTTP mode) is killed with SIGKILL at random moments during a wave of
joins and started again; afterwards every newcomer has exactly one welcome DM at the fake Slack.

Delivery is modelled on Slack's Events API: each `team_join` is POSTed, signed, to Kindling's endpoint, and
POSTed again (same event id, a fresh signature, `X-Slack-Retry-Num`) as long as no HTTP 200 came back,
because the process was dead or died mid-request. Slack gives up after three retries; the test keeps trying
(bounded) so that a join is only ever missing because Kindling lost it after acknowledging it. An
acknowledged event is never sent again, as on Slack.

The organiser sets the goal first (a signed `/kindling goal ...` from a workspace admin) and names
ambassadors, so welcomes go out at once and greeting requests are spread over many DMs (Slack's pacing of
about one message per second per channel would otherwise make one organiser's DM the bottleneck).

The outbox lease is shortened to a few seconds (KINDLING_OUTBOX_LEASE_SECONDS); everything else is the
product as `kindling run` starts it.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from tests.fakes.slack_api import RESPONSE_URL_METHOD, FakeSlackApi
from tests.fakes.slack_signing import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    event_callback_payload,
    signed_headers,
    slash_command_payload,
    team_join_event,
)
from tests.resilience.support import (
    CRASH_JOINS,
    MIN_KILLS,
    START_TIMEOUT,
    Chaos,
    KindlingProcess,
    crash_database,
    eventually,
    free_port,
    http_ok,
    outbox_counts,
    slack_welcome_dms,
)

BOT_TOKEN = "xoxb-crash-test"
SIGNING_SECRET = "crash-test-signing-secret"
ADMIN = "U0ANN"
AMBASSADORS = [f"U0AMB{n:03d}" for n in range(30)]
GOAL = "We help new referees grow. Share one match situation a week."
SEED = 20240607
SENDERS = 6
#: The wave is spread over about this many seconds of process uptime, so kills land inside it.
WAVE_SECONDS = 6.0
ATTEMPT_TIMEOUT = 3.0  # Slack's own deadline for an acknowledgement
JOIN_DEADLINE = 90.0
DRAIN_TIMEOUT = 30.0


class SlackSender:
    """Delivers signed requests to Kindling's endpoint the way Slack does, retrying until acknowledged."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.attempts: Counter[str] = Counter()
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=ATTEMPT_TIMEOUT))

    async def close(self) -> None:
        await self._session.close()

    async def command(self, *, user_id: str, user_name: str, text: str, response_url: str) -> None:
        payload = slash_command_payload(
            text=text, user_id=user_id, user_name=user_name, channel_id="C0HOME", response_url=response_url
        )
        await self._deliver(user_id, urlencode(payload).encode(), FORM_CONTENT_TYPE)

    async def join(self, team_id: str, user_id: str) -> None:
        event = team_join_event(user_id, name=user_id.lower())
        body = json.dumps(event_callback_payload(team_id, event, event_id=f"Ev{user_id}")).encode()
        await self._deliver(user_id, body, JSON_CONTENT_TYPE)

    async def _deliver(self, what: str, body: bytes, content_type: str) -> None:
        deadline = time.monotonic() + JOIN_DEADLINE
        retry = 0
        while True:
            headers = signed_headers(SIGNING_SECRET, body, content_type)
            if retry:
                headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_error"}
            self.attempts[what] += 1
            try:
                async with self._session.post(self.url, data=body, headers=headers) as response:
                    await response.read()
                    if response.status == 200:
                        return
            except (aiohttp.ClientError, TimeoutError):
                pass  # refused (dead), reset (killed mid-request) or no answer in time: Slack retries
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: never acknowledged in {JOIN_DEADLINE:.0f}s")
            retry += 1
            await asyncio.sleep(0.2)


async def test_every_newcomer_gets_exactly_one_welcome_through_sigkills(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    joins = [f"U0JOIN{n:05d}" for n in range(CRASH_JOINS)]
    async with FakeSlackApi(bot_tokens=[BOT_TOKEN]) as slack, crash_database(tmp_path) as url:
        slack.set_user(ADMIN, name="ann", display_name="ann", is_admin=True)
        for n, ambassador in enumerate(AMBASSADORS):
            slack.set_user(ambassador, name=f"amb{n}", display_name=f"amb{n}")
        port = free_port()
        process = KindlingProcess(
            settings={
                "KINDLING_DATABASE_URL": url,
                "KINDLING_SLACK_BOT_TOKEN": BOT_TOKEN,
                "KINDLING_SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "KINDLING_SLACK_MODE": "http",
                "KINDLING_SLACK_API_URL": slack.base_url,
                "KINDLING_HTTP_HOST": "127.0.0.1",
                "KINDLING_HTTP_PORT": str(port),
            },
            directory=tmp_path,
        )
        sender = SlackSender(f"http://127.0.0.1:{port}/slack/events")

        async def ready() -> None:
            await eventually(
                lambda: http_ok(f"http://127.0.0.1:{port}/healthz"), timeout=START_TIMEOUT, what="healthz"
            )

        started = time.monotonic()
        await process.start()
        try:
            await ready()
            # The organiser sets the goal and names the ambassadors before anyone joins.
            texts = [f"goal {GOAL}"] + [f"ambassador add <@{a}|amb{n}>" for n, a in enumerate(AMBASSADORS)]
            for text in texts:
                await sender.command(
                    user_id=ADMIN, user_name="ann", text=text, response_url=slack.response_url()
                )
            await slack.wait_for_calls(RESPONSE_URL_METHOD, len(texts), timeout=30)

            queue: asyncio.Queue[str] = asyncio.Queue()
            for member in joins:
                queue.put_nowait(member)
            interval = WAVE_SECONDS / len(joins) * SENDERS

            async def send_joins() -> None:
                while not queue.empty():
                    member = queue.get_nowait()
                    await sender.join(slack.team_id, member)
                    await asyncio.sleep(interval)

            wave = [asyncio.create_task(send_joins()) for _ in range(SENDERS)]
            chaos = Chaos(process, rng=rng, ready=ready)
            await asyncio.wait_for(chaos.run(done=lambda: all(t.done() for t in wave)), timeout=120)
            await asyncio.gather(*wave)
            wave_done = time.monotonic()

            async def drained() -> bool:
                counts = await outbox_counts(url, "slack")
                return counts.get("pending", 0) + counts.get("sending", 0) == 0 and all(
                    slack_welcome_dms(slack, joins).values()
                )

            try:
                await eventually(drained, timeout=DRAIN_TIMEOUT, what="the outbox drained", interval=0.25)
            except AssertionError:
                lost = [m for m, keys in slack_welcome_dms(slack, joins).items() if not keys]
                raise AssertionError(
                    f"{len(lost)} newcomer(s) without a welcome, e.g. {lost[:5]}; "
                    f"outbox {await outbox_counts(url, 'slack')}\n{process.tail()}"
                ) from None
            counts = await outbox_counts(url, "slack")
        finally:
            await sender.close()
            exit_code = await process.stop()

        dms = slack_welcome_dms(slack, joins)
        duplicated = {m: keys for m, keys in dms.items() if len(keys) > 1}
        lost = [m for m, keys in dms.items() if not keys]
        print(
            f"\nslack crash test: {len(joins)} joins, {process.kills} SIGKILLs "
            f"({chaos.kills_during_wave} during the wave), {process.starts} starts, "
            f"{sum(sender.attempts.values())} deliveries of {len(sender.attempts)} requests, "
            f"wave {wave_done - started:.1f}s, drained {time.monotonic() - wave_done:.1f}s later; "
            f"outbox {counts}"
        )
        assert process.kills >= MIN_KILLS
        assert lost == [], f"{len(lost)} welcome(s) lost"
        assert duplicated == {}, f"{len(duplicated)} welcome(s) duplicated"
        assert all(len(set(keys)) == 1 and keys[0].startswith("welcome:") for keys in dms.values())
        assert counts.get("dead", 0) == 0, counts
        assert exit_code == 0
