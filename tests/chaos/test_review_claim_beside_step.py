"""A claim and the escalation timer firing at the same moment, in two real processes on one
redis-server (and on one SQLite file): one outcome either way. Claim first: the step finds the
ticket held and fires nothing. Step first: the claim is decided again from the escalated
ticket and holds it, and the step's notice, finding it claimed, nags nobody. Never a claim
lost, a step doubled, or a notice about a ticket someone holds (a review of the on-call and
queue views, 2026-12-06: the existing races were a claim beside an escalate by hand)."""

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
from handlers.tickets import esc_timer
from tests.chaos.procs import let_go_together
from tests.chaos.test_claim_races import ROOT, START, Setup, notices, one_ticket
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

DUE = START + timedelta(minutes=15)  # step 1 of support-default


def claim_beside_the_step(s: Setup) -> dict[str, object]:
    go = s.tmp / "go"
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
           "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "tests.chaos.boundary"]
    procs = [subprocess.Popen([*cmd, "say", str(s.config), str(s.record), DUE.isoformat(),
                               str(go), "alice", "claim T-1"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env),
             subprocess.Popen([*cmd, "timers", str(s.config), str(s.record), DUE.isoformat(),
                               "none", str(go)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env)]
    outs = let_go_together(procs, [go.with_suffix(".alice"), go.with_suffix(".timers")], go)
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()[-3000:]
    reply: dict[str, object] = json.loads(outs[0][0].decode().strip().splitlines()[-1])
    return reply


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_claim_and_the_step_timer_at_once_give_one_outcome(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        t = (await one_ticket(app)).id
        assert t == "T-1"
        await app.outbox.drain()
        reply = await asyncio.to_thread(claim_beside_the_step, s)
        assert (reply["ok"], reply["text"]) == (True, "T-1 claimed"), reply
        for minutes in (15.5, 16, 60, 120):  # the notice's batch, and long after
            clock.now = START + timedelta(minutes=minutes)
            await app.runtime().fire_due_timers()
            await app.outbox.drain()
        final = await app.store.get_ticket(t)
        assert final is not None and (final.status, final.claimer) == ("claimed", "alice")
        acts = [e.action for e in final.history[1:]]
        assert acts in (["claimed"], ["escalated (step 1)", "claimed"]), acts
        audit = [e.action for e in await app.store.audit_since(None)]
        assert audit.count("ticket.claimed") == 1
        assert audit.count("ticket.escalate") == acts.count("escalated (step 1)")
        assert final.escalation_level == acts.count("escalated (step 1)")
        assert await app.store.timer_due(esc_timer(t)) is None  # no step 2 for a held ticket
    assert notices(s) == []
