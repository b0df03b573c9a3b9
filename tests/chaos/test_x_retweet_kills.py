"""A retweet of a post older than the X stream (``integrations/social/x/retweets.py``) through
real processes SIGKILLed between a poll and its write (``tests.chaos.paging``), on a SQLite
file and a redis-server, against a local recent search: the old post carded once, and its
next retweet, read by a later process, not carded again.

The ids of the old posts a stream read through a retweet are kept in the stream's cursor,
which is written in the transaction of the batch that read them (``bot.engine.cursors``): the
kill loses both, the next poll reads the retweet again and cards it; kept, they leave the next
retweet out. A guard (a chaos review, 2026-12-07): it passed when written, and fails when the
source's cursor is written at once, apart from the batch (``set_cursor_now``: the old post
lost). The second retweet, read at once, is also left out by the pipeline's 72-hour dedup, so
this does not tell whether the ids were kept (``test_x_retweets_of_old_posts.py`` does)."""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.chaos.paging_config import paging_config
from tests.chaos.test_paging_crashes import carded
from tests.integrations.test_x_retweets import COMPLAINT
from tests.integrations.test_x_retweets_of_old_posts import serve_search
from tests.support.fake_x import USER_ID, FakeX
from tests.support.netserver import NetServer
from tests.support.redis_server import RedisServer

ROOT = Path(__file__).parents[2]


def config(tmp: Path, base: str, store: str) -> Path:
    source = (f"{{id: x1, type: x, base_url: '{base}', bearer_token: app, "
              f"user_id: '{USER_ID}', queries: ['@acmesupport'], timeout: 5}}")
    return paging_config(tmp, source, ("refunds", "refund"), store)


def cards(record: Path) -> Counter[str]:
    """The posts carded in ``alerts`` so far (no card yet: no record)."""
    return carded(record) if record.exists() else Counter()


async def poll(cfg: Path, record: Path, die: bool) -> None:
    """One process polling the source once (killed before its write when ``die``)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.chaos.paging", str(cfg), str(record), "x1", "1",
        "1" if die else "-", cwd=ROOT, stderr=asyncio.subprocess.PIPE,
        env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
             "PYTHONPATH": str(ROOT)})
    _, err = await asyncio.wait_for(proc.communicate(), 120)
    said = err.decode()[-3000:]
    if die:
        assert proc.returncode == -9, said
        assert "killed after poll 1, before its write" in said, said
    else:
        assert proc.returncode == 0, said


@pytest.mark.untimed  # each process dies at a named write, the next runs after it
@pytest.mark.timeout(600)
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_an_old_post_retweeted_across_a_kill_is_carded_once(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    redis_server.flushall()
    store = (f"{{backend: sqlite, path: '{tmp_path / 's.db'}'}}" if backend == "sqlite"
             else f"{{backend: redis, redis_url: '{redis_server.url}'}}")
    record = tmp_path / "record.jsonl"
    async with NetServer() as net:
        world = FakeX(net)
        old = world.add(COMPLAINT, at=datetime.now(UTC) - timedelta(days=30))
        world.tweets.remove(old)  # not found by the search: made before the stream began
        world.add("@acmesupport hello")
        serve_search(net, world)
        cfg = config(tmp_path, net.base, store)
        await poll(cfg, record, die=False)  # the stream begins
        assert cards(record) == Counter()

        world.retweet(old, author="waiter")
        await poll(cfg, record, die=True)  # read, killed before its write: nothing kept
        assert cards(record) == Counter()
        await poll(cfg, record, die=False)
        assert cards(record) == Counter({f"x:{old['id']}": 1})

        world.retweet(old, author="waiter")  # again, read by another process
        await poll(cfg, record, die=False)
        assert cards(record) == Counter({f"x:{old['id']}": 1})
