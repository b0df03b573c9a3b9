"""On-call overrides made in chat (``oncall primary cover``/``drop``, handlers/overrides.py)
through real processes, on one real redis-server and on one SQLite file.

- A handoff that a real process decided from the override, held between its decision and its
  write (``tests.chaos.held_timers``) while the override is dropped in another process: the
  channel is not told, after the drop's notice, that the dropped override's person is on call;
  and the config's handoff held so while a cover from now is made: not told the person the
  cover replaced is on call.
- A real process that dies right after the cover's write (``tests.chaos.boundary say ...
  apply/1``), or a real process delivering its notice that dies right after the chat showed
  it, before the outbox recorded it (``drain ... post/1``): the override stands once (one
  record, one audit row), its notice is shown once, and its start and end are each said once
  by the processes after it.

Untimed (tests/chaos/conftest.py): each stall and death is at a named write, released or
followed by the next process through files; every clock is an injected one."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app.compose import App, open_app
from bot.core.commands import parse_command
from bot.core.config import load_config
from tests.chaos.boundary import DIED
from tests.chaos.procs import ROOT, until_set
from tests.chaos.test_override_races import CONFIG
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py

# Monday 2026-11-23 09:40 UTC, 10:40 CET: bob's week since 10:30 CET
START = datetime(2026, 11, 23, 9, 40, tzinfo=UTC)
COVER_START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # 11:00 CET
COVER_END = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def env() -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
            "PYTHONPATH": str(ROOT)}


def setup(tmp_path: Path, redis_server: RedisServer, backend: str) -> Path:
    redis_server.flushall()
    (tmp_path / "empty.jsonl").write_text("")
    store = (f'{{backend: sqlite, path: "{tmp_path / "s.db"}"}}' if backend == "sqlite"
             else f'{{backend: redis, redis_url: "{redis_server.url}"}}')
    config = tmp_path / "socialops.yaml"
    config.write_text(CONFIG.format(empty=tmp_path / "empty.jsonl", store=store))
    return config


def posts(record: Path, prefix: str) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in record.read_text().splitlines()] \
        if record.exists() else []
    return [r for r in rows if r["op"] == "post" and r["key"].startswith(prefix)]


async def say(app: App, user: str, line: str) -> str:
    reply = await app.dispatcher.handle(parse_command(line).interaction(
        workspace="console", channel="support", user=user))
    assert reply.ok, reply.text
    return reply.text


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_handoff_decided_before_its_override_was_dropped_does_not_say_it(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    config = setup(tmp_path, redis_server, backend)
    record = tmp_path / "record.jsonl"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await app.start()
        made = await say(app, "carol", "oncall primary cover 11:00-13:00")
        assert made.startswith("O-1: carol on call in primary from Mon 2026-11-23 11:00"), made
        clock.now = COVER_START + timedelta(seconds=5)
        hold = tmp_path / "hold"
        held = held_handoff(config, record, clock.now, hold)
        try:
            # it took the override's start, read carol on call, and waits to write its notice
            set_ = await asyncio.to_thread(until_set, held, hold.with_suffix(".ready"))
            assert set_, held.communicate()[1].decode()[-3000:]
            dropped = await say(app, "carol", "oncall primary drop O-1")
            assert dropped.startswith("O-1 dropped in primary"), dropped
            hold.touch()
            _, err = await asyncio.to_thread(held.communicate, timeout=120)
        finally:
            if held.poll() is None:
                held.kill()
                held.wait()
        assert held.returncode == 0, err.decode()[-3000:]
        # the timers left (the held one's lease lapsed, if it left its timer) and the cards
        for minutes in (4, 10):
            clock.now = COVER_START + timedelta(minutes=minutes)
            await app.runtime().fire_due_timers()
            await app.outbox.drain()
        assert await say(app, "alice", "oncall primary") == (
            "On call: primary: bob until Mon 2026-11-30 10:30 CET, then alice")
    said = [json.dumps(r) for r in posts(record, "handoff:")]
    assert not [s for s in said if "carol" in s], said  # nobody told carol is on call
    dropped_notices = posts(record, "override:O-1:dropped")
    assert len(dropped_notices) == 1, dropped_notices


def held_handoff(config: Path, record: Path, now: datetime, hold: Path
                 ) -> subprocess.Popen[bytes]:
    """A process firing the timers due at ``now``, held before writing a handoff's notice."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.held_timers", str(config), str(record),
         now.isoformat(), str(hold), "handoff:"], cwd=ROOT, env=env(), stderr=subprocess.PIPE)


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_handoff_decided_before_a_cover_was_made_says_the_cover(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """The config's handoff (alice to bob at 10:30 CET) decided, and held, as carol covers
    from now in another process: the channel is not told bob is on call after the cover's
    notice said carol is."""
    config = setup(tmp_path, redis_server, backend)
    record = tmp_path / "record.jsonl"
    handoff = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    clock = FakeClock(handoff - timedelta(minutes=20))
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await app.start()  # arms the 10:30 CET handoff
        clock.now = handoff + timedelta(seconds=5)
        hold = tmp_path / "hold"
        held = held_handoff(config, record, clock.now, hold)
        try:
            set_ = await asyncio.to_thread(until_set, held, hold.with_suffix(".ready"))
            assert set_, held.communicate()[1].decode()[-3000:]
            made = await say(app, "carol", "oncall primary cover until 13:00")
            assert made.startswith("O-1: carol on call in primary from "), made
            hold.touch()
            _, err = await asyncio.to_thread(held.communicate, timeout=120)
        finally:
            if held.poll() is None:
                held.kill()
                held.wait()
        assert held.returncode == 0, err.decode()[-3000:]
        for minutes in (4, 10):
            clock.now = handoff + timedelta(minutes=minutes)
            await app.runtime().fire_due_timers()
            await app.outbox.drain()
    said = [json.dumps(r) for r in posts(record, "handoff:")]
    assert said and not [x for x in said if '"title": "On call in primary: bob' in x], said
    assert '"title": "On call in primary: carol (override)"' in said[-1], said


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("dies", ["at the write", "after the notice"])
async def test_a_cover_whose_process_died_stands_once_and_is_said_once(
        tmp_path: Path, redis_server: RedisServer, backend: str, dies: str) -> None:
    config = setup(tmp_path, redis_server, backend)
    record = tmp_path / "record.jsonl"
    go = tmp_path / "go"
    go.touch()  # alone: let go at once
    line = "oncall primary cover 11:00-13:00 for=carol"
    if dies == "at the write":
        proc = subprocess.run(
            [sys.executable, "-m", "tests.chaos.boundary", "say", str(config), str(record),
             START.isoformat(), str(go), "alice", line, "apply/1"],
            cwd=ROOT, env=env(), capture_output=True, timeout=120, check=False)
        assert proc.returncode == DIED, proc.stderr.decode()[-3000:]
    else:
        proc = subprocess.run(
            [sys.executable, "-m", "tests.chaos.boundary", "say", str(config), str(record),
             START.isoformat(), str(go), "alice", line],
            cwd=ROOT, env=env(), capture_output=True, timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr.decode()[-3000:]
        proc = subprocess.run(
            [sys.executable, "-m", "tests.chaos.boundary", "drain", str(config), str(record),
             START.isoformat(), "-", "post/1"],
            cwd=ROOT, env=env(), capture_output=True, timeout=120, check=False)
        assert proc.returncode == DIED, proc.stderr.decode()[-3000:]
        assert len(posts(record, "override:O-1:made")) == 1  # shown, not recorded
    clock = FakeClock(START + timedelta(minutes=3))  # past the dead process's leases
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await app.start()
        await app.outbox.drain()
        # typed again by someone who saw no answer: refused, naming the one made
        again = await app.dispatcher.handle(parse_command(line).interaction(
            workspace="console", channel="support", user="alice"))
        assert not again.ok and again.text.startswith("overlaps O-1 (carol, "), again.text
        for at in (COVER_START, COVER_END):
            for minutes in (0, 4):
                clock.now = at + timedelta(minutes=minutes)
                await app.runtime().fire_due_timers()
                await app.outbox.drain()
        assert [json.loads(r)["id"] for r in await app.store.list_raw("override")] == ["O-1"]
        assert [e.action for e in await app.store.audit_since(None)
                if e.action.startswith("oncall.")] == ["oncall.override_made"]
    assert len(posts(record, "override:O-1:made")) == 1
    handoffs = [json.dumps(r) for r in posts(record, "handoff:")]
    assert len(handoffs) == 2, handoffs
    assert "carol (override)" in handoffs[0] and "On call in primary: bob" in handoffs[1], \
        handoffs


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_drop_whose_process_died_at_its_write_is_dropped_once_and_said_once(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """A running override dropped by a process that dies right after the drop's write: the
    next process says the drop once (pinging bob, on call again), the drop typed again is
    refused, and the override's end, when it comes, says nothing."""
    config = setup(tmp_path, redis_server, backend)
    record = tmp_path / "record.jsonl"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await app.start()
        await say(app, "carol", "oncall primary cover 11:00-13:00")
        clock.now = COVER_START + timedelta(minutes=1)
        await app.runtime().fire_due_timers()  # its start: carol (override) said
        await app.outbox.drain()
        assert len(posts(record, "handoff:")) == 1
        go = tmp_path / "go"
        go.touch()
        proc = subprocess.run(
            [sys.executable, "-m", "tests.chaos.boundary", "say", str(config), str(record),
             clock.now.isoformat(), str(go), "carol", "oncall primary drop O-1", "apply/1"],
            cwd=ROOT, env=env(), capture_output=True, timeout=120, check=False)
        assert proc.returncode == DIED, proc.stderr.decode()[-3000:]
        clock.now = COVER_START + timedelta(minutes=5)  # past the dead process's leases
        await app.outbox.drain()
        again = await app.dispatcher.handle(parse_command("oncall primary drop O-1").interaction(
            workspace="console", channel="support", user="carol"))
        assert not again.ok and again.text.startswith("no override 'O-1'"), again.text
        for at in (COVER_END, COVER_END + timedelta(minutes=4)):
            clock.now = at
            await app.runtime().fire_due_timers()
            await app.outbox.drain()
        assert await app.store.list_raw("override") == []
        assert [e.action for e in await app.store.audit_since(None)
                if e.action.startswith("oncall.")] == ["oncall.override_made",
                                                       "oncall.override_dropped"]
    dropped = [json.dumps(r) for r in posts(record, "override:O-1:dropped")]
    assert len(dropped) == 1 and "Now: bob" in dropped[0], dropped
    assert len(posts(record, "handoff:")) == 1  # the end, after the drop, said nothing
