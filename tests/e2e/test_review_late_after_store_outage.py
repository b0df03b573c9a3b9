"""A digest posted late after the store was down, the bot running, as a marketing lead reads
it in the channel (an SRE's review): a real redis-server stopped for ten minutes and started
again on its append-only file, the bot's timer loop trying all along, injected clock.

The card said "posted late: the bot was not running at 10:00" while the bot ran and its
``/healthz`` said Redis could not be reached; it now says the store could not be reached.
A bot that was down says it was not running, as before (``test_review_late_digest``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.errors import StoreError
from tests.conftest import FakeClock
from tests.e2e.test_review_late_digest import RULES, digests
from tests.e2e.world import CAROL, SALES, UNPACED, World, on_store
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer
from tests.support.redis_server import OwnRedis

PERSIST = ("--appendonly", "yes", "--save", "")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 12, 3, 9, 10, tzinfo=UTC))


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[OwnRedis]:
    own = OwnRedis(tmp_path / "redis", *PERSIST)
    yield own
    own.stop()


async def store_down(world: World, clock: FakeClock, *, redis: OwnRedis, beats: int) -> None:
    """The redis-server stopped for ``beats`` of the timer loop six minutes apart (each
    refused by the store), then started again with what it had written."""
    redis.stop()
    for _ in range(beats):
        clock.advance(minutes=6)
        with pytest.raises(StoreError):
            await world.a.runtime().fire_due_timers()
    redis.start(*PERSIST)


@pytest.fixture
async def hourly(tmp_path: Path, clock: FakeClock, redis: OwnRedis) -> AsyncIterator[World]:
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, rules=RULES.replace("INTERVAL", "1h"),
                  extra=UNPACED)
        on_store(tmp_path / "socialops.yaml", "redis", redis.url)
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


async def test_a_digest_late_after_the_store_was_down_says_so(
        hourly: World, clock: FakeClock, redis: OwnRedis) -> None:
    await hourly.a.start()
    await hourly.mention("acme login is down for me", n=1)
    await hourly.timers()  # its beat, 09:10
    await store_down(hourly, clock, redis=redis, beats=15)  # 09:16 to 10:40
    await hourly.timers()
    shown = digests(hourly)
    assert len(shown) == 1, shown
    assert "09:00-10:00 UTC, posted late: the store could not be reached at 10:00" in \
        shown[0], shown[0]


async def test_a_post_no_longer_kept_after_the_store_was_down_says_so(
        hourly: World, clock: FakeClock, redis: OwnRedis) -> None:
    """The store down longer than a digest's posts are kept (72 hours), the bot running:
    the card's Window said the store could not be reached, while its line and ``why`` of the
    post it no longer held said the bot was down, not running."""
    await hourly.a.start()
    gone = await hourly.mention("acme login is down for me", n=1)
    await hourly.timers()  # its beat, 09:10
    redis.stop()
    clock.advance(minutes=6)  # the timer loop tries, the store refuses
    with pytest.raises(StoreError):
        await hourly.a.runtime().fire_due_timers()
    clock.advance(hours=73)
    with pytest.raises(StoreError):
        await hourly.a.runtime().fire_due_timers()
    redis.start(*PERSIST)
    keys = redis.cli("--scan", "--pattern", f"*signal*{gone.id}*").split()
    assert keys, "the post's signal"
    for key in keys:  # Redis expires it on its own clock: gone as it would be
        redis.cli("DEL", key)
    await hourly.timers()
    shown = digests(hourly)
    assert len(shown) == 1, shown
    assert "posted late: the store could not be reached at 2026-12-03 10:00" in \
        shown[0], shown[0]
    assert "1 more of this window no longer stored" in shown[0], shown[0]
    assert "the bot was down" not in shown[0], shown[0]
    before = len(hourly.said_to(CAROL))
    assert await hourly.slash(CAROL, SALES, f"why {gone.id}") == 200
    await hourly.until(lambda: len(hourly.said_to(CAROL)) > before, "the answer to why")
    said = hourly.said_to(CAROL)[-1]
    assert "no longer stored when its digest" in said, said
    assert "the store could not be reached at 2026-12-03 10:00" in said, said
    assert "not running" not in said, said
