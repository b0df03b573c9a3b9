"""The SQLite store gathers footprints (customer, mention) and trace URLs in small tables and
merges them into the big, key-ordered ones in bulk (see ``bot.store.sqlite``): what is read is
the same before and after a merge, in this process and another, across a crash in the middle of
one, a restart, pruning, and the upgrade of databases written before the small tables existed.
The store contract suite covers customer context and ``why`` on both backends."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from bot.core.effects import Effects
from bot.core.models import Author, Mention
from bot.engine.pipeline import trace as make_trace
from bot.store import sqlite as S
from bot.store.sqlite import SqliteStore
from bot.store.sqlite_schema import SCHEMA_VERSION
from tests.conftest import FakeClock

DAY = 86400


def rows(store: SqliteStore, table: str) -> int:
    return int(store._point(f"SELECT COUNT(*) FROM {table}")[0][0])


async def write(store: SqliteStore, clock: FakeClock, start: int, n: int, *,
                customers: int = 3, ttl: int = DAY) -> None:
    """Footprints of mentions ``start`` .. ``start + n - 1``, spread over ``customers``."""
    fx = Effects()
    fx.footprints += [(f"mastodon:c{i % customers}", f"mastodon:{i}", clock().timestamp(), ttl)
                      for i in range(start, start + n)]
    assert await store.apply(fx)


async def counts(store: SqliteStore, customers: int = 3) -> list[int]:
    return [await store.customer_mentions(f"mastodon:c{i}") for i in range(customers)]


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(S, "MERGE_AT", 10)
    return 10


async def test_footprints_merge_in_bulk_and_count_the_same_before_and_after(
        tmp_path: Path, clock: FakeClock, small: int) -> None:
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    other = SqliteStore(tmp_path / "s.db", clock=clock)  # another process on the same file
    try:
        await write(store, clock, 0, 6)
        assert (rows(store, "footprints_new"), rows(store, "footprints")) == (6, 0)
        assert await counts(store) == await counts(other) == [2, 2, 2]
        await write(store, clock, 6, 6)  # 12 gathered: merged after this write
        assert (rows(store, "footprints_new"), rows(store, "footprints")) == (0, 12)
        assert await counts(store) == await counts(other) == [4, 4, 4]
        await write(store, clock, 6, 3)  # a batch written again adds nothing
        await write(store, clock, 12, 9)
        assert (rows(store, "footprints_new"), rows(store, "footprints")) == (0, 21)
        assert await counts(store) == [7, 7, 7]
        history = await store.customer_history("mastodon:c0")
        assert history == ([], 7, [])
    finally:
        await store.close()
        await other.close()


async def test_a_crash_in_the_middle_of_a_merge_loses_and_doubles_no_footprint(
        tmp_path: Path, clock: FakeClock, small: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    merge = SqliteStore._merge_gathered

    def dies_after_the_insert(self: SqliteStore) -> None:
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO footprints SELECT * FROM footprints_new")
            raise sqlite3.OperationalError("disk I/O error")  # before the DELETE and COMMIT

    monkeypatch.setattr(SqliteStore, "_merge_gathered", dies_after_the_insert)
    await write(store, clock, 0, 12)  # the merge fails: logged, the write itself stands
    assert (rows(store, "footprints_new"), rows(store, "footprints")) == (12, 0)
    assert await counts(store) == [4, 4, 4]
    await store.close()
    monkeypatch.setattr(SqliteStore, "_merge_gathered", merge)
    again = SqliteStore(tmp_path / "s.db", clock=clock)  # a restart knows how many wait
    try:
        assert again._gathered == 12
        await write(again, clock, 12, 3)
        assert (rows(again, "footprints_new"), rows(again, "footprints")) == (0, 15)
        assert await counts(again) == [5, 5, 5]
    finally:
        await again.close()


async def test_prune_removes_expired_footprints_from_both_tables_off_the_loop(
        tmp_path: Path, clock: FakeClock, small: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """And it runs on the store's thread: a big prune held the event loop for its length."""
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    threads: list[str] = []
    patiently = store._patiently

    def recorded(fn: Any, *args: Any) -> Any:
        threads.append(threading.current_thread().name)
        return patiently(fn, *args)

    monkeypatch.setattr(store, "_patiently", recorded)
    try:
        await write(store, clock, 0, 12, ttl=3600)  # merged
        await write(store, clock, 12, 3, ttl=3600)  # gathered
        await write(store, clock, 15, 3, ttl=3 * DAY)
        clock.advance(seconds=7200)
        assert await counts(store) == [1, 1, 1]  # expired ones are not counted...
        threads.clear()
        done = await store.prune(clock(), sent_seconds=DAY, refs_seconds=DAY)
        assert done["footprints"] == 15  # ...and pruning removes them from both tables
        assert threads and all(t.startswith("sqlite") for t in threads)
        assert rows(store, "footprints") + rows(store, "footprints_new") == 3
    finally:
        await store.close()


