"""Two replies to one customer's post published at the same moment by two real processes, on
one real redis-server and on one SQLite file: the post's mark of the replies published to it
(``keys.answered``, read by the approver's and the drafter's note for 24 hours) names both.
One process is held between reading the mark and writing its own publish
(``tests.chaos.held_timers``) while the other publishes; a third reply drafted after them is
told of both.

Untimed (tests/chaos/conftest.py): the stall is released by a file; every clock injected."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.chaos.procs import ROOT, until_set
from tests.chaos.test_claim_races import START, Setup, one_ticket, say
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_two_replies_to_one_post_published_at_once_are_both_named_after(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        t = (await one_ticket(app)).id
        await say(app, "alice", f"reply {t} Fixed now, sorry for the wait")
        await say(app, "bob", f"reply {t} We are on it, thanks for telling us")
        first, second = [await app.store.get_approval(i) for i in ("A-1", "A-2")]
        assert first is not None and second is not None
        clock.now = START + timedelta(minutes=1)
        hold = tmp_path / "hold"
        held = subprocess.Popen(
            [sys.executable, "-m", "tests.chaos.held_timers", str(s.config), str(s.record),
             clock.now.isoformat(), str(hold), "answered:", "dave",
             f"approve A-1 {first.content_hash[:16]}"], cwd=ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
                 "PYTHONPATH": str(ROOT)})
        try:
            # A-1 published, its process held right before recording it, the mark read
            set_ = await asyncio.to_thread(until_set, held, hold.with_suffix(".ready"))
            assert set_, held.communicate()[1].decode()[-3000:]
            assert (await say(app, "erin", f"approve A-2 {second.content_hash[:16]}")
                    ).startswith("A-2 approved and published")
            hold.touch()
            out, err = await asyncio.to_thread(held.communicate, timeout=120)
        finally:
            if held.poll() is None:
                held.kill()
                held.wait()
        assert held.returncode == 0, err.decode()[-3000:]
        assert json.loads(out.decode().strip().splitlines()[-1])["text"].startswith(
            "A-1 approved and published"), out
        clock.now = START + timedelta(minutes=2)
        third = await say(app, "alice", f"reply {t} One more thing")
        assert "A-1 by alice" in third and "A-2 by bob" in third, third
        drafted = await app.store.get_approval("A-3")
        assert drafted is not None
        assert [a.id for a in await app.approvals.others(drafted)] == ["A-1", "A-2"]
