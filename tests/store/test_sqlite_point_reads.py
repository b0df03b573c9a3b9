"""Which connection a point read of the SQLite store runs on: the writing one while no write is
under way (its own commits keep its page cache; each of them empties the read-only
connection's), else the read-only one, which never sees a transaction before its commit."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.core.effects import Effects
from bot.store import layout as L
from bot.store.sqlite import SqliteStore
from tests.conftest import FakeClock

DAY = 86400


async def footprints(store: SqliteStore, clock: FakeClock, *ids: str) -> None:
    fx = Effects()
    fx.footprints += [("mastodon:c", f"mastodon:{i}", clock().timestamp(), DAY) for i in ids]
    assert await store.apply(fx)


async def test_a_point_read_after_a_write_runs_on_the_writing_connection(
        tmp_path: Path, clock: FakeClock) -> None:
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    seen: list[str] = []
    try:
        await footprints(store, clock, "1", "2")
        store._db.set_trace_callback(seen.append)
        assert await store.customer_history("mastodon:c") == ([], 2, [])
        assert any(s.startswith("SELECT 0, COUNT(*)") for s in seen)
    finally:
        store._db.set_trace_callback(None)
        await store.close()


async def test_a_point_read_while_a_write_is_under_way_on_the_thread_sees_only_commits(
        tmp_path: Path, clock: FakeClock) -> None:
    """A write on the store's thread (a long one, or one waiting for another process's lock)
    holds its transaction open on the writing connection: a read there would count its rows
    before they are committed, and a rollback would take them back after they were seen."""
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    inside, release = threading.Event(), threading.Event()

    def slow_write() -> None:
        with store._tx() as db:
            now = clock().timestamp()
            db.execute("INSERT INTO footprints_new VALUES ('mastodon:c', 'mastodon:9', ?, ?)",
                       (now, now + DAY))
            inside.set()
            release.wait(10)

    try:
        await footprints(store, clock, "1")
        writing = asyncio.create_task(store._write_on_thread(slow_write))
        assert await asyncio.to_thread(inside.wait, 10)
        assert await store.customer_mentions("mastodon:c") == 1
        release.set()
        await writing
        assert await store.customer_mentions("mastodon:c") == 2
    finally:
        release.set()
        await store.close()


class Busy:
    """The writing connection as SQLite leaves it while another process recovers the WAL
    (``SQLITE_BUSY_RECOVERY``): its reads answer "locked" at once, as it never waits (its
    busy timeout is 0, see ``bot.store.sqlite``). Hard to bring about for real in a test."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.in_transaction = False
        self.refused = 0

    def execute(self, sql: str, args: Any = ()) -> sqlite3.Cursor:
        if sql.startswith("SELECT"):
            self.refused += 1
            raise sqlite3.OperationalError("database is locked")
        return self.db.execute(sql, args)


async def test_a_point_read_the_writing_connection_refuses_as_busy_runs_on_the_reader(
        tmp_path: Path, clock: FakeClock) -> None:
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    writer = store._db
    try:
        await footprints(store, clock, "1", "2", "3")
        busy = Busy(writer)
        store._db = busy  # type: ignore[assignment]
        assert await store.customer_mentions("mastodon:c") == 3
        assert busy.refused == 1
    finally:
        store._db = writer
        await store.close()


# Another process writing the same file: it holds SQLite's write lock, a footprint of the same
# customer written and not committed, until a line comes on its stdin (at most 5 s), then rolls
# it back.
HOLDER = f"""
import select, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO {L.T_FOOTPRINTS_NEW} VALUES ('mastodon:c', 'mastodon:other', 0, 1e12)")
print("holding", flush=True)
select.select([sys.stdin], [], [], 5)
db.execute("ROLLBACK")
"""


@contextmanager
def holding(path: Path) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "holding\n"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def let_go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.close()


async def cancelled_on_the_thread(store: SqliteStore, clock: FakeClock) -> None:
    """A write that met the other process's lock, waiting for it on the store's thread, whose
    caller is cancelled there (a stop cancels a task that did not finish; the last outbox
    drain is bounded): the thread goes on waiting, then writes."""
    waiting = threading.Event()

    def seen(sql: str) -> None:
        if sql == "BEGIN IMMEDIATE" and threading.current_thread().name.startswith("sqlite"):
            waiting.set()

    store._db.set_trace_callback(seen)
    writing = asyncio.create_task(footprints(store, clock, "2"))
    assert await asyncio.to_thread(waiting.wait, 10)
    writing.cancel()
    try:
        await writing
    except asyncio.CancelledError:
        pass
    else:
        raise AssertionError("the write was not cancelled")


async def test_a_point_read_beside_a_cancelled_write_on_the_thread_waits_for_nothing(
        tmp_path: Path, clock: FakeClock) -> None:
    """The thread still uses the writing connection after the cancelled caller let the write
    lock go: a read there waited on the event loop (the connection is the thread's until its
    statement ends) for as long as the other process held its lock, up to 10 s."""
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    try:
        await footprints(store, clock, "1")
        with holding(store.path) as other:
            await cancelled_on_the_thread(store, clock)
            assert await store.customer_mentions("mastodon:c") == 1
            assert other.poll() is None  # answered while the other process still writes
            let_go(other)
            async with store._wlock:  # the cancelled write, once the thread is done with it
                pass
        assert await store.customer_mentions("mastodon:c") == 2
    finally:
        store._db.set_trace_callback(None)
        await store.close()


async def test_a_write_after_a_cancelled_write_on_the_thread_waits_for_it(
        tmp_path: Path, clock: FakeClock) -> None:
    """The next write waits for the thread's (the event loop free meanwhile), rather than run
    on the writing connection inline while the thread waits for the other process there:
    that held the event loop as long as the other process held its lock, then, in one run of
    three, met the thread's transaction: StoreError 'cannot start a transaction within a
    transaction', that write lost."""
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    try:
        await footprints(store, clock, "1")
        with holding(store.path) as other:
            await cancelled_on_the_thread(store, clock)
            later = asyncio.create_task(footprints(store, clock, "3"))
            await asyncio.sleep(0)
            assert other.poll() is None and not later.done()
            let_go(other)
            await later
        assert await store.customer_mentions("mastodon:c") == 3
    finally:
        store._db.set_trace_callback(None)
        await store.close()
