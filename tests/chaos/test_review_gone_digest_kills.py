"""A digest whose window's posts are partly no longer stored (the bot down longer than they
are kept: ``handlers.routing``'s ``gone``, counted on the card, each marked ``-not-kept`` for
why): real processes on a SQLite file or a redis-server fire it when the bot comes back and
die right after taking its timer, right after writing it (the card queued, the window's posts
taken and marked), or right after the chat showed it, before the outbox recorded it; then
two fire the timers at once and one delivers, and the next window's end is fired. The
window's digest comes once, saying the posts
it shows and the ones no longer stored, each counted once."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core import keys as K
from bot.core.config import load_config
from handlers.routing import NOT_KEPT
from tests.chaos.boundary import DIED, here
from tests.chaos.procs import ROOT
from tests.chaos.test_wall_clock import DAY, ended, fire, post, posts, setup, store_of
from tests.conftest import FakeClock

# the posts at 10:20 are past the 72 hours a digest's posts are kept (store.dedup_ttl_hours)
# when the bot comes back; the one at 10:50 is not
BACK = DAY + timedelta(hours=72, minutes=35)


def drain(config: Path, record: Path, now: str, at: str = "none") -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.boundary", "drain", str(config), str(record), now,
         "-", at], cwd=ROOT, stderr=subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("dies", ["took digest", "sent digest", "post/1"])
async def test_a_digest_with_posts_no_longer_kept_comes_once_through_deaths(
        tmp_path: Path, backend: str, dies: str, request: pytest.FixtureRequest) -> None:
    redis = store_of(backend, request)
    config = setup(tmp_path, redis)
    record = tmp_path / "record.jsonl"
    clock = FakeClock(DAY + timedelta(minutes=20))
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        for n in (1, 2):
            await post(app, n, "feature request: exports")
        clock.now = DAY + timedelta(minutes=50)
        await post(app, 3, "feature request: dark mode")
        clock.now = DAY + timedelta(minutes=59, seconds=59)
        await app.runtime().fire_due_timers()
        await app.outbox.drain()
        assert posts(record, "digest:") == []
        if redis is not None:  # Redis expires them on its own clock: gone as they would be
            for n in (1, 2):
                subprocess.run(["redis-cli", "-p", str(redis.port), "DEL",
                                f"socialops:signal:mastodon:{n}"], check=True,
                               capture_output=True)
        if dies == "post/1":  # the digest written, then shown by a process that dies
            ended(fire(config, record, BACK))
            ended(drain(config, record, BACK.isoformat(), dies), DIED)
            assert len(posts(record, "digest:")) == 1
        else:
            ended(fire(config, record, BACK, dies), DIED)
        back = BACK + timedelta(minutes=2)  # the dead one's leases lapsed
        for p in [fire(config, record, back) for _ in range(2)]:
            ended(p)
        # every other process done: the rest runs alone, in this process
        await here("drain", str(config), str(record), back.isoformat())
        nxt = DAY + timedelta(hours=73, minutes=1)  # the next window's end: nothing again
        await here("timers", str(config), str(record), nxt.isoformat())
        await here("drain", str(config), str(record), nxt.isoformat())
        clock.now = nxt + timedelta(minutes=1)
        await app.outbox.drain()
        marks = [await app.store.get_value(K.flushed("product", "console", "product",
                                                    f"mastodon:{n}")) for n in (1, 2, 3)]
    shown = posts(record, "digest:")
    assert [r["title"] for r in shown] == ["Digest for product: 1 mention"], shown
    assert "2 more of this window no longer stored" in str(shown[0]["text"]), shown
    assert marks[:2] == [NOT_KEPT, NOT_KEPT] and marks[2] == f"{shown[0]['key']}@product", \
        marks
