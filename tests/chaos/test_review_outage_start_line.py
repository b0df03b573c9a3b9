"""What ``socialops run`` logs at its start after every process was down (an SRE's review):
real processes on a SQLite file or a real redis-server, the first killed (SIGKILL) once it has
beaten, the second started two hours "later" (``tests.chaos.clocked_run``: its clock starts
there, so no wait on the wall clock).

The outage line said "no socialops process ran", also in a `web` process started while web
processes answered chat all along and only the workers were down (the outage is the span no
process beat, and only a process running timers beats): it says "ran its timers". It said
"(digest windows that ended then are posted late, each its own card)" whatever the bot had:
a bot without a digest read of missed windows it has none of, and a bot with escalation
chains read nothing of its steps due meanwhile, which fire late saying so. It now says what
follows from the outage for this bot only: its digests (a route's, or a chat subscription's
stored in the store), its escalation chains, or nothing more.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core import keys as K
from bot.core.config import StoreConfig
from bot.store import open_store
from tests.chaos.procs import ROOT, Processes, wait_for
from tests.chaos.test_backfill_window import Clocked, OnSqlite
from tests.conftest import FakeClock

START = datetime(2026, 12, 3, 9, 10, tzinfo=UTC)

PLAIN = """\
routes:
  - name: brand
    match: {any: [acme]}
    channel: support
"""
DIGEST = PLAIN + "    action: digest\n    interval: 1h\n"
TICKETS = PLAIN + "    action: ticket\n    escalation: esc\n"
BOTH = TICKETS + """\
  - name: weekly
    match: {any: [acme]}
    channel: support
    action: digest
    interval: 1h
"""
DIGESTS = "digest windows that ended then are posted late, each its own card"
STEPS = "escalation steps due then fire now, once each, saying how late"


def write_config(tmp: Path, rules: str, store: str) -> Path:
    cfg = tmp / "socialops.yaml"
    (tmp / "rules.yaml").write_text(rules, encoding="utf-8")
    (tmp / "m.jsonl").write_text("", encoding="utf-8")
    cfg.write_text(f"""\
sources: [{{id: replay, type: replay, path: '{tmp / 'm.jsonl'}', interval: 1}}]
workspaces: [{{name: console, type: console}}]
channels: {{support: {{workspace: console, id: support}}}}
people: [{{id: carol}}]
escalations: [{{name: esc, steps: [{{after_minutes: 15, notify_users: [carol]}}]}}]
spikes: {{enabled: false}}
rules: rules.yaml
store: {{{store}}}
""", encoding="utf-8")
    return cfg


def has_beaten(config: StoreConfig, redis_url: str | None) -> bool:
    """A process's timer loop has written its beat (``_alive``) to the store."""
    async def read() -> bool:
        store = await open_store(config, redis_url=redis_url, clock=FakeClock(), read_only=True)
        try:
            return await store.get_cursor(K.ALIVE) is not None
        finally:
            await store.close()
    return asyncio.run(read())


def outage_line(procs: Processes, i: int) -> str:
    lines = [line for line in procs.log_of(i).read_text().splitlines()
             if "no socialops process ran its timers from" in line]
    assert len(lines) == 1, procs.log_text()
    return lines[0].split("bot.engine.uptime: ", 1)[1]


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize(("rules", "follows"), [
    (PLAIN, ""),
    (DIGEST, f": {DIGESTS}"),
    (TICKETS, f": {STEPS}"),
    (BOTH, f": {DIGESTS}; {STEPS}"),
], ids=["plain", "digest", "tickets", "both"])
def test_the_outage_line_says_what_follows_for_this_bot(
        tmp_path: Path, redis_url: str, backend: str, rules: str, follows: str) -> None:
    db = tmp_path / "state.db"
    store = f"backend: sqlite, path: '{db}'" if backend == "sqlite" else "backend: redis"
    config = (StoreConfig(backend="sqlite", path=str(db)) if backend == "sqlite"
              else StoreConfig(backend="redis"))
    url = None if backend == "sqlite" else redis_url
    procs = (OnSqlite if backend == "sqlite" else Clocked)(
        tmp_path, redis_url, write_config(tmp_path, rules, store))
    procs.starts = {0: START, 1: START + timedelta(hours=2)}
    try:
        procs.start(0)
        assert wait_for(lambda: db.exists() if backend == "sqlite" else True, 60)
        deadline = time.monotonic() + 120
        while not has_beaten(config, url):
            assert procs.alive(0) and time.monotonic() < deadline, procs.log_text()
            time.sleep(0.1)
        procs.kill(0)
        procs.start(1)
        assert wait_for(lambda: "socialops running" in procs.log_of(1).read_text(), 120), \
            procs.log_text()
        line = outage_line(procs, 1)
        assert line.startswith("no socialops process ran its timers from 2026-12-03T09:10:"), \
            line
        assert line.split(" to 2026-12-03T11:10:", 1)[1][2:] == f"+00:00{follows}", line
    finally:
        procs.stop_all()


class WebThen(Clocked):
    """Process 1 is of the ``web`` role: it answers chat, runs no timers."""

    def start(self, i: int) -> None:
        with self.log_of(i).open("ab") as log:
            self.procs[i] = subprocess.Popen(
                [sys.executable, "-m", "tests.chaos.clocked_run", self.starts[i].isoformat(),
                 "run", "--config", str(self.config), "--no-stdin", "--record",
                 str(self.record), *(["--role", "web"] if i == 1 else [])],
                stdout=subprocess.DEVNULL, stderr=log, env=self.env(), cwd=ROOT)


def test_a_web_process_started_while_no_worker_ran_says_timers(tmp_path: Path,
                                                               redis_url: str) -> None:
    procs = WebThen(tmp_path, redis_url, write_config(tmp_path, PLAIN, "backend: redis"))
    procs.starts = {0: START, 1: START + timedelta(hours=1)}
    try:
        procs.start(0)
        deadline = time.monotonic() + 120
        while not has_beaten(StoreConfig(backend="redis"), redis_url):
            assert procs.alive(0) and time.monotonic() < deadline, procs.log_text()
            time.sleep(0.1)
        procs.kill(0)
        procs.start(1)
        assert wait_for(lambda: "role web" in procs.log_of(1).read_text(), 120), \
            procs.log_text()
        # before: "no socialops process ran from ..." in the web process itself
        assert outage_line(procs, 1).startswith(
            "no socialops process ran its timers from 2026-12-03T09:10:"), procs.log_text()
    finally:
        procs.stop_all()
