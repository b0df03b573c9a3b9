"""A spike's end (its card edited, a line in its thread) through what the timer races of
``test_timer_races.py`` leave out: the same on one SQLite file; a process that dies right
after the chat showed the edit and its line, before the outbox recorded it
(``tests.chaos.boundary drain ... update/1``); and the redis-server itself killed (SIGKILL,
AOF on, as the docs ask) and restarted mid-workflow, between the warning and the end and
between the end's write and its delivery. Every time: one warning, one edit, one line.
"""

from __future__ import annotations

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
from bot.core.config import load_config
from bot.core.errors import StoreError
from bot.core.models import Author, Mention
from tests.chaos.boundary import DIED, here
from tests.chaos.procs import ROOT
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LEASE = 30  # store.lease_seconds

RULES = """
routes:
  - {name: outage, match: {any: [outage]}, channel: alerts}
"""

CONFIG = """
sources:
  - {{id: feed, type: replay, path: {empty}}}
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
spikes: {{warmup_minutes: 0, min_count: 3, cooldown_minutes: 30}}
rules: rules.yaml
store: {store}
"""


def setup(tmp: Path, redis: RedisServer | None) -> Path:
    (tmp / "rules.yaml").write_text(RULES)
    (tmp / "empty.jsonl").write_text("")
    store = (f"{{backend: sqlite, path: {tmp / 's.db'}, lease_seconds: {LEASE}}}"
             if redis is None else
             f'{{backend: redis, redis_url: "{redis.url}", lease_seconds: {LEASE}}}')
    config = tmp / "socialops.yaml"
    config.write_text(CONFIG.format(empty=tmp / "empty.jsonl", store=store))
    return config


def boundary(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tests.chaos.boundary", *args], cwd=ROOT, capture_output=True,
        timeout=120, check=False,
        env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
             "PYTHONPATH": str(ROOT)})


def rows(record: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in record.read_text().splitlines()] if record.exists() else []


def warnings(record: Path) -> list[object]:
    return [r["key"] for r in rows(record) if r["op"] == "post"
            and str(r["key"]).startswith("spike:")]


def ends(record: Path) -> list[dict[str, object]]:
    return [r for r in rows(record) if r["op"] == "update" and str(r["key"]).startswith("spike:")]


def lines(record: Path) -> list[object]:
    return [r["thread_note"] for r in ends(record) if r["thread_note"]]


async def warned(app: App, clock: FakeClock, record: Path) -> None:
    """A burst of one author's outage posts, warned of and the warning delivered."""
    await app.start()  # arms the spike check
    await app.pipeline.process_batch([Mention(
        id=f"mastodon:{i}", network="mastodon", source="feed",
        text=f"acme outage, nothing loads ({i})", author=Author(id="a1", handle="kasia"),
        created_at=START) for i in range(8)])
    clock.now = START + timedelta(minutes=1)
    await app.runtime().fire_due_timers()
    await app.outbox.drain()
    assert len(warnings(record)) == 1


async def settle(app: App, clock: FakeClock, *minutes: int) -> None:
    for m in minutes:
        clock.now = START + timedelta(minutes=m)
        await app.runtime().fire_due_timers()
        await app.outbox.drain()


def assert_said_once(record: Path) -> None:
    assert len(warnings(record)) == 1, warnings(record)
    said = lines(record)
    assert len(said) == 1, rows(record)
    assert str(said[0]).startswith("Spike ended ") and "8 posts over 1 min" in str(said[0])
    assert all(r["status"] == "ended" for r in ends(record))


@pytest.mark.untimed  # one process dies at a named write, the next runs after it
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_spike_end_shown_but_not_recorded_is_said_once(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    """The end queued; a real process delivering it dies right after the chat showed the
    edit and its thread line, before the outbox recorded it. The next one, once the dead
    one's claim lapsed, finds the line shown: the card edited, the line said once."""
    redis: RedisServer | None = None
    if backend == "redis":
        redis = request.getfixturevalue("redis_server")
        redis.flushall()
    config = setup(tmp_path, redis)
    record = tmp_path / "record.jsonl"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await warned(app, clock, record)
        clock.now = START + timedelta(minutes=20)
        await app.runtime().fire_due_timers()  # the end queued, not delivered
        assert not ends(record)
        died = boundary("drain", str(config), str(record), clock.now.isoformat(), "-",
                        "update/1")
        assert died.returncode == DIED, died.stderr.decode()[-3000:]
        assert len(lines(record)) == 1  # shown, not recorded
        await settle(app, clock, 21, 22, 40)
        assert not await app.store.list_outbox(status="pending")
    assert_said_once(record)


@pytest.mark.untimed  # each death at a named write; the restart between two steps
@pytest.mark.parametrize("at", ["took spikes", "sent spike"])
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_spike_end_is_said_once_through_a_crash_on_either_store(
        tmp_path: Path, backend: str, at: str, request: pytest.FixtureRequest) -> None:
    """As ``test_timer_races``' end, on SQLite too: the process checking dies right after
    taking the check, or right after writing the end; two processes then go through the
    checks one after the other (SQLite: one file), and this one delivers."""
    redis: RedisServer | None = None
    if backend == "redis":
        redis = request.getfixturevalue("redis_server")
        redis.flushall()
    config = setup(tmp_path, redis)
    record = tmp_path / "record.jsonl"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await warned(app, clock, record)
        when = START + timedelta(minutes=20)
        died = boundary("timers", str(config), str(record), when.isoformat(), at)
        assert died.returncode == DIED, died.stderr.decode()[-3000:]
        for _ in range(2):  # the dead one's timer lease lapsed; each after the last
            await here("timers", str(config), str(record),
                       (when + timedelta(minutes=2)).isoformat())
        await settle(app, clock, 23, 24, 40)
    assert_said_once(record)


async def epoch_checked(app: App) -> bool:
    """The runtime's epoch check, as its supervisor runs it: the first command on a pooled
    connection the restart closed fails (redis-py retries nothing, by design: bot/store/
    redis.py ``_client``), and the step is run again."""
    store: Any = app.store  # a RedisStore: epoch_intact is no part of the Store protocol
    try:
        return bool(await store.epoch_intact())
    except StoreError:
        return bool(await store.epoch_intact())


@pytest.mark.untimed  # the Redis kills fall between named steps, never at a moment
@pytest.mark.parametrize("restart", ["before the end", "before its delivery"])
async def test_a_spike_end_is_said_once_through_a_redis_kill_and_restart(
        tmp_path: Path, restart: str) -> None:
    """redis-server SIGKILLed and started again on its AOF (appendonly yes, as
    docs/scaling.md asks) mid-workflow: after the warning, or after the end was written and
    before it was delivered. Nothing acknowledged is lost, so nothing is said twice or left
    unsaid, and the process that was running does not take the restart for a loss of data."""
    redis = RedisServer(tmp_path / "redis", appendonly=True).start()
    try:
        config = setup(tmp_path, redis)
        record = tmp_path / "record.jsonl"
        clock = FakeClock(START)
        async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                            record_path=record) as app:
            await warned(app, clock, record)
            clock.now = START + timedelta(minutes=20)
            if restart == "before its delivery":
                await app.runtime().fire_due_timers()
                assert not ends(record)
            assert redis.proc is not None
            redis.proc.kill()
            redis.proc.wait()
            redis.start()
            assert await epoch_checked(app), "a Redis restarted on its AOF taken for a loss"
            await here("timers", str(config), str(record),
                       (START + timedelta(minutes=21)).isoformat())
            await settle(app, clock, 22, 23, 40)
        assert_said_once(record)
    finally:
        redis.stop()
