"""``status T-1`` says what its escalation chain does next: which step, when, and whom it
notifies, or that the chain has ended (a review as a PagerDuty and Grafana OnCall user,
2026-12-07: an incident shows its escalation level and when it escalates next). Before, the
answer said ``escalated 1x`` and nothing of the next step, so a lead asking whether anyone
would be paged had to work it out from the config and the history.

Signed requests into the bolt app, the local Slack, an injected clock: T-1 opens at 09:00
with support-default (step 1 after 15 min, pinging group support; step 2 30 min after it,
pinging carol in #support-escalations)."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, BOB, SUPPORT, World


async def _head(world: World, ticket_id: str) -> str:
    """The ticket's line of ``status``."""
    return (await ask(world, BOB, SUPPORT, f"status {ticket_id}")).splitlines()[0]


async def test_status_names_the_next_step_when_and_whom(world: World) -> None:
    ticket_id, _ = await open_ticket(world)  # 09:00
    head = await _head(world, ticket_id)
    assert "next: step 1 of support-default at 09:15 UTC (notifies group support)" in head, head
    world.clock.advance(minutes=15)
    await world.timers()  # step 1 at 09:15
    head = await _head(world, ticket_id)
    assert "next: step 2 of support-default at 09:45 UTC (notifies carol)" in head, head
    assert "snooze" in await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 1h")  # to 10:15
    head = await _head(world, ticket_id)
    assert "next: step 2 of support-default at 10:15 UTC, when its snooze ends" in head, head
    assert "unsnoozed" in await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} off")
    world.clock.advance(minutes=30)
    await world.timers()  # step 2 at 09:45, the last
    head = await _head(world, ticket_id)
    assert "support-default has ended: nobody is pinged again" in head, head
    assert "next:" not in head, head


async def test_a_claimed_ticket_has_no_next_step(world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    assert "claimed" in await ask(world, ALICE, SUPPORT, f"claim {ticket_id}")
    head = await _head(world, ticket_id)
    assert "next:" not in head and "has ended" not in head, head
