"""A claim held past its chain's ``claim_timeout`` (PagerDuty's acknowledgement timeout,
Grafana OnCall's unacknowledge timeout), as a support lead reads it: signed requests into the
bolt app, the local Slack, a SQLite file or a real redis-server, an injected clock.

T-1 opens at 09:00 with support-default (step 1 after 15 min, step 2 30 min after it), here
with ``claim_timeout: 1h``; alice claims it at 09:05 and goes home. Before, a claimed ticket
never escalated again: it sat claimed, unflagged, however long (a claimer gone from Slack
too). Now at 10:05 the claim is released in one write, saying whose and since when (thread
line, history, audit), and the chain starts again from its first step, whose notice says so.
A new claim, an unclaim, a resolve or a snooze moves or cancels it; a claimer whose Slack
account is deactivated is released at the next look, saying why; an outage that spanned the
timeout is said late, once (a review of the team workflows, 2026-12-07).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.effects import Effects
from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import (
    ALICE,
    BOB,
    CAROL,
    ESCALATIONS,
    SUPPORT,
    UNPACED,
    World,
    on_store,
    redis_url_if,
)
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

TIMEOUT = "  - name: support-default\n    claim_timeout: 1h\n"
RELEASED = ("alice's claim released: claimed at 09:05 UTC and unresolved past "
            "support-default's claim timeout of 1 h")


@pytest.fixture(params=["sqlite", "redis"])
async def timed(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    """The e2e world, its chain with ``claim_timeout: 1h``, on a SQLite file or a
    redis-server."""
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, extra=UNPACED)
        path = tmp_path / "socialops.yaml"
        text = path.read_text()
        assert "  - name: support-default\n" in text
        path.write_text(text.replace("  - name: support-default\n", TIMEOUT))
        on_store(path, request.param, redis_url_if(request))
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


def notices(world: World) -> list[str]:
    return [json.dumps(m, ensure_ascii=False) for m in world.posts(SUPPORT)
            if "Escalation" in json.dumps(m)]


def thread(world: World) -> list[str]:
    """The lines in the threads of the support channel's cards."""
    return [str(m.get("text")) for m in world.slack.messages[SUPPORT]
            if m.get("thread_ts") not in (None, m["ts"])]


async def at(world: World, minutes: int) -> None:
    """The clock ``minutes`` on, and the timers due then fired."""
    world.clock.advance(minutes=minutes)
    await world.timers()


async def claimed_at_0905(world: World) -> str:
    ticket_id, _ = await open_ticket(world)  # 09:00
    await at(world, 5)
    assert "claimed" in await ask(world, ALICE, SUPPORT, f"claim {ticket_id}")
    return ticket_id


async def test_a_claim_past_its_timeout_is_released_and_the_chain_starts_again(
        timed: World) -> None:
    world = timed
    ticket_id = await claimed_at_0905(world)
    await at(world, 59)  # 10:04: held still
    held = await world.a.store.get_ticket(ticket_id)
    assert held is not None and held.claimer == "alice"
    await at(world, 1)  # 10:05: its timeout
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and (ticket.status, ticket.claimer) == ("open", None)
    assert ticket.escalation_level == 1, "the chain starts again at its first step"
    assert [e.detail for e in ticket.history if e.actor == "socialops"
            and e.action == "escalated (step 1)"] == [RELEASED]
    audit = [e for e in await world.a.store.audit_since(None)
             if e.action == "ticket.escalate"]
    assert len(audit) == 1 and "alice's claim released" in (audit[0].detail or ""), audit
    before = audit[0].before or {}  # the ticket as it was stored, held by alice
    assert (before.get("status"), before.get("claimer")) == ("claimed", "alice"), before
    lines = [x for x in thread(world) if "claim released" in x]
    assert len(lines) == 1 and RELEASED in lines[0], thread(world)
    await at(world, 1)  # step 1's notice, batch_seconds later
    shown = notices(world)
    assert len(shown) == 1, shown
    assert f"{RELEASED}." in shown[0], shown[0]
    await at(world, 29)  # 10:35: step 2, 30 min after the step the release fired
    assert [m for m in world.posts(ESCALATIONS) if "Escalation" in json.dumps(m)] == []
    await at(world, 1)
    await at(world, 1)
    assert len([m for m in world.posts(ESCALATIONS) if "Escalation" in json.dumps(m)]) == 1
    assert len([x for x in thread(world) if "claim released" in x]) == 1


