"""The SQLite upgrade with a real death (SIGKILL): a process opening an old file is killed at
every write boundary of the upgrade in turn, before each statement that writes (``BEGIN``,
each ``CREATE``/``ALTER``/``INSERT``/``DROP``, the version, ``COMMIT``) and after the last.
Each time the file is then the old one, whole (read by another connection: its version, its
tables, every dedup mark, footprint and queued card), or, killed after its commit, this
release's; the lock the upgrade held (``<db>.lock``) is free again; the next process
upgrades it once, and nothing is lost or counted twice. Two processes of this release opening
one old file at once, each as ``run`` does (the lock first), or as a command does: one
upgrades, the other is refused in one line or finds it done."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.core.cards import Card, OutboxItem
from bot.core.effects import Effects
from bot.store.sqlite import SqliteStore
from bot.store.sqlite_schema import SCHEMA_VERSION, lock_path
from tests.chaos.procs import ROOT
from tests.conftest import FakeClock
from tests.store.test_sqlite_gathered import DAY, as_version_4, counts, write

pytestmark = pytest.mark.untimed  # the process dies at a numbered statement, no clock

# One process that imports this release once, then forks a child per boundary: the child
# opens its own copy of the old file with the upgrade's statements passed through, and kills
# itself (SIGKILL) before write statement number ``at`` (after the last: after the commit).
# Prints the number of write statements, then each child's exit status.
KILLED_UPGRADES = """
import json, os, signal, sys
from pathlib import Path
from bot.store import sqlite as S
from bot.store.sqlite_schema import migrate

WRITES = ("BEGIN", "COMMIT", "ROLLBACK", "CREATE", "ALTER", "INSERT", "DROP",
          "PRAGMA user_version =", "PRAGMA application_id =")

class Killed:
    def __init__(self, db, at):
        self.db, self.at, self.n = db, at, 0
    def execute(self, sql, *args):
        if sql.startswith(WRITES):
            if self.n == self.at:
                os.kill(os.getpid(), signal.SIGKILL)
            self.n += 1
        return self.db.execute(sql, *args)

def opened(path, at):
    counted = []
    def upgrade(db, given=None):
        killed = Killed(db, at)
        migrate(killed, given)
        counted.append(killed.n)
        if killed.n == at:  # after the last statement, the commit
            os.kill(os.getpid(), signal.SIGKILL)
    S.migrate = upgrade
    S.SqliteStore(Path(path), clock=lambda: 0.0)
    return counted[0]

files = sys.argv[1:]
writes = opened(files[0], -1)  # the first copy upgraded whole, to count its statements
statuses = []
for at, path in enumerate(files[1:writes + 2]):
    child = os.fork()
    if child == 0:
        opened(path, at)
        os._exit(3)  # not killed: the boundary was never met
    statuses.append(os.waitpid(child, 0)[1])
