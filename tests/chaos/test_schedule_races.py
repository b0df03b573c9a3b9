"""A scheduled post moved (``schedule A-1 in 2h``) by its author in one real process at the
moment another real process fires its ``publish_at:A-1`` timer, both let go together, on one
real redis-server and on one SQLite file (``tests.chaos.test_scheduled_publish``'s draft, the
sandbox network keeping every post): whichever writes first, what the author is told is what
happens. Either the post went out at its time, once, and the move is refused saying so, or
it is moved and nothing goes out until its new time, when it goes out once. Never a post
published and the author told it publishes later, nor a post twice."""

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
from tests.chaos.procs import ROOT, let_go_together
from tests.chaos.test_claim_races import START, Setup, say
from tests.chaos.test_scheduled_publish import DUE, posts, scheduled
from tests.chaos.test_snooze_ends import settle
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer


def race(s: Setup, minutes: float, user: str, line: str) -> dict[str, object]:
    """``line`` typed by ``user`` and the timers due ``minutes`` after START, each in a
    process of its own with its clock there, let go at the same moment: the answer."""
    go = s.tmp / "go"
    go.unlink(missing_ok=True)
    for f in (go.with_suffix(".timers"), go.with_suffix(f".{user}")):
        f.unlink(missing_ok=True)
    now = (START + timedelta(minutes=minutes)).isoformat()
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
           "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.boundary", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE) for args in (
        ["say", str(s.config), str(s.record), now, str(go), user, line],
        ["timers", str(s.config), str(s.record), now, "none", str(go)])]
    outs = let_go_together(procs, [go.with_suffix(f".{user}"), go.with_suffix(".timers")], go)
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()[-3000:]
    answer: dict[str, object] = json.loads(outs[0][0].decode().strip().splitlines()[-1])
    return answer


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
@pytest.mark.parametrize("run", [1, 2])  # both orders are met across runs
async def test_a_post_moved_as_its_time_comes_goes_out_once_as_its_author_is_told(
        tmp_path: Path, redis_server: RedisServer, backend: str, run: int) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        await scheduled(app)  # A-1, approved, publishing at 10:00 UTC (DUE)
        answer = await asyncio.to_thread(race, s, DUE, "alice", "schedule A-1 in 2h")
        text = str(answer["text"])
        moved = text == "A-1 approved; publishes at 2026-11-23 12:00 UTC"
        if moved:
            assert answer["ok"], answer
            await settle(app, clock, DUE + 5)  # the old time's timers, a lease later
            assert posts(s) == [], text
            await settle(app, clock, DUE + 119)
            assert posts(s) == [], text
            await settle(app, clock, DUE + 120)
        else:  # the timer took it first: out at its time, and the move refused saying so
            assert not answer["ok"] and text.startswith(
                ("A-1 is being published", "A-1 is publishing", "A-1 is published",
                 "A-1 was published")), answer
            await settle(app, clock, DUE + 5)
        [post] = posts(s)
        assert post["text"] == "Our winter sale starts now"
        approval = await app.store.get_approval("A-1")
        assert approval is not None and approval.status == "published"
        assert [h.action for h in approval.history].count("published") == 1
        assert [e.action for e in await app.store.audit_since(None)].count(
            "approval.published") == 1
        assert await app.store.timer_due("publish_at:A-1") is None
    print(f"\nchaos schedule race ({backend}, run {run}): "
          + ("moved, published at its new time" if moved else "published at its time; "
             f"the move refused: {text}"))


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
@pytest.mark.parametrize("run", [1, 2])  # both orders are met across runs
async def test_a_draft_approved_as_its_author_schedules_it_goes_out_as_both_are_told(
        tmp_path: Path, redis_server: RedisServer, backend: str, run: int) -> None:
    """A draft for as soon as approved: its approver approves it in one real process at the
    moment its author schedules it (``schedule A-1 in 2h``) in another. Either it goes out now
    and the schedule is refused, or it is scheduled and the approval says it publishes then:
    never published now with its author told it waits, nor twice."""
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        await say(app, "alice", "draft mastodon brand Our winter sale starts now")
        draft = await app.store.get_approval("A-1")
        assert draft is not None
        replies = await asyncio.to_thread(
            s.race, ("dave", f"approve A-1 {draft.content_hash[:16]}"),
            ("alice", "schedule A-1 in 2h"))
        approved, moved = replies
        assert approved["ok"], replies
        if posts(s):  # approved first: out now, the schedule refused
            assert str(approved["text"]).startswith("A-1 approved and published"), replies
            assert not moved["ok"], replies
        else:  # scheduled first (or between the approval and its publish): out at 11:00
            assert moved["ok"] and "11:00 UTC" in str(moved["text"]), replies
            assert "11:00 UTC" in str(approved["text"]), replies
            await settle(app, clock, 119)
            assert posts(s) == [], replies
            await settle(app, clock, 120)
        await settle(app, clock, 125)
        [post] = posts(s)
        assert post["text"] == "Our winter sale starts now"
        final = await app.store.get_approval("A-1")
        assert final is not None and final.status == "published"
        assert [h.action for h in final.history].count("published") == 1
    print(f"\nchaos approve/schedule race ({backend}, run {run}): {replies}")
