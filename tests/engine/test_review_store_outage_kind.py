"""The store down past the outage span, the process running, is said as the store's outage
(an SRE's review), on a real redis-server stopped and started again.

With redis-server stopped for ten minutes the timer loop beat nothing (every try refused), so
when it came back the span was recorded as every other outage: the log said "no socialops
process ran its timers", the late digest card "the bot was not running at 10:00" and the late
escalation step "while no socialops process ran", while the process ran throughout, its
``/healthz`` saying the store was unreachable (as Grafana OnCall or PagerDuty would page it).
The span is still an outage for what follows from it (the windows, the steps, the sources
nobody could poll then), said as the store's: this process tried to beat in it and the store
refused. A process that tried nothing (suspended, ``kill -STOP``) is a process not running,
as before."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core import keys as K
from bot.core.config import StoreConfig
from bot.core.errors import StoreError
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.timers import Timers
from bot.engine.uptime import Uptime
from bot.store import open_store
from tests.conftest import FakeClock
from tests.support.redis_server import OwnRedis

T0 = datetime(2026, 12, 3, 9, 10, tzinfo=UTC)
PERSIST = ("--appendonly", "yes", "--save", "")


@pytest.fixture
async def redis(tmp_path: Path, clock: FakeClock) -> AsyncIterator[tuple[OwnRedis, Store]]:
    """A real redis-server of the test's own (stopped and started by it) and a store on it."""
    own = OwnRedis(tmp_path / "redis", *PERSIST)
    clock.now = T0
    store = await open_store(StoreConfig(backend="redis"), redis_url=own.url, clock=clock)
    try:
        yield own, store
    finally:
        await store.close()
        own.stop()


async def test_redis_stopped_for_ten_minutes_is_the_stores_outage(
        redis: tuple[OwnRedis, Store], clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    server, store = redis
    up = Uptime(store, Applier(store), clock=clock)
    timers = Timers(store, clock=clock, beat=up.beat)
    await up.starting()
    await timers.fire_due()  # the beat
    server.stop()
    for _ in range(10):  # the timer loop's tries, each refused
        clock.advance(minutes=1)
        with pytest.raises(StoreError):
            await timers.fire_due()
    server.start(*PERSIST)
    with caplog.at_level(logging.INFO, logger="bot.engine.uptime"):
        await timers.fire_due()
    said = [r.getMessage() for r in caplog.records]
    assert said == ["the store could not be reached from 2026-12-03T09:10:00+00:00 to "
                    "2026-12-03T09:20:00+00:00 (this process ran, its timers held)"], said
    assert up.down_at(T0 + timedelta(minutes=5)) == "store"
    record = json.loads(await store.get_cursor(K.OUTAGES) or "[]")
    # the record as a release before reads it (spans of two items; it dropped a third item's
    # span, and rewrote the record without it): the store's kept beside it
    assert record == [[T0.timestamp(), (T0 + timedelta(minutes=10)).timestamp()]]
    assert json.loads(await store.get_cursor(K.OUTAGES_STORE) or "[]") == [T0.timestamp()]
    other = Uptime(store, Applier(store), clock=clock)  # a process starting later reads it
    clock.advance(minutes=1)
    await other.starting()
    assert other.down_at(T0 + timedelta(minutes=5)) == "store"
    assert other.outages == up.outages  # an outage still, for what follows from it


async def test_a_process_that_tried_nothing_is_not_running(
        redis: tuple[OwnRedis, Store], clock: FakeClock) -> None:
    """Suspended ten minutes (no try): the outage it always was."""
    _, store = redis
    up = Uptime(store, Applier(store), clock=clock)
    timers = Timers(store, clock=clock, beat=up.beat)
    await up.starting()
    await timers.fire_due()
    clock.advance(minutes=10)
    await timers.fire_due()
    assert up.down_at(T0 + timedelta(minutes=5)) == "down"


async def test_a_record_of_the_first_store_outage_release_is_read(
        redis: tuple[OwnRedis, Store], clock: FakeClock) -> None:
    """A span written ``[start, end, "store"]`` (the release of 2026-12-07 01:06) is still
    the store's."""
    _, store = redis
    clock.now = T0 + timedelta(minutes=11)
    end = T0 + timedelta(minutes=10)
    await store.set_cursor(K.OUTAGES, json.dumps([[T0.timestamp(), end.timestamp(), "store"]]))
    await store.set_cursor(K.ALIVE, repr(end.timestamp()))
    up = Uptime(store, Applier(store), clock=clock)
    await up.starting()
    assert up.down_at(T0 + timedelta(minutes=5)) == "store"
