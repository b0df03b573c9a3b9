"""Two real `socialops run` processes on one redis-server, each typing commands in its own
console and polling a feed of its own (a local HTTP server answering RSS 2.0): a subscription
made in A fires once, through B's poll, while both run; an unsubscribe typed in B stops it in
A, which still runs. A process that kept the subscriptions it read at start would miss the
first or go on firing the second."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

import pytest

from tests.chaos.procs import ROOT, Processes, wait_for
from tests.chaos.test_store_outages import leftovers

ONE, TWO = "refund please, order 77", "refund please, order 78"
FEEDS: dict[str, list[tuple[str, str]]] = {"/a.xml": [], "/b.xml": []}
FETCHED: Counter[str] = Counter()  # each path's answers so far


class Feeds(BaseHTTPRequestHandler):
    """Each path's items, as (guid, text), in an RSS 2.0 document."""

    def do_GET(self) -> None:
        items = "".join(
            f"<item><guid>{guid}</guid><title>{text}</title><description>{text}</description>"
            f"<link>https://example.com/{guid}</link>"
            "<pubDate>Wed, 02 Dec 2026 09:00:00 GMT</pubDate></item>"
            for guid, text in FEEDS.get(self.path, []))
        body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                f"<link>https://example.com/</link><description>d</description>{items}"
                "</channel></rss>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        FETCHED[self.path] += 1

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def feeds() -> Iterator[str]:
    for items in FEEDS.values():
        items.clear()
    FETCHED.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feeds)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def config(tmp: Path, name: str, url: str) -> Path:
    path = tmp / f"{name}.yaml"
    path.write_text(f"""\
sources: [{{id: feed-{name}, type: rss, urls: ['{url}/{name}.xml'], interval: 0.2, timeout: 2}}]
workspaces: [{{name: console, type: console}}]
channels: {{support: {{workspace: console, id: support}}}}
people: [{{id: dave, role: agent, identities: {{console: dave}}}}]
spikes: {{enabled: false}}
store: {{backend: redis}}
""", encoding="utf-8")
    return path


class Bot:
    """A `socialops run --as dave` whose console is typed into and read from files."""

    def __init__(self, procs: Processes, cfg: Path, name: str) -> None:
        self.out = procs.tmp / f"{name}.out"
        self.record = procs.tmp / f"{name}.record.jsonl"
        self.log = procs.tmp / f"{name}.log"
        with self.out.open("wb") as out, self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot.app.cli", "run", "--config", str(cfg), "--as",
                 "dave", "--record", str(self.record)], stdin=subprocess.PIPE, stdout=out,
                stderr=log, env=procs.env(), cwd=ROOT)

    def type(self, line: str) -> None:
        stdin: IO[bytes] | None = self.proc.stdin
        assert stdin is not None
        stdin.write(line.encode() + b"\n")
        stdin.flush()

    def said(self) -> str:
        return self.out.read_text(errors="replace")

    def posts(self) -> list[dict[str, object]]:
        if not self.record.exists():
            return []
        return [r for r in (json.loads(x) for x in self.record.read_text().splitlines() if x)
                if r.get("op") == "post"]


def cards(bots: list[Bot], text: str) -> list[str]:
    """The key (mention|route) of each card posted, by either process, for the post ``text``."""
    return [str(p["key"]) for b in bots for p in b.posts() if p.get("text") == text]


def read_again(path: str, redis_url: str) -> None:
    """Wait until the feed at ``path`` has been read twice more since now, each of those reads
    was answered, and nothing read is still queued or waiting to be delivered: a card a second
    read would make again has been shown. A source reads, queues what it read, then waits
    before its next read, so a third answer means the second read's items are queued."""
    since = FETCHED[path]

    def settled() -> bool:
        if FETCHED[path] < since + 3:
            return False
        left = asyncio.run(leftovers(redis_url))
        return left["queued"] == 0 and left["outbox pending"] == 0

    assert wait_for(settled, 60, every=0.1), f"{path} not read again and settled"


def test_a_subscription_made_in_one_process_fires_once_through_another_and_ends_in_both(
        tmp_path: Path, redis_url: str, feeds: str) -> None:
    procs = Processes(tmp_path, redis_url, tmp_path / "a.yaml")
    a = Bot(procs, config(tmp_path, "a", feeds), "a")
    b = Bot(procs, config(tmp_path, "b", feeds), "b")
    bots = [a, b]
    logs = lambda: "\n".join(x.log.read_text()[-2000:] + x.said()[-1000:] for x in bots)  # noqa: E731
    try:
        assert wait_for(lambda: "type commands as dave" in a.said()
                        and "type commands as dave" in b.said(), 60), logs()
        a.type("subscribe refund")
        assert wait_for(lambda: "S-1 created" in a.said(), 30), logs()
        FEEDS["/b.xml"].append(("item-1", ONE))
        assert wait_for(lambda: bool(cards(bots, ONE)), 30), logs()
        read_again("/b.xml", redis_url)  # a second card would show now
        assert len(cards(bots, ONE)) == 1, (cards(bots, ONE), logs())

        b.type("unsubscribe S-1")
        assert wait_for(lambda: "✓ S-1 removed" in b.said(), 30), logs()
        a.type("subscribe order")
        assert wait_for(lambda: "S-2 created" in a.said(), 30), logs()
        FEEDS["/a.xml"].append(("item-2", TWO))
        # S-2 fires for it, through A; S-1, ended in B, does not
        assert wait_for(lambda: bool(cards(bots, TWO)), 30), logs()
        read_again("/a.xml", redis_url)
        [card] = cards(bots, TWO)
        assert card.endswith("|sub:S-2"), (card, logs())
    finally:
        codes = []
        for x in bots:
            x.proc.terminate()
        for x in bots:
            codes.append(x.proc.wait(30))
    assert codes == [0, 0], logs()
