"""The SQLite upgrade with a real death: a process opening a version 4 file dies (``os._exit``)
right after the upgrade's last statement, before its commit. The file is then still the
version 4 one with every dedup mark and footprint, the next process upgrades it, and nothing
is lost or counted twice."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store.sqlite import SqliteStore
from bot.store.sqlite_schema import SCHEMA_VERSION
from tests.chaos.boundary import DIED
from tests.chaos.procs import ROOT
from tests.conftest import FakeClock
from tests.store.test_sqlite_gathered import DAY, as_version_4, counts, write

pytestmark = pytest.mark.untimed  # the process dies at a named statement (tests/chaos/conftest.py)

# Opens the store with every statement of the upgrade passed through, and dies right after the
# one that sets the new version: the upgrade is all done but not committed.
DYING_UPGRADE = f"""
import os, sys
from bot.store import sqlite as S
from bot.store.sqlite_schema import migrate

class Dying:
    def __init__(self, db):
        self.db = db
    def execute(self, sql, *args):
        result = self.db.execute(sql, *args)
        if sql.startswith("PRAGMA user_version = "):
            os._exit({DIED})
        return result

S.migrate = lambda db, path=None: migrate(Dying(db), path)
S.SqliteStore(__import__("pathlib").Path(sys.argv[1]), clock=lambda: None)
"""


def version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


async def test_a_process_dying_mid_upgrade_leaves_the_old_file_whole_for_the_next(
        tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "v4.db"
    store = SqliteStore(path, clock=clock)
    await write(store, clock, 0, 12)
    assert await store.mark_seen("done:mastodon:1", DAY)
    await store.checkpoint()
    await store.close()
    as_version_4(path)
    died = subprocess.run([sys.executable, "-c", DYING_UPGRADE, str(path)], cwd=ROOT,
                          capture_output=True, timeout=60, check=False)
    assert died.returncode == DIED, died.stderr.decode()[-3000:]
    assert version(path) == 4
    upgraded = SqliteStore(path, clock=clock)
    try:
        assert version(path) == SCHEMA_VERSION
        assert await counts(upgraded) == [4, 4, 4]
        assert await upgraded.seen_many(["done:mastodon:1", "done:mastodon:2"]) == {
            "done:mastodon:1"}
        tables = {r[0] for r in upgraded._point(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert not [t for t in tables if t.endswith("_v4")]
    finally:
        await upgraded.close()
