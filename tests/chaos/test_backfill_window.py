"""A source's backfill window longer than the store remembers posts as seen
(``store.dedup_ttl_hours``) is read only as far back as the done marks reach, said in one log
line: a re-read of the window (here a renamed source, whose cursor starts anew, in a real
``socialops run`` restarted on a SQLite file or on redis-server; a lost or unreadable cursor
and a Redis that lost its data are the same) found posts whose done marks had expired and
alerted them a second time."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.chaos.procs import Processes, wait_for

ITEMS: list[tuple[str, str, datetime]] = []  # guid, text, published


class Feed(BaseHTTPRequestHandler):
    """ITEMS as an RSS 2.0 document."""

    def do_GET(self) -> None:
        items = "".join(
            f"<item><guid>{guid}</guid><title>{text}</title><description>{text}</description>"
            f"<link>https://example.com/{guid}</link>"
            f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate></item>"
            for guid, text, when in ITEMS)
        body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                f"<link>https://example.com/</link><description>d</description>{items}"
                "</channel></rss>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def feed() -> Iterator[str]:
    ITEMS.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    server.shutdown()


def write_config(path: Path, source: str, url: str, store: str) -> None:
    path.write_text(f"""\
sources: [{{id: {source}, type: rss, urls: ['{url}'], interval: 0.2, timeout: 2,
           backfill_minutes: 7d}}]
workspaces: [{{name: console, type: console}}]
channels: {{support: {{workspace: console, id: support}}}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {{{store}, dedup_ttl_hours: 1m}}
""", encoding="utf-8")
    (path.parent / "rules.yaml").write_text(
        "routes:\n  - name: brand\n    match: {any: [acme]}\n    channel: support\n",
        encoding="utf-8")


class OnSqlite(Processes):
    """Processes on a SQLite file: REDIS_URL unset, as check wants it beside backend: sqlite."""

    def env(self) -> dict[str, str]:
        env = super().env()
        env.pop("REDIS_URL", None)
        return env


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_backfill_past_the_dedup_window_alerts_nothing_twice_across_a_restart(
        tmp_path: Path, redis_url: str, feed: str, backend: str) -> None:
    store = (f"backend: sqlite, path: '{tmp_path / 'state.db'}'" if backend == "sqlite"
             else "backend: redis")
    cfg = tmp_path / "socialops.yaml"
    procs = (OnSqlite if backend == "sqlite" else Processes)(tmp_path, redis_url, cfg)
    now = datetime.now(UTC).replace(microsecond=0)
    ITEMS[:] = [("fresh", "acme fresh news", now),
                ("old", "acme old news", now - timedelta(days=2))]

    def cards(text: str) -> list[str]:
        if not procs.record.exists():
            return []
        return [r["key"] for r in map(json.loads, procs.record.read_text().splitlines())
                if r.get("op") == "post" and r.get("text") == text]

    try:
        write_config(cfg, "feed", feed, store)
        procs.start(0)
        assert wait_for(lambda: bool(cards("acme fresh news")), 60), procs.log_text()
        wait_for(lambda: bool(cards("acme old news")), 3)  # read within 7d, it would show now
        assert cards("acme old news") == [], procs.log_text()  # older than the done marks
        assert ("source feed reads 1m back, not 7d: store.dedup_ttl_hours (1m) is how long "
                "a post is remembered as seen") in procs.log_text(), procs.log_text()
        procs.procs[0].terminate()
        assert procs.procs[0].wait(30) == 0, procs.log_text()

        # the done marks expire; the source is renamed, so it reads its window anew
        time.sleep(max(0.0, (now + timedelta(seconds=65) - datetime.now(UTC)).total_seconds()))
        write_config(cfg, "feed-renamed", feed, store)
        procs.start(1)
        assert wait_for(lambda: "feed-renamed" in procs.log_text(), 60), procs.log_text()
        wait_for(lambda: len(cards("acme fresh news")) > 1 or bool(cards("acme old news")), 8)
        assert len(cards("acme fresh news")) == 1, procs.log_text()
        assert cards("acme old news") == [], procs.log_text()
    finally:
        for proc in procs.procs.values():
            proc.terminate()
        for proc in procs.procs.values():
            proc.wait(30)
