"""The SQLite store's outbox counts and tallies are kept beside the rows they count (since
dbc4e92 summed in memory through a transaction and written as it commits): after two real
processes writing one file by every path that moves them (queue, coalesce, claim, settles
grouped, dead, retry, a dead notice dropped, prune) are SIGKILLed at random moments, over and
over, the counts equal a recount of the rows and the delivered tally the cards settled sent."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.config import StoreConfig
from bot.store import open_store
from tests.chaos.count_worker import DAY
from tests.chaos.procs import ROOT
from tests.conftest import FakeClock


def worker(db: Path, seed: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tests.chaos.count_worker", str(db),
                             str(seed)], cwd=ROOT, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def sent(db: Path) -> int:
    try:
        rows = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    except sqlite3.OperationalError:  # not made yet
        return 0
    try:
        return int(rows.execute("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"
                                ).fetchone()[0])
    except sqlite3.OperationalError:  # its tables not made yet
        return 0
    finally:
        rows.close()


def killed(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:  # it ended by itself: an error, shown
        raise AssertionError(proc.stderr.read().decode()[-3000:] if proc.stderr else "")
    proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.mark.parametrize("seed", [1, 2])
async def test_counts_and_tallies_equal_a_recount_after_random_kills(
        tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    db = tmp_path / "s.db"
    procs = [worker(db, rng.randrange(10 ** 6)) for _ in range(2)]
    try:
        for _ in range(8):
            await asyncio.sleep(rng.uniform(1.0, 3.0))
            i = rng.randrange(2)
            killed(procs[i])
            procs[i] = worker(db, rng.randrange(10 ** 6))
        # then on until they have got far (a loaded machine starts a process slowly)
        deadline = asyncio.get_running_loop().time() + 120
        while sent(db) <= 20 and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.2)
        for proc in procs:
            killed(proc)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
    store = await open_store(StoreConfig(backend="sqlite", path=str(db)), redis_url=None,
                             clock=FakeClock())
    try:
        counts = await store.outbox_counts()
        tallies = await store.tallies(DAY - 1)
    finally:
        await store.close()
    rows = sqlite3.connect(db)
    try:
        recount = {"pending": 0, "sent": 0, "dead": 0}
        recount.update(rows.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status"))
        finished = rows.execute("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND "
                                "json_extract(json, '$.ref') IS NOT NULL").fetchone()[0]
    finally:
        rows.close()
    assert counts == recount
    assert tallies.get("f", {}).get(DAY, 0) == finished
    assert recount["sent"] > 20 and tallies["q"][DAY] >= sum(recount.values()), (
        recount, tallies)  # the workers got far: every path was taken
