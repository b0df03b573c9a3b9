"""Two real processes reopen one resolved ticket at the same moment, on one real redis-server
and on one SQLite file (``tests.chaos.test_claim_races``' processes): one reopens it, the one
that loses the compare-and-set is decided again from the winner's ticket and told it is not
resolved; one history entry, one audit row, one thread line, and the escalation it resumes
fires once. A reopen and a tag at once both stand, in either order."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.chaos.test_claim_races import START, Setup, one_ticket, say
from tests.chaos.test_snooze_ends import thread_lines
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_two_people_reopening_one_ticket_in_two_processes_reopen_it_once(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        t = (await one_ticket(app)).id
        assert (await say(app, "alice", f"resolve {t}")).startswith(f"{t} resolved")
        await app.outbox.drain()
        before = len(thread_lines(s.record))
        replies = await asyncio.to_thread(s.race, ("alice", f"reopen {t}"),
                                          ("bob", f"reopen {t}"))
        won = [r for r in replies if r["ok"]]
        lost = [r for r in replies if not r["ok"]]
        assert len(won) == 1 and str(won[0]["text"]).startswith(f"{t} reopened"), replies
        assert [r["text"] for r in lost] == [f"{t} is not resolved"], replies
        final = await app.store.get_ticket(t)
        assert final is not None and final.status == "open" and final.claimer is None
        assert [e.action for e in final.history].count("reopened") == 1
        assert [e.action for e in await app.store.audit_since(None)].count(
            "ticket.reopened") == 1
        await app.outbox.drain()
        lines = thread_lines(s.record)[before:]
        assert len([x for x in lines if "reopened" in x]) == 1, lines
        # the escalation it resumed: its step once, as after one reopen
        for minutes in (30, 60, 120):
            clock.now = START + timedelta(minutes=minutes)
            await app.runtime().fire_due_timers()
            await app.outbox.drain()
        after = await app.store.get_ticket(t)
        assert after is not None
        steps = [e.detail for e in after.history if e.action == "escalated"]
        assert len(steps) == len(set(steps)), after.history


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_reopen_and_a_tag_at_once_in_two_processes_both_stand(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        t = (await one_ticket(app)).id
        assert (await say(app, "alice", f"resolve {t}")).startswith(f"{t} resolved")
        replies = await asyncio.to_thread(s.race, ("alice", f"reopen {t}"),
                                          ("bob", f"tag {t} billing"))
        assert all(r["ok"] for r in replies), replies
        final = await app.store.get_ticket(t)
        assert final is not None and (final.status, final.tags) == ("open", ("billing",))
        assert [e.action for e in final.history].count("reopened") == 1
        assert [e.action for e in final.history].count("tagged") == 1
