"""A deployment moved from SQLite to Redis (`store.backend: redis`, as operations.md says to set
for the Procfile) starts afresh there: nothing copies the SQLite store, so its tickets stay in
the file and each source reads back its backfill, posting those cards again. The first process
on that empty Redis says so in one warning line, naming the file left behind and where the
move is explained; a Redis that already holds the deployment's data, or no SQLite file at
``store.path``, says nothing. Found by a newcomer who switched the backend and saw the sample
day's 185 cards posted a second time, with no word why."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.config import StoreConfig
from bot.store import open_store
from bot.store.sqlite import SqliteStore

NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


async def opened(config: StoreConfig, caplog: pytest.LogCaptureFixture) -> list[str]:
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        store = await open_store(config, redis_url=None, clock=clock)
        await store.close()
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


async def test_the_first_process_on_an_empty_redis_names_the_sqlite_store_left_behind(
        tmp_path: Path, redis_url: str, caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "data" / "socialops.db"
    db.parent.mkdir()
    old = SqliteStore(str(db), clock=clock)
    await old.close()
    config = StoreConfig(backend="redis", redis_url=redis_url, path=str(db))
    first = await opened(config, caplog)
    assert len(first) == 1, first
    line = first[0]
    assert "\n" not in line
    assert "no socialops data yet" in line and str(db) in line, line
    assert "storage.md#moving-from-sqlite-to-redis" in line, line
    assert await opened(config, caplog) == []  # the data set is this deployment's from now on


async def test_no_word_without_a_sqlite_file(tmp_path: Path, redis_url: str,
                                             caplog: pytest.LogCaptureFixture) -> None:
    config = StoreConfig(backend="redis", redis_url=redis_url,
                         path=str(tmp_path / "data" / "socialops.db"))
    assert await opened(config, caplog) == []
