"""The order the outbox claims waiting cards in, on a SQLite file and a real redis-server: the
oldest first, in one channel and across channels, whichever of two processes claims, so a
backlog after an outage goes out in the order its mentions came and no channel waits behind
newer cards of others."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.config import StoreConfig
from bot.core.effects import Effects
from bot.core.models import MessageRef
from bot.core.ports import Store
from bot.store import open_store
from bot.store.redis import RedisStore
from bot.store.sqlite import SqliteStore
from tests.conftest import FakeClock
from tests.store.test_contract import item


@pytest.fixture
async def other(store: Store, request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[Store]:
    """A second process's store on the same SQLite file or redis-server as ``store``."""
    if isinstance(store, SqliteStore):
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")), None
    else:
        cfg, url = StoreConfig(backend="redis"), request.getfixturevalue("redis_url")
    opened = await open_store(cfg, redis_url=url, clock=clock)
    yield opened
    await opened.close()


@pytest.fixture
async def redis_store(redis_url: str, clock: FakeClock) -> AsyncIterator[RedisStore]:
    """A real redis-server's store alone, for what only Redis has (its indexes, its commands
    counted): such a test runs once, not skipped on SQLite."""
    opened = await open_store(StoreConfig(backend="redis"), redis_url=redis_url, clock=clock)
    assert isinstance(opened, RedisStore)
    yield opened
    await opened.close()


async def queue(store: Store, keys: list[tuple[str, str]], clock: FakeClock) -> None:
    """Each (key, channel) queued a second after the one before, in its own write, as mentions
    coming one after another."""
    for key, channel in keys:
        fx = Effects()
        fx.outbox.append(item(key, channel, clock))
        assert await store.apply(fx)
        clock.advance(seconds=1)


async def drain(stores: list[Store], clock: FakeClock, *, limit: int,
                chain: int) -> list[str]:
    """Claims in turn by each store (two processes), each claim's cards shown and recorded,
    until nothing is left; the keys in the order they were claimed."""
    out: list[str] = []
    turn = 0
    while True:
        store = stores[turn % len(stores)]
        owner = f"p{turn % len(stores)}"
        got = await store.claim_due(now=clock(), owner=owner, lease_seconds=30, limit=limit,
                                    chain=chain)
        if not got:
            return out
        out += [i.key for i in got]
        for n, i in enumerate(got):
            await store.finish(i.key, owner=owner, ref=MessageRef(
                workspace="console", channel=i.channel, message_id=f"m-{i.key}"),
                release=n == len(got) - 1 or got[n + 1].channel != i.channel)
        turn += 1


async def test_a_channels_backlog_after_an_outage_goes_out_oldest_first(
        store: Store, other: Store, clock: FakeClock) -> None:
    """30 cards to one channel while the chat is down: the first claim's head fails and is
    put off, the rest unclaimed; once it is due again, two processes claiming in turn (chains
    of 4) deliver every card once, in the order queued."""
    keys = [(f"k{n:02d}@c", "c") for n in range(30)]
    await queue(store, keys, clock)
    got = await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=10, chain=4)
    assert [i.key for i in got] == [k for k, _ in keys[:4]]
    await store.retry_later(got[0].key, owner="p0", at=clock() + timedelta(minutes=2),
                            error="chat answered 503", unclaimed=[i.key for i in got[1:]])
    assert await store.claim_due(now=clock(), owner="p1", lease_seconds=30, limit=10,
                                 chain=4) == []  # the head waits: nothing goes ahead of it
    clock.advance(minutes=2)
    assert await drain([store, other], clock, limit=10, chain=4) == [k for k, _ in keys]


async def test_channels_are_claimed_oldest_card_first(store: Store, other: Store,
                                                      clock: FakeClock) -> None:
    """150 channels with two cards each (more than a pass claims), claimed ten at a time by
    two processes: each claim takes the oldest cards waiting, so the channels' first cards
    all go before any second card, in the order queued; none waits behind newer ones."""
    first = [(f"a{n:03d}@c{n:03d}", f"c{n:03d}") for n in range(150)]
    second = [(f"b{n:03d}@c{n:03d}", f"c{n:03d}") for n in range(150)]
    await queue(store, first + second, clock)
    order = await drain([store, other], clock, limit=10, chain=1)
    assert order == [k for k, _ in first + second]


async def test_a_channel_due_again_is_claimed_before_newer_cards(store: Store, other: Store,
                                                                  clock: FakeClock) -> None:
    """A channel whose card was put off (a 500) waits only for its own card: once due, its
    card, the oldest, goes before the newer cards of every other channel."""
    await queue(store, [("old@slow", "slow")], clock)
    [old] = await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=10)
    await store.retry_later(old.key, owner="p0", at=clock() + timedelta(seconds=30),
                            error="chat answered 500")
    newer = [(f"n{n:03d}@c{n:03d}", f"c{n:03d}") for n in range(40)]
    await queue(store, newer, clock)  # 40 s: the put-off card is due again
    got = await other.claim_due(now=clock(), owner="p1", lease_seconds=30, limit=5)
    assert [i.key for i in got] == ["old@slow", "n000@c000", "n001@c001", "n002@c002",
                                    "n003@c003"]


async def test_a_redis_claim_reads_what_it_claims_not_every_channel(
        redis_store: RedisStore, clock: FakeClock) -> None:
    """The cost of a claim on Redis grows with what it claims, not with the channels whose
    cards wait put off: 2,000 channels whose card failed and waits its backoff, and ten due,
    claimed in one call that runs few commands."""
    store = redis_store
    fx = Effects()
    for n in range(2000):
        fx.outbox.append(item(f"w{n:04d}@w{n:04d}", f"w{n:04d}", clock))
    assert await store.apply(fx)
    claimed = await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=2000)
    assert len(claimed) == 2000
    for i in claimed:
        await store.retry_later(i.key, owner="p0", at=clock() + timedelta(minutes=5),
                                error="chat answered 503")
    await queue(store, [(f"d{n}@d{n}", f"d{n}") for n in range(10)], clock)
    await store.r.config_resetstat()
    got = await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=100)
    stats = await store.r.info("commandstats")
    calls = sum(int(v["calls"]) for k, v in stats.items()
                if k not in ("cmdstat_evalsha", "cmdstat_info", "cmdstat_config|resetstat"))
    assert sorted(i.key for i in got) == [f"d{n}@d{n}" for n in range(10)]
    assert calls < 200, calls


async def test_cards_a_release_before_queued_on_redis_are_claimed_oldest_first(
        redis_store: RedisStore, clock: FakeClock) -> None:
    """Data a release before 2026-12-02 queued keeps no index of its lanes (``outbox:ready``,
    ``outbox:waiting``): the first claim makes them from the set of channels, so its cards go
    out, oldest first, with none left waiting for ever."""
    store = redis_store
    keys = [(f"u{n:02d}@c{n % 7}", f"c{n % 7}") for n in range(21)]
    await queue(store, keys, clock)
    await store.r.delete(store.k.outbox_ready, store.k.outbox_waiting)
    assert await drain([store], clock, limit=3, chain=1) == [k for k, _ in keys]
    assert not await store.r.exists(store.k.outbox_ready, store.k.outbox_waiting,
                                    store.k.outbox_channels)
