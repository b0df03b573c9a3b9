"""A Hacker News edit whose ``updated_at`` is a little ahead of our clock (hn-search's clock
running fast), read by two real processes polling one source at once, as a poller stalled
past its lease and the one that took the source over do (a poll itself takes no lease:
``Runtime.poll_once``): the local Algolia (``test_review_hackernews_lookback_kills``'s, on a
loopback HTTP server) answers neither's search until both asked, so both read the edit before
either writes its cursor; the one that asked first (its clock the earlier) is answered and
writes first. One of them may be SIGKILLed right at that write
(``tests.chaos.paging``). On one SQLite file and on one redis-server: the item's card edited
once, and later polls edit nothing more (a code review; failing before with neither killed:
each process dated the edit by its own clock, two marks, two card edits)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.chaos.test_paging_crashes import polls as paging_polls
from tests.chaos.test_review_hackernews_lookback_kills import Algolia, config
from tests.chaos.test_review_reddit_edit_kills import rows
from tests.chaos.test_review_reddit_edit_races import poller
from tests.support.redis_server import RedisServer


class HeldAlgolia(Algolia):
    """Once ``hold`` is called, each search waits until the test releases it (``waiting``, in
    the order they came)."""

    def __init__(self) -> None:
        super().__init__()
        self.holding = False
        self.waiting: list[threading.Event] = []
        self.came = threading.Condition()

    def search(self, query: dict[str, list[str]]) -> dict[str, Any]:
        if self.holding:
            go = threading.Event()
            with self.came:
                self.waiting.append(go)
                self.came.notify_all()
            assert go.wait(60)
        return super().search(query)

    def wait_for(self, n: int) -> threading.Event:
        with self.came:
            assert self.came.wait_for(lambda: len(self.waiting) >= n, timeout=60)
            return self.waiting[n - 1]


@pytest.mark.untimed  # both read the edit before either writes: ordered by the local Algolia
@pytest.mark.timeout(300)
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("dies", [False, True])
def test_an_edit_dated_ahead_read_by_two_pollers_at_once_edits_its_card_once(
        tmp_path: Path, redis_server: RedisServer, backend: str, dies: bool) -> None:
    redis_server.flushall()
    algolia = HeldAlgolia()
    store = ("{backend: sqlite, path: " + str(tmp_path / "s.db") + "}" if backend == "sqlite"
             else f"{{backend: redis, redis_url: '{redis_server.url}'}}")
    cfg, record = config(tmp_path, algolia.url, store), tmp_path / "record.jsonl"
    now = int(time.time())
    algolia.add(1, now - 300)
    paging_polls(cfg, record, 1, None)  # carded
    with algolia.lock:
        [hit] = algolia.hits
        # edited; hn-search's clock two minutes ahead of ours (within the hour allowed)
        ahead = datetime.fromtimestamp(time.time() + 120, UTC)
        hit.update(title="Dropbox outage report 1, resolved: refunded",
                   updated_at=ahead.isoformat(timespec="milliseconds").replace("+00:00", "Z"))
    algolia.holding = True
    # the first poller reads its clock and asks; only then the second reads its own (later)
    # and asks: both read the edit before either writes. The first's is answered, and it
    # writes (or is killed at its write) before the second's is.
    first = poller(cfg, record, 1 if dies else None)
    pair = [first]
    try:
        release_first = algolia.wait_for(1)
        pair.append(second := poller(cfg, record, None))
        release_second = algolia.wait_for(2)
        release_first.set()
        _, err = first.communicate(timeout=120)
        assert first.returncode == (-9 if dies else 0), err.decode()[-3000:]
        release_second.set()
        _, err = second.communicate(timeout=120)
        assert second.returncode == 0, err.decode()[-3000:]
    finally:
        for p in pair:
            if p.poll() is None:
                p.kill()
                p.wait()
    algolia.holding = False
    paging_polls(cfg, record, 2, None)  # and later polls: nothing more
    algolia.server.shutdown()
    shown = rows(record)
    assert [r["key"].split("|")[0] for r in shown if r["op"] == "post"] == [
        "hackernews:9001"], shown
    updates = [r for r in shown if r["op"] == "update"]
    assert len(updates) == 1 and "refunded" in str(updates[0]), updates
