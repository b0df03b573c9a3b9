"""Source health's move of the hours of the day with a real death: a process of the new
release, checking state the release before wrote (UTC's hours), dies (``os._exit``) after its
check wrote the moved hours but before the write's commit. The SQLite file then still holds
the UTC hours without a version; the next check moves them once, not twice."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core import keys as K
from bot.core.config import HealthConfig
from bot.core.effects import Effects
from bot.engine.effects import Applier
from bot.engine.timers import Timers
from bot.store.sqlite import SqliteStore
from handlers.source_health import SourceHealth, SourceState, Watched
from tests.chaos.boundary import DIED
from tests.chaos.procs import ROOT
from tests.conftest import FakeClock

pytestmark = pytest.mark.untimed  # the process dies at a named statement (tests/chaos/conftest.py)

# Fires the health timer once on the SQLite file argv[1] at argv[2] (its clock), on Berlin's
# clock, and dies right before the commit of the write that holds source health's state.
DYING_CHECK = f"""
import asyncio, os, sys
from datetime import datetime
from bot.core import keys as K
from bot.core.config import HealthConfig
from bot.engine.effects import Applier
from bot.engine.timers import Timers
from bot.store.sqlite import SqliteStore
from handlers.source_health import SourceHealth, Watched

class Dying:
    def __init__(self, db):
        self.db, self.wrote = db, False
    def __getattr__(self, name):
        return getattr(self.db, name)
    def executemany(self, sql, rows):
        rows = list(rows)
        self.wrote = self.wrote or any(K.SOURCE_BASELINES in map(str, r) for r in rows)
        return self.db.executemany(sql, rows)
    def execute(self, sql, *args):
        if sql == "COMMIT" and self.wrote:
            os._exit({DIED})
        return self.db.execute(sql, *args)

async def main():
    now = datetime.fromisoformat(sys.argv[2])
    store = SqliteStore(sys.argv[1], clock=lambda: now)
    store._db = Dying(store._db)
    health = SourceHealth(store, Applier(store), cfg=HealthConfig(timezone="Europe/Berlin"),
                          clock=lambda: now, sources=[Watched("s", 60.0)], ops=None)
    timers = Timers(store, clock=lambda: now)
    timers.register(K.SOURCE_HEALTH, health.check)
    await timers.fire_due()

asyncio.run(main())
"""

UTC_HOURS = {"hours": [[float(h), 1.0] for h in range(24)],  # hour h: h posts a minute
             "seen": [100 + h for h in range(24)], "all": [5.0, 1.0], "err": [0.0, 0.0],
             "learnt": 20_000}


async def stored(store: SqliteStore) -> dict[str, object]:
    return dict(json.loads(await store.get_cursor(K.SOURCE_BASELINES) or "{}"))


async def test_a_check_killed_before_its_commit_leaves_the_utc_hours_for_the_next_to_move_once(
        tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    store = SqliteStore(path, clock=clock)
    fx = Effects()
    fx.cursors[K.SOURCE_BASELINES] = json.dumps(
        {"read": int(clock.now.timestamp() // 60) - 3, "sources": {"s": UTC_HOURS}})
    health = SourceHealth(store, Applier(store), cfg=HealthConfig(timezone="Europe/Berlin"),
                          clock=clock, sources=[Watched("s", 60.0)], ops=None)
    health.arm(fx)
    assert await store.apply(fx)
    await store.close()

    died = subprocess.run([sys.executable, "-c", DYING_CHECK, str(path), clock.now.isoformat()],
                          check=False, cwd=ROOT, capture_output=True, timeout=120)
    assert died.returncode == DIED, died.stderr.decode()[-2000:]

    store = SqliteStore(path, clock=clock)
    try:
        assert await stored(store) == {"read": int(clock.now.timestamp() // 60) - 3,
                                       "sources": {"s": UTC_HOURS}}
        health = SourceHealth(store, Applier(store),
                              cfg=HealthConfig(timezone="Europe/Berlin"), clock=clock,
                              sources=[Watched("s", 60.0)], ops=None)
        timers = Timers(store, clock=clock)
        timers.register(K.SOURCE_HEALTH, health.check)
        for _ in range(3):
            clock.advance(minutes=1)
            assert await timers.fire_due() == 1
            state = await stored(store)
            assert (state["version"], state["zone"]) == (2, "Europe/Berlin")
            moved = SourceState(state["sources"]["s"])  # type: ignore[index]
            assert moved.hours[8].value == pytest.approx(7.0)  # 08:00 is 07:00 UTC in winter
            assert moved.seen[8] == 107
    finally:
        await store.close()
