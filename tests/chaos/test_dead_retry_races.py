"""A dead letter's retry (``socialops dead retry``) as real processes on one store (a SQLite
file, a real redis-server), beside the app that set the mention aside: two processes retrying
the same dead mention at the same moment (let go together at their writes) act on it once,
and the other says so in one line; a process killed right before or right after the retry's
write leaves the mention dead (a retry again acts on it) or done (a retry again is refused),
never both, and its card reaches the channel once."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.app.dead_letters import DeadLetters, Outcome
from bot.core import keys as K
from bot.core.config import load_config
from bot.core.ports import DeadItem
from tests.app.test_dead_letters import posts, set_aside, write_config
from tests.chaos.boundary import DIED
from tests.chaos.procs import ROOT, let_go_together
from tests.conftest import FakeClock
from tests.engine.test_dead_retry import restore
from tests.support.redis_server import RedisServer

CARD = ("marketing", "mastodon:2|praise")


@pytest.fixture(params=["sqlite", "redis"])
async def setup(request: pytest.FixtureRequest, tmp_path: Path, redis_server: RedisServer
                ) -> AsyncIterator[tuple[App, FakeClock, Path, Path]]:
    """mastodon:2 set aside while its ticket was damaged, and the ticket restored."""
    redis_server.flushall()
    cfg = write_config(tmp_path, request.param, redis_server.url)
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10))
    record = tmp_path / "record.jsonl"
    async with open_app(load_config(cfg), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        good = await set_aside(app, clock)
        await restore(app.store, K.TICKET, "T-1", good)
        yield app, clock, cfg, record


def retrying(cfg: Path, mode: str, name: str) -> subprocess.Popen[bytes]:
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
           "PYTHONPATH": str(ROOT)}
    go = cfg.parent / "go"
    return subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.dead_retry", mode, str(go.with_suffix(f".{name}")),
         str(go), "-c", str(cfg), "dead", "retry", "mastodon:2"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


async def delivered_once(app: App, clock: FakeClock, record: Path) -> None:
    clock.now = datetime.now(UTC) + timedelta(minutes=1)  # past what the commands queued
    await app.outbox.drain()
    assert [p for p in posts(record) if p[1].startswith("mastodon:2")] == [CARD]
    ticket = await app.store.get_ticket("T-1")
    assert ticket is not None and ticket.mention_ids.count("mastodon:2") == 1
    assert await app.store.list_dead() == []


async def test_two_processes_retrying_one_dead_mention_at_once_act_on_it_once(
        setup: tuple[App, FakeClock, Path, Path]) -> None:
    app, clock, cfg, record = setup
    go = cfg.parent / "go"
    procs = [retrying(cfg, "hold", "a"), retrying(cfg, "hold", "b")]
    outs = await asyncio.to_thread(let_go_together, procs,
                                   [go.with_suffix(".a"), go.with_suffix(".b")], go)
    said = sorted((p.returncode, out.decode(), err.decode().strip())
                  for p, (out, err) in zip(procs, outs, strict=True))
    assert [code for code, _, _ in said] == [0, 1], said
    assert said[0][1].startswith("mention mastodon:2 processed again (praise: alert"), said
    assert said[1][2] in ("error: mention mastodon:2 was retried by someone else just now",
                          "error: mention mastodon:2 is no longer a dead letter (retried or "
                          "removed just now); `socialops dead list` lists them"), said
    await delivered_once(app, clock, record)


@pytest.mark.untimed  # the process dies at the retry's write, this one runs after it
@pytest.mark.parametrize("mode", ["before", "after"])
async def test_a_retry_killed_at_its_write_leaves_the_mention_dead_or_done_never_both(
        setup: tuple[App, FakeClock, Path, Path], mode: str) -> None:
    app, clock, cfg, record = setup
    proc = retrying(cfg, mode, "a")
    _, err = await asyncio.to_thread(proc.communicate, timeout=300)
    assert proc.returncode == DIED, err.decode()[-3000:]
    dead = await app.store.list_dead()
    queued = [i.key for i in await app.store.list_outbox(status="pending")
              if i.key.startswith("mastodon:2|")]
    if mode == "before":  # nothing written: still dead, nothing queued
        assert ([d.id for d in dead], queued) == (["mastodon:2"], [])
    else:  # all of it written: done, its card queued
        assert (dead, queued) == ([], ["mastodon:2|praise@marketing"])
    letters = DeadLetters(app.store, pipeline=app.pipeline, timers=app.timers, audit=app.audit,
                          dead_days=30)
    again = await letters.find("mastodon:2")
    if mode == "before":  # retried again: acted on
        assert isinstance(again, DeadItem), again
        outcome = await letters.retry(again, "alice")
        assert outcome.ok, outcome
    else:  # retried again: refused
        assert isinstance(again, Outcome) and not again.ok
        assert again.text.startswith("no dead letter mastodon:2: it was retried already")
    await delivered_once(app, clock, record)
