"""Two real processes on one real redis-server and a timer whose handler outlives its lease:
a digest whose generated summary (``digest_summary``, an OpenAI-compatible endpoint served here
on loopback) takes longer than the timer lease (twice the endpoint's timeout). The first
process (a process of its own, ``tests.chaos.boundary timers``) takes the digest timer and
waits on the endpoint; once the
lease has lapsed, a second process (this one) takes the timer and flushes the digest; then the
endpoint answers the first. The digest must reach the channel once.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.boundary import DIED
from tests.chaos.procs import ROOT
from tests.conftest import FakeClock
from tests.support.netserver import NetServer
from tests.support.redis_server import RedisServer

PATH = "/v1/chat/completions"
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

RULES = """
routes:
  - {name: product, match: {any: [feature]}, action: digest, channel: product, interval: 1h}
"""

# a digest summarised by a model endpoint ("{llm}"); on a store of its own
DIGESTING = """
sources:
  - {{id: feed, type: replay, path: {empty}}}
workspaces: [{{name: console, type: console}}]
channels:
  product: {{workspace: console, id: product}}
digest_summary: {{url: "{llm}", model: local, timeout: 300}}
spikes: {{enabled: false}}
rules: rules.yaml
"""
CONFIG = DIGESTING + """store: {{backend: redis, redis_url: "{redis}"}}
"""


class SlowModel:
    """A chat-completions endpoint whose first answer waits until ``release`` is set."""

    def __init__(self) -> None:
        self.calls = 0
        self.first = asyncio.Event()
        self.release = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        await request.json()
        self.calls += 1
        if self.calls == 1:
            self.first.set()
            await self.release.wait()
        return web.json_response({"id": "x", "object": "chat.completion", "choices": [
            {"index": 0, "finish_reason": "stop",
             "message": {"role": "assistant", "content": "People ask for exports."}}]})


@pytest.fixture
async def model() -> AsyncIterator[tuple[NetServer, SlowModel]]:
    slow = SlowModel()
    async with NetServer() as net:
        net.handler("POST", PATH, slow.handle)
        yield net, slow


def posts(record: Path, kind: str) -> list[str]:
    rows = [json.loads(line) for line in record.read_text().splitlines()] \
        if record.exists() else []
    return [r["key"] for r in rows if r["op"] == "post" and r["key"].startswith(kind)]


async def first_call_or_end(slow: SlowModel, proc: asyncio.subprocess.Process) -> None:
    """Until the model has its first call, or ``proc`` ended without making it (its output
    then says why); the bound only ends a hang, however slowly a loaded machine starts it."""
    ended = asyncio.ensure_future(proc.wait())
    called = asyncio.ensure_future(slow.first.wait())
    try:
        await asyncio.wait([ended, called], timeout=300, return_when=asyncio.FIRST_COMPLETED)
    finally:
        ended.cancel()
    called.cancel()
    if not slow.first.is_set():
        why = (await proc.stderr.read()).decode()[-3000:] if proc.returncode is not None \
            and proc.stderr is not None else "(still running)"
        raise AssertionError(f"the first process never asked for the summary: {why}")


@pytest.mark.untimed  # the take-over on an injected clock, the stall held by an event
@pytest.mark.timeout(600)  # a hang's end: a process starts slowly on a loaded machine
async def test_a_digest_flush_that_outlives_its_timer_lease_posts_one_digest(
        tmp_path: Path, redis_server: RedisServer,
        model: tuple[NetServer, SlowModel]) -> None:
    redis_server.flushall()
    net, slow = model
    (tmp_path / "rules.yaml").write_text(RULES)
    (tmp_path / "empty.jsonl").write_text("")
    config = tmp_path / "socialops.yaml"
    config.write_text(CONFIG.format(empty=tmp_path / "empty.jsonl", llm=net.url(PATH),
                                    redis=redis_server.url))
    record = tmp_path / "record.jsonl"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as b:
        await b.pipeline.process_batch([Mention(
            id=f"mastodon:{i}", network="mastodon", source="feed",
            text=f"acme feature request {i}: exports", author=Author(id=f"a{i}", handle=f"u{i}"),
            created_at=START) for i in range(3)])
        due = START + timedelta(hours=1, minutes=1)
        a = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.chaos.boundary", "timers", str(config), str(record),
            due.isoformat(), cwd=ROOT, stderr=asyncio.subprocess.PIPE,
            env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
                 "PYTHONPATH": str(ROOT)})
        try:
            # the first process took the digest timer and waits on the model
            await first_call_or_end(slow, a)
            # it outlives its lease (twice the endpoint's timeout: the endpoint is slower still,
            # or the process stalled)
            assert b.timers.lease_seconds == 600
            clock.now = due + timedelta(seconds=b.timers.lease_seconds + 1)
            assert await b.runtime().fire_due_timers() >= 1
            assert slow.calls == 2  # the second process flushed the digest too
        finally:
            slow.release.set()
            _, err = await asyncio.wait_for(a.communicate(), 300)  # a hang's end only
        assert a.returncode == 0, err.decode()[-3000:]
        clock.now += timedelta(minutes=10)
        await b.runtime().fire_due_timers()
        await b.outbox.drain()
    assert len(posts(record, "digest:")) == 1, posts(record, "digest:")


SPIKE_RULES = """
routes:
  - {name: outage, match: {any: [outage]}, channel: alerts}
