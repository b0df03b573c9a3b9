"""A scheduled post to X (no idempotency key) through a redis-server killed (SIGKILL) and
started again on its AOF mid-publish, in real processes: the process publishing it holds its
claim (``tests.chaos.boundary timers ... hold:PATH``) while Redis restarts, before its call to
X (its claim check, ``PUBLISH_CLAIM``, is then the first command after the restart), or X takes
the post and answers only once Redis has restarted (the write that records it is). Another
process comes after the lease if the draft is not recorded published by then. One tweet, the
draft published once, whichever side of the post the restart fell on. (Seen here: the pool of
the publishing process reconnects the idle connection the restart closed, and it finishes;
the in-process app's first command after a restart fails once, hence ``approval``.)
"""

from __future__ import annotations

import asyncio
import io
import os
import signal
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.errors import StoreError
from bot.core.models import Approval
from tests.chaos.test_claim_races import START, say
from tests.chaos.test_publish_look_takeover import CONFIG, SOURCES, TEXT, _wait
from tests.chaos.test_timer_races import timers_process
from tests.support.clock import FakeClock
from tests.support.fake_x import FakeX
from tests.support.netserver import NetServer
from tests.support.redis_server import RedisServer


def restart(redis: RedisServer) -> None:
    assert redis.proc is not None
    redis.proc.send_signal(signal.SIGKILL)
    redis.proc.wait()
    redis.start()


async def approval(app: Any) -> Approval | None:
    """A-1 as the store has it, past the one failure of a pooled connection the restart
    closed (redis-py retries nothing: ``bot/store/redis.py`` ``_client``)."""
    for _ in range(3):
        try:
            got: Approval | None = await app.store.get_approval("A-1")
            return got
        except StoreError:
            continue
    raise AssertionError("the store never answered after the restart")


@pytest.mark.untimed  # the restart between named steps; leases on injected clocks
@pytest.mark.timeout(600)
@pytest.mark.parametrize("restarted", ["before the post", "after the post"])
async def test_a_post_is_made_once_through_a_redis_restart_mid_publish(
        tmp_path: Path, restarted: str) -> None:
    redis = RedisServer(tmp_path / "redis", appendonly=True).start()
    try:
        async with NetServer() as net:
            x = FakeX(net)
            post = x._post

            async def posting(request: web.Request) -> web.StreamResponse:
                answer = await post(request)
                if restarted == "after the post" and len(x.tweets) == 1:
                    await asyncio.to_thread(restart, redis)  # taken; answered after
                return answer

            net.handler("POST", "/2/tweets", posting)
            config = tmp_path / "socialops.yaml"
            config.write_text(CONFIG.format(
                source=SOURCES["x"].format(base=net.base, pds=""),
                store=f'{{backend: redis, redis_url: "{redis.url}"}}'))
            record = tmp_path / "record.jsonl"
            async with open_app(load_config(config), out=io.StringIO(), record_path=record,
                                clock=FakeClock(START)) as app:
                await say(app, "alice", f"draft x acme at=1h {TEXT}")
                a = await app.store.get_approval("A-1")
                assert a is not None
                await say(app, "dave", f"approve A-1 {a.content_hash[:16]}")
                hold = tmp_path / "hold"
                first = timers_process(config, record, START + timedelta(hours=1),
                                       f"hold:{hold}")
                await _wait("the publisher never claimed A-1",
                            hold.with_suffix(".ready").exists, first)
                if restarted == "before the post":
                    await asyncio.to_thread(restart, redis)
                hold.touch()
                _, err = await asyncio.to_thread(first.communicate, timeout=120)
                assert first.returncode == 0, err.decode()[-3000:]
                claimed = await approval(app)
                assert claimed is not None
                if claimed.status != "published":  # the next process, after the lease
                    assert claimed.publishing_until is not None, claimed
                    later = timers_process(config, record,
                                           claimed.publishing_until + timedelta(seconds=1))
                    _, err = await asyncio.to_thread(later.communicate, timeout=120)
                    assert later.returncode == 0, err.decode()[-3000:]
                final = await approval(app)
        assert final is not None and final.status == "published", final
        assert len(x.tweets) == 1, x.tweets
        assert sum(h.action == "published" for h in final.history) == 1, final.history
    finally:
        if redis.proc is not None and redis.proc.poll() is None:
            os.kill(redis.proc.pid, signal.SIGTERM)
            redis.proc.wait()
