"""A ticket reopened (or put back) after its chain ran out, end to end (signed requests into
the bolt app, the local Slack, a SQLite store). The docs promise that a chain run to its end
runs its last step again, "a ticket open again pings someone", as PagerDuty triggers a
reopened incident's policy again. The step fired (its history said `socialops escalated (step
2)`), but its notice took the outbox key of the step's first notice for that ticket
(``escnote:<channel>|<policy>|<step>:<ticket>``), already sent, so the outbox took it for a
retry of that one and posted nothing: nobody was pinged (a review of the ticket flow,
2026-12-06)."""

from __future__ import annotations

import json

from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import BOB, CAROL, ESCALATIONS, SUPPORT, World


def notices(world: World, channel: str) -> list[str]:
    return [json.dumps(m) for m in world.posts(channel) if "Escalation" in json.dumps(m)]


async def test_a_reopened_ticket_whose_chain_had_ended_pings_its_last_step_again(
        world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    for minutes in (15, 1, 30, 1):  # step 1, its notice; step 2 of 2 (carol), its notice
        world.clock.advance(minutes=minutes)
        await world.timers()
    assert len(notices(world, ESCALATIONS)) == 1
    assert "resolved" in await ask(world, BOB, SUPPORT, f"resolve {ticket_id}")
    assert "reopened" in await ask(world, BOB, SUPPORT, f"reopen {ticket_id}")
    for minutes in (30, 1):  # the last step again, 30 minutes after the reopen
        world.clock.advance(minutes=minutes)
        await world.timers()
    again = notices(world, ESCALATIONS)
    assert len(again) == 2, again
    assert f"<@{CAROL}>" in again[1] and ticket_id in again[1], again[1]
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.escalation_level == 2


async def test_a_ticket_put_back_after_its_chain_ended_pings_its_last_step_again(
        world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    for minutes in (15, 1, 30, 1):
        world.clock.advance(minutes=minutes)
        await world.timers()
    assert "claimed" in await ask(world, BOB, SUPPORT, f"claim {ticket_id}")
    assert "unclaimed" in await ask(world, BOB, SUPPORT, f"unclaim {ticket_id}")
    for minutes in (30, 1):
        world.clock.advance(minutes=minutes)
        await world.timers()
    again = notices(world, ESCALATIONS)
    assert len(again) == 2 and f"<@{CAROL}>" in again[1], again
