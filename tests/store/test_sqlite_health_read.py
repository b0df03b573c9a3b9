"""What /healthz, /readyz and /metrics read of a SQLite store (``outbox_counts``) while another
process holds the database's write lock: an operator's ``sqlite3 data/socialops.db`` left in a
transaction, a second bot on the same file, a backup tool. The review of 2026-12-02 asked
whether the read waits for SQLite's 10 s busy timeout then, holding the event loop (the read
runs inline, where the HTTP server's 3 s bound cannot cut it). It does not: the store is in
WAL mode, where a reader never takes the write lock, so the read answers at once from the last
commit. Shown with a real second process holding the lock for as long as the read takes: a
read that waited for it would end in 'database is locked' after 10 s."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.cards import Card, OutboxItem
from bot.core.effects import Effects
from bot.store import layout as L
from bot.store.sqlite import SqliteStore
from tests.support.clock import FakeClock

HOLD = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute(sys.argv[2])
db.execute(f"UPDATE {sys.argv[3]} SET n = n + 100")  # not committed: never seen
print("held", flush=True)
sys.stdin.read()  # the lock is held until the test closes stdin (or kills this process)
"""


@pytest.mark.parametrize("begin", ["BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"])
async def test_the_health_read_does_not_wait_for_another_process_s_write_lock(
        tmp_path: Path, begin: str) -> None:
    db = tmp_path / "socialops.db"
    clock = FakeClock()
    store = SqliteStore(db, clock=clock)
    holder = None
    try:
        fx = Effects()  # a count to change: the holder's uncommitted UPDATE has a row
        fx.send(OutboxItem.new(key="A-1@C1", workspace="w", channel="C1",
                               card=Card(kind="alert", key="A-1", title="a"), now=clock()))
        assert await store.apply(fx)
        before = await store.outbox_counts()
        assert sum(before.values()) == 1, before
        holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), begin,
                                   L.T_OUTBOX_COUNTS], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n", holder.communicate()
        # the lock stays held for all of it (the holder waits for its stdin): a read that
        # needed it could only fail ('database is locked', after the busy timeout)
        assert await store.outbox_counts() == before
        assert holder.poll() is None, "the holder let go before the read"
    finally:
        if holder is not None:
            holder.kill()
            holder.communicate()
        await store.close()
