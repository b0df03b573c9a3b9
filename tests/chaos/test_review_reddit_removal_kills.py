"""A Reddit post a moderator removed and a comment edited with ``edited: true`` (no date), read
again through ``GET /api/info`` (``RedditSource._reread``), through real processes: one killed
by SIGKILL at the store's write after its poll (``tests.chaos.paging``), and two polling at
once (the local Reddit answers neither's ``/api/info`` till both asked), on one SQLite file and
on one redis-server. Reddit here is ``tests/support/fake_reddit.py``'s ``Reads`` on a loopback
HTTP server. The removal's card is marked once and loses the post's words; the undated edit,
dated by when the words were last read (the ``#watch`` map beside the cursors, the same for
every process that read it before a write), edits its card once (a community manager's
review, 2026-12-06: the removed post kept its card as if public, the undated edit nothing)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.chaos.test_paging_crashes import polls as paging_polls
from tests.chaos.test_review_reddit_edit_kills import config, rows
from tests.chaos.test_review_reddit_edit_races import both_read, poller
from tests.support.fake_reddit import Reads
from tests.support.redis_server import RedisServer


def carded(tmp_path: Path, redis_server: RedisServer, backend: str
           ) -> tuple[Reads, object, Path, Path, str, str]:
    redis_server.flushall()
    reads = Reads()
    server, url = reads.thread_server()
    store = ("{backend: sqlite, path: " + str(tmp_path / "s.db") + "}" if backend == "sqlite"
             else f"{{backend: redis, redis_url: '{redis_server.url}'}}")
    cfg, record = config(tmp_path, url, store), tmp_path / "record.jsonl"
    now = datetime.now(UTC)
    with reads.lock:
        post = reads.post("acme billing double charged me", "card ending 1234",
                          at=now - timedelta(minutes=5))
        comment = reads.comment("acme support never answers",
                                at=now - timedelta(minutes=4), on=post)
    paging_polls(cfg, record, 1, None)  # carded, and watched
    with reads.lock:
        reads.remove(post)
        reads.edit_undated(comment, "acme support answered after all")
    return reads, server, cfg, record, post, comment


def each_once(record: Path, post: str, comment: str) -> None:
    shown = rows(record)
    assert sorted(r["key"].split("|")[0] for r in shown if r["op"] == "post") == sorted(
        [f"reddit:{post}", f"reddit:{comment}"]), shown
    updates = {r["key"].split("|")[0]: r for r in shown if r["op"] == "update"}
    assert len(updates) == len([r for r in shown if r["op"] == "update"]) == 2, shown
    removed, edited = updates[f"reddit:{post}"], updates[f"reddit:{comment}"]
    assert "card ending 1234" not in json.dumps(removed), removed
    assert "acme billing double charged me" not in json.dumps(removed), removed
    assert "removed by a moderator" in removed["text"], removed  # not "deleted by its author"
    assert "acme support answered after all" in json.dumps(edited), edited


@pytest.mark.untimed  # each process dies at a named write, the next runs after it
@pytest.mark.timeout(600)
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_removal_and_an_undated_edit_read_by_a_killed_process_mark_their_cards_once(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    _, server, cfg, record, post, comment = carded(tmp_path, redis_server, backend)
    paging_polls(cfg, record, 1, 1)  # read both; killed before writing them
    paging_polls(cfg, record, 2, None)
    server.shutdown()  # type: ignore[attr-defined]
    each_once(record, post, comment)


@pytest.mark.untimed  # both read before either writes: ordered by the local Reddit
@pytest.mark.timeout(300)
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("dies", [False, True])
def test_a_removal_and_an_undated_edit_read_by_two_pollers_at_once_mark_their_cards_once(
        tmp_path: Path, redis_server: RedisServer, backend: str, dies: bool) -> None:
    reads, server, cfg, record, post, comment = carded(tmp_path, redis_server, backend)
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
    server.shutdown()  # type: ignore[attr-defined]
    each_once(record, post, comment)
