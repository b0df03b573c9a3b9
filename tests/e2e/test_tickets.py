"""Tickets end to end through Slack: claim races, escalation timing, restarts."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from bot.core.effects import Effects
from bot.core.models import Author, Mention
from handlers.tickets import esc_timer
from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, BOB, CAROL, ESCALATIONS, RULES, SUPPORT, World
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer


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


async def escalations_of(world: World, ticket_id: str) -> list[str]:
    return [e.detail for e in await world.a.store.audit_since(None)
            if e.object_id == ticket_id and e.action == "ticket.escalate"]


async def test_a_short_snooze_never_brings_a_step_forward(world: World) -> None:
    """Step 1 is due at +15 min. A 5-minute snooze at +1 ends at +6: the step still waits for
    +15 (the later of the two), and pings nobody before. A snooze of no time is refused."""
    ticket_id, _ = await open_ticket(world)
    world.clock.advance(minutes=1)
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 5m")).startswith(
        f"{ticket_id} snoozed until 09:06 UTC")
    zero = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 0m")
    assert zero.startswith("'0m' is no time at all: use e.g. 30m, 2h or 1d")
    world.clock.advance(minutes=5, seconds=30)  # the snooze is over
    await world.timers()
    assert await escalations_of(world, ticket_id) == []
    world.clock.advance(minutes=8, seconds=29)  # +14:59
    await world.timers()
    assert await escalations_of(world, ticket_id) == []
    world.clock.advance(seconds=1)  # +15: the step's own time
    await world.timers()
    assert await escalations_of(world, ticket_id) == ["step 1 of support-default"]
    # a snooze past the step's time still holds it until the snooze ends
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 45m")).startswith(
        f"{ticket_id} snoozed until 10:00 UTC")
    world.clock.advance(minutes=44)  # step 2 was due at +45; the snooze ends at +60
    await world.timers()
    assert await escalations_of(world, ticket_id) == ["step 1 of support-default"]
    world.clock.advance(minutes=1)
    await world.timers()
    assert await escalations_of(world, ticket_id) == [
        "step 1 of support-default", "step 2 of support-default"]


async def test_a_snooze_after_the_chain_ended_fires_nothing(world: World) -> None:
    """Two steps and no repeat: once both fired, a snooze arms no third step and pings no one
    again."""
    ticket_id, _ = await open_ticket(world)
    for minutes in (15, 30, 1, 180):
        world.clock.advance(minutes=minutes)
        await world.timers()
    done = ["step 1 of support-default", "step 2 of support-default"]
    assert await escalations_of(world, ticket_id) == done
    notices = len(world.posts(SUPPORT)) + len(world.posts(ESCALATIONS))
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 10m")).startswith(
        f"{ticket_id} snoozed until")
    for minutes in (12, 1, 60):
        world.clock.advance(minutes=minutes)
        await world.timers()
    assert await escalations_of(world, ticket_id) == done
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.escalation_level == 2
    assert len(world.posts(SUPPORT)) + len(world.posts(ESCALATIONS)) == notices


async def test_a_snooze_into_another_day_says_the_date(world: World) -> None:
    ticket_id, _ = await open_ticket(world)  # 2026-11-23 09:00 UTC, SLA 10:00
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 3d")
    assert answer == (f"{ticket_id} snoozed until 2026-11-26 09:00 UTC, after the SLA "
                      "(10:00 UTC): the ticket will be overdue")


async def test_durations_are_one_syntax_and_say_what_they_take(world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    for typed, until in (("90", "10:30"), ("1.5h", "10:30"), ("30s", "09:00"),
                         ("1w", "2026-11-30 09:00")):
        answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} {typed}")
        assert answer.startswith(f"{ticket_id} snoozed until {until} UTC"), (typed, answer)
    assert await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 99999999d") == (
        "'99999999d' is more than 90 days ahead; the latest is 2027-02-21 09:00 UTC")
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} soon")).startswith(
        "bad duration 'soon': use e.g. 30m, 2h or 1d (units s, m, h, d, w; a bare number is "
        "minutes)")


async def test_claiming_or_resolving_again_is_done_not_refused(world: World) -> None:
    """A double click on Claim (or a Slack retry that reaches another process) by the person
    who holds the ticket is what they asked for: no refusal, no ``refused.claim`` row. Someone
    else is still told who has it."""
    ticket_id, ts = await open_ticket(world)
    await world.click(ALICE, "claim", ticket_id, channel=SUPPORT, message_ts=ts)
    for _ in range(500):
        t = await world.a.store.get_ticket(ticket_id)
        if t is not None and t.status == "claimed":
            break
        await asyncio.sleep(0.01)
    await world.click(ALICE, "claim", ticket_id, channel=SUPPORT, message_ts=ts)

    def claims() -> float:
        return world.a.metrics.value("interactions_total", action="claim", outcome="ok")

    await world.until(lambda: claims() == 2, "the second click")  # answered as done
    assert await ask(world, ALICE, SUPPORT, f"claim {ticket_id}") == f"{ticket_id} is yours already"
    assert not [t for t in world.said_to(ALICE) if "already claimed" in t]
    assert (await ask(world, BOB, SUPPORT, f"claim {ticket_id}")) == \
        f"{ticket_id} is already claimed by alice"
    assert await ask(world, ALICE, SUPPORT, f"resolve {ticket_id}") == f"{ticket_id} resolved"
    assert await ask(world, ALICE, SUPPORT, f"resolve {ticket_id}") == \
        f"{ticket_id} is resolved already"
    audit = await world.a.store.audit_since(None)
    assert [e.actor for e in audit if e.action == "ticket.claimed"] == ["alice"]
    assert [e.actor for e in audit if e.action.startswith("refused.")] == ["bob"]


async def test_a_step_timer_past_the_chain_end_fires_nothing(world: World) -> None:
    """The chain's end is kept where a step fires too, not only where the next is armed: a
    timer naming a step past it (armed by an older version) completes and pings no one."""
    ticket_id, _ = await open_ticket(world)
    for minutes in (15, 30, 1):
        world.clock.advance(minutes=minutes)
        await world.timers()
    fx = Effects()
    fx.schedule(esc_timer(ticket_id), world.clock(), json.dumps({"ticket": ticket_id, "step": 2}))
    assert await world.a.store.apply(fx)
    assert await world.timers() == 1
    assert await escalations_of(world, ticket_id) == [
        "step 1 of support-default", "step 2 of support-default"]
    assert await world.a.store.timer_due(esc_timer(ticket_id)) is None


async def test_two_customers_in_one_thread_each_keep_their_ticket(world: World) -> None:
    """The first customer's later post attaches to their ticket, whether the second
    customer's post came in an earlier batch or in the same one."""
    await world.mention("@acme my order is broken again, this is terrible", n=1,
                        handle="kasia", thread="9")
    await world.mention("@acme same here, my order is broken too", n=2, handle="ola",
                        thread="9")
    await world.mention("@acme still broken, order 1234, terrible", n=3, handle="kasia",
                        thread="9")
    m4, m5 = [Mention(id=f"mastodon:{n}", network="mastodon", source="masto", text=text,
                      author=Author(id=f"acct{who}", handle=who, followers=120),
                      created_at=world.clock(), thread_id="9",
                      url=f"https://mastodon.example/@{who}/{n}")
              for n, who, text in [(4, "ola", "@acme my order is still broken, terrible"),
                                   (5, "kasia", "@acme broken order, day three, terrible")]]
    await world.a.pipeline.process_batch([m4, m5])
    tickets = await world.a.store.list_tickets(status="open")
    assert sorted((t.customer_key, t.mention_ids) for t in tickets) == [
        ("mastodon:acctkasia", ("mastodon:1", "mastodon:3", "mastodon:5")),
        ("mastodon:acctola", ("mastodon:2", "mastodon:4"))]


