"""On-call overrides made in chat, across real processes, on one real redis-server and on one
SQLite file: two people covering overlapping hours at the same moment, each in a process of
its own (``tests.chaos.boundary say``), end with one override and the other refused naming it;
a process started before either, and never restarted, then answers `oncall` with the
override and says its handoff (armed by the process that made it) in the announce channel."""

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

from bot.app.compose import open_app
from bot.core.commands import parse_command
from bot.core.config import load_config
from bot.core.effects import Effects
from tests.chaos.procs import ROOT, let_go_together
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

# Monday 2026-11-23 09:00 UTC, 10:00 CET: alice's week until 10:30 CET
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

CONFIG = """
sources:
  - {{id: feed, type: replay, path: {empty}}}
workspaces: [{{name: console, type: console}}]
channels:
  oncall: {{workspace: console, id: oncall}}
  support: {{workspace: console, id: support}}
people:
  - {{id: alice, role: agent}}
  - {{id: bob, role: agent}}
  - {{id: carol, role: lead}}
schedules:
  - name: primary
    people: [alice, bob]
    start: 2026-11-16T10:30
    shift: 1w
    timezone: Europe/Berlin
    announce: oncall
spikes: {{enabled: false}}
store: {store}
"""


def race(config: Path, record: Path, go: Path, *said: tuple[str, str]) -> list[dict[str, Any]]:
    """Each (user, line) in a process of its own, let go at the same moment."""
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
           "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.boundary", "say", str(config), str(record),
         START.isoformat(), str(go), user, line], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=env) for user, line in said]
    outs = let_go_together(procs, [go.with_suffix(f".{user}") for user, _ in said], go)
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()[-3000:]
    return [json.loads(out.decode().strip().splitlines()[-1]) for out, _ in outs]


