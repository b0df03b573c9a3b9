"""``escalate`` by hand that fires a chain's last step, end to end (signed requests into the
bolt app, the local Slack, a SQLite store). The timer's notice at the last step says the chain
has ended (tests/e2e/test_review_chain_end.py), as Grafana's chains stop once "all steps
complete"; the person who pressed escalate was told only `step 2 of support-default`, as at any
step, and learnt nobody would be pinged again only from the notice half a minute later, or
from a refusal on pressing it again (a review of the ticket flow, 2026-12-06)."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, SUPPORT, World


async def test_an_escalate_to_the_last_step_says_the_chain_has_ended(world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    world.clock.advance(minutes=1)
    first = await ask(world, ALICE, SUPPORT, f"escalate {ticket_id}")
    assert "step 1 of support-default" in first and "last step" not in first, first
    world.clock.advance(minutes=2)
    last = await ask(world, ALICE, SUPPORT, f"escalate {ticket_id} customer is a VIP")
    assert "step 2 of support-default" in last, last
    assert ("the last step of support-default: socialops pings nobody again about "
            f"{ticket_id} while it stays unclaimed") in last, last
