"""The crash-point scenario with real deaths: a process of its own (``tests.chaos.boundary``)
runs the scenario on a real SQLite file or a real redis-server and calls ``os._exit`` at one
write boundary (no ``finally``, no close: the OS reclaims its files, sockets and locks); a
second process (this one, with its own lease owner) resumes the scenario. The end must be the
uninterrupted run's: every card once, every escalation notice once, the digest once, the
approved reply published once.

``tests/engine/test_crash_points.py`` kills in-process after every store write; this adds the
boundaries between an external call and the write that records it (a post the network took, a
card the chat showed) and a restarted process that really is another process. The second test
has two real processes run one step of the scenario at the same moment (on Redis, where
several processes share the work): the end is still the one-process run's.
"""

from __future__ import annotations

import asyncio
import io
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.chaos.boundary import DIED, run, world
from tests.chaos.procs import ROOT, let_go_together
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

# Each is STEP/WHAT[/N] (see tests.chaos.boundary); the scenario's writes are listed by
# running it with every write printed. Where several share a step, N picks the one named.
BOUNDARIES = [
    "ingest/apply/2",  # a batch of mentions processed, the next not
    "deliver/post/1",  # a card shown in the chat, its delivery not recorded
    "deliver/finish/2",
    "claim/apply/1",  # a ticket claimed
    "group flush/take_due/2",  # the group's timer taken, nothing flushed
    "group flush/apply/1",  # the group's card written with its posts' marks, not delivered
    "escalation/take_due/3",  # an escalation timer taken, its step not written
    "escalation/apply/3",  # one ticket's escalation step written, the others' not
    "publish/apply/2",  # approved, publish timer scheduled, not claimed
    "publish/apply/3",  # claimed for publishing, the network not called
    "publish/network",  # the network took the post, the store did not hear
    "publish/apply/4",  # recorded as published
    "digest flush/take_due/3",  # the digest's timer taken, the digest not written
    "digest flush/apply/3",  # the digest written, not delivered
    "deliver again/post/1",
]


_REFERENCE: dict[str, dict[str, Any]] = {}


async def reference(tmp: Path, backend: str, url: str | None) -> dict[str, Any]:
    if backend not in _REFERENCE:
        d = tmp / "reference"
        d.mkdir()
        await run(d, backend, url, "none")
        want = world(d, backend, url).outcome()
        # what the uninterrupted run must show, whatever the code under test does
        assert want["network"] == Counter({"we are on it, sorry!": 1})
        assert max(want["posts"].values()) == 1
        kinds = Counter(key.split(":")[0] for _, key in want["posts"])
        assert {"group", "digest"} <= set(kinds) and kinds["ticket(mastodon"] == 3, kinds
        assert want["notices"] and ("approvals", "L") in want["posts"]
        _REFERENCE[backend] = want
    return _REFERENCE[backend]


def die_at(tmp: Path, backend: str, url: str | None, at: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.chaos.boundary", str(tmp), backend, url or "-", at],
        capture_output=True, cwd=ROOT, timeout=60, check=False,
        env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
             "PYTHONPATH": str(ROOT)})
    assert done.returncode == DIED, done.stderr.decode()[-3000:]
    assert f"dying after {at}" in done.stderr.decode()


# the scenario's grouped posts (outage, group_wait) and digest posts (feature), by what
# ``why`` says of each once its card went out: the mark written with the card, never apart
SAID = {0: "grouped: one card with the others matched in the route's group_wait; delivered "
           "to #alerts at ",
        3: "collected into the route's digest; delivered to #product at "}
SAID |= {2: SAID[0], 6: SAID[0], 7: SAID[3]}
# a flush taken by the process that died and run by the next one more than 10 minutes after
# its window's end is a late card, which ``why`` names by its window
LATE = ("collected into the route's digest, its card for 09:00-10:00 UTC, posted late: "
        "delivered to #product at ")


async def flushes_said(tmp: Path, backend: str, url: str | None) -> None:
    """``why`` of each grouped and digest post, after the process that resumed: where its
    card went (a flush's marks are written in the same write as its card)."""
    async with open_app(load_config(tmp / "socialops.yaml"), clock=FakeClock(),
                        out=io.StringIO(), store=await world(tmp, backend, url).opener()
                        ) as app:
        for i, said in SAID.items():
            text = (await app.why.why(f"mastodon:{i}")).text
            assert said in text or (said == SAID[3] and LATE in text), (i, text)


@pytest.mark.untimed  # one process dies at a named write, the next runs after it
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("at", BOUNDARIES)
async def test_a_process_dying_at_a_boundary_leaves_the_next_one_to_finish_once(
        tmp_path: Path, backend: str, at: str, request: pytest.FixtureRequest) -> None:
    url = None
    if backend == "redis":
        server: RedisServer = request.getfixturevalue("redis_server")
        server.flushall()
        url = server.url
    want = await reference(tmp_path, backend, url)
    if url is not None:
        server.flushall()
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    die_at(crashed, backend, url, at)
    await run(crashed, backend, url, "none")  # the next process: this one
    got = world(crashed, backend, url).outcome()
    assert got["network"] == want["network"], got["network"]
    assert got["posts"] == want["posts"], (
        f"extra {dict(got['posts'] - want['posts'])}, "
        f"missing {dict(want['posts'] - got['posts'])}")
    assert got["notices"] == want["notices"]
    await flushes_said(crashed, backend, url)
    if backend == "sqlite":  # the outbox counts (summed as each write commits) are its rows'
        db = sqlite3.connect(crashed / "s.db")
        try:
            counts = dict(db.execute("SELECT status, n FROM outbox_counts WHERE n != 0"))
            recount = dict(db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status"))
        finally:
            db.close()
        assert counts == recount


# Steps two processes can run at once as people would (the same poll, deliveries, a claim
# clicked twice, due timers); drafting and link requests are each one person's act.
RACED = ["ingest", "deliver", "claim", "group flush", "escalation", "digest flush"]


@pytest.mark.parametrize("step", RACED)
async def test_two_processes_running_one_step_at_once_end_as_one_process_does(
        tmp_path: Path, step: str, redis_server: RedisServer) -> None:
    redis_server.flushall()
    url = redis_server.url
    want = await reference(tmp_path, "redis", url)
    redis_server.flushall()
    d = tmp_path / "raced"
    d.mkdir()
    await run(d, "redis", url, "none", until=step)
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"}, "PYTHONPATH": str(ROOT)}
    both = [subprocess.Popen([sys.executable, "-m", "tests.chaos.boundary", str(d), "redis", url,
                              f"only:{step}"], cwd=ROOT, stderr=subprocess.PIPE, env=env)
            for _ in range(2)]
    errs = await asyncio.to_thread(let_go_together, both,
                                   [d / f"ready.{p.pid}" for p in both], d / "go")
    for p, (_, err) in zip(both, errs, strict=True):
        assert p.returncode == 0, err.decode()[-3000:]
    await run(d, "redis", url, "none")  # the rest of the scenario
    got = world(d, "redis", url).outcome()
    assert got["network"] == want["network"], got["network"]
    assert got["posts"] == want["posts"], (
        f"extra {dict(got['posts'] - want['posts'])}, "
        f"missing {dict(want['posts'] - got['posts'])}")
    assert got["notices"] == want["notices"]