async def test_a_new_claim_an_unclaim_a_snooze_or_a_resolve_moves_or_ends_it(
        timed: World) -> None:
    world = timed
    ticket_id = await claimed_at_0905(world)
    await at(world, 25)  # 09:30
    assert "unclaimed" in await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id}")
    await at(world, 10)  # 09:40: a new claim, its own hour
    assert "claimed" in await ask(world, BOB, SUPPORT, f"claim {ticket_id}")
    await at(world, 30)  # 10:10: alice's hour would have passed
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "bob"
    assert "snoozed" in await ask(world, BOB, SUPPORT, f"snooze {ticket_id} 2h")  # to 12:10
    await at(world, 60)  # 11:10: bob's hour passed, his snooze holds it
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "bob", ticket.history[-1]
    await at(world, 60)  # 12:10: the snooze ended, the claim's time long past
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and (ticket.status, ticket.claimer) == ("open", None)
    assert [e.detail for e in ticket.history if "claim released" in e.detail] == [
        "bob's claim released: claimed at 09:40 UTC and unresolved past support-default's "
        "claim timeout of 1 h"]
    assert "claimed" in await ask(world, CAROL, SUPPORT, f"claim {ticket_id}")
    assert "resolved" in await ask(world, CAROL, SUPPORT, f"resolve {ticket_id}")
    await at(world, 180)
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.status == "resolved"
    assert len([e for e in ticket.history if "claim released" in e.detail]) == 1


async def test_a_claimer_whose_slack_account_was_deactivated_is_released_at_once(
        timed: World) -> None:
    world = timed
    world.slack.users[ALICE] = "alice@acme.test"
    ticket_id = await claimed_at_0905(world)
    world.slack.deactivated.add(ALICE)  # she left the company at 09:06
    await at(world, 15)  # the next look, well before her hour
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and (ticket.status, ticket.claimer) == ("open", None), \
        ticket.history[-1]
    said = "alice's claim released: claimed at 09:05 UTC; their Slack account is deactivated"
    assert [e.detail.split(" (")[0] for e in ticket.history if "claim released" in e.detail] \
        == [said]
    await at(world, 1)
    shown = notices(world)
    assert len(shown) == 1 and said in shown[0], shown


async def test_a_claim_still_in_slack_is_kept_until_its_timeout(timed: World) -> None:
    world = timed
    world.slack.users[ALICE] = "alice@acme.test"
    ticket_id = await claimed_at_0905(world)
    for _ in range(3):
        await at(world, 15)
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "alice"


async def test_an_outage_that_spanned_the_timeout_says_it_late_once(timed: World) -> None:
    world = timed
    await world.a.start()  # as `socialops run` starts it
    ticket_id = await claimed_at_0905(world)
    await at(world, 5)  # 09:10: the timer loop beats
    await world.stop()
    world.clock.advance(hours=2)  # 11:10: back
    await world.start()
    await world.a.start()
    await world.timers()
    await at(world, 1)
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.status == "open"
    late = (f"{RELEASED}, due at 10:05 UTC, while no socialops process ran: 1 h 5 min late")
    assert [e.detail for e in ticket.history if "claim released" in e.detail] == [late]
    shown = notices(world)
    assert len(shown) == 1 and late in shown[0], shown
    await world.stop()
    await world.start()
    await world.a.start()
    await at(world, 1)
    assert len(notices(world)) == 1
    assert len([x for x in thread(world) if "claim released" in x]) == 1


async def as_a_release_before_recorded_it(world: World, ticket_id: str) -> None:
    """The held ticket as a release before 2026-12-07 stored it: no claim timeout recorded."""
    held = await world.a.store.get_ticket(ticket_id)
    assert held is not None and held.claim_timeout_minutes == 0  # none in force: recorded
    fx = Effects()
    fx.update(held.model_copy(update={"claim_timeout_minutes": None,
                                      "version": held.version + 1}), expected=held.version)
    assert await world.a.store.apply(fx)


async def test_a_claim_held_before_the_chain_had_a_timeout_times_out_after_a_restart(
        either: World) -> None:
    """A claim taken under a release before, which recorded no ``claim_timeout``, has no
    timer; the bot arms it when it starts with the setting, where it is missing."""
    world = either
    ticket_id = await claimed_at_0905(world)
    await as_a_release_before_recorded_it(world, ticket_id)
    await world.stop()
    path = world.tmp / "socialops.yaml"
    path.write_text(path.read_text().replace("  - name: support-default\n", TIMEOUT))
    await world.start()
    await world.a.start()  # as `socialops run` starts it
    await at(world, 59)  # 10:04
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "alice"
    await at(world, 1)  # 10:05
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and (ticket.status, ticket.claimer) == ("open", None)
    assert [e.detail for e in ticket.history if "claim released" in e.detail] == [RELEASED]
    await world.stop()
    await world.start()
    await world.a.start()  # armed again? nothing is held: nothing to arm
    await at(world, 1)
    assert len([x for x in thread(world) if "claim released" in x]) == 1


async def test_a_claim_taken_while_the_chain_had_no_timeout_holds_after_one_is_set(
        either: World) -> None:
    """PagerDuty's acknowledgement timeout is the one in force when the incident was
    acknowledged: alice's claim said no release time, and a timeout set since leaves it held
    (a new claim takes it: tests/e2e/test_review_claim_timeout_kept.py)."""
    world = either
    ticket_id = await claimed_at_0905(world)
    await world.stop()
    path = world.tmp / "socialops.yaml"
    path.write_text(path.read_text().replace("  - name: support-default\n", TIMEOUT))
    await world.start()
    await world.a.start()
    await at(world, 120)  # 11:05
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and (ticket.status, ticket.claimer) == ("claimed", "alice")
    assert "released" not in await ask(world, BOB, SUPPORT, f"status {ticket_id}")
