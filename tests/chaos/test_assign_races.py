"""Two real processes act on one unclaimed ticket at the same moment, on one real redis-server
and on one SQLite file (``tests.chaos.test_claim_races``' processes): an assignment
(``unclaim T-1 to=erin`` on a ticket nobody holds) and a claim, or two assignments to two
people. One wins; the one that loses the compare-and-set is decided again from the winner's
ticket and refused in one line: the ticket has one holder, one history entry and one audit
row for it, never an assignment that silently takes a claim away."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core import keys as K
from bot.core.config import load_config
from tests.chaos.test_claim_races import START, Setup, one_ticket, say
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_an_assignment_and_a_claim_at_once_leave_one_holder(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        ticket = await one_ticket(app)
        t = ticket.id
        replies = await asyncio.to_thread(s.race, ("alice", f"unclaim {t} to=erin"),
                                          ("bob", f"claim {t}"))
        final = await app.store.get_ticket(t)
        assert final is not None and final.status == "claimed"
        # (the console has no account to ping: the reply says so after a ';')
        texts = sorted(r["text"].split(";")[0] for r in replies)
        if final.claimer == "erin":  # the assignment first: bob is told who has it
            assert texts == [f"{t} assigned to erin", f"{t} is already claimed by erin"]
        else:  # bob's claim first: alice may not take it from him
            assert final.claimer == "bob", final
            assert texts == [f"{t} claimed", f"only bob or a lead may unclaim or reassign {t}"]
        assert [r["ok"] for r in replies].count(True) == 1, replies
        assert len(final.history) == 2, final.history
        rows = [e.action for e in await app.store.audit_since(None)
                if e.action.startswith("ticket.") and e.action != "ticket.open"]
        assert rows == ["ticket.assigned" if final.claimer == "erin" else "ticket.claimed"]

        # two assignments of the next unclaimed ticket to two people: one holder
        assert await say(app, str(final.claimer), f"unclaim {t}") == f"{t} unclaimed"
        replies = await asyncio.to_thread(s.race, ("alice", f"unclaim {t} to=erin"),
                                          ("bob", f"unclaim {t} to=dave"))
        final = await app.store.get_ticket(t)
        assert final is not None and final.status == "claimed"
        assert final.claimer in ("erin", "dave")
        assert sorted(r["text"].split(";")[0] for r in replies) == sorted([
            f"{t} assigned to {final.claimer}",
            f"only {final.claimer} or a lead may unclaim or reassign {t}"]), replies
        assert [e.action for e in final.history[3:]] == [f"assigned to {final.claimer}"]



@pytest.mark.parametrize("backend", ["redis", "sqlite"])
@pytest.mark.parametrize("other", ["escalate {t}", "resolve {t}", "snooze {t} off"])
async def test_an_assignment_beside_an_escalate_a_resolve_or_a_snooze_off_is_kept_in_order(
        tmp_path: Path, redis_server: RedisServer, backend: str, other: str) -> None:
    """An assignment of a snoozed unclaimed ticket and another person's escalate, resolve or
    snooze off at the same moment: each is decided from the ticket the other left; the ticket
    as stored is what its history's last entry says, one audit row an entry, its escalation
    timer armed only while it is open and unresolved."""
    s = Setup(tmp_path, redis_server, backend=backend)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        t = (await one_ticket(app)).id
        await say(app, "bob", f"snooze {t} 1h")
        replies = await asyncio.to_thread(s.race, ("alice", f"unclaim {t} to=erin"),
                                          ("dave", other.format(t=t)))
        for r in replies:
            assert "\n" not in r["text"] and "Traceback" not in r["text"], replies
        final = await app.store.get_ticket(t)
        assert final is not None
        acts = [e.action for e in final.history][2:]  # after opened, snoozed
        assert len(acts) == [r["ok"] for r in replies].count(True), (acts, replies)
        assert final.snoozed_until is None or acts == [], (final, acts)
        last = acts[-1] if acts else ""
        if last.startswith("assigned to"):
            assert (final.status, final.claimer) == ("claimed", "erin"), final
        elif last == "resolved":
            assert final.status == "resolved", final
        elif last.startswith("escalated"):
            assert final.status == "open" and final.claimer is None, final
        rows = [e.action for e in await app.store.audit_since(None)
                if e.action.startswith("ticket.") and e.action not in ("ticket.open",)]
        assert len(rows) == 1 + len(acts), (rows, acts)  # the snooze's, then each entry's
        esc = await app.store.timer_due(K.timer(K.ESCALATION, t))
        assert (esc is not None) == (final.status == "open"), (final.status, esc, acts)
