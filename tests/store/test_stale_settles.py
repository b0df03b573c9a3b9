"""An attempt settled after another process took its card over, on a SQLite file and a real
redis-server. A process stopped past its lane's lease (SIGSTOP, a frozen container) with a
card's call under way, or between a call and its settle, wakes after another process claimed
the lane, looked for the card and recorded it: the settle it then writes is of a card whose
state is the other's already. It must change nothing: not put the card back (a 500 it got
while stopped), not set it aside as dead, not count its delivery again."""

from __future__ import annotations

import sqlite3
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
from tests.store.test_contract import enqueue, item

TALLY = "delivered\x1fconsole:c"
DEAD = "dead\x1fconsole:c"


@pytest.fixture
async def other(store: Store, request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[Store]:
    """A second process's store on the same SQLite file or redis-server as ``store``: what
    each remembers of its own claims is its own."""
    if isinstance(store, SqliteStore):
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")), None
    else:
        cfg, url = StoreConfig(backend="redis"), request.getfixturevalue("redis_url")
    opened = await open_store(cfg, redis_url=url, clock=clock)
    yield opened
    await opened.close()


async def taken_over(store: Store, clock: FakeClock) -> MessageRef:
    """k1 claimed by ``a``, its lease lapsed, claimed by ``b``, found shown and recorded."""
    await enqueue(store, item("k1@c", "c", clock))
    [a] = await store.claim_due(now=clock(), owner="a", lease_seconds=30, limit=10)
    assert a.started == 1
    clock.advance(seconds=31)
    [b] = await store.claim_due(now=clock(), owner="b", lease_seconds=30, limit=10)
    assert b.started == 2  # not the first: b looks for the card before posting it
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    fx = Effects()
    fx.tallies.append((TALLY, day(clock), 1))
    await store.finish(b.key, owner="b", ref=ref, effects=fx)
    return ref


def day(clock: FakeClock) -> int:
    return int(clock().timestamp() // 86400)


async def counted(store: Store) -> dict[str, int]:
    """The outbox's counts, checked against a recount of its items as stored."""
    counts = await store.outbox_counts()
    recount = {"pending": 0, "sent": 0, "dead": 0}
    if isinstance(store, SqliteStore):
        db = sqlite3.connect(store.path)
        try:
            recount.update(db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status"))
        finally:
            db.close()
    else:
        assert isinstance(store, RedisStore)
        async for key in store.r.scan_iter(match=store.k.outbox_item("*")):
            status = str(await store.r.hget(key, "status"))
            recount[status] = recount.get(status, 0) + 1
    assert counts == recount, (counts, recount)
    return counts


async def delivered(store: Store) -> list[int]:
    return [v for v in (await store.tallies(0)).get(TALLY, {}).values() if v]


@pytest.mark.parametrize("late", ["failed", "given up", "unposted", "finished"])
async def test_a_settle_written_after_another_process_recorded_the_card_changes_nothing(
        store: Store, clock: FakeClock, late: str) -> None:
    """Before: the stopped process's settle was written from a fresh read of the item, sent
    by then: a 500 put the card back pending (on Redis out of every lane, so pending for
    ever; on SQLite claimed again and its delivery counted twice), a refusal set it aside
    as dead (a dead-letter notice for a card shown), a finish counted it delivered twice."""
    ref = await taken_over(store, clock)
    fx = Effects()
    fx.tallies.append((TALLY, day(clock), 1))
    at = clock() + timedelta(seconds=60)
    if late == "failed":
        await store.retry_later("k1@c", owner="a", at=at, error="HTTP 500", effects=fx)
    elif late == "given up":
        await store.retry_later("k1@c", owner="a", at=at, error="not_in_channel", dead=True,
                                effects=fx)
    elif late == "unposted":
        await store.retry_later("k1@c", owner="a", at=at, error="waiting 40s for the pace",
                                posted=False, effects=fx)
    else:
        await store.finish("k1@c", owner="a", effects=fx, ref=MessageRef(
            workspace="console", channel="c", message_id="m1"))
    got = await store.get_outbox("k1@c")
    assert got is not None and (got.status, got.ref, got.attempts) == ("sent", ref, 0), got
    assert await counted(store) == {"pending": 0, "sent": 1, "dead": 0}
    assert await store.list_outbox(status="pending") == []
    assert await store.list_outbox(status="dead") == []
    assert await delivered(store) == [1]
    clock.advance(seconds=120)
    assert await store.claim_due(now=clock(), owner="c", lease_seconds=30, limit=10) == []


@pytest.mark.parametrize("late", ["failed", "given up", "unposted"])
async def test_a_failure_heard_before_a_retry_of_the_card_changes_nothing(
        store: Store, other: Store, clock: FakeClock, late: str) -> None:
    """``a`` stopped with k1's call at the chat; ``b`` took the lane over after the lease and
    gave k1 up (a refusal); someone fixed the channel and retried it (``outbox retry``), so
    k1 is pending again, from the retry. ``a`` then wakes with what it heard before all this.
    Before: the settle, finding k1 pending, was written over the retry: a refusal set it
    dead again, with no notice (its notice's key, the first death's, was taken: the card
    given up in silence) and the dead tally counted twice; a 500 or a 429 put the retry off
    by the stale attempt's backoff, its attempts and error counted on the new one."""
    await enqueue(store, item("k1@c", "c", clock))
    [a] = await store.claim_due(now=clock(), owner="a", lease_seconds=30, limit=10)
    assert a.started == 1
    clock.advance(seconds=31)
    [b] = await other.claim_due(now=clock(), owner="b", lease_seconds=30, limit=10)
    dead = Effects()
    dead.tallies.append((DEAD, day(clock), 1))
    await other.retry_later(b.key, owner="b", at=clock(), error="not_in_channel", dead=True,
                            effects=dead)
    clock.advance(seconds=60)
    assert await other.requeue("k1@c", at=clock())
    retried = await store.get_outbox("k1@c")
    assert retried is not None and retried.status == "pending"
    fx = Effects()
    fx.tallies.append((DEAD, day(clock), 1))
    at = clock() + timedelta(seconds=300)
    if late == "failed":
        await store.retry_later("k1@c", owner="a", at=at, error="HTTP 500", effects=fx)
    elif late == "given up":
        await store.retry_later("k1@c", owner="a", at=at, error="not_in_channel", dead=True,
                                effects=fx)
    else:
        await store.retry_later("k1@c", owner="a", at=at, error="rate limited", posted=False,
                                effects=fx)
    assert await store.get_outbox("k1@c") == retried
    assert await counted(store) == {"pending": 1, "sent": 0, "dead": 0}
    assert [i.key for i in await store.list_outbox(status="pending")] == ["k1@c"]
    assert await store.list_outbox(status="dead") == []
    assert [v for v in (await store.tallies(0)).get(DEAD, {}).values() if v] == [1]
    [c] = await other.claim_due(now=clock(), owner="c", lease_seconds=30, limit=10)
    assert c.key == "k1@c" and c.started > 1  # the retry looks for the card first


async def test_a_card_shown_before_a_retry_of_it_is_recorded_sent(
        store: Store, other: Store, clock: FakeClock) -> None:
    """The same, but what ``a`` heard is the card shown: that is so whatever came after, and
    the retry is then done (written, as before: the next claim would only find it)."""
    await enqueue(store, item("k1@c", "c", clock))
    [a] = await store.claim_due(now=clock(), owner="a", lease_seconds=30, limit=10)
    assert a.started == 1
    clock.advance(seconds=31)
    [b] = await other.claim_due(now=clock(), owner="b", lease_seconds=30, limit=10)
    await other.retry_later(b.key, owner="b", at=clock(), error="not_in_channel", dead=True)
    clock.advance(seconds=60)
    assert await other.requeue("k1@c", at=clock())
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    fx = Effects()
    fx.tallies.append((TALLY, day(clock), 1))
    await store.finish("k1@c", owner="a", ref=ref, effects=fx)
    got = await store.get_outbox("k1@c")
    assert got is not None and (got.status, got.ref) == ("sent", ref), got
    assert await counted(store) == {"pending": 0, "sent": 1, "dead": 0}
    assert await delivered(store) == [1]


@pytest.mark.parametrize("late", ["failed", "given up", "unposted"])
async def test_a_failure_heard_while_another_process_holds_the_lane_changes_nothing(
        store: Store, other: Store, clock: FakeClock, late: str) -> None:
    """``a`` stopped with k1's call at the chat; ``b`` took the lane over after the lease and
    is calling the chat for k1 itself (it looks first: its claim is not the first) when
    ``a`` wakes with what it heard. Neither claim changed the item as stored, so ``a``'s
    settle was written, from the item as claimed: a refusal set k1 dead while ``b``'s call
    showed it, and ``b``'s settle, finding it dead, was not written: the card shown, listed
    dead with a dead-letter notice, its message not recorded (its next edit posted as a new
    card), not counted delivered; a 500 or a 429 put it back with ``a``'s backoff under
    ``b``'s lease. It is ``b``'s to settle: ``a``'s failure changes nothing."""
    await enqueue(store, item("k1@c", "c", clock))
    [a] = await store.claim_due(now=clock(), owner="a", lease_seconds=30, limit=10)
    assert a.started == 1
    clock.advance(seconds=31)
    [b] = await other.claim_due(now=clock(), owner="b", lease_seconds=30, limit=10)
    assert b.started == 2
    fx = Effects()
    fx.tallies.append((DEAD, day(clock), 1))
    at = clock() + timedelta(seconds=300)
    if late == "failed":
        await store.retry_later("k1@c", owner="a", at=at, error="HTTP 500", effects=fx)
    elif late == "given up":
        await store.retry_later("k1@c", owner="a", at=at, error="not_in_channel", dead=True,
                                effects=fx)
    else:
        await store.retry_later("k1@c", owner="a", at=at, error="rate limited", posted=False,
                                effects=fx)
    got = await store.get_outbox("k1@c")
    assert got is not None and (got.status, got.attempts, got.last_error) == (
        "pending", 0, None), got
    assert await counted(store) == {"pending": 1, "sent": 0, "dead": 0}
    assert (await store.tallies(0)).get(DEAD, {}) == {}
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    shown = Effects()
    shown.tallies.append((TALLY, day(clock), 1))
    await other.finish(b.key, owner="b", ref=ref, effects=shown)
    got = await store.get_outbox("k1@c")
    assert got is not None and (got.status, got.ref) == ("sent", ref), got
    assert await counted(store) == {"pending": 0, "sent": 1, "dead": 0}
    assert await store.list_outbox(status="dead") == []
    assert await delivered(store) == [1]
    clock.advance(seconds=600)
    assert await other.claim_due(now=clock(), owner="c", lease_seconds=30, limit=10) == []
