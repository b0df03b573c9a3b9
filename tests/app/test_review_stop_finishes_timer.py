"""A SIGTERM while a timer runs (a platform engineer's review: Heroku and Kubernetes send one at
every deploy, and SIGKILL 30 s later). docs/scaling.md says a process so stopped finishes its
work in hand; its timer loop instead cancelled the timer in hand at the signal (APScheduler's
``shutdown`` cancels the running beat), leaving it leased: a digest whose summary the model
endpoint was writing went out only once that lease lapsed (twice the endpoint's timeout), or at
the next start. Here a real ``socialops run`` on a SQLite file fires an overdue digest, its
summary held by the endpoint (served here on loopback) until the process has said it is
stopping; the digest must still be posted before the process exits 0."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.app.cli_support import SOCIALOPS, clean_env
from tests.chaos.test_timer_races import DIGESTING, PATH, RULES, SlowModel
from tests.conftest import FakeClock
from tests.support.netserver import NetServer

CONFIG = DIGESTING + """store: {{backend: sqlite, path: {db}}}
"""


async def until(event: Callable[[], bool], proc: subprocess.Popen[bytes], why: Path) -> None:
    """Until ``event``, or the process ended without it (its log then says why); the bound
    only ends a hang on a loaded machine."""
    for _ in range(6000):
        if event() or proc.poll() is not None:
            break
        await asyncio.sleep(0.05)
    assert event(), why.read_text(errors="replace")[-3000:]


async def overdue_digest(tmp_path: Path, llm: str) -> Path:
    """A SQLite bot's configuration in ``tmp_path`` (summaries from ``llm``) whose store holds
    three posts of two hours ago: their digest's hour is over, its timer overdue."""
    (tmp_path / "rules.yaml").write_text(RULES)
    (tmp_path / "empty.jsonl").write_text("")
    config = tmp_path / "socialops.yaml"
    config.write_text(CONFIG.format(empty=tmp_path / "empty.jsonl", llm=llm,
                                    db=tmp_path / "s.db"))
    start = datetime.now(UTC) - timedelta(hours=2)
    async with open_app(load_config(config), clock=FakeClock(start), out=io.StringIO()) as app:
        await app.pipeline.process_batch([Mention(
            id=f"mastodon:{i}", network="mastodon", source="feed",
            text=f"acme feature request {i}: exports",
            author=Author(id=f"a{i}", handle=f"u{i}"), created_at=start) for i in range(3)])
    return config


@pytest.mark.untimed  # the stop held at a named point by the endpoint, not by time
@pytest.mark.timeout(600)  # a hang's end: a process starts slowly on a loaded machine
async def test_a_sigterm_while_a_timer_runs_finishes_it_before_the_exit(tmp_path: Path) -> None:
    slow = SlowModel()
    async with NetServer() as net:
        net.handler("POST", PATH, slow.handle)
        config = await overdue_digest(tmp_path, net.url(PATH))
        record, log = tmp_path / "record.jsonl", tmp_path / "run.log"
        with log.open("wb") as err:
            proc = subprocess.Popen(
                [SOCIALOPS, "run", "--no-stdin", "-c", str(config), "--record", str(record)],
                cwd=tmp_path, env=clean_env(), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=err)
        try:
            await until(slow.first.is_set, proc, log)  # the digest's timer runs
            os.kill(proc.pid, signal.SIGTERM)
            await until(lambda: b"stopping: finishing work in hand" in log.read_bytes(),
                        proc, log)
            slow.release.set()  # the summary comes while the process stops
            for _ in range(6000):
                if proc.poll() is not None:
                    break
                await asyncio.sleep(0.05)
        finally:
            slow.release.set()
            if proc.poll() is None:
                proc.kill()
            proc.wait()
    said = log.read_text(errors="replace")
    assert proc.returncode == 0, said[-3000:]
    rows = [json.loads(line) for line in record.read_text().splitlines()] \
        if record.exists() else []
    digests = [r["key"] for r in rows if r["op"] == "post" and r["key"].startswith("digest:")]
    assert len(digests) == 1, said[-3000:]


@pytest.mark.untimed  # the stop's own wait (STOP_WAIT) runs out, not a test's
@pytest.mark.timeout(600)
async def test_a_timer_still_running_when_the_stop_gives_up_is_handed_back(
        tmp_path: Path) -> None:
    """Its summary never comes within the stop's 20 s: the timer is cancelled, as before, and
    now handed back before the process exits, due at once for another process or the next
    start; before it stayed leased (twice the endpoint's timeout, 600 s here) and nothing
    could fire it until then (an on-call lead's review, 2026-12-07)."""
    slow = SlowModel()
    async with NetServer() as net:
        net.handler("POST", PATH, slow.handle)
        config = await overdue_digest(tmp_path, net.url(PATH))
        log = tmp_path / "run.log"
        with log.open("wb") as err:
            proc = subprocess.Popen(
                [SOCIALOPS, "run", "--no-stdin", "-c", str(config)],
                cwd=tmp_path, env=clean_env(), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=err)
        try:
            await until(slow.first.is_set, proc, log)  # the digest's timer runs
            os.kill(proc.pid, signal.SIGTERM)
            for _ in range(12000):  # the stop's wait runs out with the summary still asked
                if proc.poll() is not None:
                    break
                await asyncio.sleep(0.05)
        finally:
            slow.release.set()
            if proc.poll() is None:
                proc.kill()
            proc.wait()
    said = log.read_text(errors="replace")
    assert proc.returncode == 0, said[-3000:]
    assert "did not finish" in said, said[-3000:]
    async with open_app(load_config(config), out=io.StringIO()) as app:
        # another process takes it now, not once the stopped one's lease lapses
        taken = await app.store.take_due(datetime.now(UTC), lease_seconds=60)
    digests = [t for t in taken if t.id.startswith("digest:")]
    assert len(digests) == 1, (taken, said[-3000:])
    assert digests[0].attempts == 1, "the stop is no failed attempt"
