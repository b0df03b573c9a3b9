"""Which connection a point read of the SQLite store runs on: the writing one while no write is
under way (its own commits keep its page cache; each of them empties the read-only
connection's), else the read-only one, which never sees a transaction before its commit."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path
from typing import Any

from bot.core.effects import Effects
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