async def test_a_note_goes_to_the_cards_thread_and_leaves_the_ticket_as_it_was(
        world: World) -> None:
    """An internal note (PagerDuty's incident notes, Grafana OnCall's resolution notes, Sprout
    Social's internal notes): a line in the card's thread and the ticket's history, as typed,
    audited. It is no claim: the ticket stays unclaimed and still escalates. A resolved ticket
    takes notes too."""
    ticket_id, ts = await open_ticket(world)
    text = "called them back:\n  refund approved <!channel> *today*"
    assert await ask(world, ALICE, SUPPORT, f"note {ticket_id} {text}") == f"{ticket_id} noted"
    await world.a.outbox.drain()
    [line] = [m for m in world.slack.thread(SUPPORT, ts) if "noted" in str(m.get("text"))]
    # plain_text blocks, lines kept: the note formats nothing and pings nobody
    assert [(b["text"]["type"], b["text"]["text"]) for b in line["blocks"]] == [
        ("plain_text", f"alice noted: {text}")]
    assert "<!channel>" not in line["text"]
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and (ticket.status, ticket.claimer) == ("open", None)
    assert (ticket.history[-1].actor, ticket.history[-1].action,
            ticket.history[-1].detail) == ("alice", "noted", text)
    audit = await world.a.store.audit_since(None)
    assert [(e.actor, e.detail) for e in audit if e.action == "ticket.noted"] == [
        ("alice", text)]

    world.clock.advance(minutes=15)  # the chain's first step, counted from the opening
    await world.timers()
    escalated = await world.a.store.get_ticket(ticket_id)
    assert escalated is not None and escalated.escalation_level == 1

    assert await ask(world, BOB, SUPPORT, f"note {ticket_id}") == (
        "note needs the text\nusage: note <ticket id> <text>")
    assert await ask(world, BOB, SUPPORT, f"resolve {ticket_id}") == f"{ticket_id} resolved"
    assert await ask(world, BOB, SUPPORT, f"note {ticket_id} was a duplicate of T-9") == \
        f"{ticket_id} noted"
    resolved = await world.a.store.get_ticket(ticket_id)
    assert resolved is not None and resolved.status == "resolved"
    assert await ask(world, BOB, SUPPORT, "note T-999 hello") == "no ticket T-999"


