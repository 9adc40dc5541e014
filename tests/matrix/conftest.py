"""Fixtures for the Matrix adapter's tests: one real Synapse for the session, stopped at its end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.matrix.synapse import Synapse, installed


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    server = Synapse(tmp_path_factory.mktemp("synapse"), installed())
    try:
        server.start()
    except (RuntimeError, OSError) as error:
        server.stop()
        pytest.fail(f"Synapse did not start: {error}")
    print(f"\nsynapse: started on {server.url} in {server.start_seconds:.1f}s")
    yield server
    server.stop()
