"""The queue and the verbs in a PagerDuty or Grafana OnCall user's words, through Slack's
signed request path (a review, 2026-12-07; each failed before its fix).

1. `tickets claimed` (PagerDuty's acknowledged incidents: who is on what) was refused as
   "no team 'claimed'", and `tickets unclaimed` as "no team 'unclaimed'" though `tickets open`
   answers "N tickets (unclaimed)": the only way to see the claimed ones was the whole queue
   (`mine` is one's own).
2. `ack T-1`, `acknowledge T-1`, `assign T-1 to=bob`, `close T-1`: "unknown command 'ack';
   try help", naming neither the verb socialops has for it nor how to write it.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_queue import ask, open_tickets
from tests.e2e.world import ALICE, BOB, SUPPORT, World


async def test_the_queue_lists_claimed_or_unclaimed_tickets(either: World) -> None:
    world = either
    first, second, third = await open_tickets(world, 3)
    assert await ask(world, ALICE, SUPPORT, f"claim {first}") == f"{first} claimed"
    assert await ask(world, BOB, SUPPORT, f"claim {second}") == f"{second} claimed"
    claimed = await ask(world, ALICE, SUPPORT, "tickets claimed")
    assert claimed.startswith("2 tickets (claimed):"), claimed
    assert f"{first} · claimed by alice" in claimed and f"{second} · claimed by bob" in claimed
    assert third not in claimed
    unclaimed = await ask(world, ALICE, SUPPORT, "tickets unclaimed")
    assert unclaimed == await ask(world, ALICE, SUPPORT, "tickets open"), unclaimed
    assert unclaimed.startswith("1 ticket (unclaimed):") and third in unclaimed, unclaimed
    assert (await ask(world, BOB, SUPPORT, "tickets mine claimed")).startswith(
        "1 ticket (mine, claimed):")
    both = await ask(world, ALICE, SUPPORT, "tickets open claimed")
    assert both.splitlines()[0] == ("open (unclaimed) and claimed exclude each other: name "
                                    "one, or neither for both"), both


@pytest.mark.parametrize(("typed", "meant"), [
    ("ack T-1", "claim T-1"), ("acknowledge T-1", "claim T-1"), ("unack T-1", "unclaim T-1"),
    ("assign T-1 to=bob", "unclaim T-1 to=bob"), ("reassign T-1 to=bob", "unclaim T-1 to=bob"),
    ("close T-1", "resolve T-1"), ("silence T-1 2h", "snooze T-1 2h"),
])
async def test_a_pagerduty_verb_is_answered_with_socialops_own(world: World, typed: str,
                                                               meant: str) -> None:
    await open_tickets(world, 1)
    answer = await ask(world, ALICE, SUPPORT, typed)
    verb = typed.split(maxsplit=1)[0]
    assert answer.splitlines()[0] == (f"unknown command {verb!r}: socialops calls it "
                                      f"{meant.split(maxsplit=1)[0]}: {meant}"), answer
    ticket = await world.a.store.get_ticket("T-1")
    assert ticket is not None and ticket.status == "open" and ticket.claimer is None


async def test_the_queue_in_pagerdutys_words(world: World) -> None:
    """`tickets acknowledged` and `tickets triggered` (PagerDuty's states) were "no team
    'acknowledged'"; `tickets resolved` "no team 'resolved'", as if a team were missing."""
    first, _ = await open_tickets(world, 2)
    assert await ask(world, ALICE, SUPPORT, f"claim {first}") == f"{first} claimed"
    assert await ask(world, ALICE, SUPPORT, "tickets acknowledged") == await ask(
        world, ALICE, SUPPORT, "tickets claimed")
    assert await ask(world, ALICE, SUPPORT, "tickets triggered") == await ask(
        world, ALICE, SUPPORT, "tickets open")
    for word in ("resolved", "closed"):
        answer = await ask(world, ALICE, SUPPORT, f"tickets {word}")
        assert answer.splitlines()[0] == (
            "tickets lists the open and claimed tickets, never resolved ones: status T-3 "
            "shows one, report counts them"), answer
