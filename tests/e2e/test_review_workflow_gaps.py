"""Found in a review of docs/workflows.md as its users meet it (each failed before its fix).

1. A digest card says no counts per network, though docs/workflows.md ("Digests replace one
   message per mention with a scheduled summary: counts per network, the sentiment split, top
   terms and the most representative posts") and docs/intelligence.md (Digest summaries:
   "counts per network") say it does.
2. A snooze set on a claimed ticket is accepted ("T-1 snoozed until 11:00 UTC") and kept (it
   holds the chain after an unclaim, `snooze T-1 off` ends it, its end is said in the thread),
   but neither the `tickets` line, `status` nor the card says it: docs/workflows.md says a
   snooze's end is said "in the reply, the thread, the card's status ... and the `tickets`
   line".
3. A ticket reopened after its escalation chain ended is never escalated again: nobody is
   notified of a reopened, unclaimed ticket however long it waits (docs/workflows.md:
   "`unclaim` (back to open) or `reopen` starts it again at the step it had reached").
"""

from __future__ import annotations

import re

from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import escalations_of, open_ticket
from tests.e2e.world import ALICE, DAVE, MARKETING, SUPPORT, World


async def test_a_digest_card_counts_its_mentions_per_network(world: World) -> None:
    assert (await ask(world, DAVE, MARKETING, "subscribe acme digest=hourly")).startswith(
        "S-1 created")
    await world.mention("@acme love it", n=1)
    await world.mention("@acme love it too", n=2, network="bluesky", handle="zed")
    await world.mention("@acme great work", n=3, network="bluesky", handle="yan")
    world.clock.advance(hours=1)
    await world.timers()
    [digest] = [m for m in world.posts(MARKETING) if "Digest for" in str(m.get("text"))]
    shown = str(digest.get("blocks"))
    # the per-post lines say "(bluesky): ..." each; the summary's count per network is absent
    assert re.search(r"(?i)bluesky\W{0,3}2\b", shown) and re.search(
        r"(?i)mastodon\W{0,3}1\b", shown), shown


async def test_a_claimed_tickets_snooze_is_shown_where_a_snooze_is_said(world: World) -> None:
    ticket_id, ts = await open_ticket(world)
    assert await ask(world, ALICE, SUPPORT, f"claim {ticket_id}") == f"{ticket_id} claimed"
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 2h")).startswith(
        f"{ticket_id} snoozed until 11:00 UTC")
    await world.a.outbox.drain()
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.snoozed_until is not None  # it is kept
    queue = await ask(world, ALICE, SUPPORT, "tickets")
    assert "snoozed until 11:00 UTC" in queue, queue
    card = world.slack.message(SUPPORT, ts)
    assert "snoozed until 11:00 UTC" in str(card), card


async def test_a_ticket_reopened_after_its_chain_ended_escalates_again(world: World) -> None:
    ticket_id, _ = await open_ticket(world)  # step 1 at +15 min, step 2 at +45 min
    world.clock.advance(minutes=15)
    await world.timers()
    world.clock.advance(minutes=30)
    await world.timers()
    assert len(await escalations_of(world, ticket_id)) == 2  # the chain has ended
    assert await ask(world, ALICE, SUPPORT, f"resolve {ticket_id}") == f"{ticket_id} resolved"
    world.clock.advance(minutes=10)
    assert await ask(world, ALICE, SUPPORT, f"reopen {ticket_id}") == f"{ticket_id} reopened"
    for _ in range(8):  # four hours, unclaimed, after the customer came back
        world.clock.advance(minutes=30)
        await world.timers()
    assert len(await escalations_of(world, ticket_id)) > 2, \
        "a reopened ticket left unclaimed for 4 h notified nobody"
