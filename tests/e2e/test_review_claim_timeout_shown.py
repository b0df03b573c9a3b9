"""When a claim will be released by its chain's ``claim_timeout``, said where an on-call lead
looks (a review as a PagerDuty and Grafana OnCall user, 2026-12-07): the claim's own reply,
``status T-1`` and the ``tickets`` queue. PagerDuty shows an acknowledged incident's
acknowledgement timeout beside it; here a claim was released at 10:05 with nothing having said
it would be, so a lead could not tell a claim about to lapse from one held for good.

Signed requests into the bolt app, the local Slack, a SQLite file or a real redis-server, an
injected clock: T-1 opens at 09:00, its chain with ``claim_timeout: 1h``; alice claims it at
09:05."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.test_review_claim_timeout import at, claimed_at_0905, timed
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, BOB, SUPPORT, World

__all__ = ["timed"]  # the fixture, on a SQLite file and a redis-server

RELEASE = "released at 10:05 UTC unless resolved (support-default's claim timeout of 1 h)"


async def test_the_claim_says_when_it_is_released(timed: World) -> None:
    world = timed
    ticket_id, _ = await open_ticket(world)
    await at(world, 5)
    said = await ask(world, ALICE, SUPPORT, f"claim {ticket_id}")
    assert said == f"{ticket_id} claimed; {RELEASE}", said


async def test_status_and_the_queue_say_when_the_claim_is_released(timed: World) -> None:
    world = timed
    ticket_id = await claimed_at_0905(world)
    await at(world, 20)  # 09:25
    status = await ask(world, BOB, SUPPORT, f"status {ticket_id}")
    assert f"claimed by alice, {RELEASE}" in status.splitlines()[0], status
    queue = await ask(world, BOB, SUPPORT, "tickets claimed")
    assert "claimed by alice, released at 10:05 UTC" in queue, queue
    # a handoff starts the time again, and says so
    handed = await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id} to=bob")
    assert "released at 10:25 UTC unless resolved" in handed, handed
    status = await ask(world, BOB, SUPPORT, f"status {ticket_id}")
    assert "claimed by bob, released at 10:25 UTC unless resolved" in status, status


async def test_a_ticket_nobody_holds_says_no_release(timed: World) -> None:
    world = timed
    ticket_id, _ = await open_ticket(world)
    status = await ask(world, BOB, SUPPORT, f"status {ticket_id}")
    assert "released at" not in status, status
    await ask(world, ALICE, SUPPORT, f"claim {ticket_id}")
    resolved = await ask(world, ALICE, SUPPORT, f"resolve {ticket_id}")
    assert "released at" not in resolved, resolved
    status = await ask(world, BOB, SUPPORT, f"status {ticket_id}")
    assert "released at" not in status, status