async def test_a_handoff_pings_the_new_owner_in_the_cards_thread(world: World) -> None:
    """``unclaim T-1 to=bob`` (Sprout Social's case assignment): the thread line says who took
    it and pings bob by his Slack id, and nobody else. Handed to someone with no Slack account
    here, the reassignment stands and the reply says there was nobody to notify."""
    ticket_id, ts = await open_ticket(world)
    assert await ask(world, ALICE, SUPPORT, f"claim {ticket_id}") == f"{ticket_id} claimed"
    await world.a.outbox.drain()  # as a running bot does: edits still waiting go as one
    assert await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id} to=bob") == \
        f"{ticket_id} reassigned to bob"
    await world.a.outbox.drain()
    [line] = [m for m in world.slack.thread(SUPPORT, ts) if "reassigned" in str(m)]
    pinged = [b["text"]["text"] for b in line["blocks"]
              if b["text"]["type"] == "mrkdwn" and not b["text"].get("verbatim")]
    assert pinged == [f"<@{BOB}>"]
    assert str(line).count("<@") == 1
    assert [b["text"]["text"] for b in line["blocks"] if b["text"]["type"] == "plain_text"] \
        == ["alice reassigned to bob"]
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "bob"

    answer = await ask(world, BOB, SUPPORT, f"unclaim {ticket_id} to=mallory")
    assert answer == (f"{ticket_id} reassigned to mallory; mallory has no account in this "
                      "workspace to notify")
    await world.a.outbox.drain()
    [line] = [m for m in world.slack.thread(SUPPORT, ts) if "to mallory" in str(m)]
    assert "<@" not in str(line)
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "mallory"


