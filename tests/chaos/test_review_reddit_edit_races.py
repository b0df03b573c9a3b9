"""Reddit edits read again through ``GET /api/info`` (``RedditSource._reread``, the
``#watch`` map kept in the source's cursor) by two real processes polling one Reddit source at
once, as a poller stalled past its lease and the one that took the source over do (a poll
itself takes no lease: ``Runtime.poll_once``): the local Reddit answers neither's
``/api/info`` until both asked, so both read the edit before either writes its cursor. One of
them may be SIGKILLed right at that write (``tests.chaos.paging``). On one SQLite file and on
one redis-server: the post's card edited once, and a later poll (with the ``#watch`` map one
of them wrote last) edits nothing more (a reliability review)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.chaos.procs import ROOT
from tests.chaos.test_paging_crashes import polls as paging_polls
from tests.chaos.test_review_reddit_edit_kills import config, rows
from tests.support.fake_reddit import Reads
from tests.support.redis_server import RedisServer


def both_read(reads: Reads) -> threading.Barrier:
    """``/api/info`` answered only once two requests for it are in (then as usual)."""
    barrier = threading.Barrier(2, timeout=60)
    answer = reads.answer

    def held(method: str, path: str, query: Mapping[str, str]) -> tuple[int, dict[str, str],
                                                                         Any]:
        if path == "/api/info" and not getattr(barrier, "passed", False):
            reads.lock.release()  # the server holds it while it answers: the other asks
            try:
                barrier.wait()
                barrier.passed = True  # type: ignore[attr-defined]
            finally:
                reads.lock.acquire()
        return answer(method, path, query)

    reads.answer = held  # type: ignore[method-assign]
    return barrier


def poller(cfg: Path, record: Path, die: int | None) -> subprocess.Popen[bytes]:
    """A polling process with leases of its own (``PAGING_OWNER``): on SQLite every process
    of one file is one owner (a second ``socialops run`` there is refused), so two pollers at
    once both claimed the outbox's lane of the revision's cards and delivered them twice
    under load, hiding whether the revision marks let one process act."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.paging", str(cfg), str(record), "flood", "1",
         "-" if die is None else str(die)], cwd=ROOT, stderr=subprocess.PIPE,
        env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
             "PYTHONPATH": str(ROOT), "PAGING_OWNER": f"poller:{secrets.token_hex(4)}"})


@pytest.mark.untimed  # both read the edit before either writes: ordered by the local Reddit
@pytest.mark.timeout(300)
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("dies", [False, True])
def test_an_edit_read_by_two_pollers_at_once_edits_its_card_once(
        tmp_path: Path, redis_server: RedisServer, backend: str, dies: bool) -> None:
    redis_server.flushall()
    reads = Reads()
    server, url = reads.thread_server()
    store = ("{backend: sqlite, path: " + str(tmp_path / "s.db") + "}" if backend == "sqlite"
             else f"{{backend: redis, redis_url: '{redis_server.url}'}}")
    cfg, record = config(tmp_path, url, store), tmp_path / "record.jsonl"
    now = datetime.now(UTC)
    with reads.lock:
        post = reads.post("acme cloud is down", "since this morning",
                          at=now - timedelta(minutes=5))
    paging_polls(cfg, record, 1, None)  # carded, and watched
    with reads.lock:
        reads.edit(post, "EDIT: acme refunded me", at=datetime.fromtimestamp(
            time.time() - 1, UTC))
    barrier = both_read(reads)
    pair = [poller(cfg, record, 1 if dies else None), poller(cfg, record, None)]
    try:
        for n, p in enumerate(pair):
            _, err = p.communicate(timeout=120)
            assert p.returncode == (-9 if dies and n == 0 else 0), err.decode()[-3000:]
    finally:
        for p in pair:
            if p.poll() is None:
                p.kill()
                p.wait()
    assert getattr(barrier, "passed", False)  # both asked /api/info before either wrote
    paging_polls(cfg, record, 2, None)  # and later polls: nothing more
    server.shutdown()
    shown = rows(record)
    assert [r["key"].split("|")[0] for r in shown if r["op"] == "post"] == [
        f"reddit:{post}"], shown
    updates = [r for r in shown if r["op"] == "update"]
    assert len(updates) == 1 and "acme refunded me" in str(updates[0]), updates
