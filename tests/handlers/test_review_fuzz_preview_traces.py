"""A subscription's preview reads the last week's traces as plain JSON (validated when
written): one trace hand-damaged in the store (cut short, a field missing, nested past the
recursion limit) raised out of the scan, so every ``subscribe`` (whose reply says what the
preview counts) and every ``preview`` failed for the week that trace is kept. It is skipped
now, as a listing skips a damaged record. Real stores: a SQLite file and a real
redis-server."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from bot.core.models import Subscription
from bot.core.ports import Store
from bot.store import layout as L
from bot.store.redis import RedisStore
from bot.store.sqlite import SqliteStore
from handlers.preview import Post, Preview
from tests.conftest import FakeClock
from tests.store.test_contract import signal
from tests.store.test_review_get_traces import traced

DAMAGED = {"cut short": '{"id": "x", "fetched_', "no fetched_at": '{"id": "2", "network": 1}',
           "deep": "[" * 100_000 + "]" * 100_000}


async def _store_as(store: Store, mention_id: str, bad: str) -> None:
    if isinstance(store, SqliteStore):
        with sqlite3.connect(store.path) as db:
            assert db.execute(f"UPDATE {L.T_TRACES} SET json = ? WHERE id = ?",
                              (bad, mention_id)).rowcount == 1
        return
    assert isinstance(store, RedisStore)
    assert await store.r.set(store.k.trace(mention_id), bad, keepttl=True, xx=True)


@pytest.mark.parametrize("how", sorted(DAMAGED))
async def test_a_damaged_trace_is_skipped_by_the_preview(
        store: Store, clock: FakeClock, how: str) -> None:
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    for n in range(3):
        await traced(store, signal(str(n), minutes=n, clock=clock), clock)
    await _store_as(store, "mastodon:1", DAMAGED[how])

    def every(_: Subscription) -> object:
        return lambda post: isinstance(post, Post)

    preview = Preview(store, clock=clock, matcher=every)  # type: ignore[arg-type]
    sub = Subscription(id="S-1", workspace="w", channel="c", query="acme", created_by="u",
                       created_at=clock())
    result = await preview.run(sub)
    assert result.scanned == 2 and result.matched == 2
