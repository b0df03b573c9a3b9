"""When a source was last polled, as every process reads it (``record_polled``,
``SourceHealth.polled_at``), on a real store of each backend: written at most every
``POLLED_EVERY`` by one process, the bound of a stream is three of its minute beats, and a
record that is no time is read as never, said in one line and counted once. The ``health``
timer of another process says in the ops channel once that no process polls a source, and
once that one polls it again: never a notice a minute."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.core import keys as K
from bot.core.config import HealthConfig
from bot.core.effects import Effects
from bot.core.models import ChannelRef
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.timers import Timers
from handlers.source_health import (
    POLLED_EVERY,
    STREAM_INTERVAL,
    Polled,
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
    assert await polled.polled_at("brand") == Polled(start), "written once in POLLED_EVERY"
    fx = Effects()
    record_polled(fx, "brand", clock(), last=last)
    await Applier(store).apply(fx)
    assert await polled.polled_at("brand") == Polled(start + timedelta(seconds=POLLED_EVERY))
    clock.advance(minutes=2)
    assert await polled.poll_ages(["brand", "never"]) == {"brand": 120.0}
    assert (await polled.describe(["brand"]))["brand"] == "ok", "within max(3 x 5 s, 2 min)"
    clock.advance(seconds=1)
    assert (await polled.describe(["brand"]))["brand"].startswith("not polled since 09:00 UTC")


async def test_a_wait_the_poller_announced_is_not_taken_for_no_process_polling(
        store: Store, clock: FakeClock) -> None:
    """A rate limit's wait (X: 15 minutes), a failure's backoff, a refused credential's pause:
    the process that polls it waits, as it said; past that wait and the bound, none polls."""
    fx = Effects()
    assert record_polled(fx, "brand", clock(), last=clock(), waits=900.0) is None, (
        "a wait is written, and the poll after it too")
    await Applier(store).apply(fx)
    polled = health(store, clock)
    clock.advance(seconds=900 + 120)
    assert (await polled.describe(["brand"]))["brand"] == "ok"
    assert await polled.poll_ages(["brand"]) == {"brand": 1020.0}
    clock.advance(seconds=1)
    assert (await polled.describe(["brand"]))["brand"].startswith(
        "not polled since 09:00 UTC (17 min): no process polls it")


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
    said = [r.getMessage() for r in caplog.records if "not what a poll" in r.getMessage()]
    assert len(said) == 1 and "'yesterday-ish'" in said[0], said
    assert polled.unreadable_records() == {"source_health": 1}


async def test_another_process_says_once_that_none_polls_it_and_once_that_one_does_again(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    poller, checker = two_stores

    async def poll() -> None:
        fx = Effects()
        record_polled(fx, "brand", clock(), last=None)
        await Applier(poller).apply(fx)

    health = SourceHealth(checker, Applier(checker), cfg=HealthConfig(), clock=clock,
                          sources=[Watched("brand", 5.0)],
                          ops=ChannelRef(workspace="console", channel="ops"))
    timers = Timers(checker, clock=clock)
    timers.register(K.SOURCE_HEALTH, health.check)
    fx = Effects()
    health.arm(fx)
    await Applier(checker).apply(fx)

    async def notices() -> list[str]:
        items = await checker.list_outbox(status="pending", limit=1000)
        return [f"{i.card.title}: {i.card.text}" for i in items]

    await poll()
    stopped = clock()
    for _ in range(2):  # polled within the bound (2 min): nothing said
        assert await timers.fire_due() == 1
        clock.advance(minutes=1)
    assert await notices() == []
    for _ in range(10):  # checked every minute with none polling: said once
        assert await timers.fire_due() == 1
        clock.advance(minutes=1)
    said = await notices()
    assert said == [f"Source brand is not polled: No process has polled it since "
                    f"{stopped:%Y-%m-%d %H:%M} UTC (3 min), though it is polled every 5 s: the "
                    "process that polls it stopped or was never started; is a worker running? "
                    "Its posts wait at the network until one polls it."], said
    await poll()  # a worker polls it again
    again = clock()
    for _ in range(5):
        assert await timers.fire_due() == 1
        clock.advance(minutes=1)
        await poll()
    said = await notices()
    assert said[1:] == [f"Source brand is polled again: Polled at {again:%Y-%m-%d %H:%M} UTC, "
                        "after 12 min without a poll."], said