async def trace(store: SqliteStore, clock: FakeClock, mention: str, url: str | None, *,
                ttl: int = DAY) -> None:
    """The trace the pipeline writes for a post (``bot.engine.pipeline.trace``)."""
    network, _, native = mention.partition(":")
    post = Mention(id=mention, network=network, source="feed", url=url,  # type: ignore[arg-type]
                   author=Author(id="a1", handle="kasia"), text=f"post {native}",
                   created_at=clock())
    fx = Effects()
    fx.traces.append((make_trace(post, clock(), "unrouted"), ttl))
    assert await store.apply(fx)


async def found(store: SqliteStore, url: str) -> str | None:
    got = await store.trace_by_url(url)
    return got.id if got is not None else None


async def test_a_trace_is_found_by_its_url_before_and_after_a_merge_the_latest_first(
        tmp_path: Path, clock: FakeClock, small: int) -> None:
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    try:
        await trace(store, clock, "mastodon:1", "https://m.example/@a/1")
        await trace(store, clock, "mastodon:2", None)  # a post without a URL: by id only
        assert await found(store, "https://m.example/@a/1") == "mastodon:1"
        for i in range(3, 12):  # ten URLs gathered: merged
            await trace(store, clock, f"mastodon:{i}", f"https://m.example/@a/{i}")
        assert rows(store, "trace_urls_new") == 0 and rows(store, "trace_urls") == 10
        await trace(store, clock, "rss:1", "https://m.example/@a/1")  # the same post, later
        assert await found(store, "https://m.example/@a/1") == "rss:1"  # gathered beats merged
        for i in range(12, 21):
            await trace(store, clock, f"mastodon:{i}", f"https://m.example/@a/{i}")
        assert rows(store, "trace_urls_new") == 0
        assert await found(store, "https://m.example/@a/1") == "rss:1"  # and replaced it
        got = await store.trace_by_url("https://m.example/@a/7")
        assert got is not None and got.id == "mastodon:7"
        assert await store.trace_by_url("https://m.example/@a/999") is None
        clock.advance(seconds=DAY + 1)
        assert await store.trace_by_url("https://m.example/@a/7") is None  # expired
        await store.prune(clock(), sent_seconds=DAY, refs_seconds=DAY)
        assert rows(store, "trace_urls") + rows(store, "trace_urls_new") == 0
    finally:
        await store.close()


async def test_databases_from_before_the_small_tables_are_upgraded_in_place(
        tmp_path: Path, clock: FakeClock) -> None:
    """Version 2 had neither small table and looked traces up by an index on their URL;
    version 3 had footprints_new only. Both open with their counts and URLs intact."""
    for version in (2, 3):
        path = tmp_path / f"v{version}.db"
        store = SqliteStore(path, clock=clock)
        await write(store, clock, 0, 6)
        await trace(store, clock, "mastodon:old", "https://m.example/@a/old")
        await trace(store, clock, "mastodon:older", "https://m.example/@a/older")
        await store.checkpoint()
        await store.close()
        db = sqlite3.connect(path)  # as that version left it
        db.execute("DROP TABLE trace_urls")
        db.execute("DROP TABLE trace_urls_new")
        db.execute("CREATE INDEX traces_url ON traces (url)")
        if version == 2:
            db.execute("INSERT INTO footprints SELECT * FROM footprints_new")
            db.execute("DROP TABLE footprints_new")
        db.execute(f"PRAGMA user_version = {version}")
        db.commit()
        db.close()
        upgraded = SqliteStore(path, clock=clock)
        try:
            assert await counts(upgraded) == [2, 2, 2]
            await write(upgraded, clock, 6, 3)
            assert await counts(upgraded) == [3, 3, 3]
            got = await upgraded.trace_by_url("https://m.example/@a/older")
            assert got is not None and got.id == "mastodon:older"
            assert upgraded._point("PRAGMA user_version")[0][0] == SCHEMA_VERSION == 19
            assert not upgraded._point("SELECT name FROM sqlite_master WHERE name = "
                                       "'traces_url'")
        finally:
            await upgraded.close()


def as_version_4(path: Path) -> None:
    """Turn a database of this version back into one as version 4 left it: the dedup marks
    and footprints in ordinary (rowid) tables."""
    db = sqlite3.connect(path)
    for table, columns, key in (
            ("kv", "key TEXT PRIMARY KEY, value TEXT NOT NULL, expires REAL NOT NULL", ""),
            *((t, "customer TEXT NOT NULL, mention TEXT NOT NULL, created REAL NOT NULL, "
                  "expires REAL NOT NULL", ", PRIMARY KEY (customer, mention)")
              for t in ("footprints", "footprints_new"))):
        db.execute(f"CREATE TABLE {table}_old ({columns}{key})")
        db.execute(f"INSERT INTO {table}_old SELECT * FROM {table}")
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE {table}_old RENAME TO {table}")
    db.execute("CREATE INDEX kv_expires ON kv (expires)")
    db.execute("CREATE INDEX footprints_expires ON footprints (expires)")
    db.execute("PRAGMA user_version = 4")
    db.commit()
    db.close()


