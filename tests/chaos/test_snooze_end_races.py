"""A snooze's end (its ``snooze:`` timer, aad170c) fired by one real process at the moment
another process answers a person ending it otherwise: a resolve, an assignment (``unclaim T-1
to=bob`` on a ticket nobody holds, 81d3663), ``snooze off`` (72b8f06), a claim or an escalate,
on one real redis-server and on one SQLite file. Whichever write lands first, the other is
decided again from it (compare-and-set): the snooze is said ended at most once and never
after what ended it, what the person did is kept, the timer is gone, and the history and the
audit agree. And the end's card edit and thread line shown by a process that dies before the
outbox recorded them: shown once."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app.compose import open_app
from bot.core import keys as K
from bot.core.config import load_config
from tests.chaos.boundary import DIED, here
from tests.chaos.procs import let_go_together
from tests.chaos.test_claim_races import ROOT, START, Setup, one_ticket, say
from tests.chaos.test_snooze_ends import settle, thread_lines
from tests.chaos.test_ticket_lines import boundary
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

ENDED = "snooze ended"


def race_the_timer(s: Setup, user: str, line: str) -> dict[str, Any]:
    """``line`` typed by ``user`` (a process whose clock is START) and the timers due at
    09:05 fired (another process), let go at the same moment; the person's reply."""
    go = s.tmp / "go"
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
           "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "tests.chaos.boundary"]
    procs = [subprocess.Popen([*cmd, "say", str(s.config), str(s.record), START.isoformat(),
                               str(go), user, line], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env),
             subprocess.Popen([*cmd, "timers", str(s.config), str(s.record),
                               (START + timedelta(minutes=5)).isoformat(), "none", str(go)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=env)]
    outs = let_go_together(procs, [go.with_suffix(f".{user}"), go.with_suffix(".timers")], go)
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()[-3000:]
    reply: dict[str, Any] = json.loads(outs[0][0].decode().strip().splitlines()[-1])
    return reply


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
@pytest.mark.parametrize(("line", "action", "status"), [
    ("resolve T-1", "resolved", "resolved"),
    ("unclaim T-1 to=bob", "assigned to bob", "claimed"),
    ("snooze T-1 off", "unsnoozed", "open"),
    ("claim T-1", "claimed", "claimed"),
    ("escalate T-1", "escalated", "open"),
])
async def test_a_snooze_ending_on_its_own_while_a_person_ends_it_is_said_once_in_order(
        tmp_path: Path, redis_server: RedisServer, backend: str, line: str, action: str,
        status: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        t = (await one_ticket(app)).id
        assert t == "T-1"
        await say(app, "alice", f"snooze {t} 5m")  # until 09:05
        await app.outbox.drain()
        before = len(thread_lines(s.record))
        reply = await asyncio.to_thread(race_the_timer, s, "dave", line)
        if not reply["ok"]:  # only an end by hand can find the snooze ended first
            assert (action, reply["text"]) == (
                "unsnoozed", f"{t} is not snoozed: its snooze ended at 09:05 UTC"), reply
        await settle(app, clock, 6)
        final = await app.store.get_ticket(t)
        assert final is not None
        assert (final.status, final.snoozed_until) == (status, None), final.history
        acts = [e.action for e in final.history]
        done = next((i for i, a in enumerate(acts) if a.startswith(action)), len(acts))
        assert acts.count(ENDED) <= 1 and ENDED not in acts[done:], acts
        if action == "unsnoozed":  # ended once, by the person or by the timer
            assert acts.count(ENDED) + acts.count("unsnoozed") == 1, acts
        audit = [e.action for e in await app.store.audit_since(None)]
        assert audit.count("ticket.snooze_ended") == acts.count(ENDED), audit
        assert await app.store.timer_due(K.timer(K.SNOOZE, t)) is None
        lines = thread_lines(s.record)[before:]
        assert lines.count(f"{ENDED}: was snoozed until 09:05 UTC") == acts.count(ENDED), lines
        by_hand = [i for i, x in enumerate(lines) if x.startswith("dave ")]
        assert len(by_hand) == (1 if reply["ok"] else 0), lines
        if ENDED in acts and by_hand:  # the thread says it in the order it happened
            assert lines.index(f"{ENDED}: was snoozed until 09:05 UTC") < by_hand[0], lines


@pytest.mark.untimed  # one process after another, one dying at a named point
@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_snooze_ends_edit_shown_by_a_process_that_dies_before_recording_it_is_shown_once(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """The end written by one process (its timer), the card's edit and its thread line shown
    by another that dies right after the chat showed them, before the outbox recorded it;
    this one delivers what is left once the dead one's claim has lapsed."""
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        t = (await one_ticket(app)).id
        await say(app, "alice", f"snooze {t} 5m")
        await app.outbox.drain()
        before = len(thread_lines(s.record))
        at = (START + timedelta(minutes=5)).isoformat()
        await here("timers", str(s.config), str(s.record), at)  # alone: in this process
        drained = boundary("drain", str(s.config), str(s.record), at, "-", "update/1")
        assert drained.returncode == DIED, drained.stderr.decode()[-3000:]
        assert thread_lines(s.record)[before:] == [f"{ENDED}: was snoozed until 09:05 UTC"]
        clock.now = START + timedelta(minutes=5, seconds=app.outbox.lease_seconds + 1)
        await app.outbox.drain()
        assert not await app.store.list_outbox(status="pending")
        assert thread_lines(s.record)[before:] == [f"{ENDED}: was snoozed until 09:05 UTC"]
