"""An hourly digest the bot was down for three windows of (docs/rules.md, Digests), its late
flushes re-armed window by window (``handlers.routing`` ``rearm``): the real process that
fires it first is held between deciding the first window's card (the timer re-armed for the
next missed window in the same write) and writing it (``tests.chaos.held_timers``), a slow
disk or a pause; once its leases lapse two real processes fire the timers at once, beat by
beat; then the held one is let go. On a SQLite file and a redis-server: each missed window's
card once, with its own posts (a reliability review)."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.chaos.boundary import here
from tests.chaos.procs import ROOT
from tests.chaos.test_review_missed_windows_kills import BACK, read
from tests.chaos.test_wall_clock import DAY, ended, fire, posts, setup, store_of
from tests.conftest import FakeClock


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_held_late_flush_and_two_processes_give_each_missed_window_once(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    config = setup(tmp_path, store_of(backend, request))
    record = tmp_path / "record.jsonl"
    clock = FakeClock(DAY + timedelta(minutes=20))
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await read(app, 1, clock())  # 10:20, read live; the bot stops at 10:30
    clock.now = BACK
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:  # back: the backlog read first
        await read(app, 3, DAY + timedelta(hours=2, minutes=10))
        await read(app, 2, DAY + timedelta(hours=1, minutes=10))
    hold = tmp_path / "hold"
    held = subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.held_timers", str(config), str(record),
         BACK.isoformat(), str(hold), "digest:"], cwd=ROOT, stderr=subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    try:
        for _ in range(6000):  # held with the first window's card decided
            if hold.with_suffix(".ready").exists() or held.poll() is not None:
                break
            await asyncio.sleep(0.01)
        assert hold.with_suffix(".ready").exists(), held.communicate()[1].decode()[-3000:]
        back = BACK + timedelta(minutes=2)  # the held one's leases lapsed
        for _ in range(3):  # a beat a window (each re-arms the next), two processes at once
            for q in [fire(config, record, back) for _ in range(2)]:
                ended(q)
        hold.touch()  # the held write goes on: refused, or decided again
        _, err = held.communicate(timeout=120)
        assert held.returncode == 0, err.decode()[-3000:]
    finally:
        if held.poll() is None:
            held.kill()
            held.wait()
    back = BACK + timedelta(minutes=3)  # every other process done: alone, in this process
    await here("timers", str(config), str(record), back.isoformat())
    await here("drain", str(config), str(record), back.isoformat())
    shown = posts(record, "digest:")
    said = [(str(r["title"]), "(1)" in str(r["text"]), "(2)" in str(r["text"]),
             "(3)" in str(r["text"])) for r in shown]
    assert sorted(said) == sorted([
        ("Digest for product: 1 mention", True, False, False),
        ("Digest for product: 1 mention", False, True, False),
        ("Digest for product: 1 mention", False, False, True)]), shown
