"""``get_traces``: several posts' traces in one round trip (one SELECT ... IN on SQLite, one
MGET on Redis), on both real stores, answering what ``get_trace`` of each answers: a post
with no trace kept is not in it, and a damaged record raises ``UnreadableRecord`` when it is
looked up, with the same one line and warning, uncounted, as a read of it alone. The ticket
opening's follow-up (``handlers.follow_up``) read up to ten traces one store call at a time
(a performance review, 2026-12-06)."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import timedelta

import pytest

from bot.core.effects import Effects
from bot.core.errors import UnreadableRecord
from bot.core.models import HistoryEntry, RouteHit, Signal, Ticket, Trace
from bot.core.ports import Store
from bot.engine.pipeline import trace as make_trace
from bot.store import layout as L
from bot.store.redis import RedisStore
from bot.store.sqlite import SqliteStore
from handlers.follow_up import FOLLOWS, follows
from tests.conftest import FakeClock
from tests.store.test_contract import signal
from tests.support.stores import create, put_signal

HIT = RouteHit(route="billing", action="ticket", workspace="console", channel="support")


async def traced(store: Store, s: Signal, clock: FakeClock, outcome: str = "") -> None:
    """The signal and the trace the pipeline writes for it (``outcome``: its ticket hit's)."""
    await put_signal(store, s)
    fx = Effects()
    fx.traces.append((make_trace(s.mention, clock(), "routed" if outcome else "unrouted",
                                 hits=[(HIT, outcome)] if outcome else []), 3600))
    assert await store.apply(fx)


async def damage(store: Store, mention_id: str) -> None:
    """A hand edit of one trace: a field of the wrong type."""
    bad = json.dumps({"id": mention_id, "source": "s", "network": "mastodon", "outcome": 7})
    if isinstance(store, SqliteStore):
        with sqlite3.connect(store.path) as db:
            assert db.execute(f"UPDATE {L.T_TRACES} SET json = ? WHERE id = ?",
                              (bad, mention_id)).rowcount == 1
        return
    assert isinstance(store, RedisStore)
    assert await store.r.set(store.k.trace(mention_id), bad, keepttl=True, xx=True)


async def test_traces_read_at_once_are_those_read_one_at_a_time(
        store: Store, clock: FakeClock) -> None:
    for n in range(1, 4):
        await traced(store, signal(str(n), minutes=n, clock=clock), clock,
                     f"ticket T-{n}" if n != 2 else "")
    ids = ["mastodon:3", "mastodon:9", "mastodon:1", "mastodon:2", "mastodon:3"]
    got = await store.get_traces(ids)
    assert sorted(got) == ["mastodon:1", "mastodon:2", "mastodon:3"] and len(got) == 3
    assert "mastodon:9" not in got and got.get("mastodon:9") is None
    for mid in ("mastodon:1", "mastodon:2", "mastodon:3"):
        assert got[mid] == await store.get_trace(mid), mid
    assert [h.outcome for h in got["mastodon:1"].hits] == ["ticket T-1"]
    assert len(await store.get_traces([])) == 0


async def test_a_damaged_trace_among_them_refuses_as_a_read_of_it_alone(
        store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    for n in range(1, 4):
        await traced(store, signal(str(n), minutes=n, clock=clock), clock, f"ticket T-{n}")
    await damage(store, "mastodon:2")
    with pytest.raises(UnreadableRecord) as alone:
        await store.get_trace("mastodon:2")
    caplog.clear()
    got = await store.get_traces(["mastodon:1", "mastodon:2", "mastodon:3"])
    assert not caplog.records  # parsed when looked up: nothing said of one not looked up
    assert "mastodon:2" in got and got["mastodon:1"] == await store.get_trace("mastodon:1")
    for _ in range(2):  # each look-up refuses, as each read of it alone does
        with pytest.raises(UnreadableRecord) as together:
            got.get("mastodon:2")
        assert str(together.value) == str(alone.value)
        assert (together.value.kind, together.value.record_id) == ("trace", "mastodon:2")
    said = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(said) == 2 and all("trace mastodon:2" in m and "cannot be read" in m
                                  for m in said), said
    assert got["mastodon:3"].hits[0].outcome == "ticket T-3"
    assert store.unreadable_records().get("trace", 0) == 0  # asked for by id: not a skip


class Counted:
    """The store, counting the trace reads ``follows`` makes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls: list[str] = []

    async def get_ticket(self, ticket_id: str) -> Ticket | None:
        return await self.store.get_ticket(ticket_id)

    async def customer_signal_ids(self, customer_key: str, limit: int = 20) -> list[str]:
        return await self.store.customer_signal_ids(customer_key, limit)

    async def get_trace(self, mention_id: str) -> Trace | None:
        self.calls.append("get_trace")
        return await self.store.get_trace(mention_id)

    async def get_traces(self, mention_ids: Sequence[str]) -> Mapping[str, Trace]:
        self.calls.append("get_traces")
        return await self.store.get_traces(mention_ids)


async def test_the_follow_up_reads_the_customers_traces_at_once_past_a_damaged_one(
        store: Store, clock: FakeClock) -> None:
    """The customer's last ticket T-1 was resolved; eight posts since routed to no ticket,
    and the trace of the newest of them is damaged: the new ticket follows T-1, its traces
    read in one call."""
    resolved = Ticket(id="T-1", status="resolved", signal_id="mastodon:1", route="billing",
                      customer_key="mastodon:a1", conversation_key="mastodon:1",
                      created_at=clock(), history=(HistoryEntry(
                          at=clock() + timedelta(minutes=1), actor="bob", action="resolved",
                          detail="fixed in 2.3"),))
    await create(store, resolved)
    await traced(store, signal("1", minutes=0, clock=clock), clock, "ticket T-1")
    for n in range(2, 10):
        await traced(store, signal(str(n), minutes=n, clock=clock), clock)
    await damage(store, "mastodon:9")
    new = signal("10", minutes=10, clock=clock)
    await put_signal(store, new)
    reads = Counted(store)
    after = await follows(reads, new, now=clock() + timedelta(minutes=10))
    assert after is not None and after.action == f"{FOLLOWS}T-1", after
    assert after.detail.startswith("resolved by bob at ") and "fixed in 2.3" in after.detail
    assert reads.calls == ["get_traces"]
    # a customer with no post before reads no trace at all
    first = signal("1", customer="b2", clock=clock)
    await put_signal(store, first)
    reads.calls.clear()
    assert await follows(reads, first, now=clock()) is None
    assert reads.calls == []


async def test_signals_read_at_once_are_those_read_one_at_a_time(
        store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    """``get_signals`` (a digest's or a group's card, a spike's samples): as ``get_signal``
    of each, a damaged one refused when looked up."""
    for n in range(1, 5):
        await put_signal(store, signal(str(n), minutes=n, clock=clock))
    got = await store.get_signals(["mastodon:4", "mastodon:1", "mastodon:7", "mastodon:2",
                                   "mastodon:3", "mastodon:1"])
    assert sorted(got) == [f"mastodon:{n}" for n in range(1, 5)] and "mastodon:7" not in got
    for n in range(1, 5):
        assert got[f"mastodon:{n}"] == await store.get_signal(f"mastodon:{n}")
    assert len(await store.get_signals([])) == 0
    bad = json.dumps({"mention": {"id": "mastodon:3"}, "language": [1]})
    if isinstance(store, SqliteStore):
        with sqlite3.connect(store.path) as db:
            assert db.execute(f"UPDATE {L.T_SIGNALS} SET json = ? WHERE id = ?",
                              (bad, "mastodon:3")).rowcount == 1
    else:
        assert isinstance(store, RedisStore)
        assert await store.r.set(store.k.signal("mastodon:3"), bad, keepttl=True, xx=True)
    with pytest.raises(UnreadableRecord) as alone:
        await store.get_signal("mastodon:3")
    caplog.clear()
    got = await store.get_signals(["mastodon:2", "mastodon:3"])
    assert got["mastodon:2"] == await store.get_signal("mastodon:2") and not caplog.records
    with pytest.raises(UnreadableRecord) as together:
        got.get("mastodon:3")
    assert str(together.value) == str(alone.value)
    assert store.unreadable_records().get("signal", 0) == 0
