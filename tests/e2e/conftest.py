from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.world import World
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with FakeSlack() as slack, NetServer() as masto:
        w = await World(tmp_path, clock, slack, masto).start()
        try:
            yield w
        finally:
            await w.stop()
