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

import json
import os
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

from tests.chaos.paging_config import paging_config
from tests.chaos.procs import ROOT, Processes
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
    source = (f"{{id: flood, type: bluesky, base_url: '{appview}', queries: [acme], "
              f"backfill_minutes: 0, interval: {interval}, timeout: {timeout}}}")
    lease = max(120, 2 * timeout + 1)
    return paging_config(tmp, source, ("outage", "outage"), store,
                         more=f"approvals: {{publish_lease_seconds: {lease}}}\n")


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
# a hang's end: up to four processes one after the other, each ended after 120 s by ``polls``;
# the suite's 120 s for the whole test ended it while it went on (73 s alone at load ~9,
# over 120 s beside test_paging_takeover's two processes on the other worker)
@pytest.mark.timeout(600)
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
