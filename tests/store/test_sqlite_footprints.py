"""The SQLite store gathers footprints (customer, mention) in a small table and merges them into
the customer-ordered one in bulk (see ``bot.store.sqlite``): counts are the same before and after
a merge, in this process and another, across a crash in the middle of one, a restart, and the
upgrade of a database written before the small table existed. The store contract suite covers
what customer context reads on both backends."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.core.effects import Effects
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
    monkeypatch.setattr(S, "MERGE_FOOTPRINTS_AT", 10)
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
    merge = SqliteStore._merge_footprints

    def dies_after_the_insert(self: SqliteStore) -> None:
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO footprints SELECT * FROM footprints_new")
            raise sqlite3.OperationalError("disk I/O error")  # before the DELETE and COMMIT

    monkeypatch.setattr(SqliteStore, "_merge_footprints", dies_after_the_insert)
    await write(store, clock, 0, 12)  # the merge fails: logged, the write itself stands
    assert (rows(store, "footprints_new"), rows(store, "footprints")) == (12, 0)
    assert await counts(store) == [4, 4, 4]
    await store.close()
    monkeypatch.setattr(SqliteStore, "_merge_footprints", merge)
    again = SqliteStore(tmp_path / "s.db", clock=clock)  # a restart knows how many wait
    try:
        assert again._new_footprints == 12
        await write(again, clock, 12, 3)
        assert (rows(again, "footprints_new"), rows(again, "footprints")) == (0, 15)
        assert await counts(again) == [5, 5, 5]
    finally:
        await again.close()


async def test_prune_removes_expired_footprints_from_both_tables(
        tmp_path: Path, clock: FakeClock, small: int) -> None:
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    try:
        await write(store, clock, 0, 12, ttl=3600)  # merged
        await write(store, clock, 12, 3, ttl=3600)  # gathered
        await write(store, clock, 15, 3, ttl=3 * DAY)
        clock.advance(seconds=7200)
        assert await counts(store) == [1, 1, 1]  # expired ones are not counted...
        done = await store.prune(clock(), sent_seconds=DAY, refs_seconds=DAY)
        assert done["footprints"] == 15  # ...and pruning removes them from both tables
        assert rows(store, "footprints") + rows(store, "footprints_new") == 3
    finally:
        await store.close()


async def test_a_database_from_before_the_small_table_is_upgraded_in_place(
        tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "s.db"
    store = SqliteStore(path, clock=clock)
    await write(store, clock, 0, 6)
    await store.checkpoint()
    await store.close()
    db = sqlite3.connect(path)  # as schema version 2 left it
    db.execute("INSERT INTO footprints SELECT * FROM footprints_new")
    db.execute("DROP TABLE footprints_new")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    upgraded = SqliteStore(path, clock=clock)
    try:
        assert await counts(upgraded) == [2, 2, 2]
        await write(upgraded, clock, 6, 3)
        assert await counts(upgraded) == [3, 3, 3]
        assert upgraded._point("PRAGMA user_version")[0][0] == SCHEMA_VERSION == 3
    finally:
        await upgraded.close()
