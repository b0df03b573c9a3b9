"""A worker stalled mid-walk whose source's lease another takes over, split from
``test_paging_crashes.py`` (its AppView, config and counts) so that the two files run on two
workers of ``make test``'s parallel part: the stale walk written behind the other's cursor
loses and doubles nothing."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.store.queue import MentionQueue
from bot.store.redis import RedisStore
from tests.chaos.procs import wait_for
from tests.chaos.test_backfill_window import Clocked
from tests.chaos.test_paging_crashes import AppView, cards, config, ids
from tests.support.redis_server import RedisServer


async def caught_up(url: str, newest: datetime, seen: list[object]) -> bool:
    """Whether the flood's stored cursor is at ``newest`` with no backlog left, the shared
    stream has nothing unread or unacknowledged, and the outbox nothing pending: every post a
    poll read since is decided and its card, if any, delivered. The cursor moves in the write
    that queues what was read (one MULTI/EXEC), so a walk that read a post again is over."""
    store = await RedisStore.connect(url, clock=lambda: datetime.now(UTC))
    try:
        raw = await store.get_cursor("flood")
        state = (json.loads(raw) if raw else {}).get("q:acme") or {}
        depth, _ = await MentionQueue(store.r, prefix=store.k.prefix,
                                      consumer="test").depth_and_lag()
        pending = (await store.outbox_counts())["pending"]
    finally:
        await store.close()
    seen[:] = [{k: v for k, v in state.items() if k != "recent"}, depth, pending]
    return ("backlog" not in state and "at" in state
            and datetime.fromisoformat(state["at"]) >= newest and depth == 0 and pending == 0)


@pytest.mark.untimed  # the stall at a named page, the takeover on an injected clock
@pytest.mark.timeout(600)  # a hang's end: the processes start slowly on a loaded machine
def test_a_worker_stalled_mid_walk_whose_lease_is_taken_over_loses_and_doubles_nothing(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """Two ``socialops run`` workers on one Redis (leases of 2 s). The one polling is stopped
    (SIGSTOP) while it asks for the 10th page of a flood's walk; the other, whose clock is a
    minute ahead (``tests.chaos.clocked_run``), finds the lease lapsed and takes the source
    over, reads the flood from the stored cursor (a backlog, then the rest) and 5 posts that
    came meanwhile. The stalled one then wakes (its read of the page answered: the source's
    timeout outlasts any stop) and writes its walk with the cursor it read from, behind the
    other's (a write no lease fences): what it moved back is read again and found done, and
    5 later posts are read. Once the cursor is back at the newest post, the shared stream
    drained and the outbox empty, both stop (exit 0): each post carded once. (Fails when a
    stored backlog is not read on: the flood's oldest posts lost.)"""
    redis_server.flushall()
    appview = AppView()
    cfg = config(tmp_path, appview.url, f"{{backend: redis, redis_url: '{redis_server.url}', "
                 "lease_seconds: 2, queue_visibility_seconds: 2}", interval=1, timeout=300)
    procs = Clocked(tmp_path, redis_server.url, cfg)
    now = datetime.now(UTC)
    procs.starts = {0: now, 1: now + timedelta(minutes=1)}  # 1: past any lease 0 took
    stopped: list[int] = []

    def stop_the_walker() -> None:
        pid = procs.procs[0].pid
        os.kill(pid, signal.SIGSTOP)
        stopped.append(pid)

    def log(i: int) -> str:
        return procs.log_of(i).read_text(errors="replace") if procs.log_of(i).exists() else ""

    def until(event: Callable[[], bool], every: float = 0.05, why: object = "") -> None:
        """Wait for ``event``; the time only ends a hang, and a process that ended ends it."""
        assert wait_for(lambda: event() or any(p.poll() is not None
                                               for p in procs.procs.values()),
                        300, every=every) and event(), f"{why}\n{procs.log_text()}"

    appview.on_paged[9] = stop_the_walker  # the 10th page: 9 cursors followed
    procs.start(0)
    try:
        until(lambda: "polled flood" in log(0))
        start = datetime.now(UTC) + timedelta(seconds=1)  # after the first poll's cursor
        for n in range(1, 1051):
            appview.add(n, start + timedelta(milliseconds=n))
        until(lambda: bool(stopped))
        procs.start(1)
        for n in range(1051, 1056):
            appview.add(n, start + timedelta(seconds=5, milliseconds=n))
        until(lambda: len(cards(procs)) >= 1055)
        os.kill(stopped[0], signal.SIGCONT)
        # the stalled walk written, with the cursor it read from
        until(lambda: "polled flood: 1000 fetched" in log(0))
        for n in range(1056, 1061):
            appview.add(n, start + timedelta(seconds=10, milliseconds=n))
        newest = datetime.fromisoformat(appview.posts[-1]["indexedAt"])  # to the ms, as read
        last: list[object] = []
        until(lambda: asyncio.run(caught_up(redis_server.url, newest, last)), every=0.2,
              why=last)
    finally:
        if stopped:
            os.kill(stopped[0], signal.SIGCONT)
        codes = procs.stop_all()
        appview.server.shutdown()
    assert codes == [0, 0], procs.log_text()
    got = cards(procs)
    assert set(got) == ids(range(1, 1061)), procs.log_text()
    assert max(got.values()) == 1