async def test_resolve_takes_an_optional_resolution_note(world: World) -> None:
    """``resolve T-1 fixed in 2.3`` (PagerDuty's resolution note): the note is the resolve's
    detail in the history, the audit row and the card's thread line. ``resolve T-1`` alone
    is as before."""
    ticket_id, ts = await open_ticket(world)
    assert await ask(world, ALICE, SUPPORT, f"resolve {ticket_id} fixed in 2.3") == \
        f"{ticket_id} resolved"
    await world.a.outbox.drain()
    [line] = [m for m in world.slack.thread(SUPPORT, ts) if "resolved" in str(m.get("text"))]
    assert [(b["text"]["type"], b["text"]["text"]) for b in line["blocks"]] == [
        ("plain_text", "alice resolved: fixed in 2.3")]
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.status == "resolved"
    assert (ticket.history[-1].actor, ticket.history[-1].action,
            ticket.history[-1].detail) == ("alice", "resolved", "fixed in 2.3")
    audit = await world.a.store.audit_since(None)
    assert [(e.actor, e.detail) for e in audit if e.action == "ticket.resolved"] == [
        ("alice", "fixed in 2.3")]
    assert await ask(world, ALICE, SUPPORT, f"resolve {ticket_id} fixed in 2.3") == \
        f"{ticket_id} is resolved already"  # a repeat of the same command
    # a note that would be lost is said so, with the verb that keeps it
    assert await ask(world, BOB, SUPPORT, f"resolve {ticket_id} a duplicate") == (
        f"{ticket_id} is already resolved: the note is not kept; note {ticket_id} <text> adds it")

    assert await ask(world, BOB, SUPPORT, f"reopen {ticket_id}") == f"{ticket_id} reopened"
    await world.a.outbox.drain()  # as a running bot does: edits still waiting go as one
    assert await ask(world, BOB, SUPPORT, f"resolve {ticket_id}") == f"{ticket_id} resolved"
    await world.a.outbox.drain()
    assert [m["blocks"][0]["text"]["text"] for m in world.slack.thread(SUPPORT, ts)
            if "resolved" in str(m.get("text"))][-1] == "bob resolved"
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.history[-1].detail == ""
    audit = await world.a.store.audit_since(None)
    assert [(e.actor, e.detail) for e in audit if e.action == "ticket.resolved"] == [
        ("alice", "fixed in 2.3"), ("bob", "resolved")]


async def test_escalate_fires_the_next_step_now_and_the_one_after_counts_from_it(
        world: World) -> None:
    """``escalate T-1 <reason>`` (PagerDuty's and Grafana OnCall's Escalate) at +5 min: step 1
    fires then, as its timer would have at +15: the same notice a batch later pinging the
    support group, the thread line with who and why, the history, and an audit row by alice
    marked by hand. It ends the snooze. Step 2 waits its 30 minutes from the escalate (+35),
    as after a step its timer fired (PagerDuty restarts a level's timeout when an incident is
    escalated to it). A second escalate a moment later is that step, not the next; at the
    chain's end there is nobody further."""
    ticket_id, ts = await open_ticket(world)
    world.clock.advance(minutes=1)
    assert (await ask(world, BOB, SUPPORT, f"snooze {ticket_id} 2h")).startswith(
        f"{ticket_id} snoozed until 11:01 UTC")
    await world.a.outbox.drain()  # as a running bot does: edits still waiting go as one
    world.clock.advance(minutes=4)
    assert await ask(world, ALICE, SUPPORT, f"escalate {ticket_id} customer is a VIP") == \
        f"{ticket_id} escalated: step 1 of support-default (notifies group support)"
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and (ticket.escalation_level, ticket.snoozed_until) == (1, None)
    assert (ticket.history[-1].actor, ticket.history[-1].action,
            ticket.history[-1].detail) == ("alice", "escalated (step 1)", "customer is a VIP")
    assert [(e.actor, e.detail) for e in await world.a.store.audit_since(None)
            if e.action == "ticket.escalate"] == [
        ("alice", "step 1 of support-default, by hand: customer is a VIP")]
    await world.a.outbox.drain()
    [line] = [m for m in world.slack.thread(SUPPORT, ts) if "escalated" in str(m.get("text"))]
    assert [(b["text"]["type"], b["text"]["text"]) for b in line["blocks"]] == [
        ("plain_text", "alice escalated: step 1 of support-default: customer is a VIP")]

    support_before = len(world.posts(SUPPORT))
    world.clock.advance(seconds=30)  # the step's notice waits batch_seconds, as a timer's does
    await world.timers()
    [notice] = world.posts(SUPPORT)[support_before:]
    assert f"Escalation: {ticket_id}" in str(notice)
    assert all(f"<@{u}>" in str(notice) for u in (ALICE, BOB, CAROL))

    world.clock.advance(seconds=10)
    assert await ask(world, BOB, SUPPORT, f"escalate {ticket_id}") == (
        f"{ticket_id} was escalated just now by alice (step 1 of support-default); nothing "
        "more done: escalate it again from 09:06 UTC to go one step further")
    world.clock.advance(minutes=29, seconds=19)  # +34:59
    await world.timers()
    assert await escalations_of(world, ticket_id) == [
        "step 1 of support-default, by hand: customer is a VIP"]
    world.clock.advance(seconds=1)  # +35: thirty minutes after the escalate
    await world.timers()
    assert await escalations_of(world, ticket_id) == [
        "step 1 of support-default, by hand: customer is a VIP", "step 2 of support-default"]
    world.clock.advance(seconds=30)
    await world.timers()
    [escalated] = [m for m in world.posts(ESCALATIONS) if ticket_id in str(m)]
    assert f"<@{CAROL}>" in str(escalated)
    assert len([m for m in world.posts(SUPPORT) if "Escalation" in str(m)]) == 2

    world.clock.advance(minutes=5)
    assert await ask(world, ALICE, SUPPORT, f"escalate {ticket_id}") == (
        f"{ticket_id} is at the last step of its escalation chain (support-default, step 2 of "
        "2): there is nobody further to escalate to")
    world.clock.advance(hours=3)
    await world.timers()
    assert len(await escalations_of(world, ticket_id)) == 2


