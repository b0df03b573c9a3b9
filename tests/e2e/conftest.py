from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.world import UNPACED, World, on_store, redis_url_if, running_world
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED) as w:
        yield w


@pytest.fixture(params=["sqlite", "redis"])
async def either(request: pytest.FixtureRequest, tmp_path: Path,
                 clock: FakeClock) -> AsyncIterator[World]:
    """The e2e world on a SQLite file or on a real redis-server."""
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, extra=UNPACED)
        on_store(tmp_path / "socialops.yaml", request.param, redis_url_if(request))
        await w.start()
        try:
            yield w
        finally:
            await w.stop()
