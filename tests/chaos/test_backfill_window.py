"""A source's backfill window longer than the store remembers posts as seen
(``store.dedup_ttl_hours``) is read only as far back as the done marks reach, said in one log
line: a re-read of the window (here a renamed source, whose cursor starts anew, in a real
``socialops run`` restarted on a SQLite file or on redis-server; a lost or unreadable cursor
and a Redis that lost its data are the same) found posts whose done marks had expired and
alerted them a second time.

Each process runs on a clock of its own (``tests.chaos.clocked_run``: the real ``socialops
run`` whose clock starts at a time the test names), so the restart comes two hours on, past
the marks and the window, at once: no wait on the wall clock, and a slow start (a loaded
machine; anything under the hour) reads the same posts as a quick one. Marked untimed
(``tests/chaos/conftest.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.chaos.procs import ROOT, Processes, wait_for

pytestmark = pytest.mark.untimed

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # the first process's clock as it starts

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
store: {{{store}, dedup_ttl_hours: 1}}
""", encoding="utf-8")
    (path.parent / "rules.yaml").write_text(
        "routes:\n  - name: brand\n    match: {any: [acme]}\n    channel: support\n",
        encoding="utf-8")


class Clocked(Processes):
    """``socialops run`` processes, each on a clock that starts at ``starts[i]``."""

    starts: dict[int, datetime]

    def start(self, i: int) -> None:
        with self.log_of(i).open("ab") as log:
            self.procs[i] = subprocess.Popen(
                [sys.executable, "-m", "tests.chaos.clocked_run", self.starts[i].isoformat(),
                 "run", "--config", str(self.config), "--no-stdin", "--record",
                 str(self.record)],
                stdout=subprocess.DEVNULL, stderr=log, env=self.env(), cwd=ROOT)


class OnSqlite(Clocked):
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
    procs = (OnSqlite if backend == "sqlite" else Clocked)(tmp_path, redis_url, cfg)
    # the second process starts two hours on: the 1 h done marks have expired, and the fresh
    # post is outside the 1 h window it reads back (read 7d back, it would show again)
    procs.starts = {0: START, 1: START + timedelta(hours=2)}
    ITEMS[:] = [("fresh", "acme fresh news", START),
                ("old", "acme old news", START - timedelta(days=2))]

    def cards(text: str) -> list[str]:
        if not procs.record.exists():
            return []
        return [r["key"] for r in map(json.loads, procs.record.read_text().splitlines())
                if r.get("op") == "post" and r.get("text") == text]

    def pending() -> str:
        """What the store still holds to deliver, as ``socialops outbox list`` says it."""
        listed = subprocess.run(
            [sys.executable, "-m", "bot.app.cli", "outbox", "list", "--pending", "--config",
             str(cfg)], check=False, capture_output=True, text=True, env=procs.env(), cwd=ROOT,
            timeout=120)
        assert listed.returncode == 0, listed.stderr
        return listed.stdout

    def stop(i: int) -> None:
        """A graceful stop: the batch in hand routed, the cards due delivered; what stays is
        in the store (``pending``)."""
        procs.procs[i].terminate()
        assert procs.procs[i].wait(60) == 0, procs.log_text()
        assert "did not finish" not in procs.log_text(), procs.log_text()

    try:
        write_config(cfg, "feed", feed, store)
        procs.start(0)
        # both posts come in one read of the feed, routed as one batch: once the fresh one's
        # card shows, the old one was read past, or its card was queued with it (delivered
        # at the stop, or by the next process, or listed pending at the end)
        assert wait_for(lambda: bool(cards("acme fresh news")), 90), procs.log_text()
        stop(0)
        assert cards("acme old news") == [], procs.log_text()  # older than the done marks
        assert ("source feed reads 1h back, not 7d: store.dedup_ttl_hours (1h) is how long "
                "a post is remembered as seen") in procs.log_text(), procs.log_text()

        # the done marks expire; the source is renamed, so it reads its window anew: a post
        # made since comes in the same read as the two, and its card says that read was routed
        ITEMS.append(("later", "acme later news", procs.starts[1]))
        write_config(cfg, "feed-renamed", feed, store)
        procs.start(1)
        assert wait_for(lambda: bool(cards("acme later news")), 90), procs.log_text()
        stop(1)
        assert len(cards("acme fresh news")) == 1, procs.log_text()
        assert cards("acme old news") == [], procs.log_text()
        assert len(cards("acme later news")) == 1, procs.log_text()
        assert pending() == "0 pending\n", procs.log_text()
    finally:
        for proc in procs.procs.values():
            proc.terminate()
        for proc in procs.procs.values():
            proc.wait(30)
