"""``Store.tickets_opened``: the tickets opened in a window, read through an index of when each
opened (the team report's cost is that of the window, not of every ticket ever stored), on both
backends, and on stores written before that index existed (a SQLite file of schema 6; Redis
keys without it, or a ticket written by a process of an older release)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.core import keys as K
from bot.core.models import Ticket
from bot.core.ports import Store
from bot.store import layout as L
from bot.store.redis import RedisStore
from bot.store.sqlite import OPENED_SQL, SqliteStore
from bot.store.sqlite_schema import SCHEMA_VERSION
from tests.conftest import FakeClock
from tests.support.stores import create, update

AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def ticket(n: int, at: datetime) -> Ticket:
    return Ticket(id=f"T-{n}", signal_id=f"x:{n}", route="support", customer_key=f"x:c{n}",
                  conversation_key=f"x:{n}", created_at=at)


async def test_the_window_holds_its_start_not_its_end(store: Store) -> None:
    """To the microsecond: the index is read with a margin, the stored times decide."""
    times = [AT - timedelta(microseconds=1), AT, AT + timedelta(microseconds=500_000),
             AT + timedelta(hours=1) - timedelta(microseconds=1), AT + timedelta(hours=1)]
    for n, at in enumerate(times, 1):
        assert await create(store, ticket(n, at))
    claimed = (await store.get_ticket("T-2"))
    assert claimed is not None  # a change keeps it where it was
    assert await update(store, claimed.model_copy(update={
        "status": "claimed", "claimer": "alice", "version": 1}), expected=0)
    got = await store.tickets_opened(AT, AT + timedelta(hours=1))
    assert [t.id for t in got] == ["T-2", "T-3", "T-4"]
    assert got[0].status == "claimed"
    assert await store.tickets_opened(AT + timedelta(hours=2), AT + timedelta(hours=3)) == []


async def test_sqlite_reads_the_window_through_its_index(tmp_path: Path,
                                                         clock: FakeClock) -> None:
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    try:
        for n in range(1, 200):  # the planner would read these through another index
            assert await create(store, ticket(n, AT + timedelta(minutes=n)))
        plan = store._point(f"EXPLAIN QUERY PLAN {OPENED_SQL}", (0, 1))
        assert " ".join(str(r[-1]) for r in plan) == (
            f"SEARCH records USING INDEX {L.I_TICKETS_OPENED} (<expr>>? AND <expr><?)")
    finally:
        await store.close()


def as_version_6(path: Path) -> None:
    """A database as schema 6 left it: no index of tickets by when they opened."""
    db = sqlite3.connect(path)
    db.execute(f"DROP INDEX {L.I_TICKETS_OPENED}")
    db.execute("PRAGMA user_version = 6")
    db.commit()
    db.close()


async def test_a_schema_6_file_gets_the_index_over_its_tickets(tmp_path: Path,
                                                               clock: FakeClock) -> None:
    path = tmp_path / "v6.db"
    store = SqliteStore(path, clock=clock)
    for n in range(1, 4):
        assert await create(store, ticket(n, AT + timedelta(minutes=n)))
    await store.close()
    as_version_6(path)
    upgraded = SqliteStore(path, clock=clock)
    try:
        assert upgraded._point("PRAGMA user_version")[0][0] == SCHEMA_VERSION == 19
        got = await upgraded.tickets_opened(AT + timedelta(minutes=2), AT + timedelta(hours=1))
        assert [t.id for t in got] == ["T-2", "T-3"]
        assert await create(upgraded, ticket(4, AT + timedelta(minutes=4)))
        got = await upgraded.tickets_opened(AT, AT + timedelta(hours=1))
        assert [t.id for t in got] == ["T-1", "T-2", "T-3", "T-4"]
    finally:
        await upgraded.close()


async def test_redis_indexes_tickets_stored_before_the_index_or_by_an_older_process(
        redis_url: str, clock: FakeClock) -> None:
    store = await RedisStore.connect(redis_url, clock=clock)
    try:
        opened = store.k.opened(K.TICKET)
        for n in range(1, 4):
            assert await create(store, ticket(n, AT + timedelta(minutes=n)))
        assert await store.r.zrange(opened, 0, -1, withscores=True) == [
            (f"T-{n}", (AT + timedelta(minutes=n)).timestamp()) for n in range(1, 4)]
        await store.r.delete(opened)  # as a store written before the index
        # and one written by a process of the release before it: its script gets no time
        older: list[Any] = ["rec", K.TICKET, "T-4", -1,
                            ticket(4, AT + timedelta(minutes=4)).to_json(), "open", "x:4",
                            "x:c4", "1"]
        assert await store._apply_ops([older])
        got = await store.tickets_opened(AT + timedelta(minutes=2), AT + timedelta(hours=1))
        assert [t.id for t in got] == ["T-2", "T-3", "T-4"]
        assert await store.r.zcard(opened) == 4
        stored = json.loads(await store.r.get(store.k.record(K.TICKET, "T-4")))
        assert stored["id"] == "T-4"
    finally:
        await store.close()
