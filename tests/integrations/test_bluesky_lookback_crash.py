"""The lookback's remembered uris are written with the cursor, in the read's one cursor write
(``bot.engine.cursors``: durable only with the batch). A process that dies between reading a
poll and committing it reads the same posts again, a post dated behind the cursor among them
(not lost); once committed, the lookback never reads them again (not doubled)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from bot.core.ports import Store
from bot.engine.cursors import DeferredCursors
from integrations.social.bluesky.source import BlueskySource
from tests.conftest import FakeClock
from tests.integrations.test_bluesky import NOW, Bsky, config
from tests.support.netserver import NetServer


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


async def test_a_crash_before_the_commit_rereads_and_a_commit_remembers(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    bsky = Bsky(net)
    cursors = DeferredCursors(store)

    def source() -> BlueskySource:  # a process: its own adapter, the same store
        return BlueskySource(config(net, backfill_minutes=0), store=cursors, client=client,
                             clock=clock)

    clock.now = NOW
    assert await source().poll() == []
    bsky.add(1, NOW + timedelta(minutes=2), "acme first")
    clock.now = NOW + timedelta(minutes=3)
    assert [m.text for m in await source().poll()] == ["acme first"]
    # a slow phone's post, dated behind the cursor, and a new one
    bsky.add(2, NOW + timedelta(minutes=1), "acme slow clock")
    bsky.add(3, NOW + timedelta(minutes=4), "acme second")
    clock.now = NOW + timedelta(minutes=5)

    cursors.begin()  # the runtime's read: its cursor write waits for the batch's commit
    read = {m.text for m in await source().poll()}
    assert read == {"acme slow clock", "acme second"}
    cursors.end()  # killed before the commit: the write is gone

    tx = cursors.begin()
    again = {m.text for m in await source().poll()}
    assert again == read  # nothing lost
    for key, value in tx.pending.items():  # the batch's commit
        await store.set_cursor(key, value)
    cursors.end()
    clock.now = NOW + timedelta(minutes=6)
    assert await source().poll() == []  # nothing doubled: the lookback remembers both
