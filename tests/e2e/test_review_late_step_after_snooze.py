"""A snoozed (or unsnoozed) ticket's escalation step due while every bot process was down
(signed requests into the bolt app, the local Slack, a SQLite file or a real redis-server,
the bot restarted on it, injected clock).

Review of 4707120d: a step fired late after an outage says when it was due and how late,
from the ``due`` its timer's payload carries. `snooze` and `snooze ... off` re-armed the
step's timer with the payload of the release before (no ``due``), so a step held by a snooze
and due in an outage fired as an on-time one ("unclaimed for 3 h ..."), which the same
commit set out to end.
"""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.test_review_escalation_after_outage import notices
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, SUPPORT, World


async def _late_after_outage(world: World, ticket_id: str) -> None:
    await world.timers()  # the timer loop beats, nothing due yet
    await world.stop()
    world.clock.advance(hours=3)
    await world.start()
    await world.a.start()
    await world.timers()  # step 1, due while no process ran
    world.clock.advance(minutes=1)
    await world.timers()  # its notice


async def test_a_step_held_by_a_snooze_and_due_in_an_outage_says_it_is_late(
        either: World) -> None:
    world = either
    await world.a.start()
    ticket_id, _ = await open_ticket(world)  # 09:00; step 1 due 09:15
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 30m")
    assert answer.startswith(f"{ticket_id} snoozed until 09:30 UTC"), answer
    world.clock.advance(minutes=5)
    await _late_after_outage(world, ticket_id)  # back at 12:05
    shown = notices(world, SUPPORT)
    assert len(shown) == 1, shown
    assert ("Step 1 of support-default was due at 09:30 UTC, while no socialops process "
            "ran: 2 h 35 min late.") in shown[0], shown[0]


async def test_a_step_rearmed_by_an_unsnooze_and_due_in_an_outage_says_it_is_late(
        either: World) -> None:
    world = either
    await world.a.start()
    ticket_id, _ = await open_ticket(world)  # 09:00; step 1 due 09:15
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 2h")).startswith(
        f"{ticket_id} snoozed until 11:00 UTC")
    world.clock.advance(minutes=2)
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} off")).startswith(
        f"{ticket_id} unsnoozed")
    world.clock.advance(minutes=3)
    await _late_after_outage(world, ticket_id)  # back at 12:05
    shown = notices(world, SUPPORT)
    assert len(shown) == 1, shown
    assert ("Step 1 of support-default was due at 09:15 UTC, while no socialops process "
            "ran: 2 h 50 min late.") in shown[0], shown[0]
