"""``escalate`` on a claimed ticket, on both real stores: as PagerDuty escalates an acknowledged
incident, the claim is released and the next step fires now, in one write that names who held
it (history, audit, thread line, reply) and pings nobody beyond the step's people. The chain's
end, a step taken a moment ago and a resolved ticket are answered as for an unclaimed one, the
claim kept. The race of two processes is in ``tests/chaos/test_claim_races.py``."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.core import keys as K
from bot.core.models import MessageRef, Signal, Ticket
from bot.core.ports import Store
from bot.engine.effects import Applier
from handlers.ticket_report import outcome, render_json, team_report
from handlers.tickets import TicketService, chain_ended, esc_timer
from tests.conftest import FakeClock
from tests.support.tickets_day import DAY, Day


async def claimed_ticket(d: Day) -> str:
    await d.at(10, 0)
    ticket_id = await d.open("support")
    await d.at(10, 5)
    assert (await d.tickets.claim(ticket_id, "alice")).text == f"{ticket_id} claimed"
    return ticket_id


async def test_escalating_a_claimed_ticket_releases_the_claim_and_fires_the_next_step(
        store: Store, clock: FakeClock) -> None:
    d = Day(store, clock)
    ticket_id = await claimed_ticket(d)
    await d.at(10, 7)
    reply = await d.tickets.escalate(ticket_id, "bob", "customer is a VIP")
    assert (reply.ok, reply.ephemeral, reply.text) == (
        True, False, f"{ticket_id} escalated: step 1 of chain; alice's claim released")

    ticket = await store.get_ticket(ticket_id)
    assert ticket is not None
    assert (ticket.status, ticket.claimer, ticket.escalation_level) == ("open", None, 1)
    last = ticket.history[-1]
    assert (last.actor, last.action, last.detail) == (
        "bob", "escalated (step 1)", "alice's claim released: customer is a VIP")
    [row] = [e for e in await store.audit_since(None) if e.action == "ticket.escalate"]
    assert (row.actor, row.detail) == (
        "bob", "step 1 of chain, by hand, alice's claim released: customer is a VIP")
    assert row.before is not None and row.before["claimer"] == "alice"
    item = await store.get_outbox(f"{ticket_id}@support#{ticket.version}")
    assert item is not None
    # the claim's edit, still waiting (nothing delivers here), goes with it: both lines
    assert item.card.thread_note == (
        "alice claimed\n"
        "bob escalated: step 1 of chain, alice's claim released: customer is a VIP")
    assert item.card.thread_mention_users == ()  # alice is named, not pinged

    # in the step's notice buffer, and the chain runs again: step 2 twenty minutes from now
    assert await store.group_items(K.escalated("console|support|chain|0")) == [ticket_id]
    assert await store.timer_due(esc_timer(ticket_id)) == clock() + timedelta(minutes=20)
    await d.at(10, 27)
    fired = await store.get_ticket(ticket_id)
    assert fired is not None and fired.escalation_level == 2
    assert (fired.history[-1].actor, fired.history[-1].action) == (
        "socialops", "escalated (step 2)")


async def test_a_claimed_ticket_keeps_its_claim_when_there_is_no_step_to_fire(
        store: Store, clock: FakeClock) -> None:
    """A step taken a moment ago is the one asked for, the chain's end has nobody further, a
    resolved ticket is reopened first: each answered as for an unclaimed ticket, the claim
    kept and nothing written."""
    d = Day(store, clock)
    await d.at(10, 0)
    ticket_id = await d.open("support")
    await d.at(10, 1)
    assert (await d.tickets.escalate(ticket_id, "bob")).text == \
        f"{ticket_id} escalated: step 1 of chain"
    clock.advance(seconds=20)
    assert (await d.tickets.claim(ticket_id, "alice")).ok
    clock.advance(seconds=20)
    assert (await d.tickets.escalate(ticket_id, "carol")).text == (
        f"{ticket_id} was escalated just now by bob (step 1 of chain); nothing more done: "
        "escalate it again from 10:02 UTC to go one step further")
    await d.at(10, 5)
    assert (await d.tickets.escalate(ticket_id, "carol")).text == (
        f"{ticket_id} escalated: step 2 of chain; alice's claim released. "
        + chain_ended("chain", [ticket_id]))
    assert (await d.tickets.claim(ticket_id, "alice")).ok
    await d.at(10, 10)
    before = await store.get_ticket(ticket_id)
    refused = await d.tickets.escalate(ticket_id, "bob")
    assert (refused.ok, refused.text) == (False, (
        f"{ticket_id} is at the last step of its escalation chain (chain, step 2 of 2): there "
        "is nobody further to escalate to"))
    assert (await d.tickets.resolve(ticket_id, "alice")).ok
    refused = await d.tickets.escalate(ticket_id, "bob")
    assert (refused.ok, refused.text) == (False, f"{ticket_id} is resolved; reopen it first")
    after = await store.get_ticket(ticket_id)
    assert before is not None and after is not None
    assert (before.status, before.claimer) == ("claimed", "alice")
    assert (after.escalation_level, after.claimer) == (2, "alice")
    assert len(after.history) == len(before.history) + 1  # the resolve only


async def test_the_team_report_has_nobody_holding_a_ticket_whose_claim_an_escalate_released(
        store: Store, clock: FakeClock) -> None:
    d = Day(store, clock)
    ticket_id = await claimed_ticket(d)
    await d.at(10, 7)
    assert (await d.tickets.escalate(ticket_id, "bob")).ok
    await d.at(10, 9)
    report = team_report(await store.tickets_opened(DAY, clock()), since=DAY, until=clock(),
                         by="person")
    [alice] = [r for r in report.rows if r.name == "alice"]
    assert (alice.claimed, alice.open) == (1, 0)
    assert report.total.open == 1


async def test_the_team_report_counts_an_escalate_that_released_a_claim_as_both(
        store: Store, clock: FakeClock) -> None:
    """As the ticket's history says it: bob's escalate fired step 1 (an escalation, as
    PagerDuty's escalate re-triggers an acknowledged incident) and released alice's claim (a
    release, a fact of its own). It was counted as the escalation only, and no figure said a
    claim had been taken away; nor is it an unclaim (nobody let go). An escalate of an
    unclaimed ticket, and the timer's step, release nothing."""
    d = Day(store, clock)
    held = await claimed_ticket(d)
    await d.at(10, 7)
    assert (await d.tickets.escalate(held, "bob")).ok
    await d.at(10, 8)
    unheld = await d.open("support")
    await d.at(10, 9)
    assert (await d.tickets.escalate(unheld, "bob")).ok
    await d.at(10, 30)  # the timer's step 2 of both
    tickets = await store.tickets_opened(DAY, clock())
    [h, u] = [next(t for t in tickets if t.id == i) for i in (held, unheld)]
    assert [e.action for e in h.history] == [
        "opened", "claimed", "escalated (step 1)", "escalated (step 2)"]
    assert h.history[2].detail == "alice's claim released"
    report = team_report(tickets, since=DAY, until=clock(), by="route")
    assert (report.total.escalated, report.total.releases, report.total.unclaims) == (
        (2, 2), 1, 0)
    fields = json.loads(render_json(report))["total"]
    assert (fields["escalated_step_1"], fields["releases"], fields["unclaims"]) == (2, 1, 0)
    by_person = team_report(tickets, since=DAY, until=clock(), by="person")
    [alice] = by_person.rows  # she took the ticket whose claim went; nobody holds one now
    assert (alice.name, alice.claimed, alice.open, alice.releases) == ("alice", 1, 0, 1)
    assert [outcome(t, clock()).releases for t in (h, u)] == [1, 0]


class ClaimLandsAfterTheRead:
    """The reads of a second process whose escalate first reads the ticket open, then, before
    its write, sees Alice's claim land (made by the first process): its compare-and-set fails
    and the escalate is decided again from the claimed ticket, which its sender never saw."""

    def __init__(self, d: Day, ticket_id: str) -> None:
        self.d, self.ticket_id, self.reads = d, ticket_id, 0

    async def get_ticket(self, ticket_id: str) -> Ticket | None:
        seen = await self.d.store.get_ticket(ticket_id)
        self.reads += 1
        if self.reads == 1:
            assert (await self.d.tickets.claim(self.ticket_id, "alice")).ok
        return seen

    async def find_open_ticket(self, conversation_key: str,
                               customer_key: str) -> Ticket | None:
        return await self.d.store.find_open_ticket(conversation_key, customer_key)

    async def get_signal(self, signal_id: str) -> Signal | None:
        return await self.d.store.get_signal(signal_id)

    async def next_number(self, counter: str) -> int:
        return await self.d.store.next_number(counter)

    async def group_items(self, group: str) -> list[str]:
        return await self.d.store.group_items(group)

    async def message_ref(self, card_key: str, workspace: str,
                          channel: str) -> MessageRef | None:
        return await self.d.store.message_ref(card_key, workspace, channel)


async def test_an_escalate_decided_again_after_a_claim_just_made_leaves_the_claim_alone(
        store: Store, clock: FakeClock) -> None:
    """Bob escalates an unclaimed ticket as Alice claims it: his write comes second and is
    decided again from her claim, a claim he never saw. Releasing it would take the ticket
    from her a moment after she was told it is hers; it is kept, nothing is written, and Bob is
    told why in one line and when an escalate would release it. Alice herself, or anyone a
    minute later, releases it as any escalate does."""
    d = Day(store, clock)
    await d.at(10, 0)
    ticket_id = await d.open("support")
    await d.at(10, 5)
    t = d.tickets
    racing = TicketService(ClaimLandsAfterTheRead(d, ticket_id), Applier(store), clock=clock,
                           audit=t.audit, directory=t.directory, escalations=t.escalations,
                           channels=t.channels)
    reply = await racing.escalate(ticket_id, "bob")
    assert (reply.ok, reply.text) == (False, (
        f"{ticket_id} was claimed just now by alice: not escalated, the claim kept; escalate "
        "it again from 10:06 UTC to release it and go one step further"))
    ticket = await store.get_ticket(ticket_id)
    assert ticket is not None
    assert (ticket.status, ticket.claimer, ticket.escalation_level) == ("claimed", "alice", 0)
    assert [e.action for e in ticket.history] == ["opened", "claimed"]
    assert await store.timer_due(esc_timer(ticket_id)) is None  # her claim stopped the chain

    clock.advance(seconds=59)
    assert (await t.escalate(ticket_id, "carol")).text.startswith(
        f"{ticket_id} was claimed just now by alice")
    clock.advance(seconds=1)
    assert (await t.escalate(ticket_id, "bob")).text == (
        f"{ticket_id} escalated: step 1 of chain; alice's claim released")
    assert (await t.claim(ticket_id, "bob")).ok
    await d.at(10, 15)
    assert (await t.unclaim(ticket_id, "bob", reassign_to="alice")).ok  # handed on just now
    assert not (await t.escalate(ticket_id, "carol")).ok
    assert (await t.escalate(ticket_id, "alice")).text == (  # her own claim: she knows
        f"{ticket_id} escalated: step 2 of chain; alice's claim released. "
        + chain_ended("chain", [ticket_id]))


async def test_the_time_an_escalate_is_told_to_wait_for_is_one_it_is_taken_at(
        store: Store, clock: FakeClock) -> None:
    """'escalate it again from HH:MM' names the first whole minute at which it goes: a claim
    or a step at 10:05:30 waits until 10:06:30, so 10:06 would be refused again; 10:07 is
    not."""
    d = Day(store, clock)
    await d.at(10, 5)
    ticket_id = await d.open("support")
    clock.advance(seconds=30)
    assert (await d.tickets.claim(ticket_id, "alice")).ok
    clock.advance(seconds=10)
    assert (await d.tickets.escalate(ticket_id, "bob")).text.endswith(
        "escalate it again from 10:07 UTC to release it and go one step further")
    await d.at(10, 6)
    assert not (await d.tickets.escalate(ticket_id, "bob")).ok
    await d.at(10, 7)
    clock.advance(seconds=30)  # 10:07:30: the step at half past
    assert (await d.tickets.escalate(ticket_id, "bob")).ok
    clock.advance(seconds=10)
    assert (await d.tickets.escalate(ticket_id, "carol")).text.endswith(
        "nothing more done: escalate it again from 10:09 UTC to go one step further")
    await d.at(10, 8)
    assert "nothing more done" in (await d.tickets.escalate(ticket_id, "carol")).text
    await d.at(10, 9)
    assert (await d.tickets.escalate(ticket_id, "carol")).text == \
        f"{ticket_id} escalated: step 2 of chain. " + chain_ended("chain", [ticket_id])
