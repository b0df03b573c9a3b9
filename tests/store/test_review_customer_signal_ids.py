"""``customer_signal_ids``: the ids of ``customer_signals`` (same signals, same order, an
expired one left out as it is there), none decoded, on both real stores. The ticket opening's
follow-up (``handlers.follow_up``) only needs the ids of a customer's last eleven posts, to
read their traces, and decoded their whole signals to get them (a performance review,
2026-12-06: 0.15 ms on SQLite, 0.29 ms on Redis, of every ticket a regular customer opens)."""

from __future__ import annotations

import json
import sqlite3

from bot.core.ports import Store
from bot.store import layout as L
from bot.store.redis import RedisStore
from bot.store.sqlite import SqliteStore
from tests.conftest import FakeClock
from tests.store.test_contract import signal
from tests.support.stores import put_signal


async def ids_of_signals(store: Store, customer: str, limit: int) -> list[str]:
    return [s.id for s in await store.customer_signals(customer, limit)]


async def test_the_ids_are_those_of_the_customers_signals(
        store: Store, clock: FakeClock) -> None:
    for n in (3, 1, 12, 7, 2, 9, 4, 11, 5, 10, 8, 6, 13):  # written out of order
        await put_signal(store, signal(str(n), minutes=n, clock=clock))
    await put_signal(store, signal("14", customer="b2", minutes=14, clock=clock))
    for limit in (1, 11, 20):
        ids = await store.customer_signal_ids("mastodon:a1", limit)
        assert ids == await ids_of_signals(store, "mastodon:a1", limit), limit
    assert (await store.customer_signal_ids("mastodon:a1", 3)
            == ["mastodon:13", "mastodon:12", "mastodon:11"])
    assert await store.customer_signal_ids("mastodon:b2") == ["mastodon:14"]
    assert await store.customer_signal_ids("mastodon:nobody") == []
    # one expired (Redis: its key gone, its id still in the customer's set): left out
    if isinstance(store, SqliteStore):
        with sqlite3.connect(store.path) as db:
            assert db.execute(f"UPDATE {L.T_SIGNALS} SET expires = 0 WHERE id = ?",
                              ("mastodon:12",)).rowcount == 1
    else:
        assert isinstance(store, RedisStore)
        assert await store.r.delete(store.k.signal("mastodon:12")) == 1
    ids = await store.customer_signal_ids("mastodon:a1", 11)
    assert "mastodon:12" not in ids and ids == await ids_of_signals(store, "mastodon:a1", 11)


async def test_a_damaged_signals_id_is_among_them(store: Store, clock: FakeClock) -> None:
    """Nothing decoded, nothing refused: the follow-up reads the post's trace, not its
    signal (``customer_signals`` skips the damaged one, and counts it)."""
    for n in range(1, 4):
        await put_signal(store, signal(str(n), minutes=n, clock=clock))
    bad = json.dumps({"mention": {"id": "mastodon:2"}, "language": [1]})
    if isinstance(store, SqliteStore):
        with sqlite3.connect(store.path) as db:
            assert db.execute(f"UPDATE {L.T_SIGNALS} SET json = ? WHERE id = ?",
                              (bad, "mastodon:2")).rowcount == 1
    else:
        assert isinstance(store, RedisStore)
        assert await store.r.set(store.k.signal("mastodon:2"), bad, keepttl=True, xx=True)
    assert (await store.customer_signal_ids("mastodon:a1")
            == ["mastodon:3", "mastodon:2", "mastodon:1"])
    assert store.unreadable_records().get("signal", 0) == 0