async def test_an_escalate_just_after_the_last_step_says_there_is_no_step_further(
        world: World) -> None:
    """A second escalate within a minute of the step that ended the chain is that step, as
    any: it says so, and not to escalate again later for a step that does not exist."""
    ticket_id, _ = await open_ticket(world)
    assert (await ask(world, ALICE, SUPPORT, f"escalate {ticket_id}")).startswith(
        f"{ticket_id} escalated: step 1 of")
    world.clock.advance(minutes=2)
    assert (await ask(world, ALICE, SUPPORT, f"escalate {ticket_id}")).startswith(
        f"{ticket_id} escalated: step 2 of")
    world.clock.advance(seconds=10)
    assert await ask(world, BOB, SUPPORT, f"escalate {ticket_id}") == (
        f"{ticket_id} was escalated just now by alice (step 2 of support-default), the last "
        "step of its chain: there is nobody further to escalate to")
    assert len(await escalations_of(world, ticket_id)) == 2


async def test_escalate_refuses_in_one_line_what_it_cannot_escalate(world: World) -> None:
    """An unknown id and a resolved ticket (claimed before its resolve): each one line,
    audited as a refusal, the ticket left as it was."""
    ticket_id, _ = await open_ticket(world)
    assert await ask(world, ALICE, SUPPORT, "escalate T-999 now") == "no ticket T-999"
    assert await ask(world, ALICE, SUPPORT, "escalate") == (
        "escalate needs an id\nusage: escalate <ticket id> [reason]")
    assert await ask(world, ALICE, SUPPORT, f"claim {ticket_id}") == f"{ticket_id} claimed"
    assert await ask(world, ALICE, SUPPORT, f"resolve {ticket_id}") == f"{ticket_id} resolved"
    assert await ask(world, BOB, SUPPORT, f"escalate {ticket_id} still broken") == \
        f"{ticket_id} is resolved; reopen it first"
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.escalation_level == 0
    audit = await world.a.store.audit_since(None)
    assert [e.action for e in audit if "escalate" in e.action] == ["refused.escalate"] * 2


async def test_escalating_a_claimed_ticket_names_its_former_claimer_without_pinging_them(
        world: World) -> None:
    """Bob escalates the ticket Alice holds (PagerDuty's escalate of an acknowledged
    incident): the reply and the card's thread line say her claim went, by name, with no
    mention of her; the card shows it unclaimed, and the step's notice pings its people."""
    ticket_id, ts = await open_ticket(world)
    assert await ask(world, ALICE, SUPPORT, f"claim {ticket_id}") == f"{ticket_id} claimed"
    await world.a.outbox.drain()  # as a running bot does: edits still waiting go as one
    world.clock.advance(minutes=2)
    assert await ask(world, BOB, SUPPORT, f"escalate {ticket_id} customer is a VIP") == (
        f"{ticket_id} escalated: step 1 of support-default (notifies group support); alice's "
        "claim released")
    await world.a.outbox.drain()
    [line] = [m for m in world.slack.thread(SUPPORT, ts) if "escalated" in str(m.get("text"))]
    assert [(b["text"]["type"], b["text"]["text"]) for b in line["blocks"]] == [
        ("plain_text", "bob escalated: step 1 of support-default, alice's claim released: "
                       "customer is a VIP")]
    assert f"<@{ALICE}>" not in str(line)
    card = world.slack.message(SUPPORT, ts)
    assert card is not None and field_values(card)["Status"] == "open"
    world.clock.advance(seconds=30)
    await world.timers()
    [notice] = [m for m in world.posts(SUPPORT) if f"Escalation: {ticket_id}" in str(m)]
    assert all(f"<@{u}>" in str(notice) for u in (ALICE, BOB, CAROL))  # the support group


