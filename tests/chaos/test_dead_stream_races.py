"""A retry of the Redis mention stream's dead letter (``socialops dead retry ENTRY``) as real
processes on a real redis-server, beside the app reading the stream: two processes retrying
the same entry at the same moment (let go together at its script) put its post back once, and
the other says so in one line; a process killed right before or right after that script leaves
the post either still a dead letter (a retry again puts it back) or back on the mention stream
(a retry again is refused), never both, never neither, and its cards reach the channel once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.compose import App
from tests.app.test_dead_letters import run
from tests.app.test_dead_stream import (
    once,
    processed,
    set_aside_by_the_stream,
    stream_app,  # noqa: F401  (the fixture)
)
from tests.chaos.boundary import DIED
from tests.chaos.procs import ROOT, let_go_together


@pytest.fixture
async def dead(stream_app: tuple[App, Path, Path]  # noqa: F811
               ) -> AsyncIterator[tuple[App, Path, Path, str]]:
    """mastodon:7 set aside by the stream, nothing of it delivered."""
    app, cfg, record = stream_app
    [entry] = await set_aside_by_the_stream(app, 7)
    yield app, cfg, record, entry


def retrying(cfg: Path, mode: str, name: str, entry: str) -> subprocess.Popen[bytes]:
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
           "PYTHONPATH": str(ROOT)}
    go = cfg.parent / "go"
    return subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.dead_retry", mode, str(go.with_suffix(f".{name}")),
         str(go), "-c", str(cfg), "dead", "retry", entry],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


async def the_state(app: App) -> tuple[int, int]:
    """(dead letters in the stream's, entries on the mention stream)."""
    q = app.queue
    assert q is not None
    return int(await q.r.xlen(q.dead)), int(await q.r.xlen(q.stream))


async def retried_once(app: App, record: Path, entry: str) -> None:
    await processed(app)
    await once(app, record, 7)
    rows = [e for e in await app.store.audit_since() if e.action == "dead.retry"]
    assert [(e.object_type, e.object_id) for e in rows] == [("stream", entry)]
    dead, _ = await the_state(app)
    assert dead == 0


async def test_two_processes_retrying_one_stream_dead_letter_at_once_put_it_back_once(
        dead: tuple[App, Path, Path, str]) -> None:
    app, cfg, record, entry = dead
    go = cfg.parent / "go"
    procs = [retrying(cfg, "hold", "a", entry), retrying(cfg, "hold", "b", entry)]
    outs = await asyncio.to_thread(let_go_together, procs,
                                   [go.with_suffix(".a"), go.with_suffix(".b")], go)
    said = sorted((p.returncode, out.decode(), err.decode())
                  for p, (out, err) in zip(procs, outs, strict=True))
    assert [code for code, _, _ in said] == [0, 1], said
    assert said[0][1].startswith(f"mention mastodon:7 (stream entry {entry}) put back on the "
                                 "mention stream as "), said
    assert said[1][1:] == ("", f"error: stream entry {entry} is no longer a dead letter: "
                               "retried by someone else, or removed by "
                               "store.retention.dead_days, just now; `socialops dead list` "
                               "lists them\n"), said
    _, queued = await the_state(app)
    assert queued == 2  # the first taking, acknowledged, and the post put back once
    await retried_once(app, record, entry)


@pytest.mark.untimed  # ordered by the script's call alone: the process dies at it
@pytest.mark.parametrize("mode", ["before", "after"])
async def test_a_stream_retry_killed_at_its_script_leaves_the_post_dead_or_back_never_both(
        dead: tuple[App, Path, Path, str], mode: str) -> None:
    app, cfg, record, entry = dead
    proc = retrying(cfg, mode, "a", entry)
    _, err = await asyncio.to_thread(proc.communicate, timeout=300)
    assert proc.returncode == DIED, err.decode()[-3000:]
    if mode == "before":  # nothing written: still dead, nothing put back
        assert await the_state(app) == (1, 1)
    else:  # all of it: gone from the dead letters, on the mention stream once
        assert await the_state(app) == (0, 2)
    code, out, err = run(cfg, "retry", entry)  # run again
    if mode == "before":
        assert (code, err) == (0, "") and out.startswith("mention mastodon:7 (stream entry ")
    else:
        assert (code, out) == (1, "")
        assert err.startswith(f"error: no dead letter of the mention stream {entry}: it was "
                              "retried already"), err
    assert await the_state(app) == (0, 2)
    await retried_once(app, record, entry)
