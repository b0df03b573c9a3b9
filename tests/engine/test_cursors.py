"""Cursor transactions (bot/engine/cursors.py): the poll loop and the stream loop of one source
write their cursors in transactions of their own, on a real SQLite store and a real Redis. A
stream commit must not make a half-processed poll batch durable, and a poll that fails (or a
process killed mid-batch) must not discard what the stream committed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.core.effects import Effects
from bot.core.ports import Store
from bot.engine.cursors import DeferredCursors

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


async def commit(store: Store, pending: dict[str, str]) -> None:
    """What ``Pipeline.process_batch(batch, cursors=tx.pending)`` does with a read's cursors:
    they are written with the batch's effects, in its one transaction."""
    fx = Effects()
    fx.cursors.update(pending)
    assert await store.apply(fx)


async def test_a_stream_commit_does_not_make_a_half_processed_poll_durable(
        store: Store) -> None:
    cursors = DeferredCursors(store)
    poll_read = asyncio.Event()
    stream_done = asyncio.Event()

    async def poll() -> None:
        tx = cursors.begin()
        await cursors.set_cursor("tag:acme", "3")  # mentions 2 and 3 read, not processed
        poll_read.set()
        await stream_done.wait()
        assert tx.pending == {"tag:acme": "3"}
        cursors.end()  # the batch failed (or the process dies here): nothing committed

    async def stream() -> None:
        await poll_read.wait()
        tx = cursors.begin()
        await cursors.set_cursor("notifications", "4")
        assert await cursors.get_cursor("tag:acme") is None, "the poll's write is not visible"
        await commit(store, tx.pending)
        cursors.end()
        stream_done.set()

    await asyncio.gather(poll(), stream())
    assert await store.get_cursor("notifications") == "4", "the stream's commit holds"
    assert await store.get_cursor("tag:acme") is None, "the poll batch is read again"


async def test_a_poll_rollback_keeps_what_the_stream_committed_and_a_poll_commit_only_its_own(
        store: Store) -> None:
    cursors = DeferredCursors(store)
    await commit(store, {"tag:acme": "1"})
    stream_set = asyncio.Event()
    poll_done = asyncio.Event()

    async def stream() -> None:
        tx = cursors.begin()
        await cursors.set_cursor("notifications", "9")
        stream_set.set()
        await poll_done.wait()  # the stream's batch is still being processed
        await commit(store, tx.pending)
        cursors.end()

    async def poll() -> None:
        await stream_set.wait()
        tx = cursors.begin()
        assert await cursors.get_cursor("tag:acme") == "1"
        await cursors.set_cursor("tag:acme", "2")
        assert tx.pending == {"tag:acme": "2"}, "nothing of the stream's in the poll's commit"
        await commit(store, tx.pending)
        cursors.end()
        assert await store.get_cursor("notifications") is None, (
            "the poll's commit did not carry the stream's pending write")
        poll_done.set()

    await asyncio.gather(stream(), poll())
    assert await store.get_cursor("tag:acme") == "2"
    assert await store.get_cursor("notifications") == "9"


async def test_writes_outside_a_transaction_go_straight_to_the_store(store: Store) -> None:
    cursors = DeferredCursors(store)
    await cursors.set_cursor("since", "abc")  # socialops fetch, tests
    assert await store.get_cursor("since") == "abc"


async def test_a_write_now_is_durable_at_once_and_its_commit_writes_no_older_value(
        store: Store) -> None:
    """``set_cursor_now``: what no mention of a read carries (a stream's position past
    messages that yield none) is durable without a commit, and the read's later commit writes
    that value again, not one written before it in the same read."""
    cursors = DeferredCursors(store)
    tx = cursors.begin()
    await cursors.set_cursor("s:jetstream", "1")  # held for the read's commit
    await cursors.set_cursor_now("s:jetstream", "2")
    assert await store.get_cursor("s:jetstream") == "2"
    await commit(store, tx.pending)
    cursors.end()
    assert await store.get_cursor("s:jetstream") == "2"
