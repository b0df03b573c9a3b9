"""A flood of posts past the pages one poll reads, with a process killed (SIGKILL) between
reading its pages and writing what it read. The backlog (the page cursor a poll stopped at) is
in the source's cursor, and the cursor is written with the batch in one write (one SQLite
transaction, or one MULTI/EXEC on Redis with the shared stream), so a process killed before
it re-reads the walk, and one killed after it goes on from the saved page: every post is
carded once.

The AppView here pages as the reference one does (dev-env's searchPosts: a keyset cursor of
the last post's time and uri, ``tests/interop/test_bluesky_real.py``); the processes are real
(``tests.chaos.paging``), the store a real SQLite file or a real redis-server."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.store.queue import MentionQueue
from bot.store.redis import RedisStore
from tests.chaos.procs import ROOT, Processes, wait_for
from tests.chaos.test_backfill_window import Clocked
from tests.support.redis_server import RedisServer

DID = "did:plc:floodauthor000000000000"


class AppView:
    """``app.bsky.feed.searchPosts`` newest first with a keyset cursor (``indexedAt::uri``)."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.paged = 0  # requests with a page cursor
        self.on_paged: dict[int, Callable[[], None]] = {}  # run before answering the n-th
        view = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path != "/xrpc/app.bsky.feed.searchPosts":
                    self.send_response(404)
                    self.end_headers()
                    return
                body = json.dumps(view.page(parse_qs(url.query))).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def add(self, n: int, at: datetime) -> None:
        stamp = at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"
        with self.lock:
            self.posts.append({
                "uri": f"at://{DID}/app.bsky.feed.post/3flood{n:06d}", "cid": f"bafyflood{n}",
                "author": {"did": DID, "handle": "flood.test"}, "indexedAt": stamp,
                "record": {"$type": "app.bsky.feed.post", "text": f"acme outage {n}",
                           "createdAt": stamp}, "likeCount": 0})

    def page(self, query: dict[str, list[str]]) -> dict[str, Any]:
        limit = int(query.get("limit", ["25"])[0])
        with self.lock:
            items = sorted(self.posts, key=lambda p: (p["indexedAt"], p["uri"]), reverse=True)
        if cursor := query.get("cursor", [""])[0]:
            with self.lock:
                self.paged += 1
                hook = self.on_paged.pop(self.paged, None)
            if hook is not None:
                hook()
            at, uri = cursor.split("::", 1)
            items = [p for p in items if (p["indexedAt"], p["uri"]) < (at, uri)]
        body: dict[str, Any] = {"posts": items[:limit]}
        if len(items) > limit:
            last = items[limit - 1]
            body["cursor"] = f"{last['indexedAt']}::{last['uri']}"
        return body


def config(tmp: Path, appview: str, store: str, interval: float = 60,
           timeout: float = 20) -> Path:
    (tmp / "rules.yaml").write_text(
        "routes:\n  - name: outage\n    match: {any: [outage]}\n    channel: alerts\n",
        encoding="utf-8")
    path = tmp / "socialops.yaml"
    path.write_text(f"""\
sources:
  - {{id: flood, type: bluesky, base_url: '{appview}', queries: [acme], backfill_minutes: 0,
     interval: {interval}, timeout: {timeout}}}
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
  ops: {{workspace: console, id: ops}}
ops_channel: ops
spikes: {{enabled: false}}
rules: rules.yaml
store: {store}
outbox: {{per_channel_per_second: 1000}}
approvals: {{publish_lease_seconds: {max(120, 2 * timeout + 1)}}}
""", encoding="utf-8")
    return path


def polls(cfg: Path, record: Path, n: int, die: int | None) -> int:
    done = subprocess.run(
        [sys.executable, "-m", "tests.chaos.paging", str(cfg), str(record), "flood", str(n),
         "-" if die is None else str(die)],
        capture_output=True, cwd=ROOT, timeout=120, check=False,
        env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
             "PYTHONPATH": str(ROOT)})
    if die is not None:
        assert done.returncode == -9, done.stderr.decode()[-3000:]
        assert f"killed after poll {die}, before its write" in done.stderr.decode()
    else:
        assert done.returncode == 0, done.stderr.decode()[-3000:]
    return done.returncode


def carded(record: Path) -> Counter[str]:
    rows = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    return Counter(str(r["key"]).split("|")[0] for r in rows
                   if r.get("op") == "post" and r.get("channel") == "alerts")


def cards(procs: Processes) -> Counter[str]:
    """The mentions carded in ``alerts`` by the ``socialops run`` processes so far."""
    return Counter(key.split("|")[0] for _, key in procs.posts("alerts"))


def ids(numbers: range) -> set[str]:
    return {f"bluesky:at://{DID}/app.bsky.feed.post/3flood{n:06d}" for n in numbers}


