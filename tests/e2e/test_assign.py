"""Assigning an unclaimed ticket end to end through Slack (signed requests into the bolt app,
the local Slack Web API, a SQLite file): the handoff form ``unclaim T-1 to=bob`` on a ticket
nobody holds gives it to bob (PagerDuty's reassign), who is its first claimer in the team
report; the card, its thread line pinging bob, the history, the audit row, the escalation
stopped; each misuse one line."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.test_team_report_chat import answer
from tests.e2e.test_tickets import escalations_of, open_ticket
from tests.e2e.world import ALICE, BOB, CAROL, SUPPORT, World


async def test_an_unclaimed_ticket_is_assigned_and_the_assignee_took_it_first(
        world: World) -> None:
    ticket_id, ts = await open_ticket(world)
    world.clock.advance(minutes=1)
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 2h")).startswith(
        f"{ticket_id} snoozed until")
    await world.a.outbox.drain()  # as a running bot does: edits still waiting go as one
    world.clock.advance(minutes=4)
    # alice, an agent and no lead, may: anyone who may claim it may give it to someone
    assert await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id} to=bob") == \
        f"{ticket_id} assigned to bob"
    await world.a.outbox.drain()
    [line] = [m for m in world.slack.thread(SUPPORT, ts) if "assigned to bob" in str(m)]
    assert [b["text"]["text"] for b in line["blocks"] if b["text"]["type"] == "plain_text"] \
        == ["alice assigned to bob"]
    pinged = [b["text"]["text"] for b in line["blocks"]
              if b["text"]["type"] == "mrkdwn" and not b["text"].get("verbatim")]
    assert pinged == [f"<@{BOB}>"] and str(line).count("<@") == 1
    card = world.slack.message(SUPPORT, ts)
    assert card is not None and "bob" in str(card.get("blocks"))
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and (ticket.status, ticket.claimer) == ("claimed", "bob")
    assert ticket.snoozed_until is None  # held now: the snooze is over, as a claim ends it
    assert [(e.actor, e.action) for e in ticket.history][-1] == ("alice", "assigned to bob")
    [row] = [e for e in await world.a.store.audit_since(None) if e.action == "ticket.assigned"]
    assert (row.actor, row.detail) == ("alice", "assigned to bob")
    assert row.before is not None and row.before["status"] == "open"
    assert row.after is not None and row.after["claimer"] == "bob"
    assert "claimed by bob" in await ask(world, BOB, SUPPORT, "tickets mine")

    # held, the chain stops as at a claim
    world.clock.advance(hours=3)
    await world.timers()
    assert await escalations_of(world, ticket_id) == []

    # the report: bob took it, 5 minutes after it opened; alice, who typed it, took nothing
    _, shown = await answer(world, CAROL, "report 1d by=person")
    assert "\nbob: 1 ticket · 1 claimed in 5 min (p90 5 min) · " in shown, shown
    assert "\nalice:" not in shown, shown

    # from then on it is bob's, handed on as any claimed ticket is
    assert await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id} to=alice") == \
        f"only bob or a lead may unclaim or reassign {ticket_id}"
    assert await ask(world, BOB, SUPPORT, f"unclaim {ticket_id} to=alice") == \
        f"{ticket_id} reassigned to alice"


async def test_assigning_refuses_in_one_line_what_it_cannot_do(world: World) -> None:
    """An unknown id, an unknown person (a hostile one said back as text), a resolved ticket;
    the same assignment again is done by its author and refused to anyone else."""
    ticket_id, _ = await open_ticket(world)
    assert await ask(world, ALICE, SUPPORT, "unclaim T-999 to=bob") == "no ticket T-999"
    assert await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id} to=nobody") == (
        f"no person 'nobody' to reassign {ticket_id} to: name a person id as in "
        "socialops.yaml (people:)")
    assert await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id} to=<!channel>") == (
        "unclaim takes an id and optionally to=<person id>\n"
        "usage: unclaim <ticket id> [to=<person id>]")
    assert "<!channel>" not in str(world.slack.responses[-1].get("text"))
    assert await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id} to=bob") == \
        f"{ticket_id} assigned to bob"
    assert await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id} to=bob") == \
        f"{ticket_id} is bob's already"  # a double click: done, nothing written
    assert await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to=bob") == \
        f"{ticket_id} is claimed by bob already: nothing changed"
    assert await ask(world, BOB, SUPPORT, f"resolve {ticket_id}") == f"{ticket_id} resolved"
    assert await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to=alice") == \
        f"{ticket_id} is resolved; reopen it first"
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None
    assert [e.action for e in ticket.history] == ["opened", "assigned to bob", "resolved"]
    audit = [e.action for e in await world.a.store.audit_since(None)
             if e.action.startswith("refused.unclaim")]
    assert len(audit) == 4, audit
