"""Reddit edits and deletes (``RedditSource._reread``: the things read in the last day read
again through ``GET /api/info``) through real processes killed by SIGKILL at the store's
write after a poll (``tests.chaos.paging``), on one SQLite file and on one redis-server.
Reddit here is ``tests/support/fake_reddit.py``'s ``Reads`` on a loopback HTTP server: its
listings, ``/api/info`` and rate-limit headers. A process killed before it wrote what it read
(the edit, the delete, and the things watched beside the cursors) leaves the next to read the
same edit again, dated by Reddit's ``edited``: each card edited once, deleted once.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.chaos.paging_config import paging_config
from tests.chaos.test_paging_crashes import polls as paging_polls
from tests.support.fake_reddit import Reads
from tests.support.redis_server import RedisServer


def config(tmp: Path, reddit: str, store: str) -> Path:
    source = (f"{{id: flood, type: reddit, base_url: '{reddit}', auth_url: '{reddit}', "
              "client_id: cid, client_secret: sec, username: botuser, password: pw, "
              "subreddits: [socialops], comments: true, backfill_minutes: 30, interval: 60, "
              "timeout: 20}")
    return paging_config(tmp, source, ("outage", "acme"), store)


def rows(record: Path) -> list[dict[str, Any]]:
    if not record.exists():
        return []
    return [r for line in record.read_text(encoding="utf-8").splitlines()
            if (r := json.loads(line)).get("channel") == "alerts"]


@pytest.mark.untimed  # each process dies at a named write, the next runs after it
@pytest.mark.timeout(600)
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("die", ["edit", "delete"])
def test_an_edit_and_a_delete_read_by_a_killed_process_edit_their_cards_once(
        tmp_path: Path, redis_server: RedisServer, backend: str, die: str) -> None:
    """A post and a comment carded; the post edited, then the comment deleted. The process
    that read the edit (or the delete) is killed before its write; new ones poll on: two
    cards, the post's edited once, the comment's deleted once."""
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
        comment = reads.comment("acme support never answers",
                                at=now - timedelta(minutes=4), on=post)
    paging_polls(cfg, record, 1, None)
    assert sorted(r["key"].split("|")[0] for r in rows(record) if r["op"] == "post") == sorted(
        [f"reddit:{post}", f"reddit:{comment}"])
    with reads.lock:
        reads.edit(post, "EDIT: acme refunded me", at=datetime.fromtimestamp(
            time.time() - 1, UTC))
    if die == "edit":
        paging_polls(cfg, record, 1, 1)  # read the edit; killed before writing it
    paging_polls(cfg, record, 1, None)
    with reads.lock:
        reads.delete(comment)
    if die == "delete":
        paging_polls(cfg, record, 1, 1)  # read the delete; killed before writing it
    paging_polls(cfg, record, 2, None)
    server.shutdown()
    shown = rows(record)
    assert sorted(r["key"].split("|")[0] for r in shown if r["op"] == "post") == sorted(
        [f"reddit:{post}", f"reddit:{comment}"]), shown
    updates = [r for r in shown if r["op"] == "update"]
    assert len(updates) == 2, updates
    edited, deleted = updates
    assert edited["key"].startswith(f"reddit:{post}") and "acme refunded me" in json.dumps(
        edited), edited
    assert deleted["key"].startswith(f"reddit:{comment}"), deleted
    assert "acme support never answers" not in json.dumps(deleted), deleted
