"""Reading a config (what every command does first, ``load_config``) in a process that has
the SQLite store of ``store.path`` open already, while another process writes to it: a test
running a command's ``main`` beside its app, or any later caller that loads a config with a
store open.

``check_config`` looked for SQLite's header by opening the database file with ``open()``.
SQLite's locks are POSIX advisory locks, which the kernel drops for the whole process when it
closes any descriptor of the file (sqlite.org/howtocorrupt.html, 2.2.1): the open store's
shared lock was gone, so the other process, closing, took itself for the last one, folded its
WAL into the file and deleted it under the open store, whose next read failed ('disk I/O
error'; 'database disk image is malformed' in tests/app/test_dead_letter_edges.py with the
`dead` commands run in the test's process). The header is now read through SQLite, which keeps
its descriptors of a file open while a connection of the process holds a lock on it."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.core.config import load_config
from bot.core.effects import DeadLetter, Effects
from bot.store.sqlite import SqliteStore

CONFIG = """\
sources: [{{id: brand, type: replay, path: {empty}}}]
workspaces: [{{name: console, type: console}}]
channels: {{ops: {{workspace: console, id: ops}}}}
store: {{backend: sqlite, path: "{db}"}}
"""

# another process's write, as `socialops dead retry` beside a running bot makes one: a
# connection of its own in WAL mode, closed when done (SQLite alone: no interpreter start-up
# of the whole app)
WRITER = """\
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("INSERT INTO dead VALUES ('timer', 'other', 'theirs', 0, '{}')")
db.close()
"""


def dead(clock: datetime, item_id: str) -> Effects:
    fx = Effects()
    fx.dead.append(DeadLetter("timer", item_id, "a reason", clock, "{}"))
    return fx


async def test_a_config_read_beside_an_open_store_leaves_its_locks(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    (tmp_path / "empty.jsonl").write_text("")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(CONFIG.format(empty=tmp_path / "empty.jsonl", db=db))
    now = datetime.now(UTC)
    store = SqliteStore(db, clock=lambda: now)
    try:
        assert await store.apply(dead(now, "mine"))
        assert load_config(cfg).config.store.path == str(db)
        subprocess.run([sys.executable, "-c", WRITER, str(db)], check=True, timeout=60)
        assert await store.apply(dead(now, "after"))  # before: disk I/O error
        assert {d.id for d in await store.list_dead()} == {"mine", "other", "after"}
    finally:
        await store.close()
    again = SqliteStore(db, clock=lambda: now)
    try:  # every write kept, in a file SQLite reads whole
        assert {d.id for d in await again.list_dead()} == {"mine", "other", "after"}
        assert again._db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        await again.close()