async def test_escalate_on_a_route_without_a_chain_says_so(tmp_path: Path,
                                                           clock: FakeClock) -> None:
    async with FakeSlack() as slack, NetServer() as masto:
        world = await World(tmp_path, clock, slack, masto, rules=RULES.replace(
            "    escalation: support-default\n", "")).start()
        try:
            ticket_id, _ = await open_ticket(world)
            assert await ask(world, ALICE, SUPPORT, f"escalate {ticket_id}") == (
                f"{ticket_id} has no escalation chain: its route support names none "
                "(escalation: in the rules file)")
        finally:
            await world.stop()


def header(message: dict[str, object]) -> str:
    """A Slack card's header line."""
    blocks = message.get("blocks")
    assert isinstance(blocks, list)
    return str(blocks[0]["text"]["text"])


def field_values(message: dict[str, object]) -> dict[str, str]:
    """A Slack card's fields, name to value."""
    out: dict[str, str] = {}
    for b in message.get("blocks") or []:  # type: ignore[attr-defined]
        cells = b.get("fields") or []
        for name, value in zip(cells[::2], cells[1::2], strict=True):
            out[name["text"].strip("*")] = value["text"]
    return out


async def test_a_routes_priority_is_the_tickets_and_priority_changes_it(
        tmp_path: Path, clock: FakeClock) -> None:
    """A route with ``priority: p3`` opens P3 tickets: the card's header leads with it and a
    Priority field shows it. ``priority T-1 p1`` (PagerDuty's priority, set by hand) changes
    it: a history entry and an audit row (ticket.priority, from P3 to P1) by alice, the card
    edited once with its thread line, and the queue and ``status`` show it."""
    async with FakeSlack() as slack, NetServer() as masto:
        world = await World(tmp_path, clock, slack, masto, rules=RULES.replace(
            "    sla: 60m\n", "    sla: 60m\n    priority: p3\n")).start()
        try:
            ticket_id, ts = await open_ticket(world)
            ticket = await world.a.store.get_ticket(ticket_id)
            assert ticket is not None and ticket.priority == "P3"
            card = world.slack.message(SUPPORT, ts)
            assert card is not None and header(card) == f"🎫 P3 · {ticket_id}: @kasia on Mastodon"
            assert field_values(card)["Priority"] == "P3"
            updates = len(world.slack.calls_to("chat.update"))

            assert await ask(world, ALICE, SUPPORT, f"priority {ticket_id} p1") == \
                f"{ticket_id} is now P1 (was P3)"
            await world.a.outbox.drain()
            assert len(world.slack.calls_to("chat.update")) == updates + 1
            card = world.slack.message(SUPPORT, ts)
            assert card is not None and f"P1 · {ticket_id}" in header(card)
            assert field_values(card)["Priority"] == "P1"
            [line] = [m for m in world.slack.thread(SUPPORT, ts) if "priority" in str(m)]
            assert [b["text"]["text"] for b in line["blocks"]] == [
                "alice changed the priority: P3 → P1"]
            ticket = await world.a.store.get_ticket(ticket_id)
            assert ticket is not None and ticket.priority == "P1"
            assert (ticket.history[-1].actor, ticket.history[-1].action,
                    ticket.history[-1].detail) == ("alice", "priority", "P3 → P1")
            assert [(e.actor, e.detail, e.before["priority"] if e.before else None,
                     e.after["priority"] if e.after else None)
                    for e in await world.a.store.audit_since(None)
                    if e.action == "ticket.priority"] == [("alice", "from P3 to P1", "P3", "P1")]
            assert f"• {ticket_id} · P1 · unclaimed" in await ask(world, BOB, SUPPORT, "tickets")
            assert (await ask(world, BOB, SUPPORT, f"status {ticket_id}")).startswith(
                f"{ticket_id}: open, unclaimed, P1 · ")
        finally:
            await world.stop()


