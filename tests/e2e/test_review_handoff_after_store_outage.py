"""An on-call handoff said late after the store was down, the bot running (a senior review of
3dd820ba): a real redis-server stopped across the handoff and started again on its
append-only file, the timer loop trying all along, injected clock, Slack's Web API local.

3dd820ba said such an outage as the store's in the log, a late digest's card and a late
step's notice, but the handoff's notice still said "socialops was not running then" while
the bot ran and its ``/healthz`` said Redis could not be reached. A bot that was down says it
was not running, as before (``test_oncall_handoffs``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_oncall_handoffs import SCHEDULES, said
from tests.e2e.test_review_late_after_store_outage import redis, store_down
from tests.e2e.world import UNPACED, World, running_world
from tests.support.redis_server import OwnRedis

__all__ = ["redis"]  # the fixture, used here


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock, redis: OwnRedis) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED + SCHEDULES, store="redis",
                             redis_url=redis.url, armed=True) as w:
        yield w


async def test_a_handoff_late_after_the_store_was_down_says_so(
        world: World, clock: FakeClock, redis: OwnRedis) -> None:
    await world.timers()  # its beat, 09:00 UTC
    await store_down(world, clock, redis=redis, beats=10)  # 09:06 to 10:00
    await world.timers()
    await world.timers()
    [notice] = said(world)
    assert "On call in primary: bob" in notice, notice
    assert ("The handoff was at Mon 2026-11-23 10:30 CET; the store could not be reached "
            "then") in notice, notice
    assert "not running" not in notice, notice
