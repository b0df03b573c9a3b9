"""Tickets end to end through Slack: claim races, escalation timing, restarts."""

from __future__ import annotations

import asyncio

from tests.e2e.world import ALICE, BOB, CAROL, ESCALATIONS, SUPPORT, World


async def open_ticket(world: World, n: int = 1) -> tuple[str, str]:
    await world.mention("@acme my order is broken again, this is terrible", n=n)
    tickets = await world.a.store.list_tickets(status="open")
    assert len(tickets) == n
    cards = [m for m in world.posts(SUPPORT) if tickets[-1].id in str(m.get("text"))]
    assert len(cards) == 1, world.posts(SUPPORT)
    return tickets[-1].id, str(cards[0]["ts"])


async def test_two_agents_claim_at_once_and_exactly_one_wins(world: World) -> None:
    ticket_id, ts = await open_ticket(world)
    statuses = await asyncio.gather(
        world.click(ALICE, "claim", ticket_id, channel=SUPPORT, message_ts=ts),
        world.click(BOB, "claim", ticket_id, channel=SUPPORT, message_ts=ts))
    assert statuses == [200, 200]

    async def settled() -> bool:
        t = await world.a.store.get_ticket(ticket_id)
        return t is not None and t.claimer is not None

    for _ in range(500):
        if await settled():
            break
        await asyncio.sleep(0.01)
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.status == "claimed"
    winner, loser = (ALICE, BOB) if ticket.claimer == "alice" else (BOB, ALICE)
    await world.until(lambda: any("already" in t or "claimed by" in t
                                  for t in world.said_to(loser)), "the loser's answer")
    assert not world.said_to(winner)  # a successful claim shows on the card, not privately
    await world.a.outbox.drain()
    card = world.slack.message(SUPPORT, ts)
    assert card is not None and str(ticket.claimer) in str(card.get("text", "")) + str(
        card.get("blocks", ""))
    audit = await world.a.store.audit_since(None)
    assert [e.actor for e in audit if e.action == "ticket.claimed"] == [ticket.claimer]
    assert len([e for e in audit if e.action == "refused.claim"]) == 1


async def test_unclaimed_ticket_escalates_at_the_right_minute_and_stops_when_claimed(
        world: World) -> None:
    ticket_id, ts = await open_ticket(world)
    support_before = len(world.posts(SUPPORT))
    world.clock.advance(minutes=14, seconds=59)
    await world.timers()
    assert len(world.posts(SUPPORT)) == support_before  # not yet
    world.clock.advance(seconds=1)
    await world.timers()
    escalated = await world.a.store.get_ticket(ticket_id)
    assert escalated is not None and escalated.escalation_level == 1  # the step fired now
    # its notice waits batch_seconds (30 by default) for other tickets' steps to join it
    assert len(world.posts(SUPPORT)) == support_before
    world.clock.advance(seconds=30)
    await world.timers()
    step1 = world.posts(SUPPORT)[support_before:]
    assert len(step1) == 1 and ticket_id in str(step1[0])
    # the chain names the group "support": its members are pinged by their Slack ids
    assert all(f"<@{u}>" in str(step1[0]) for u in (ALICE, BOB, CAROL))

    await world.click(ALICE, "claim", ticket_id, channel=SUPPORT, message_ts=ts)

    async def claimed() -> bool:
        t = await world.a.store.get_ticket(ticket_id)
        return t is not None and t.status == "claimed"

    for _ in range(500):
        if await claimed():
            break
        await asyncio.sleep(0.01)
    assert await claimed()
    world.clock.advance(minutes=60)
    await world.timers()
    assert world.posts(ESCALATIONS) == []  # the claim stopped the chain
    assert len(world.posts(SUPPORT)) == support_before + 1


async def test_a_restart_between_steps_still_escalates_exactly_once(world: World) -> None:
    """Steps count from the previous one (as in PagerDuty): step 1 at +15 min, step 2 thirty
    minutes later, at +45. The process restarts before each step and once right after one."""
    ticket_id, _ = await open_ticket(world)

    async def steps() -> int:
        return len([e for e in await world.a.store.audit_since(None)
                    if e.object_id == ticket_id and e.action == "ticket.escalate"])

    await world.restart()
    world.clock.advance(minutes=15)
    assert await world.timers() == 1
    await world.restart()
    assert await world.timers() == 0  # a new process must not fire the same step again
    assert await steps() == 1
    world.clock.advance(minutes=29)
    await world.timers()  # the step's batched notice
    assert await steps() == 1
    assert len([m for m in world.posts(SUPPORT) if "Escalation" in str(m)]) == 1
    await world.restart()
    world.clock.advance(minutes=1)
    await world.timers()
    assert await steps() == 2
    world.clock.advance(hours=3)
    await world.timers()
    assert await steps() == 2  # the chain has two steps and no repeat
    escalated = [m for m in world.posts(ESCALATIONS) if ticket_id in str(m)]
    assert len(escalated) == 1 and f"<@{CAROL}>" in str(escalated[0])
