"""A SQLite library older than 3.35 (RHEL 9's Python links 3.34.1) has no ``RETURNING``:
9ca4cdb0 took every number (a ticket's, an approval's, the routing version inside a write)
with one ``INSERT ... RETURNING``, so on such a library each was a syntax error, and no
ticket opened, where the store had needed 3.24 (its upserts). Such a library takes the
number as before that change, in a transaction of its own, read back; a newer one by the one
statement. Real SQLite files, two stores on one file (two processes' connections)."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot.store.sqlite as sqlite_store
from bot.core import keys as K
from bot.core.config import StoreConfig
from bot.store import open_store
from tests.conftest import FakeClock


@pytest.mark.parametrize("returning", [True, False], ids=["3.35 on", "before 3.35"])
async def test_numbers_are_taken_on_either_library(
        tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
        returning: bool) -> None:
    monkeypatch.setattr(sqlite_store, "RETURNING", returning)
    cfg = StoreConfig(backend="sqlite", path=str(tmp_path / "s.db"))
    a = await open_store(cfg, redis_url=None, clock=clock)
    b = await open_store(cfg, redis_url=None, clock=clock)
    try:
        counter = K.counter_for(K.TICKET)
        assert [await a.next_number(counter), await b.next_number(counter),
                await a.next_number(counter)] == [1, 2, 3]
    finally:
        await a.close()
        await b.close()