async def test_a_ticket_without_priority_shows_none_and_priority_sets_one(
        world: World) -> None:
    """A route without ``priority`` opens tickets with none: no Priority field, nothing in
    the header. The first ``priority`` says it was none."""
    ticket_id, ts = await open_ticket(world)
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.priority is None
    card = world.slack.message(SUPPORT, ts)
    assert card is not None and "Priority" not in field_values(card)
    assert " P" not in header(card).split(ticket_id)[0]
    assert await ask(world, BOB, SUPPORT, f"priority {ticket_id} P2") == \
        f"{ticket_id} is now P2 (was none)"
    await world.a.outbox.drain()
    [line] = [m for m in world.slack.thread(SUPPORT, ts) if "priority" in str(m)]
    assert [b["text"]["text"] for b in line["blocks"]] == ["bob changed the priority: none → P2"]
    # and back to none, as PagerDuty's "no priority": the card's header and field go
    assert await ask(world, ALICE, SUPPORT, f"priority {ticket_id} none") == \
        f"{ticket_id} has no priority now (was P2)"
    assert await ask(world, ALICE, SUPPORT, f"priority {ticket_id} None") == \
        f"{ticket_id} has no priority already"
    await world.a.outbox.drain()
    card = world.slack.message(SUPPORT, ts)
    assert card is not None and "Priority" not in field_values(card)
    assert " P" not in header(card).split(ticket_id)[0]
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.priority is None
    assert ticket.history[-1].detail == "P2 → none"


async def test_priority_refuses_in_one_line_what_it_cannot_change(world: World) -> None:
    """An unknown id, a value other than p1 to p5 (saying which; a hostile one said back as
    text), the priority it has already, and a resolved ticket: each one line, audited as a
    refusal, the ticket left as it was."""
    ticket_id, _ = await open_ticket(world)
    assert await ask(world, ALICE, SUPPORT, "priority T-999 p1") == "no ticket T-999"
    assert await ask(world, ALICE, SUPPORT, f"priority {ticket_id} urgent") == (
        "'urgent' is not a priority: use p1, p2, p3, p4, p5 or none (p1 the most urgent)")
    assert await ask(world, ALICE, SUPPORT, f"priority {ticket_id} p0") == (
        "'p0' is not a priority: use p1, p2, p3, p4, p5 or none (p1 the most urgent)")
    # what was typed is said back as text: it pings nobody
    assert await ask(world, ALICE, SUPPORT, f"priority {ticket_id} <!channel>") == (
        "'<!channel>' is not a priority: use p1, p2, p3, p4, p5 or none (p1 the most urgent)")
    answer = world.slack.responses[-1]
    assert "<!channel>" not in str(answer.get("text"))  # the notification text, neutralised
    assert [b["text"]["type"] for b in answer["blocks"]] == ["plain_text"]  # no mrkdwn
    assert await ask(world, ALICE, SUPPORT, f"priority {ticket_id}") == (
        "priority needs a priority: p1 (the most urgent) to p5, or none\n"
        "usage: priority <ticket id> <p1|p2|p3|p4|p5|none>")
    assert await ask(world, ALICE, SUPPORT, f"priority {ticket_id} p2") == \
        f"{ticket_id} is now P2 (was none)"
    assert await ask(world, BOB, SUPPORT, f"priority {ticket_id} p2") == \
        f"{ticket_id} is P2 already"
    assert await ask(world, ALICE, SUPPORT, f"resolve {ticket_id}") == f"{ticket_id} resolved"
    assert await ask(world, BOB, SUPPORT, f"priority {ticket_id} p1") == \
        f"{ticket_id} is resolved; reopen it first"
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.priority == "P2"
    audit = await world.a.store.audit_since(None)
    assert [e.action for e in audit if "priority" in e.action] == [
        *["refused.priority"] * 4, "ticket.priority", "refused.priority", "refused.priority"]


async def test_a_resolution_note_that_draws_nothing_is_no_note(world: World) -> None:
    """``resolve T-1 ⠀`` (a braille blank; a Hangul filler): kept as the note, the thread line
    read "alice resolved: " and nothing after, and the history held the blank. As no note."""
    ticket_id, ts = await open_ticket(world)
    assert await ask(world, ALICE, SUPPORT, f"resolve {ticket_id} \u2800 \u3164") == \
        f"{ticket_id} resolved"
    await world.a.outbox.drain()
    [line] = [m for m in world.slack.thread(SUPPORT, ts) if "resolved" in str(m.get("text"))]
    assert line["blocks"][0]["text"]["text"] == "alice resolved"
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.history[-1].detail == ""
