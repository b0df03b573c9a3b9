"""A claim held past its chain's ``claim_timeout`` is released once (``claimed:<ticket>``, a
durable timer), on a real redis-server and on one SQLite file, through real processes
(``tests.chaos.boundary timers``): one dies right after taking the claim's timer, right after
writing the release (before the card's edit and the notice are delivered), or right after
taking the notice's timer; after its lease two processes fire the timers at the same moment;
this one delivers what is left. One thread line, one history entry, one audit row, one notice
saying whose claim it was and since when, and the chain run again from its first step.
"""

from __future__ import annotations

import asyncio
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.chaos.test_claim_races import START, Setup, one_ticket, say
from tests.chaos.test_snooze_ends import fire, settle, thread_lines
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

RELEASED = ("escalated: step 1 of support-default, alice's claim released: claimed at 09:00 "
            "UTC and unresolved past support-default's claim timeout of 1 h")


def timed(s: Setup) -> None:
    """The chain with ``claim_timeout: 1h``."""
    text = s.config.read_text()
    assert "  - name: support-default\n" in text
    s.config.write_text(text.replace("  - name: support-default\n",
                                     "  - name: support-default\n    claim_timeout: 1h\n"))


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
@pytest.mark.parametrize("at", ["none", "took claimed", "apply", "took escnote"])
async def test_a_claim_timing_out_through_a_crash_and_two_processes_is_said_once(
        tmp_path: Path, redis_server: RedisServer, backend: str, at: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    timed(s)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        t = (await one_ticket(app)).id
        await say(app, "alice", f"claim {t}")  # 09:00, so held until 10:00
        await app.outbox.drain()
        before = len(thread_lines(s.record))
        end = 60.0
        if at == "took escnote":
            await asyncio.to_thread(fire, s, end)  # the release, its notice 30 s on
            end += 1
        if at != "none":
            await asyncio.to_thread(fire, s, end, at)
            end += app.timers.lease_seconds / 60 + 1  # its timer's lease has lapsed
        await asyncio.to_thread(fire, s, end, n=2)
        await settle(app, clock, end + 1)  # the notice's batch
        assert thread_lines(s.record)[before:] == [RELEASED], thread_lines(s.record)
        ticket = await app.store.get_ticket(t)
        assert ticket is not None and (ticket.status, ticket.claimer) == ("open", None)
        assert ticket.escalation_level == 1
        assert len([e for e in ticket.history if "claim released" in e.detail]) == 1
        audit = [e for e in await app.store.audit_since(None) if e.action == "ticket.escalate"]
        assert len(audit) == 1, audit
        rows = [json.loads(x) for x in s.record.read_text().splitlines()]
        shown = [r for r in rows if r["op"] == "post" and r["kind"] == "notice"]
        assert len(shown) == 1, shown
        assert "alice's claim released: claimed at 09:00 UTC" in json.dumps(shown[0]), shown
        await settle(app, clock, end + 120)  # nothing said again; step 2 once, 30 min on
        lines = thread_lines(s.record)[before:]
        assert lines[0] == RELEASED and len(lines) == 2, lines
        assert lines[1].startswith("escalated: step 2 of support-default"), lines


@pytest.mark.untimed  # one process, its clock injected
@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_claim_resolved_or_handed_on_in_another_process_is_not_released(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    timed(s)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        t = (await one_ticket(app)).id
        await say(app, "alice", f"claim {t}")
        clock.now = START + timedelta(minutes=50)
        await say(app, "alice", f"unclaim {t} to=bob")  # bob's hour: until 10:50
        await asyncio.to_thread(fire, s, 70, n=2)
        ticket = await app.store.get_ticket(t)
        assert ticket is not None and ticket.claimer == "bob"
        await say(app, "bob", f"resolve {t}")
        await asyncio.to_thread(fire, s, 200, n=2)
        ticket = await app.store.get_ticket(t)
        assert ticket is not None and ticket.status == "resolved"
        assert not [e for e in ticket.history if "claim released" in e.detail]
