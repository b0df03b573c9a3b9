"""When a source was last polled, as every process reads it (``record_polled``,
``SourceHealth.polled_at``), on a real store of each backend: written at most every
``POLLED_EVERY`` by one process, the bound of a stream is three of its minute beats, and a
record that is no time is read as never, said in one line and counted once."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.core.config import HealthConfig
from bot.core.effects import Effects
from bot.core.ports import Store
from bot.engine.effects import Applier
from handlers.source_health import (
    POLLED_EVERY,
    STREAM_INTERVAL,
    SourceHealth,
    Watched,
    polled_key,
    record_polled,
)
from tests.conftest import FakeClock


def health(store: Store, clock: FakeClock) -> SourceHealth:
    return SourceHealth(store, Applier(store), cfg=HealthConfig(), clock=clock,
                        sources=[Watched("brand", 5.0)], ops=None)


async def test_a_process_writes_its_polls_at_most_every_few_seconds(
        store: Store, clock: FakeClock) -> None:
    polled = health(store, clock)
    start = clock()
    last = None
    for _ in range(int(POLLED_EVERY)):  # a poll a second
        fx = Effects()
        last = record_polled(fx, "brand", clock(), last=last)
        await Applier(store).apply(fx)
        clock.advance(seconds=1)
    assert await polled.polled_at("brand") == start, "written once in POLLED_EVERY"
    fx = Effects()
    record_polled(fx, "brand", clock(), last=last)
    await Applier(store).apply(fx)
    assert await polled.polled_at("brand") == start + timedelta(seconds=POLLED_EVERY)
    clock.advance(minutes=2)
    assert await polled.poll_ages(["brand", "never"]) == {"brand": 120.0}
    assert (await polled.describe(["brand"]))["brand"] == "ok", "within max(3 x 5 s, 2 min)"
    clock.advance(seconds=1)
    assert (await polled.describe(["brand"]))["brand"].startswith("not polled since 09:00 UTC")


def test_the_bound_is_three_intervals_and_at_least_two_minutes() -> None:
    assert Watched("a", 5.0).unpolled_after == 120
    assert Watched("a", STREAM_INTERVAL).unpolled_after == 180
    assert Watched("a", 3600.0).unpolled_after == 3 * 3600


async def test_a_poll_time_that_is_no_time_is_read_as_never_and_said_once(
        store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    fx = Effects()
    fx.cursors[polled_key("brand")] = "yesterday-ish"
    await Applier(store).apply(fx)
    polled = health(store, clock)
    with caplog.at_level(logging.WARNING):
        assert await polled.poll_ages(["brand"]) == {}
        assert (await polled.describe(["brand"]))["brand"] == "ok"
    said = [r.getMessage() for r in caplog.records if "not a time" in r.getMessage()]
    assert len(said) == 1 and "'yesterday-ish'" in said[0], said
    assert polled.unreadable_records() == {"source_health": 1}
