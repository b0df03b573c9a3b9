"""A write while the SQLite store closes (CI, 2026-12-07: a Slack reaction's lease let go as its
test's app shut down). The store writes inline on the event loop's thread and closes its
connection on its own thread: a write that began after ``close`` had handed the connection to
that thread ran on it while it was being closed, and the process died of a segmentation fault
in SQLite. A write after ``close`` began is refused in one line (the store is closed), and
``close`` shuts the connection only when no write holds it."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from bot.core.errors import StoreUnavailable
from bot.store.sqlite import SqliteStore
from tests.conftest import FakeClock


async def test_a_write_after_close_began_is_refused_not_run_on_the_closing_connection(
        tmp_path: Path, clock: FakeClock) -> None:
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    assert await store.mark_seen("before", 60)
    busy = threading.Event()
    # the store's thread busy (a merge, a prune): close's shut waits behind it
    store._pool.submit(busy.wait, 30)
    closing = asyncio.create_task(store.close())
    await asyncio.sleep(0.05)  # close has begun: its shut is queued on the thread
    try:
        with pytest.raises(StoreUnavailable, match="closed"):
            await store.forget_seen("before")
    finally:
        busy.set()
        await closing


async def test_close_waits_for_a_write_running_on_the_thread(
        tmp_path: Path, clock: FakeClock) -> None:
    """A long write (a merge, a prune) on the thread when close comes: the connection is shut
    after it, which ends as it would have."""
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    started, go = threading.Event(), threading.Event()
    wrote: list[bool] = []

    def long_write() -> None:
        started.set()
        go.wait(30)
        with store._tx() as db:
            db.execute("SELECT 1")
        wrote.append(True)

    writing = asyncio.create_task(store._write_on_thread(long_write))
    assert await asyncio.to_thread(started.wait, 30)
    closing = asyncio.create_task(store.close())
    await asyncio.sleep(0.05)
    go.set()
    await writing
    await closing
    assert wrote == [True]