@pytest.mark.untimed  # each process dies at a named write, the next runs after it
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("die", [1, 2])
def test_a_process_killed_between_a_walk_and_its_write_loses_and_doubles_nothing(
        tmp_path: Path, redis_server: RedisServer, backend: str, die: int) -> None:
    """1,050 new posts: the first poll reads 1,000 and keeps the page it stopped at, the
    second reads the 50 left and moves the cursor to the newest, the third reads 5 posts that
    came meanwhile. The process is killed after the first or the second walk (``die``), before
    it wrote anything of it; a new process goes on: each post carded once, none lost. (Fails
    when the cursor is written on its own, before the batch: 1,000 posts lost.)"""
    redis_server.flushall()
    appview = AppView()
    store = ("{backend: sqlite, path: " + str(tmp_path / "s.db") + "}" if backend == "sqlite"
             else f"{{backend: redis, redis_url: '{redis_server.url}'}}")
    cfg, record = config(tmp_path, appview.url, store), tmp_path / "record.jsonl"
    polls(cfg, record, 1, None)  # the first run: quiet, the cursor at now
    start = datetime.now(UTC) + timedelta(seconds=1)
    for n in range(1, 1051):
        appview.add(n, start + timedelta(milliseconds=n))
    if die == 2:
        polls(cfg, record, 1, None)
    for n in range(1051, 1056):
        appview.add(n, start + timedelta(seconds=5, milliseconds=n))
    polls(cfg, record, 1, 1)  # killed before writing this walk
    polls(cfg, record, 3, None)
    appview.server.shutdown()
    got = carded(record)
    assert set(got) == ids(range(1, 1056))
    assert max(got.values()) == 1


async def caught_up(url: str, newest: datetime, seen: list[object]) -> bool:
    """Whether the flood's stored cursor is at ``newest`` with no backlog left, the shared
    stream has nothing unread or unacknowledged, and the outbox nothing pending: every post a
    poll read since is decided and its card, if any, delivered. The cursor moves in the write
    that queues what was read (one MULTI/EXEC), so a walk that read a post again is over."""
    store = await RedisStore.connect(url, clock=lambda: datetime.now(UTC))
    try:
        raw = await store.get_cursor("flood")
        state = (json.loads(raw) if raw else {}).get("q:acme") or {}
        depth, _ = await MentionQueue(store.r, prefix=store.k.prefix,
                                      consumer="test").depth_and_lag()
        pending = (await store.outbox_counts())["pending"]
    finally:
        await store.close()
    seen[:] = [{k: v for k, v in state.items() if k != "recent"}, depth, pending]
    return ("backlog" not in state and "at" in state
            and datetime.fromisoformat(state["at"]) >= newest and depth == 0 and pending == 0)


@pytest.mark.untimed  # the stall at a named page, the takeover on an injected clock
@pytest.mark.timeout(600)  # a hang's end: the processes start slowly on a loaded machine
def test_a_worker_stalled_mid_walk_whose_lease_is_taken_over_loses_and_doubles_nothing(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """Two ``socialops run`` workers on one Redis (leases of 2 s). The one polling is stopped
    (SIGSTOP) while it asks for the 10th page of a flood's walk; the other, whose clock is a
    minute ahead (``tests.chaos.clocked_run``), finds the lease lapsed and takes the source
    over, reads the flood from the stored cursor (a backlog, then the rest) and 5 posts that
    came meanwhile. The stalled one then wakes (its read of the page answered: the source's
    timeout outlasts any stop) and writes its walk with the cursor it read from, behind the
    other's (a write no lease fences): what it moved back is read again and found done, and
    5 later posts are read. Once the cursor is back at the newest post, the shared stream
    drained and the outbox empty, both stop (exit 0): each post carded once. (Fails when a
    stored backlog is not read on: the flood's oldest posts lost.)"""
    redis_server.flushall()
    appview = AppView()
    cfg = config(tmp_path, appview.url, f"{{backend: redis, redis_url: '{redis_server.url}', "
                 "lease_seconds: 2, queue_visibility_seconds: 2}", interval=1, timeout=300)
    procs = Clocked(tmp_path, redis_server.url, cfg)
    now = datetime.now(UTC)
    procs.starts = {0: now, 1: now + timedelta(minutes=1)}  # 1: past any lease 0 took
    stopped: list[int] = []

    def stop_the_walker() -> None:
        pid = procs.procs[0].pid
        os.kill(pid, signal.SIGSTOP)
        stopped.append(pid)

    def log(i: int) -> str:
        return procs.log_of(i).read_text(errors="replace") if procs.log_of(i).exists() else ""

    def until(event: Callable[[], bool], every: float = 0.05, why: object = "") -> None:
        """Wait for ``event``; the time only ends a hang, and a process that ended ends it."""
        assert wait_for(lambda: event() or any(p.poll() is not None
                                               for p in procs.procs.values()),
                        300, every=every) and event(), f"{why}\n{procs.log_text()}"

    appview.on_paged[9] = stop_the_walker  # the 10th page: 9 cursors followed
    procs.start(0)
    try:
        until(lambda: "polled flood" in log(0))
        start = datetime.now(UTC) + timedelta(seconds=1)  # after the first poll's cursor
        for n in range(1, 1051):
            appview.add(n, start + timedelta(milliseconds=n))
        until(lambda: bool(stopped))
        procs.start(1)
        for n in range(1051, 1056):
            appview.add(n, start + timedelta(seconds=5, milliseconds=n))
        until(lambda: len(cards(procs)) >= 1055)
        os.kill(stopped[0], signal.SIGCONT)
        # the stalled walk written, with the cursor it read from
        until(lambda: "polled flood: 1000 fetched" in log(0))
        for n in range(1056, 1061):
            appview.add(n, start + timedelta(seconds=10, milliseconds=n))
        newest = datetime.fromisoformat(appview.posts[-1]["indexedAt"])  # to the ms, as read
        last: list[object] = []
        until(lambda: asyncio.run(caught_up(redis_server.url, newest, last)), every=0.2,
              why=last)
    finally:
        if stopped:
            os.kill(stopped[0], signal.SIGCONT)
        codes = procs.stop_all()
        appview.server.shutdown()
    assert codes == [0, 0], procs.log_text()
    got = cards(procs)
    assert set(got) == ids(range(1, 1061)), procs.log_text()
    assert max(got.values()) == 1