def handoffs(record: Path) -> list[str]:
    rows = [json.loads(line) for line in record.read_text().splitlines()] \
        if record.exists() else []
    return [json.dumps(r) for r in rows if r["op"] == "post" and r["key"].startswith("handoff:")]


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_overlapping_covers_at_once_make_one_override_that_every_process_counts(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    redis_server.flushall()
    (tmp_path / "empty.jsonl").write_text("")
    store = (f'{{backend: sqlite, path: "{tmp_path / "s.db"}"}}' if backend == "sqlite"
             else f'{{backend: redis, redis_url: "{redis_server.url}"}}')
    config = tmp_path / "socialops.yaml"
    config.write_text(CONFIG.format(empty=tmp_path / "empty.jsonl", store=store))
    record = tmp_path / "record.jsonl"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await app.start()  # built and running before any override is made

        async def ask(line: str) -> str:
            reply = await app.dispatcher.handle(parse_command(line).interaction(
                workspace="console", channel="support", user="carol"))
            return reply.text

        assert await ask("oncall primary") == (
            "On call: primary: alice until Mon 2026-11-23 10:30 CET, then bob")
        replies = await asyncio.to_thread(
            race, config, record, tmp_path / "go",
            ("alice", "oncall primary cover 2h for=carol"), ("bob", "oncall primary cover 1h"))
        won = [r for r in replies if r["ok"]]
        lost = [r for r in replies if not r["ok"]]
        assert len(won) == 1 and len(lost) == 1, replies
        who = "carol" if "carol" in won[0]["text"] else "bob"
        oid = won[0]["text"].split(":")[0]
        assert lost[0]["text"].startswith(f"overlaps {oid} ({who}, Mon 2026-11-23 10:00 CET"), \
            replies
        # this process, never restarted, counts the override another process made (bob's
        # runs on into his own week: the next change is alice's)
        assert await ask("oncall primary") == (
            "On call: primary: carol (override) until Mon 2026-11-23 12:00 CET, then bob"
            if who == "carol" else
            "On call: primary: bob (override) until Mon 2026-11-30 10:30 CET, then alice")
        await app.runtime().fire_due_timers()  # the override's start, armed by the other
        await app.outbox.drain()
        [said] = handoffs(record)
        assert f"On call in primary: {who} (override)" in said
        clock.now = START + timedelta(hours=3)  # its end: bob's week (said if carol's)
        await app.runtime().fire_due_timers()
        await app.outbox.drain()
        assert len(handoffs(record)) == (2 if who == "carol" else 1)


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_one_override_dropped_by_two_people_at_once_is_dropped_once(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """Its maker and the person it puts on call drop it at the same moment, each in a process
    of its own: one drops it, the other is told it is not there (decided again from the
    first's write: both take the schedule's change number); one audit row, one notice."""
    redis_server.flushall()
    (tmp_path / "empty.jsonl").write_text("")
    store = (f'{{backend: sqlite, path: "{tmp_path / "s.db"}"}}' if backend == "sqlite"
             else f'{{backend: redis, redis_url: "{redis_server.url}"}}')
    config = tmp_path / "socialops.yaml"
    config.write_text(CONFIG.format(empty=tmp_path / "empty.jsonl", store=store))
    record = tmp_path / "record.jsonl"
    async with open_app(load_config(config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=record) as app:
        made = await app.dispatcher.handle(parse_command(
            "oncall primary cover 18:00-22:00 for=carol").interaction(
            workspace="console", channel="support", user="alice"))
        assert made.ok and made.text.startswith("O-1: carol on call"), made.text
        replies = await asyncio.to_thread(
            race, config, record, tmp_path / "go",
            ("alice", "oncall primary drop O-1"), ("carol", "oncall primary drop O-1"))
        assert sorted(r["ok"] for r in replies) == [False, True], replies
        [lost] = [r for r in replies if not r["ok"]]
        assert str(lost["text"]).startswith("no override 'O-1' made in chat in primary"), replies
        assert await app.store.list_raw("override") == []
        assert [e.action for e in await app.store.audit_since(None)
                if e.action.startswith("oncall.")] == ["oncall.override_made",
                                                       "oncall.override_dropped"]
        await app.outbox.drain()
    rows = [json.loads(line) for line in record.read_text().splitlines()]
    assert len([r for r in rows if r["op"] == "post"
                and r["key"].startswith("override:O-1:dropped")]) == 1


@pytest.mark.untimed  # one process, its clock injected
@pytest.mark.parametrize("stored", ["one", "9" * 5000])
@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_handoff_is_said_when_the_schedule_s_change_number_cannot_be_read(
        tmp_path: Path, redis_server: RedisServer, backend: str, stored: str) -> None:
    """The schedule's change number (``overridegen``, a handoff's notice takes one since
    1fe4c9e) hand-edited to no number: the handoff is still said once. It was read as change 1,
    whose reservation the first cover holds, so every decision of the notice conflicted: Busy
    after 20, the timer fired again and again and set aside, the channel never told. 5,000
    digits passed the digits check and ``int()`` refused them (over its 4,300): the same."""
    redis_server.flushall()
    (tmp_path / "empty.jsonl").write_text("")
    store = (f'{{backend: sqlite, path: "{tmp_path / "s.db"}"}}' if backend == "sqlite"
             else f'{{backend: redis, redis_url: "{redis_server.url}"}}')
    config = tmp_path / "socialops.yaml"
    config.write_text(CONFIG.format(empty=tmp_path / "empty.jsonl", store=store))
    record = tmp_path / "record.jsonl"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await app.start()
        made = await app.dispatcher.handle(parse_command(
            "oncall primary cover 18:00-22:00 for=carol").interaction(
            workspace="console", channel="support", user="alice"))
        assert made.ok, made.text
        assert await app.store.get_raw("overridegen", "primary") == "1"
        fx = Effects()
        fx.put("overridegen", "primary", stored)
        assert await app.store.apply(fx)
        clock.now = START + timedelta(minutes=31)  # 10:31 CET: alice hands over to bob
        for _ in range(3):
            await app.runtime().fire_due_timers()
        await app.outbox.drain()
        [said] = handoffs(record)
        assert "On call in primary: bob" in said, said
