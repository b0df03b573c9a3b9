"""Chaos, the store misbehaving: two real ``socialops run`` processes route a replay file
through a real redis-server while that server goes away for 3 seconds, or comes back without
its data. The processes must ride it out: every alert delivered once, both still alive and
saying in their logs what happened, nothing left pending, and a loss of data reported to the
ops channel once per process at most."""

from __future__ import annotations

import asyncio
import re
import shutil
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.store.queue import MentionQueue
from bot.store.redis import RedisStore
from tests.chaos.procs import Cluster, expected_keys, report, tally, wait_for, write_mentions
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow

N = 1500
OUTAGE = 3.0


@pytest.fixture
def redis_aof(tmp_path: Path) -> RedisServer:
    return RedisServer(tmp_path / "redis", fsync="always")


@pytest.fixture
async def cluster(tmp_path: Path, redis_aof: RedisServer) -> AsyncIterator[Cluster]:
    """Two processes on the replay file; stopped (and Redis with them) even when the test
    fails."""
    redis_aof.start()
    replay = tmp_path / "mentions.jsonl"
    write_mentions(replay, N)
    procs = Cluster(tmp_path, redis_aof.url, replay)
    try:
        for i in range(2):
            procs.start(i)
        yield procs
    finally:
        await asyncio.to_thread(procs.stop_all)
        redis_aof.stop()


async def leftovers(url: str) -> dict[str, int]:
    """What is still waiting in the store: mentions in the shared stream (unread or read and
    not acknowledged), pending outbox items, dead letters."""
    store = await RedisStore.connect(url, clock=lambda: datetime.now(UTC))
    try:
        queue = MentionQueue(store.r, prefix=store.k.prefix, consumer="test")
        depth, _ = await queue.depth_and_lag()
        counts = await store.outbox_counts()
        dead = await store.list_dead()
        groups = await store.r.xinfo_groups(queue.stream)
        return {"queued": depth, "outbox pending": counts["pending"],
                "outbox dead": counts["dead"], "dead letters": len(dead),
                "consumer groups": len(groups)}
    finally:
        await store.close()


def delivered(cluster: Cluster) -> list[tuple[str, str]]:
    return cluster.posts("alerts") + cluster.posts("billing")


def notices(cluster: Cluster) -> list[str]:
    return [f"{r.get('title')}" for r in cluster.rows()
            if r.get("channel") == "ops" and r.get("op") == "post"]


async def settle(cluster: Cluster, url: str, want: int) -> dict[str, int]:
    """Wait until every alert is delivered and nothing is left waiting; the last leftovers."""
    assert await asyncio.to_thread(
        wait_for, lambda: len(set(delivered(cluster))) >= want, 90), cluster.log_text()
    deadline = time.monotonic() + 30
    left = await leftovers(url)
    while any(left[k] for k in ("queued", "outbox pending")) and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        left = await leftovers(url)
    await asyncio.sleep(1.0)  # a late duplicate would show now
    return left


async def test_a_3_second_redis_outage_is_ridden_out(cluster: Cluster,
                                                     redis_aof: RedisServer) -> None:
    expected = expected_keys(N)
    assert await asyncio.to_thread(
        wait_for, lambda: len(delivered(cluster)) >= len(expected) // 4, 60), cluster.log_text()
    before = len(set(delivered(cluster)))
    redis_aof.stop()  # AOF, fsync always: what was acknowledged survives
    await asyncio.sleep(OUTAGE)
    redis_aof.start()  # the same port, the same data dir
    left = await settle(cluster, redis_aof.url, len(expected))

    def recovered(i: int) -> bool:  # a loop tries again after its backoff, seconds later
        return " resumed" in cluster.log_of(i).read_text(errors="replace")

    await asyncio.to_thread(wait_for, lambda: recovered(0) and recovered(1), 60)
    alive = [cluster.alive(i) for i in range(2)]
    logs = [cluster.log_of(i).read_text(errors="replace") for i in range(2)]
    counts = tally(expected, delivered(cluster))
    counts.update({"delivered before the outage": before, "alive": sum(alive), **left,
                   "ops notices": len(notices(cluster))})
    report(f"redis-server down for {OUTAGE:.0f} s mid-run (2 processes)", counts)
    assert counts["lost"] == 0 and counts["duplicated"] == 0 and counts["unexpected"] == 0
    assert alive == [True, True]
    for i, text in enumerate(logs):  # each process saw the outage and says it recovered
        assert re.search(r"retrying in \d+s", text), (i, text[-3000:])
        assert " resumed" in text, (i, text[-3000:])
    assert left == {"queued": 0, "outbox pending": 0, "outbox dead": 0, "dead letters": 0,
                    "consumer groups": 1}
    assert any(t.endswith(" resumed") for t in notices(cluster)), notices(cluster)


async def test_redis_losing_its_data_mid_run_is_noticed_and_nothing_is_posted_twice(
        cluster: Cluster, redis_aof: RedisServer) -> None:
    expected = expected_keys(N)
    assert await asyncio.to_thread(
        wait_for, lambda: len(delivered(cluster)) >= len(expected) // 3, 60), cluster.log_text()
    redis_aof.stop()
    before = set(delivered(cluster))
    for path in redis_aof.workdir.iterdir():  # the AOF directory and any snapshot
        if path.name.startswith("appendonly") or path.suffix == ".rdb":
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    redis_aof.start()  # empty, on the same port
    left = await settle(cluster, redis_aof.url, len(expected))
    alive = [cluster.alive(i) for i in range(2)]
    logs = [cluster.log_of(i).read_text(errors="replace") for i in range(2)]
    lost_notices = [t for t in notices(cluster) if "Redis lost its data" in t]
    counts = tally(expected, delivered(cluster))
    counts.update({"delivered before the loss": len(before),
                   "delivered after": len(set(delivered(cluster)) - before),
                   "alive": sum(alive), "loss notices": len(lost_notices),
                   "groups recreated": sum("consumer group is gone" in t for t in logs), **left})
    report("redis-server lost its data mid-run (2 processes)", counts)
    assert counts["lost"] == 0 and counts["duplicated"] == 0 and counts["unexpected"] == 0
    assert alive == [True, True]
    # each process noticed it once (two noticing within one minute share one ops card)
    assert [t.count("ERROR   bot.app.runtime: Redis lost its data") for t in logs] == [1, 1], \
        cluster.log_text()
    assert 1 <= len(lost_notices) <= 2, notices(cluster)
    assert counts["groups recreated"] >= 1
    assert left["queued"] == 0 and left["outbox pending"] == 0 and left["consumer groups"] == 1
