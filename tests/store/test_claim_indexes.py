"""The Redis outbox's two indexes of its lanes (``outbox:ready``, ``outbox:waiting``, since
076447c) on a real redis-server: every write that adds, removes or puts off a lane's cards keeps
them right, so a claim finds every card once it is due; and writes of an earlier release (a
rolling upgrade, or going back and forth), which keep no index, never leave a due card
unclaimed behind one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.core.config import StoreConfig
from bot.core.effects import Effects
from bot.core.models import MessageRef
from bot.store import open_store
from bot.store.redis import RedisStore
from tests.conftest import FakeClock
from tests.store.test_contract import edit, item


@pytest.fixture
async def store(redis_url: str, clock: FakeClock) -> AsyncIterator[RedisStore]:
    opened = await open_store(StoreConfig(backend="redis"), redis_url=redis_url, clock=clock)
    assert isinstance(opened, RedisStore)
    yield opened
    await opened.close()


async def queue(store: RedisStore, key: str, channel: str, clock: FakeClock) -> None:
    fx = Effects()
    fx.send(item(key, channel, clock))
    assert await store.apply(fx)
    clock.advance(seconds=1)


def ref(key: str, channel: str) -> MessageRef:
    return MessageRef(workspace="console", channel=channel, message_id=f"m-{key}")


async def earlier_requeue(store: RedisStore, key: str, *, at: float) -> None:
    """``dead retry`` as a release before 076447c writes it (its APPLY script's requeue):
    the item pending again in its lane, with no index written."""
    r, k = store.r, store.k
    chan, seq = await r.hmget(k.outbox_item(key), ["chan", "seq"])
    await r.hset(k.outbox_item(key), mapping={"status": "pending", "next": at})
    await r.zadd(k.outbox_lane(str(chan)), {key: float(seq)})
    await r.sadd(k.outbox_channels, str(chan))
    await r.srem(k.outbox_dead, key)
    await r.hincrby(k.outbox_counts, "dead", -1)
    await r.hincrby(k.outbox_counts, "pending", 1)


async def test_a_card_an_earlier_release_retried_goes_at_once_beside_one_put_off(
        store: RedisStore, clock: FakeClock) -> None:
    """A channel's card given up (dead), then its next one put off an hour by a 503 (its
    lane in ``outbox:waiting`` until then); an earlier release, run meanwhile (going back,
    or a process not yet upgraded), retries the dead one: it is the lane's head again, due
    now. The lanes the set of channels holds are those the indexes hold, so counting them
    says nothing changed; the claim must still take the retried card now, not in an hour."""
    await queue(store, "a@c", "c", clock)
    await queue(store, "b@c", "c", clock)
    [a] = await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=1)
    await store.retry_later(a.key, owner="p0", at=clock(), error="channel_not_found",
                            dead=True)
    [b] = await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=1)
    await store.retry_later(b.key, owner="p0", at=clock() + timedelta(hours=1),
                            error="chat answered 503")
    await earlier_requeue(store, "a@c", at=clock().timestamp())
    got = await store.claim_due(now=clock(), owner="p1", lease_seconds=30, limit=10)
    assert [i.key for i in got] == ["a@c"]


async def test_a_card_an_earlier_release_queued_goes_at_the_first_claim(
        store: RedisStore, clock: FakeClock) -> None:
    """An earlier release, run meanwhile, sent a channel's last card (its lane emptied, and
    taken out of the set of channels by its claim, the indexes still naming it) and queued a
    card to another channel (in the set, in no index): the counts of lanes agree, yet the
    first claim takes the new card."""
    await queue(store, "a@c", "c", clock)
    r, k = store.r, store.k
    # the earlier release: a@c claimed and sent, c left by its claim; x@x queued
    await r.hset(k.outbox_item("a@c"), mapping={"status": "sent"})
    await r.zrem(k.outbox_lane("console\x00c"), "a@c")
    await r.srem(k.outbox_channels, "console\x00c")
    await r.hincrby(k.outbox_counts, "pending", -1)
    await r.hincrby(k.outbox_counts, "sent", 1)
    fx = Effects()
    fx.send(item("x@x", "x", clock))
    ops = store._ops(fx)
    seq = await r.incr(k.prefix + "outbox:seq")
    x = ops[0]
    await r.hset(k.outbox_item("x@x"), mapping={
        "json": str(x[2]).replace('"seq":0', f'"seq":{seq}', 1), "next": x[3],
        "status": "pending", "seq": seq, "chan": "console\x00x", "card": "x", "started": 0})
    await r.zadd(k.outbox_lane("console\x00x"), {"x@x": seq})
    await r.sadd(k.outbox_channels, "console\x00x")
    await r.hincrby(k.outbox_counts, "pending", 1)
    got = await store.claim_due(now=clock(), owner="p1", lease_seconds=30, limit=10)
    assert [i.key for i in got] == ["x@x"]
    assert not await indexes_wrong(store)


async def indexes_wrong(store: RedisStore) -> list[str]:
    """What of the indexes does not say what the lanes hold: every lane with cards in the set
    of channels and in one index, ``ready`` scored by its head's seq, ``waiting`` by when its
    head is due; no lane emptied in any of them."""
    r, k = store.r, store.k
    pre = k.outbox_lane("")
    lanes = {str(x)[len(pre):] for x in await r.keys(pre + "*")}
    chans = {str(c) for c in await r.smembers(k.outbox_channels)}
    ready = {str(a): b for a, b in await r.zrange(k.outbox_ready, 0, -1, withscores=True)}
    waiting = {str(a): b for a, b in await r.zrange(k.outbox_waiting, 0, -1, withscores=True)}
    wrong = [f"{what}: {sorted(lanes)}" for what, lanes in (
        ("not in the set", lanes - chans), ("in no index", lanes - set(ready) - set(waiting)),
        ("in both", set(ready) & set(waiting)), ("emptied, in the set", chans - lanes),
        ("emptied, indexed", (set(ready) | set(waiting)) - lanes)) if lanes]
    for lane in lanes:
        [(head, seq)] = await r.zrange(pre + lane, 0, 0, withscores=True)
        due = float(await r.hget(k.outbox_item(str(head)), "next"))
        if ready.get(lane, seq) != seq or waiting.get(lane, due) != due:
            wrong.append(f"{lane!r} scored {ready.get(lane) or waiting.get(lane)}: its head "
                         f"{head} is seq {seq}, due {due}")
    return wrong


async def goes_out(store: RedisStore, key: str, clock: FakeClock, *, at: float = 0) -> None:
    """``key`` is claimed, by another process, once its due time ``at`` (seconds from now)
    has come, and not before; the indexes say what the lanes hold throughout."""
    assert not await indexes_wrong(store)
    if at:
        early = await store.claim_due(now=clock(), owner="p9", lease_seconds=30, limit=100)
        assert key not in [i.key for i in early]
        for i in early:
            await store.retry_later(i.key, owner="p9", at=clock(), error="x", posted=False)
        clock.advance(seconds=at)
    got = await store.claim_due(now=clock(), owner="p9", lease_seconds=30, limit=100)
    assert key in [i.key for i in got]
    assert not await indexes_wrong(store)


async def test_a_card_put_off_by_a_backoff_or_a_429_goes_once_due(
        store: RedisStore, clock: FakeClock) -> None:
    """A 500's backoff, then a 429's hold of the chain's rest (put back unposted, due when
    the Retry-After passes, the rest unclaimed), then a hold a channel's other lane set:
    each time the lane waits, and goes when due."""
    for key in ("a@c", "b@c", "c@c"):
        await queue(store, key, "c", clock)
    got = await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=10, chain=3)
    await store.retry_later(got[0].key, owner="p0", at=clock() + timedelta(seconds=60),
                            error="chat answered 500", unclaimed=[i.key for i in got[1:]])
    await goes_out(store, "a@c", clock, at=60)
    await store.retry_later("a@c", owner="p9", at=clock() + timedelta(seconds=30),
                            error="429 Retry-After 30", posted=False)
    await goes_out(store, "a@c", clock, at=30)
    await store.finish("a@c", owner="p9", ref=ref("a@c", "c"), release=False)
    await goes_out(store, "b@c", clock)


async def test_a_card_queued_due_later_goes_once_due(store: RedisStore,
                                                     clock: FakeClock) -> None:
    fx = Effects()
    fx.send(item("a@c", "c", clock).model_copy(
        update={"next_attempt_at": clock() + timedelta(minutes=5)}))
    assert await store.apply(fx)
    await goes_out(store, "a@c", clock, at=300)


async def test_a_card_given_up_and_retried_goes_before_its_lanes_next(
        store: RedisStore, clock: FakeClock) -> None:
    """``dead retry`` of a card given up puts it back at its lane's head, its lane's next
    card put off meanwhile: it goes at once."""
    await queue(store, "a@c", "c", clock)
    await queue(store, "b@c", "c", clock)
    [a] = await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=1)
    await store.retry_later(a.key, owner="p0", at=clock(), error="gave up", dead=True)
    assert not await indexes_wrong(store)
    [b] = await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=1)
    await store.retry_later(b.key, owner="p0", at=clock() + timedelta(hours=1), error="503")
    assert await store.requeue("a@c", at=clock())
    await goes_out(store, "a@c", clock)


async def test_an_unreadable_head_set_aside_lets_its_lane_go_on(
        store: RedisStore, clock: FakeClock) -> None:
    await queue(store, "a@c", "c", clock)
    await queue(store, "b@c", "c", clock)
    await store.r.hset(store.k.outbox_item("a@c"), "json", "{not json")
    assert await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=1) == []
    await goes_out(store, "b@c", clock)


async def test_a_lane_whose_holder_died_goes_when_its_lease_lapses(
        store: RedisStore, clock: FakeClock) -> None:
    await queue(store, "a@c", "c", clock)
    assert await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=1)
    await goes_out(store, "a@c", clock, at=31)


async def test_edits_coalesced_in_the_edit_lane_go_once_due(store: RedisStore,
                                                            clock: FakeClock) -> None:
    """An edit put back unposted (its pace) is replaced by a later edit of its card, in its
    lane; then a sent card pruned: the lanes are indexed as they hold, the edit goes."""
    await queue(store, "T-1@c", "c", clock)
    [t] = await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=1)
    await store.finish(t.key, owner="p0", ref=ref(t.key, "c"))
    await queue(store, "n@c", "c", clock)
    fx = Effects()
    fx.send(edit("T-1@c#2", "c", clock))
    assert await store.apply(fx)
    got = await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=10)
    [e] = [i for i in got if i.key == "T-1@c#2"]
    await store.retry_later(e.key, owner="p0", at=clock() + timedelta(seconds=20),
                            error="waiting 20s for the channel's pace", posted=False)
    assert not await indexes_wrong(store)
    fx = Effects()
    fx.send(edit("T-1@c#3", "c", clock))
    assert await store.apply(fx)
    assert (await store.get_outbox("T-1@c#2")).status == "sent"  # type: ignore[union-attr]
    clock.advance(days=30)
    await store.prune(clock(), sent_seconds=86400, refs_seconds=86400 * 90,
                      dead_seconds=86400 * 90, traces_seconds=86400)
    await goes_out(store, "T-1@c#3", clock)


async def test_a_claim_that_remakes_the_indexes_reads_each_lane_once(
        store: RedisStore, clock: FakeClock) -> None:
    """The indexes remade (data of an earlier release, or a count it changed): each lane of
    the set of channels is read and indexed once, not again from the indexes just made, and
    only the index entries not in the set are read besides (an upgrade's first claim holds
    redis-server while it runs: 5,000 lanes of 20 cards took 1.1-1.7 s on a loaded machine).
    Every lane still goes out; one emptied by the earlier release leaves the indexes."""
    fx = Effects()
    for n in range(2000):
        fx.send(item(f"a{n:04d}@c{n:04d}", f"c{n:04d}", clock))
    assert await store.apply(fx)
    r, k = store.r, store.k
    await r.zadd(k.outbox_ready, {"console\x00gone": 1})  # emptied by an earlier release
    await r.hincrby(k.outbox_counts, "sent", 1)
    await r.config_resetstat()
    got = await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=10)
    stats = await r.info("commandstats")
    calls = sum(int(v["calls"]) for name, v in stats.items()
                if name not in ("cmdstat_evalsha", "cmdstat_info", "cmdstat_config|resetstat"))
    assert [i.key for i in got] == [f"a{n:04d}@c{n:04d}" for n in range(10)]
    assert calls < 2000 * 5, calls
    assert not await indexes_wrong(store)


async def commands(store: RedisStore) -> int:
    stats = await store.r.info("commandstats")
    return sum(int(v["calls"]) for name, v in stats.items()
               if name not in ("cmdstat_evalsha", "cmdstat_info", "cmdstat_config|resetstat"))


async def test_an_earlier_release_writing_beside_this_one_remakes_the_indexes_every_5_s(
        store: RedisStore, clock: FakeClock) -> None:
    """While processes are upgraded one by one, those of the earlier release write all the
    time, each write a count changed: remaking the indexes at every claim after one would
    read every lane at every claim of every process (2,000 lanes: 8,000 commands a claim,
    redis-server saturated). They are remade at most once in 5 s of the claims' clock, so
    a card such a write left where no index says waits 5 s at most."""
    fx = Effects()
    for n in range(2000):
        fx.send(item(f"a{n:04d}@c{n:04d}", f"c{n:04d}", clock))
    assert await store.apply(fx)
    r, k = store.r, store.k
    await r.hincrby(k.outbox_counts, "sent", 1)  # a card the earlier release sent, say
    assert len(await store.claim_due(now=clock(), owner="p0", lease_seconds=30, limit=10)) == 10
    await r.zrem(k.outbox_ready, "console\x00c1999")  # its write: the lane no index says
    await r.hincrby(k.outbox_counts, "sent", 1)
    clock.advance(seconds=1)
    await r.config_resetstat()
    assert len(await store.claim_due(now=clock(), owner="p1", lease_seconds=30, limit=10)) == 10
    assert await commands(store) < 1000  # not remade: the lane still in no index
    assert await r.zscore(k.outbox_ready, "console\x00c1999") is None
    clock.advance(seconds=4)
    got = await store.claim_due(now=clock(), owner="p2", lease_seconds=30, limit=2000)
    assert "a1999@c1999" in [i.key for i in got]
    assert not await indexes_wrong(store)
