"""A snooze that runs out on its own is said once (``snooze:<ticket>``, a durable timer), on a
real redis-server and on one SQLite file, through real processes
(``tests.chaos.boundary timers``): one dies right after taking the snooze's timer, or right
after writing its end (before the card's edit is delivered); after its lease two processes fire
the timers at the same moment; this one delivers what is left. One thread line, one history
entry, one audit row. A snooze that held an escalation step back: its end, then the step, each
once and in that order, whichever timer is taken first (the step's timer is taken first at one
instant, its id sorting first) and through a death after taking the step's timer. And a
resolve ends a snooze on both stores: the ticket reopened is not snoozed.
"""

from __future__ import annotations

import asyncio
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core.config import load_config
from tests.chaos.boundary import DIED
from tests.chaos.test_claim_races import START, Setup, one_ticket, say
from tests.chaos.test_timer_races import timers_process
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer


def thread_lines(record: Path) -> list[str]:
    rows = [json.loads(x) for x in record.read_text().splitlines()] if record.exists() else []
    # each line: edits of a card still waiting go as one, their lines together in order
    return [line for r in rows if r["op"] == "update" and r["thread_note"]
            for line in r["thread_note"].split("\n")]


def fire(s: Setup, minutes: float, at: str = "none", *, n: int = 1) -> None:
    """``n`` processes firing the timers due ``minutes`` after START at once, each dying at
    ``at``."""
    procs = [timers_process(s.config, s.record, START + timedelta(minutes=minutes), at)
             for _ in range(n)]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == (0 if at == "none" else DIED), err.decode()[-3000:]


async def settle(app: App, clock: FakeClock, minutes: float) -> None:
    clock.now = START + timedelta(minutes=minutes)
    await app.runtime().fire_due_timers()
    await app.outbox.drain()


async def ended(app: App, ticket_id: str) -> tuple[int, int]:
    """The ticket's 'snooze ended' history entries and audit rows."""
    t = await app.store.get_ticket(ticket_id)
    assert t is not None and t.snoozed_until is None
    return ([e.action for e in t.history].count("snooze ended"),
            [e.action for e in await app.store.audit_since(None)].count("ticket.snooze_ended"))


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
@pytest.mark.parametrize("at", ["took snooze", "apply"])
async def test_a_snooze_ending_through_a_crash_and_two_processes_is_said_once(
        tmp_path: Path, redis_server: RedisServer, backend: str, at: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        t = (await one_ticket(app)).id  # step 1 due at 09:15
        await say(app, "alice", f"snooze {t} 5m")  # until 09:05
        await app.outbox.drain()
        before = len(thread_lines(s.record))
        await asyncio.to_thread(fire, s, 5, at)  # dies at the snooze's end
        lapsed = 5 + app.timers.lease_seconds / 60 + 1  # its timer's lease has lapsed
        await asyncio.to_thread(fire, s, lapsed, n=2)
        await settle(app, clock, lapsed)
        assert thread_lines(s.record)[before:] == [
            "snooze ended: was snoozed until 09:05 UTC"], thread_lines(s.record)
        assert await ended(app, t) == (1, 1)
        await settle(app, clock, 15)  # the step keeps its own time
        assert thread_lines(s.record)[before:] == [
            "snooze ended: was snoozed until 09:05 UTC", "escalated: step 1 of support-default"]


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
@pytest.mark.parametrize("at", ["none", "took esc"])
async def test_a_snooze_that_held_a_step_ends_before_the_step_fires_once(
        tmp_path: Path, redis_server: RedisServer, backend: str, at: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        t = (await one_ticket(app)).id  # step 1 due at 09:15, held until 11:00
        await say(app, "alice", f"snooze {t} 2h")
        await app.outbox.drain()
        before = len(thread_lines(s.record))
        end = 120.0
        if at != "none":
            await asyncio.to_thread(fire, s, end, at)
            end += app.timers.lease_seconds / 60 + 1
        await asyncio.to_thread(fire, s, end, n=2)
        await settle(app, clock, end + 1)  # the notice's batch
        assert thread_lines(s.record)[before:] == [
            "snooze ended: was snoozed until 11:00 UTC",
            "escalated: step 1 of support-default"], thread_lines(s.record)
        assert await ended(app, t) == (1, 1)
        rows = [json.loads(x) for x in s.record.read_text().splitlines()]
        assert len([r for r in rows if r["op"] == "post" and r["kind"] == "notice"]) == 1


@pytest.mark.untimed  # one process, its clock injected
@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_resolve_ends_a_snooze_on_either_store(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        t = (await one_ticket(app)).id
        await say(app, "alice", f"snooze {t} 2h")
        await say(app, "bob", f"resolve {t}")
        resolved = await app.store.get_ticket(t)
        assert resolved is not None and resolved.snoozed_until is None
        await say(app, "bob", f"reopen {t}")
        reopened = await app.store.get_ticket(t)
        assert reopened is not None and reopened.snoozed_until is None
        await settle(app, clock, 180)
        assert not [x for x in thread_lines(s.record) if x.startswith("snooze ended")]
