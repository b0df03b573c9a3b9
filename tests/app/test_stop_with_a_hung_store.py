"""A stop (SIGTERM) while the store does not answer (a stalled or partitioned Redis): the
README says work still running 20 s after the stop is cancelled in one warning line. The last
outbox drain and the release of the source leases came after those 20 s with no bound of
their own, each waiting out the Redis client's timeouts: a newcomer's `socialops run` took
49 s to exit with its redis-server stopped by SIGSTOP, past Kubernetes' 30-second grace and
Docker's 10. Both now share a short budget (``STOP_TAIL``), each said in one line."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import signal
from pathlib import Path

import pytest

import bot.app.runtime as runtime_module
from bot.app.compose import open_app
from bot.core.config import load_config


async def test_the_last_drain_and_the_releases_do_not_outlast_the_stop_budget(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "empty.jsonl").write_text("")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"sources: [{{id: feed, type: replay, path: {tmp_path / 'empty.jsonl'}}}]\n"
                   f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    monkeypatch.setattr(runtime_module, "STOP_TAIL", 0.2, raising=False)
    never = asyncio.Event()  # the store that does not answer

    async def hung(*_: object) -> None:
        await never.wait()

    async with open_app(load_config(cfg), out=io.StringIO()) as app:
        runtime = app.runtime()
        monkeypatch.setattr(runtime.outbox, "drain_once", hung)
        monkeypatch.setattr(runtime.store, "release_lease", hung)
        runtime.stop.set()  # SIGTERM
        with caplog.at_level(logging.INFO, logger="bot.app.runtime"):
            await asyncio.wait_for(runtime.run(), 15)
    said = [r.getMessage() for r in caplog.records if r.name == "bot.app.runtime"]
    assert said[-1] == "stopped", said
    assert "last outbox drain did not finish in 0.2 s; the cards it had claimed are taken " \
           "over when store.lease_seconds lapse (each looked for before it is posted), the " \
           "others stay queued" in said, said
    assert any(m.startswith("could not release source:feed, stream:feed (no answer in "
                            "0.2 s); other processes take them over when they lapse")
               for m in said), said


async def test_a_settle_in_flight_when_redis_stalls_holds_no_stop_and_no_card_is_doubled(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last drain posts a chain of two cards: the first is posted and its settle is being
    written (the chain goes on without waiting for it) when the Redis stops answering
    (SIGSTOP), and the second's post is still in flight when the budget runs out.
    asyncio.wait_for cancelled the drain and then waited for it to unwind, and the chain waits
    for its settles in a ``finally``: the stop was held for the Redis client's timeouts (10 s
    a read, retried), past the budget. Now the budget holds; and once Redis answers again, the
    process that takes the channel over when the lease lapses posts each card once in all."""
    from bot.core.cards import Card
    from tests.conftest import FakeClock
    from tests.support.redis_server import RedisServer

    server = RedisServer(tmp_path / "redis").start()
    assert server.proc is not None
    pid = server.proc.pid
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"store: {{backend: redis, redis_url: '{server.url}'}}\n")
    record = tmp_path / "record.jsonl"
    clock = FakeClock()
    monkeypatch.setattr(runtime_module, "STOP_TAIL", 0.5, raising=False)
    stalled = False
    try:
        async with open_app(load_config(cfg), clock=clock, out=io.StringIO(),
                            record_path=record, owner="first") as app:
            runtime = app.runtime()
            ws = runtime.outbox.workspaces["console"]
            post = ws.post
            never = asyncio.Event()  # the chat's answer to the second post

            async def first_posted_then_redis_stalls(channel: str, c: Card) -> object:
                nonlocal stalled
                if stalled:
                    await never.wait()
                ref = await post(channel, c)
                os.kill(pid, signal.SIGSTOP)
                stalled = True
                return ref

            monkeypatch.setattr(ws, "post", first_posted_then_redis_stalls)
            for key in ("s1|r", "s2|r"):
                assert await runtime.outbox.send(
                    key=f"{key}@support", workspace="console", channel="support",
                    card=Card(kind="alert", key=key, title=f"alert {key}", text="hello"))
            # only the stop's budget (0.5 s here) ends it within these 8 s: the Redis client
            # waits 10 s a read, then retries (as the stop did before the budget)
            await asyncio.wait_for(runtime._stop_tail(), 8)
            assert stalled
            os.kill(pid, signal.SIGCONT)
            stalled = False
            monkeypatch.setattr(ws, "post", post)
        clock.advance(seconds=31)  # the first process's claims and channel lease lapse
        async with open_app(load_config(cfg), clock=clock, out=io.StringIO(),
                            record_path=record, owner="second") as app:
            await app.runtime().outbox.drain()
        posts = [json.loads(line)["key"] for line in record.read_text().splitlines()
                 if json.loads(line)["op"] == "post"]
        assert sorted(posts) == ["s1|r", "s2|r"], posts
    finally:
        if stalled:
            os.kill(pid, signal.SIGCONT)
        server.stop()
