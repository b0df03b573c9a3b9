"""The Hacker News source's 15-minute lookback (``LATE_INDEXING``: each poll asks again that
far behind its cursor, the ids read in that span kept in the cursor) through real processes
killed by SIGKILL between a poll and its write (``tests.chaos.paging``), on one SQLite file
and on one redis-server. Algolia here (a local HTTP server) answers ``search_by_date`` as
``tests/integrations/test_hackernews.py``'s does, windows by ``created_at_i``, and indexes
an item late: dated before the newest hit read. Each item carded once, none lost: the ones of
the boundary second, the late one, and the ones after it.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.chaos.paging_config import paging_config
from tests.chaos.test_paging_crashes import carded
from tests.chaos.test_paging_crashes import polls as paging_polls
from tests.support.redis_server import RedisServer


class Algolia:
    """``/api/v1/search_by_date``: the hits inside ``numericFilters``' window, newest first."""

    def __init__(self) -> None:
        self.hits: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        algolia = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path != "/api/v1/search_by_date":
                    self.send_response(404)
                    self.end_headers()
                    return
                body = json.dumps(algolia.search(parse_qs(url.query))).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def add(self, n: int, at: int) -> None:
        with self.lock:
            self.hits.append({
                "objectID": str(9000 + n), "author": f"pg{n}", "created_at_i": at,
                "title": f"Dropbox outage report {n}", "url": f"https://example.com/{n}",
                "points": 1, "story_text": None, "comment_text": None,
                "_tags": ["story", f"author_pg{n}"]})

    def search(self, query: dict[str, list[str]]) -> dict[str, Any]:
        bounds = re.fullmatch(r"created_at_i>=(\d+),created_at_i<=(\d+)",
                              query["numericFilters"][0])
        assert bounds is not None
        lo, hi = int(bounds.group(1)), int(bounds.group(2))
        per = int(query["hitsPerPage"][0])
        with self.lock:
            match = sorted((h for h in self.hits if lo <= h["created_at_i"] <= hi),
                           key=lambda h: -h["created_at_i"])
        return {"hits": match[:per], "nbHits": len(match), "page": 0,
                "nbPages": -(-len(match) // per), "hitsPerPage": per}


def config(tmp: Path, algolia: str, store: str) -> Path:
    source = (f"{{id: flood, type: hackernews, base_url: '{algolia}', queries: [dropbox], "
              "backfill_minutes: 30, interval: 60, timeout: 20}")
    return paging_config(tmp, source, ("outage", "outage"), store)


def ids(numbers: list[int]) -> set[str]:
    return {f"hackernews:{9000 + n}" for n in numbers}


@pytest.mark.untimed  # each process dies at a named write, the next runs after it
@pytest.mark.timeout(600)
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("die", [1, 2])
def test_late_indexed_items_are_carded_once_through_a_kill_between_poll_and_write(
        tmp_path: Path, redis_server: RedisServer, backend: str, die: int) -> None:
    """Items 1 and 2 (2 and 3 sharing the newest second), read by the first poll; then item
    4, dated between them (indexed late), and item 5, newer. The process is killed after the
    first or the second poll, before it wrote it; a new one polls on: 1 to 5 once each."""
    redis_server.flushall()
    algolia = Algolia()
    store = ("{backend: sqlite, path: " + str(tmp_path / "s.db") + "}" if backend == "sqlite"
             else f"{{backend: redis, redis_url: '{redis_server.url}'}}")
    cfg, record = config(tmp_path, algolia.url, store), tmp_path / "record.jsonl"
    now = int(time.time())
    algolia.add(1, now - 600)
    algolia.add(2, now - 300)
    algolia.add(3, now - 300)
    if die == 2:
        paging_polls(cfg, record, 1, None)
        assert set(carded(record)) == ids([1, 2, 3])
    else:
        paging_polls(cfg, record, 1, 1)  # killed before writing its read of 1, 2, 3
        assert not record.exists() or not carded(record)
    algolia.add(4, now - 450)  # indexed late: older than the newest read, in the lookback
    algolia.add(5, now - 60)
    if die == 2:
        paging_polls(cfg, record, 1, 1)  # killed before writing its read of 4, 5
    paging_polls(cfg, record, 2, None)
    algolia.server.shutdown()
    got: Counter[str] = carded(record)
    assert set(got) == ids([1, 2, 3, 4, 5]), got
    assert max(got.values()) == 1, got