print(json.dumps({"writes": writes, "statuses": statuses}))
"""

OLD = 4  # rebuilds three tables (renamed, copied back, dropped) and adds the outbox's lane


async def old_file(path: Path, clock: FakeClock) -> None:
    """A version 4 file: footprints, a dedup mark, a card waiting; no outbox ``lane``."""
    store = SqliteStore(path, clock=clock)
    await write(store, clock, 0, 12)
    assert await store.mark_seen("done:mastodon:1", DAY)
    fx = Effects()
    fx.send(OutboxItem.new(key="T-1@c", workspace="console", channel="c",
                           card=Card(kind="alert", key="T-1", title="t"), now=clock()))
    assert await store.apply(fx)
    await store.checkpoint()
    await store.close()
    as_version_4(path)
    db = sqlite3.connect(path)
    db.execute("DROP INDEX outbox_lanes")
    db.execute("DROP INDEX outbox_card")
    db.execute("ALTER TABLE outbox DROP COLUMN lane")
    db.commit()
    db.close()


def as_read(path: Path) -> dict[str, Any]:
    """The file as another connection reads it, writing nothing."""
    db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return {
            "version": db.execute("PRAGMA user_version").fetchone()[0],
            "tables": sorted(r[0] for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")),
            "lane": "lane" in [r[1] for r in db.execute("PRAGMA table_info(outbox)")],
            "rows": [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                     for t in ("kv", "footprints", "footprints_new", "outbox")],
            "integrity": db.execute("PRAGMA integrity_check").fetchone()[0],
        }
    finally:
        db.close()


def lock_is_free(path: Path) -> bool:
    if not lock_path(path).exists():
        return True
    fd = os.open(lock_path(path), os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


async def test_a_process_killed_at_each_write_of_the_upgrade_leaves_the_old_file_whole(
        tmp_path: Path, clock: FakeClock) -> None:
    pristine = tmp_path / "pristine.db"
    await old_file(pristine, clock)
    before = as_read(pristine)
    assert before["version"] == OLD and not before["lane"]
    assert before["integrity"] == "ok"
    copies = []
    for n in range(90):  # more than the upgrade's writes (counted below)
        (tmp_path / str(n)).mkdir()
        copies.append(tmp_path / str(n) / "s.db")
        shutil.copy(pristine, copies[-1])
    done = subprocess.run([sys.executable, "-c", KILLED_UPGRADES, *map(str, copies)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    ran = json.loads(done.stdout.splitlines()[-1])
    writes, statuses = ran["writes"], ran["statuses"]
    assert 40 < writes < len(copies) - 1, writes
    assert statuses == [9] * (writes + 1), statuses  # each killed by SIGKILL where it was told
    assert as_read(copies[0])["version"] == SCHEMA_VERSION
    for at, path in enumerate(copies[1:writes + 2]):
        assert lock_is_free(path), at
        left = as_read(path)
        if at < writes:  # killed before the commit: the old file, as it was
            assert left == before, at
        else:
            assert left["version"] == SCHEMA_VERSION and left["lane"], at
        upgraded = SqliteStore(path, clock=clock)
        try:
            assert upgraded._point("PRAGMA user_version")[0][0] == SCHEMA_VERSION, at
            assert await counts(upgraded) == [4, 4, 4], at
            assert await upgraded.seen_many(["done:mastodon:1", "done:mastodon:2"]) == {
                "done:mastodon:1"}, at
            [waiting] = await upgraded.list_outbox(status="pending")
            assert (waiting.key, waiting.lane) == ("T-1@c", ""), at
        finally:
            await upgraded.close()
        after = as_read(path)
        assert not [t for t in after["tables"] if t.endswith("_v4")], at
        assert after["rows"] == before["rows"] and after["integrity"] == "ok", at
        assert lock_is_free(path), at


# Two processes of this release opening one old file at once: each waits for a go line, takes
# the lock as ``run`` does (``run``) or not (a command), opens the store, and says what it got.
OPENING = """
import sys
from pathlib import Path
from bot.app.lock import SqliteLock
from bot.core.errors import StoreUnavailable, UsageError
from bot.store.sqlite import SqliteStore
print("ready", flush=True)
sys.stdin.readline()
try:
    if sys.argv[2] == "run":
        SqliteLock(sys.argv[1]).acquire()
    SqliteStore(Path(sys.argv[1]), clock=lambda: 0.0)
except (StoreUnavailable, UsageError) as exc:
    print(f"refused: {exc}")
else:
    print("opened")
"""


@pytest.mark.parametrize("how", ["run", "command"])
async def test_two_processes_opening_an_old_file_at_once(
        tmp_path: Path, clock: FakeClock, how: str) -> None:
    path = tmp_path / "s.db"
    await old_file(path, clock)
    before = as_read(path)
    procs = [subprocess.Popen([sys.executable, "-c", OPENING, str(path), how], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    said = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err[-3000:]
        [line] = out.splitlines()
        said.append(line)
    if how == "run":  # one holds the database; the other is refused by its lock, in one line
        assert sorted(s.split(":")[0] for s in said) == ["opened", "refused"], said
        assert [s for s in said if "another socialops process (pid" in s], said
    else:  # the second waits for the first's upgrade, then finds it done
        assert said == ["opened", "opened"], said
    after = as_read(path)
    assert after["version"] == SCHEMA_VERSION and after["lane"]
    assert after["rows"] == before["rows"] and after["integrity"] == "ok"
    assert lock_is_free(path)
