"""An on-call handoff said in its channel (``schedules[].announce``, handlers.oncall.Handoffs)
once, through a real process that dies right after taking the handoff's timer or right after
writing its card (before it is delivered), then two real processes racing through the timers
due after the dead one's lease, and a start of each arming the next handoff again; on one
SQLite file and on one real redis-server."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.chaos.boundary import DIED
from tests.chaos.test_timer_races import timers_process
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

# alice's week until Monday 2026-11-23 10:30 CET (09:30 UTC), then bob's
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HANDOFF = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)

CONFIG = """
sources:
  - {{id: feed, type: replay, path: {empty}}}
workspaces: [{{name: console, type: console}}]
channels:
  oncall: {{workspace: console, id: oncall}}
people:
  - {{id: alice, role: agent}}
  - {{id: bob, role: agent}}
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


def cards(record: Path) -> list[dict[str, str]]:
    rows = [json.loads(line) for line in record.read_text().splitlines()] \
        if record.exists() else []
    return [r for r in rows if r["op"] == "post" and r["key"].startswith("handoff:")]


# each boundary on one store, each store at one boundary: the timed chaos tests run alone
@pytest.mark.parametrize(("at", "backend"), [("took handoff", "redis"),
                                             ("sent handoff", "sqlite")])
async def test_a_handoff_is_said_once_through_a_crash_and_two_processes_racing(
        tmp_path: Path, redis_server: RedisServer, backend: str, at: str) -> None:
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
        await app.start()  # arms the handoff at 09:30 UTC
        await app.start()  # a second start arms nothing more
        clock.now = HANDOFF - timedelta(minutes=1)
        await app.runtime().fire_due_timers()  # the source health's, not the handoff
        await app.outbox.drain()
        assert cards(record) == []
        dying = timers_process(config, record, HANDOFF + timedelta(seconds=5), at)
        _, err = await asyncio.to_thread(dying.communicate, timeout=60)
        assert dying.returncode == DIED, err.decode()[-3000:]
        later = HANDOFF + timedelta(minutes=3)  # the dead process's timer lease has lapsed
        racing = [timers_process(config, record, later) for _ in range(2)]
        for p in racing:
            _, err = await asyncio.to_thread(p.communicate, timeout=60)
            assert p.returncode == 0, err.decode()[-3000:]
        for minutes in (4, 10):
            clock.now = HANDOFF + timedelta(minutes=minutes)
            await app.runtime().fire_due_timers()
            await app.outbox.drain()
        # a process starting now arms the next handoff, not this one again
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as again:
        await again.start()
        await again.runtime().fire_due_timers()
        await again.outbox.drain()
    said = cards(record)
    assert [(c["key"], c["channel"]) for c in said] == [
        (f"handoff:primary:{int(HANDOFF.timestamp())}", "oncall")]
    assert "bob" in json.dumps(said[0])
