"""Starting Kindling on Matrix: `kindling run` picks the adapter from its settings; bad settings are named,
a token of another account is refused, and a stop ends the adapter cleanly."""

from __future__ import annotations

import asyncio
import re
import secrets

import aiohttp
import pytest
from pydantic import SecretStr

from adapters.matrix.runtime import MatrixAdapter, credentials
from bot.clock import ManualClock
from bot.intake import Intake
from bot.settings import Settings, SettingsError
from bot.storage.database import Database
from kindling_cli.wiring import adapter_factories, serve
from tests.matrix.client import Person
from tests.matrix.harness import settings_for
from tests.matrix.synapse import Account, Synapse
from tests.resilience.support import eventually
from tests.support.core import test_core


def test_kindling_run_starts_matrix_when_its_token_is_set() -> None:
    assert "matrix" not in adapter_factories(Settings(_env_file=None))
    configured = Settings(
        _env_file=None,
        matrix_homeserver="https://matrix.example.org",
        matrix_user_id="@kindling:example.org",
        matrix_access_token=SecretStr("syt_secret"),
    )
    assert configured.matrix_configured
    assert list(adapter_factories(configured)) == ["matrix"]


def test_missing_matrix_settings_are_named() -> None:
    half = Settings(_env_file=None, matrix_access_token=SecretStr("syt_secret"))
    with pytest.raises(SettingsError, match="KINDLING_MATRIX_HOMESERVER, KINDLING_MATRIX_USER_ID: required"):
        credentials(half)


async def test_a_token_of_another_account_is_refused(synapse: Synapse, database: Database) -> None:
    account = synapse.register(f"someone-else-{secrets.token_hex(3)}")
    settings = Settings(
        _env_file=None,
        matrix_homeserver=synapse.url,
        matrix_user_id="@kindling:kindling.test",
        matrix_access_token=SecretStr(account.access_token),
    )
    adapter = MatrixAdapter(settings=settings, intake=Intake(handle=_unused))
    with pytest.raises(SettingsError, match=re.escape(f"belongs to {account.user_id}")):
        await adapter.run(asyncio.Event())
    assert not adapter.ready.is_set()
    assert adapter.session.closed


async def test_serve_runs_the_adapter_and_its_outbox_until_stopped(
    synapse: Synapse, database: Database, clock: ManualClock
) -> None:
    """The composition root's path: the adapter is built from the settings, its worker starts once it is
    ready, and a stop ends both."""
    bot = synapse.register(f"kindling-{secrets.token_hex(3)}")
    settings = settings_for(synapse, bot)
    core = test_core(database, clock)
    stop = asyncio.Event()
    serving = asyncio.create_task(serve(settings, core=core, stop=stop))
    try:
        await eventually(lambda: _synced(synapse, bot), timeout=15, what="the first sync is stored")
    finally:
        stop.set()
        await asyncio.wait_for(serving, timeout=15)
    assert serving.exception() is None


async def _synced(synapse: Synapse, bot: Account) -> bool:
    """Kindling stored a sync position: its first sync is in, so it is ready."""
    async with aiohttp.ClientSession() as session:
        return await Person(session, synapse.url, bot).account_data("org.kindling.sync") is not None


async def _unused(_: object) -> None:
    raise AssertionError("no event is handled here")
