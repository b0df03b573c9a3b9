"""The start's outage line names digests when the only digest is a chat subscription's
(``subscribe ... digest=hourly``, stored, not in the rules file): a SQLite file or a real
redis-server, Slack through bolt, injected clock. The line with and without digests in the
rules is ``tests/chaos/test_review_outage_start_line.py``'s, on real processes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_review_missed_digest_windows import tick_until_quiet
from tests.e2e.world import DAVE, MARKETING, UNPACED, World, on_store, redis_url_if
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

RULES = """
brands:
  acme: [acme]
routes:
  - name: brand
    match: {brand: [acme]}
    channel: sales
"""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 12, 3, 9, 10, tzinfo=UTC))


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, rules=RULES, extra=UNPACED)
        on_store(tmp_path / "socialops.yaml", request.param, redis_url_if(request))
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


def outage_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.getMessage().startswith("no socialops process ran its timers from")]


async def test_a_digest_subscription_is_a_digest_the_outage_line_names(
        world: World, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.engine.uptime")
    await world.a.start()
    await tick_until_quiet(world)  # the beat
    await world.stop()
    clock.advance(hours=2)
    await world.start()
    await world.a.start()
    assert [line.split("+00:00", 2)[2] for line in outage_lines(caplog)] == [""], \
        outage_lines(caplog)  # no digest: nothing more said
    assert (await ask(world, DAVE, MARKETING, "subscribe acme digest=hourly")).startswith(
        "S-1 created")
    await tick_until_quiet(world)
    await world.stop()
    clock.advance(hours=2)
    await world.start()
    await world.a.start()
    assert outage_lines(caplog)[1].endswith(
        "+00:00: digest windows that ended then are posted late, each its own card"), \
        outage_lines(caplog)
