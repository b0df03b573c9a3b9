"""A SQLite file an earlier release is running on is not upgraded under it. Every release's
``socialops run`` holds ``<db>.lock`` (``fcntl.flock``, with its pid) for its life; a command
of this release typed meanwhile (``outbox list``, ``why``, ``audit``, ``draft`` ...) opened the
file and upgraded it in place, and the running release, which inserts outbox rows by position,
then failed every write that queues a card ('table outbox has 11 columns but 10 values were
supplied', measured with the release of schema 11, a622bea): each claim answered 'that failed',
its sources retried the same batch for ever, until it was restarted. Now such a file is refused
in one line, left as it was, and upgraded once the other process has stopped; the process that
holds the lock itself (``run``, ``replay``) upgrades it as before.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app.lock import HeldElsewhere, SqliteLock
from bot.core.cards import Card, OutboxItem
from bot.core.effects import Effects
from bot.core.errors import StoreUnavailable
from bot.store.sqlite import SqliteStore
from bot.store.sqlite_schema import SCHEMA_VERSION, migrate
from tests.conftest import FakeClock

# What every release's ``run`` does with the lock file (bot/app/lock.py, unchanged since
# schema 7): an exclusive flock, its pid written in it, held until it ends.
HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.pwrite(fd, f"{os.getpid()}\\n".encode(), 0)
print("held", flush=True)
sys.stdin.read()
"""


def version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


async def release_11_file(path: Path, clock: FakeClock) -> None:
    """A file as the release of schema 11 left it: a card waiting, no outbox ``lane``."""
    store = SqliteStore(path, clock=clock)
    fx = Effects()
    fx.send(OutboxItem.new(key="T-1@c", workspace="console", channel="c",
                           card=Card(kind="alert", key="T-1", title="t"), now=clock()))
    await store.apply(fx)
    await store.close()
    db = sqlite3.connect(path)
    db.execute("DROP INDEX outbox_lanes")
    db.execute("DROP INDEX outbox_card")
    db.execute("ALTER TABLE outbox DROP COLUMN lane")
    db.execute("PRAGMA user_version = 11")
    db.execute("PRAGMA application_id = 11")
    db.commit()
    db.close()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A real process holding the lock of ``tmp_path/v11.db``, as an earlier ``run`` does."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "v11.db.lock")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "held\n"
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


async def test_a_file_an_earlier_release_runs_on_is_refused_and_upgraded_once_it_stops(
        tmp_path: Path, clock: FakeClock, running: subprocess.Popen[str]) -> None:
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    with pytest.raises(StoreUnavailable) as refused:
        SqliteStore(path, clock=clock)
    said = str(refused.value)
    assert "\n" not in said
    assert f"another socialops process (pid {running.pid}) is using it" in said, said
    assert "schema version 11" in said and "stop that process" in said, said
    assert version(path) == 11  # left as the running release needs it
    columns = [r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(outbox)")]
    assert "lane" not in columns

    assert running.stdin is not None
    running.stdin.close()  # the earlier release stops
    running.wait(timeout=10)
    store = SqliteStore(path, clock=clock)
    try:
        [waiting] = await store.list_outbox(status="pending")
        assert (waiting.key, waiting.lane) == ("T-1@c", "")
    finally:
        await store.close()
    assert version(path) == SCHEMA_VERSION


async def test_the_process_holding_the_lock_upgrades_the_file(
        tmp_path: Path, clock: FakeClock) -> None:
    """``run`` takes the lock, then opens the store: its own lock is no other process's."""
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    with SqliteLock(path):
        store = SqliteStore(path, clock=clock)
        await store.close()
    assert version(path) == SCHEMA_VERSION


async def test_a_file_of_this_release_opens_beside_a_run(
        tmp_path: Path, clock: FakeClock, running: subprocess.Popen[str]) -> None:
    """Nothing to upgrade: the commands typed beside a ``run`` read it as before."""
    path = tmp_path / "v11.db"
    store = SqliteStore(path, clock=clock)  # this release's, made while the other holds it
    await store.close()
    store = SqliteStore(path, clock=clock)
    await store.close()
    assert version(path) == SCHEMA_VERSION


async def test_a_run_starting_while_a_command_upgrades_the_file_is_refused(
        tmp_path: Path, clock: FakeClock) -> None:
    """The upgrade holds the lock until it commits: a ``run`` of the earlier release starting
    in the middle of it read the file at its old version (its snapshot), took the lock left
    free and ran on, then failed on every card it queued once the upgrade committed. Here it
    is refused by the lock, as beside any other process."""
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    starts: list[str] = []

    def traced(sql: str) -> None:  # the earlier release's run starting at the commit's eve
        if sql.startswith("PRAGMA user_version = "):
            lock = SqliteLock(path)
            try:
                lock.acquire()
            except HeldElsewhere:
                starts.append("refused")
            else:
                starts.append("ran")
                lock.release()

    db = sqlite3.connect(path, isolation_level=None)
    db.set_trace_callback(traced)
    try:
        migrate(db)
    finally:
        db.close()
    assert starts == ["refused"]
    assert version(path) == SCHEMA_VERSION