def table_sql(store: SqliteStore) -> dict[str, str]:
    return dict(store._point("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))


async def test_a_version_4_database_is_upgraded_in_place_by_one_of_two_processes(
        tmp_path: Path, clock: FakeClock, small: int) -> None:
    """Version 5 made the dedup marks and footprints WITHOUT ROWID tables: the marks, counts
    and expiry indexes of a version 4 file are all there after the upgrade, whichever of two
    processes opening it at once does it; the other finds it done."""
    path = tmp_path / "v4.db"
    store = SqliteStore(path, clock=clock)
    await write(store, clock, 0, 12)  # merged
    await write(store, clock, 12, 3)  # gathered
    assert await store.mark_seen("done:mastodon:1", DAY)
    await store.checkpoint()
    await store.close()
    as_version_4(path)
    raw = sqlite3.connect(path)
    assert "WITHOUT ROWID" not in raw.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'kv'").fetchone()[0]
    raw.close()
    opened: list[SqliteStore] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            opened.append(SqliteStore(path, clock=clock))
        except BaseException as exc:  # reported below
            errors.append(exc)

    both = [threading.Thread(target=open_one) for _ in range(2)]
    for t in both:
        t.start()
    for t in both:
        t.join()
    assert not errors
    try:
        for upgraded in opened:
            assert upgraded._point("PRAGMA user_version")[0][0] == SCHEMA_VERSION
            tables = table_sql(upgraded)
            for table in ("kv", "footprints", "footprints_new"):
                assert "WITHOUT ROWID" in tables[table]
            assert not [t for t in tables if t.endswith("_v4")]
            indexes = {r[0] for r in upgraded._point(
                "SELECT name FROM sqlite_master WHERE type = 'index'")}
            assert {"kv_expires", "footprints_expires"} <= indexes
            assert await counts(upgraded) == [5, 5, 5]
            assert await upgraded.seen_many(["done:mastodon:1", "done:mastodon:2"]) == {
                "done:mastodon:1"}
        await write(opened[0], clock, 15, 3)
        assert await counts(opened[1]) == [6, 6, 6]
        assert not await opened[1].mark_seen("done:mastodon:1", DAY)  # seen before
        clock.advance(seconds=DAY + 1)
        done = await opened[0].prune(clock(), sent_seconds=DAY, refs_seconds=DAY)
        assert done["marks"] == 1 and done["footprints"] == 18
    finally:
        for upgraded in opened:
            await upgraded.close()


def indexes(store: SqliteStore) -> set[str]:
    return {str(r[0]) for r in store._point(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")}


async def test_traces_are_pruned_by_when_they_were_fetched_without_an_expiry_index(
        tmp_path: Path, clock: FakeClock) -> None:
    """Every fetched post writes a trace, so each index of traces is a write per post: they
    are pruned through the index by fetch time that previews need anyway, after the
    retention the caller gives (``store.retention.traces_days``), as Redis prunes them."""
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    try:
        assert "traces_expires" not in indexes(store) and "traces_fetched" in indexes(store)
        await trace(store, clock, "mastodon:1", "https://m.example/@a/1", ttl=7 * DAY)
        clock.advance(seconds=2 * DAY)
        await trace(store, clock, "mastodon:2", "https://m.example/@a/2", ttl=7 * DAY)
        clock.advance(seconds=2 * DAY)
        done = await store.prune(clock(), sent_seconds=DAY, refs_seconds=DAY,
                                 traces_seconds=3 * DAY)
        assert done["traces"] == 1  # fetched 4 days ago; the one of 2 days ago stays
        assert await store.get_trace("mastodon:1") is None
        assert await store.get_trace("mastodon:2") is not None
        done = await store.prune(clock(), sent_seconds=DAY, refs_seconds=DAY,
                                 traces_seconds=DAY)
        assert done["traces"] == 1 and rows(store, "traces") == 0
    finally:
        await store.close()


async def test_a_version_5_database_loses_the_trace_expiry_index_and_keeps_its_traces(
        tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "v5.db"
    store = SqliteStore(path, clock=clock)
    await trace(store, clock, "mastodon:1", "https://m.example/@a/1")
    assert await store.mark_seen("done:mastodon:1", DAY)
    await store.checkpoint()
    await store.close()
    db = sqlite3.connect(path)  # as version 5 left it
    db.execute("CREATE INDEX traces_expires ON traces (expires)")
    db.execute("PRAGMA user_version = 5")
    db.commit()
    db.close()
    upgraded = SqliteStore(path, clock=clock)
    try:
        assert upgraded._point("PRAGMA user_version")[0][0] == SCHEMA_VERSION == 19
        assert "traces_expires" not in indexes(upgraded)
        assert await found(upgraded, "https://m.example/@a/1") == "mastodon:1"
        assert await upgraded.seen_many(["done:mastodon:1"]) == {"done:mastodon:1"}
    finally:
        await upgraded.close()