"""

SPIKE_CONFIG = """
sources:
  - {{id: feed, type: replay, path: {empty}}}
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
spikes: {{warmup_minutes: 0, min_count: 3, cooldown_minutes: 30}}
rules: rules.yaml
store: {{backend: redis, redis_url: "{redis}"}}
"""


def timers_process(config: Path, record: Path, now: datetime, at: str = "none"
                   ) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.boundary", "timers", str(config), str(record),
         now.isoformat(), at], cwd=ROOT, stderr=subprocess.PIPE,
        env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
             "PYTHONPATH": str(ROOT)})


async def die_then_race(config: Path, record: Path, when: datetime, at: str) -> None:
    """A timers process that dies at ``at`` at ``when``, then two racing through the timers
    two minutes on, once the dead one's timer lease has lapsed."""
    dying = timers_process(config, record, when, at)
    _, err = await asyncio.to_thread(dying.communicate, timeout=60)
    assert dying.returncode == DIED, err.decode()[-3000:]
    racing = [timers_process(config, record, when + timedelta(minutes=2)) for _ in range(2)]
    for p in racing:
        _, err = await asyncio.to_thread(p.communicate, timeout=60)
        assert p.returncode == 0, err.decode()[-3000:]


@pytest.mark.parametrize("at", ["took spikes", "sent spike"])
async def test_a_spike_is_warned_of_once_through_a_crash_and_two_processes_racing(
        tmp_path: Path, redis_server: RedisServer, at: str) -> None:
    """A burst of outage posts; the process checking for spikes dies right after taking the
    check's timer, or right after writing the warning (before it is delivered). Two processes
    then race through the next checks, and this one delivers: one warning."""
    redis_server.flushall()
    (tmp_path / "rules.yaml").write_text(SPIKE_RULES)
    (tmp_path / "empty.jsonl").write_text("")
    config = tmp_path / "socialops.yaml"
    config.write_text(SPIKE_CONFIG.format(empty=tmp_path / "empty.jsonl",
                                          redis=redis_server.url))
    record = tmp_path / "record.jsonl"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await app.start()  # arms the spike check
        await app.pipeline.process_batch([Mention(
            id=f"mastodon:{i}", network="mastodon", source="feed",
            text=f"acme outage, nothing loads ({i})", author=Author(id=f"a{i}", handle=f"u{i}"),
            created_at=START) for i in range(8)])
        # the dead process's timer lease has lapsed two minutes on
        await die_then_race(config, record, START + timedelta(minutes=1), at)
        for minutes in (4, 5, 10):
            clock.now = START + timedelta(minutes=minutes)
            await app.runtime().fire_due_timers()
            await app.outbox.drain()
    assert len(posts(record, "spike:")) == 1, posts(record, "spike:")


@pytest.mark.parametrize("at", ["took spikes", "sent spike"])
async def test_a_spike_is_said_over_once_through_a_crash_and_two_processes_racing(
        tmp_path: Path, redis_server: RedisServer, at: str) -> None:
    """The burst above, warned of; once it is over, the process checking for spikes dies
    right after taking the check's timer, or right after writing the end (the card's edit and
    its thread line, not yet delivered). Two processes then race through the next checks, and
    this one delivers: the card edited once, its thread told once that the spike ended."""
    redis_server.flushall()
    (tmp_path / "rules.yaml").write_text(SPIKE_RULES)
    (tmp_path / "empty.jsonl").write_text("")
    config = tmp_path / "socialops.yaml"
    config.write_text(SPIKE_CONFIG.format(empty=tmp_path / "empty.jsonl",
                                          redis=redis_server.url))
    record = tmp_path / "record.jsonl"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await app.start()
        await app.pipeline.process_batch([Mention(
            id=f"mastodon:{i}", network="mastodon", source="feed",
            text=f"acme outage, nothing loads ({i})", author=Author(id="a1", handle="kasia"),
            created_at=START) for i in range(8)])
        clock.now = START + timedelta(minutes=1)
        await app.runtime().fire_due_timers()
        await app.outbox.drain()
        assert len(posts(record, "spike:")) == 1  # warned, before any crash
        await die_then_race(config, record, START + timedelta(minutes=20), at)
        for minutes in (23, 24, 40):
            clock.now = START + timedelta(minutes=minutes)
            await app.runtime().fire_due_timers()
            await app.outbox.drain()
    rows = [json.loads(line) for line in record.read_text().splitlines()]
    ended = [r for r in rows if r["op"] == "update" and r["key"].startswith("spike:")]
    assert len(ended) == 1, ended
    assert ended[0]["status"] == "ended"
    assert ended[0]["thread_note"].startswith("Spike ended "), ended[0]
    assert "8 posts over 1 min, peak 8/min" in ended[0]["thread_note"]
    assert len(posts(record, "spike:")) == 1
