"""A command that only reads (``why``, ``outbox list``, ``audit`` ...) typed while another
process of this release upgrades the store (a ``socialops run`` starting) prints what it
printed before the upgrade, or after it, or its one-line refusal: never a half-upgraded store's
misreading, never a traceback (672bd4e). The upgrader is a real process stalled at the upgrade's
last write boundary, and killed there: on SQLite before the upgrade's COMMIT (its one
transaction), on Redis between the ``outbox:held`` keys and the layout stamp (two writes)."""

from __future__ import annotations

import asyncio
import functools
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.store.redis import LAYOUT
from tests.app.cli_support import Cli, clean_env, ran
from tests.app.test_dead_letters import write_config
from tests.app.test_read_only_commands import READ_ONLY, keyspace, layout_5, stamp_and_held
from tests.chaos.boundary import DIED
from tests.conftest import FakeClock
from tests.store.test_upgrade_in_use import release_11_file, version

pytestmark = pytest.mark.untimed  # every step waits for the one before; no timing decides

ROOT = Path(__file__).parents[2]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """The command's ``main`` in this process, as tests/app's fixture hands it out."""
    return functools.partial(ran, monkeypatch=monkeypatch, capsys=capsys)

# the store's own opening (bot.store.sqlite.SqliteStore._open) with a stall at the upgrade's
# COMMIT: READY is written, then GO awaited; with 'die', os._exit there (as SIGKILL leaves it)
SQLITE_UPGRADER = """
import os, sqlite3, sys, time
from pathlib import Path
from bot.store.sqlite_schema import migrate
path, ready, go, mode = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
class Stalling:
    def __init__(self, db):
        self.db = db
    def __getattr__(self, name):
        return getattr(self.db, name)
    def execute(self, sql, *args):
        if sql == "COMMIT":
            ready.touch()
            while not go.exists():
                time.sleep(0.005)
            if mode == "die":
                os._exit(DIED)
        return self.db.execute(sql, *args)
db = sqlite3.connect(str(path), isolation_level=None, timeout=10.0)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA busy_timeout=10000")
migrate(Stalling(db), path)
print("upgraded", flush=True)
""".replace("DIED", str(DIED))

# RedisStore.connect as run opens it, stalled after the held keys are written, before the
# layout stamp is raised
REDIS_UPGRADER = """
import asyncio, os, sys
from datetime import UTC, datetime
from pathlib import Path
from bot.store.redis import RedisStore
url, ready, go, mode = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
real = RedisStore._hold_waiting_cards
async def hold(self):
    await real(self)
    ready.touch()
    while not go.exists():
        await asyncio.sleep(0.005)
    if mode == "die":
        os._exit(DIED)
RedisStore._hold_waiting_cards = hold
async def main():
    store = await RedisStore.connect(url, clock=lambda: datetime.now(UTC))
    await store.close()
asyncio.run(main())
print("upgraded", flush=True)
""".replace("DIED", str(DIED))


def _stalled(script: str, target: str, tmp: Path, mode: str) -> tuple[subprocess.Popen[str],
                                                                        Path]:
    ready, go = tmp / "ready", tmp / "go"
    ready.unlink(missing_ok=True)
    go.unlink(missing_ok=True)
    proc = subprocess.Popen([sys.executable, "-c", script, target, str(ready), str(go), mode],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the upgrader never reached its stall"
        time.sleep(0.01)
    return proc, go


# A time to the minute: `report`'s window ends now, so two runs a minute boundary apart said
# two windows ('... 07:55 UTC' then '... 07:56 UTC') of the same store
_MINUTE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")


def _outputs(cli: Cli, cfg: Path, tmp: Path) -> dict[tuple[str, ...], tuple[int, str, str]]:
    """What each read-only command says of the store, its window's ends left out."""
    out = {}
    for command in READ_ONLY:
        done = cli("-c", str(cfg), *command, cwd=tmp, env=clean_env())
        assert "Traceback" not in done.stderr, (command, done.stderr)
        assert len(done.stderr.splitlines()) <= 1, (command, done.stderr)
        said = _MINUTE.sub("<minute> UTC", done.stdout) if command[0] == "report" else done.stdout
        out[command] = (done.returncode, said, done.stderr)
    return out


@pytest.mark.parametrize("mode", ["commit", "die"])
def test_sqlite_readers_beside_an_upgrade_stalled_at_its_commit(
        tmp_path: Path, cli: Cli, mode: str) -> None:
    cfg = write_config(tmp_path, "sqlite", "")
    path = tmp_path / "s.db"
    asyncio.run(release_11_file(path, FakeClock()))
    before = _outputs(cli, cfg, tmp_path)
    assert all(code == 1 and "schema version 11" in err for code, _, err in before.values())
    proc, go = _stalled(SQLITE_UPGRADER, str(path), tmp_path, mode)
    try:
        # the upgrade is written but not committed: the file still reads as schema 11
        assert _outputs(cli, cfg, tmp_path) == before
        assert version(path) == 11
    finally:
        go.touch()
        out, err = proc.communicate(timeout=60)
    if mode == "die":
        assert proc.returncode == DIED, err
        assert version(path) == 11
        assert _outputs(cli, cfg, tmp_path) == before  # rolled back: refused as before
        return
    assert (proc.returncode, out) == (0, "upgraded\n"), err
    after = _outputs(cli, cfg, tmp_path)
    assert after.pop(("why", "T-1")) == (1, "", "error: no ticket T-1\n")  # none in it
    assert all(code == 0 for code, _, _ in after.values()), after
    listed = after[("outbox", "list", "--pending")][1]
    assert listed.splitlines()[-1] == "1 pending" and "'t'" in listed, listed


@pytest.mark.parametrize("mode", ["commit", "die"])
def test_redis_readers_beside_an_upgrade_stalled_before_its_stamp(
        tmp_path: Path, redis_url: str, cli: Cli, mode: str) -> None:
    cfg = write_config(tmp_path, "redis", redis_url)
    asyncio.run(layout_5(cfg, redis_url))
    before = _outputs(cli, cfg, tmp_path)
    assert all(code == 0 for code, _, _ in before.values()), before
    proc, go = _stalled(REDIS_UPGRADER, redis_url, tmp_path, mode)
    try:
        # held keys written, stamp still 5: read as before, and left so
        stamp, held = asyncio.run(stamp_and_held(redis_url))
        assert stamp == "5" and held
        half = asyncio.run(keyspace(redis_url))
        assert _outputs(cli, cfg, tmp_path) == before
        assert asyncio.run(keyspace(redis_url)) == half
    finally:
        go.touch()
        out, err = proc.communicate(timeout=60)
    if mode == "die":
        assert proc.returncode == DIED, err
        assert asyncio.run(stamp_and_held(redis_url))[0] == "5"
    else:
        assert (proc.returncode, out) == (0, "upgraded\n"), err
        assert asyncio.run(stamp_and_held(redis_url))[0] == str(LAYOUT)
    assert _outputs(cli, cfg, tmp_path) == before
