"""Ending a snooze early end to end through Slack (signed requests into the bolt app, the local
Slack Web API, a SQLite file): ``snooze T-1 off`` ends it now, as if it had been set to end
now: the escalation step it held back fires at once, one not yet due keeps its own time; the
card, its thread line, the history and the audit row; each misuse one line. A snooze
that runs out on its own is said on the card then (its timer), before the step it held back;
a resolve ends a snooze."""

from __future__ import annotations

from bot.core import keys as K
from bot.core.effects import Effects
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import escalations_of, open_ticket
from tests.e2e.world import ALICE, BOB, SUPPORT, World

STEP1 = "step 1 of support-default"


async def test_snooze_off_fires_the_step_the_snooze_held_back(world: World) -> None:
    ticket_id, ts = await open_ticket(world)  # 09:00; step 1 due at 09:15
    world.clock.advance(minutes=1)
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 2h")).startswith(
        f"{ticket_id} snoozed until 11:01 UTC")
    await world.a.outbox.drain()
    card = world.slack.message(SUPPORT, ts)
    assert card is not None and "snoozed until 11:01 UTC" in str(card)
    world.clock.advance(minutes=19)  # 09:20: step 1 is due, held by the snooze
    await world.timers()
    assert await escalations_of(world, ticket_id) == []

    assert await ask(world, BOB, SUPPORT, f"snooze {ticket_id} OFF") == \
        f"{ticket_id} unsnoozed; escalation {STEP1} fires now"
    await world.a.outbox.drain()
    card = world.slack.message(SUPPORT, ts)
    assert card is not None and "snoozed until" not in str(card)
    [line] = [m for m in world.slack.thread(SUPPORT, ts) if "unsnoozed" in str(m)]
    assert [b["text"]["text"] for b in line["blocks"]] == [
        "bob unsnoozed: was snoozed until 11:01 UTC"]
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.snoozed_until is None
    assert (ticket.history[-1].actor, ticket.history[-1].action, ticket.history[-1].detail) \
        == ("bob", "unsnoozed", "was snoozed until 11:01 UTC")
    [row] = [e for e in await world.a.store.audit_since(None) if e.action == "ticket.unsnoozed"]
    assert (row.actor, row.detail) == ("bob", "was snoozed until 11:01 UTC")
    assert row.before is not None and row.before["snoozed_until"] is not None
    assert row.after is not None and row.after["snoozed_until"] is None

    await world.timers()  # the step comes now, not at 11:01
    assert await escalations_of(world, ticket_id) == [STEP1]
    world.clock.advance(seconds=30)
    await world.timers()
    assert len([m for m in world.posts(SUPPORT) if "Escalation" in str(m)]) == 1


async def test_snooze_off_before_the_step_is_due_keeps_its_time(world: World) -> None:
    ticket_id, _ = await open_ticket(world)  # step 1 due at 09:15
    world.clock.advance(minutes=1)
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 2h")
    world.clock.advance(minutes=4)
    assert await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} off") == \
        f"{ticket_id} unsnoozed; escalation {STEP1} is due at 09:15 UTC"
    world.clock.advance(minutes=9, seconds=59)  # 09:14:59
    await world.timers()
    assert await escalations_of(world, ticket_id) == []
    world.clock.advance(seconds=1)
    await world.timers()
    assert await escalations_of(world, ticket_id) == [STEP1]

    # a claimed ticket's snooze ends too; no chain runs while it is held
    assert await ask(world, BOB, SUPPORT, f"claim {ticket_id}") == f"{ticket_id} claimed"
    await ask(world, BOB, SUPPORT, f"snooze {ticket_id} 1h")
    assert await ask(world, BOB, SUPPORT, f"snooze {ticket_id} off") == \
        f"{ticket_id} unsnoozed"
    world.clock.advance(hours=3)
    await world.timers()
    assert await escalations_of(world, ticket_id) == [STEP1]


async def test_snooze_off_refuses_in_one_line_what_it_cannot_end(world: World) -> None:
    """An unknown id, a ticket not snoozed (or whose snooze has ended, saying when), a resolved
    ticket, a snooze of no time (saying `off` ends one), words after `off`; the author's repeat
    is done, not refused."""
    ticket_id, _ = await open_ticket(world)
    assert await ask(world, ALICE, SUPPORT, "snooze T-999 off") == "no ticket T-999"
    assert await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} off") == \
        f"{ticket_id} is not snoozed"
    assert await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 0") == (
        "'0' is no time at all: use e.g. 30m, 2h or 1d (units s, m, h, d, w; a bare number is "
        "minutes); `off` ends a snooze\nusage: snooze <ticket id> [duration: 30m, 2h, 1d | "
        "until <when> | off]")
    assert await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} off now") == (
        "snooze takes an id and one duration, or off\n"
        "usage: snooze <ticket id> [duration: 30m, 2h, 1d | until <when> | off]")
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 10m")
    assert await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} off") == \
        f"{ticket_id} unsnoozed; escalation {STEP1} is due at 09:15 UTC"
    assert await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} off") == \
        f"{ticket_id} is no longer snoozed"  # a double click: done, nothing written
    # who ended it, and when (it said no more than "is not snoozed": a newcomer's find)
    assert await ask(world, BOB, SUPPORT, f"snooze {ticket_id} off") == \
        f"{ticket_id} is not snoozed: alice ended its snooze at 09:00 UTC"
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 10m")
    world.clock.advance(minutes=11)
    assert await ask(world, BOB, SUPPORT, f"snooze {ticket_id} off") == \
        f"{ticket_id} is not snoozed: its snooze ended at 09:10 UTC"
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 1h")
    assert await ask(world, ALICE, SUPPORT, f"resolve {ticket_id}") == f"{ticket_id} resolved"
    assert await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} off") == \
        f"{ticket_id} is resolved, so it is not snoozed (a resolve ends a snooze)"
    # a snooze of a resolved ticket says what to do, as priority and escalate do
    assert await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 2h") == \
        f"{ticket_id} is resolved; reopen it first"
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None
    assert [e.action for e in ticket.history].count("unsnoozed") == 1
    refused = [e.action for e in await world.a.store.audit_since(None)
               if e.action == "refused.snooze"]
    assert len(refused) == 6, refused


def thread_notes(world: World, ts: str) -> list[str]:
    """The thread's lines, in order (edits of the card still waiting go as one, their lines
    together in one message)."""
    return [line for m in world.slack.thread(SUPPORT, ts)
            for b in m.get("blocks") or [] if b.get("type") == "section"
            for line in b["text"]["text"].split("\n")]


def card_text(world: World, ts: str) -> str:
    card = world.slack.message(SUPPORT, ts)
    assert card is not None
    return str(card)


async def test_a_snooze_a_claim_ended_is_refused_saying_who_and_when(world: World) -> None:
    """A claim ends a snooze; `snooze off` after it said only "is not snoozed", as of a ticket
    never snoozed (a newcomer's find). It says who ended it, by what, and when."""
    ticket_id, _ = await open_ticket(world)
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 1h")
    world.clock.advance(minutes=3)
    assert await ask(world, BOB, SUPPORT, f"claim {ticket_id}") == f"{ticket_id} claimed"
    assert await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} off") == (
        f"{ticket_id} is not snoozed: its snooze ended at 09:03 UTC, when bob claimed it")


async def test_a_snooze_that_runs_out_is_said_on_the_card_before_its_step(
        world: World) -> None:
    """A snooze ending on its own (PagerDuty's snoozed incident coming back): the card loses its
    'snoozed until' when the snooze ends, not when the step comes (09:06, the step at 09:15),
    with a thread line, a history entry and an audit row, once; a snooze that held the step
    back ends first, then the step fires with its notice, once."""
    ticket_id, ts = await open_ticket(world)  # 09:00; step 1 due at 09:15
    world.clock.advance(minutes=1)
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 5m")  # until 09:06
    await world.a.outbox.drain()
    assert "snoozed until 09:06 UTC" in card_text(world, ts)
    world.clock.advance(minutes=5)  # 09:06: the snooze is over
    await world.timers()
    assert "snoozed until" not in card_text(world, ts)
    assert thread_notes(world, ts)[-1] == "snooze ended: was snoozed until 09:06 UTC"
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.snoozed_until is None
    entry = ticket.history[-1]
    assert (entry.actor, entry.action, entry.detail) == (
        "socialops", "snooze ended", "was snoozed until 09:06 UTC")
    [row] = [e for e in await world.a.store.audit_since(None)
             if e.action == "ticket.snooze_ended"]
    assert row.before is not None and row.before["snoozed_until"] is not None
    assert await escalations_of(world, ticket_id) == []  # the step keeps its own time
    assert await ask(world, BOB, SUPPORT, f"snooze {ticket_id} off") == \
        f"{ticket_id} is not snoozed: its snooze ended at 09:06 UTC"
    world.clock.advance(minutes=9)  # 09:15
    await world.timers()
    assert await escalations_of(world, ticket_id) == [STEP1]

    # a snooze past step 2's time (09:45): it ends at 10:16, then the step, in that order
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 1h")  # until 10:15
    world.clock.advance(minutes=10)
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 51m")  # moved to 10:16
    world.clock.advance(minutes=50)  # 10:15: the first snooze's end no longer ends it
    await world.timers()
    assert "snoozed until 10:16 UTC" in card_text(world, ts)
    world.clock.advance(minutes=1)
    await world.timers()
    world.clock.advance(seconds=30)  # the notice's batch
    await world.timers()
    notes = thread_notes(world, ts)
    assert notes[-2:] == ["snooze ended: was snoozed until 10:16 UTC",
                          "escalated: step 2 of support-default"], notes
    assert "snoozed until" not in card_text(world, ts)
    assert await escalations_of(world, ticket_id) == [STEP1, "step 2 of support-default"]
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None
    assert [e.action for e in ticket.history].count("snooze ended") == 2
    world.clock.advance(hours=2)
    await world.timers()
    assert thread_notes(world, ts) == notes  # nothing more


async def test_a_claimed_tickets_snooze_that_runs_out_is_said_once(world: World) -> None:
    """A claimed ticket has no step to fire; its snooze's end is still its thread line and its
    history's (before, nothing was written: its 'snoozed until' stayed for ever)."""
    ticket_id, ts = await open_ticket(world)
    await ask(world, BOB, SUPPORT, f"claim {ticket_id}")
    await ask(world, BOB, SUPPORT, f"snooze {ticket_id} 30m")
    world.clock.advance(minutes=29, seconds=59)
    await world.timers()
    assert not [n for n in thread_notes(world, ts) if n.startswith("snooze ended")]
    world.clock.advance(seconds=1)
    await world.timers()
    world.clock.advance(hours=1)
    await world.timers()
    assert [n for n in thread_notes(world, ts) if n.startswith("snooze ended")] == [
        "snooze ended: was snoozed until 09:30 UTC"]
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.snoozed_until is None
    assert (ticket.status, ticket.claimer) == ("claimed", "bob")
    assert await escalations_of(world, ticket_id) == []
    # ended by a person first, the timer finds nothing to end
    await ask(world, BOB, SUPPORT, f"snooze {ticket_id} 10m")
    await ask(world, BOB, SUPPORT, f"snooze {ticket_id} off")
    world.clock.advance(minutes=30)
    await world.timers()
    assert [n for n in thread_notes(world, ts) if n.startswith("snooze ended")] == [
        "snooze ended: was snoozed until 09:30 UTC"]


async def test_a_resolve_ends_a_snooze_and_a_reopened_ticket_is_not_snoozed(
        world: World) -> None:
    """Resolving a snoozed ticket ends its snooze in the same write: reopened within the
    snooze's time, the card and the queue show it open, and the snooze's end says nothing."""
    ticket_id, ts = await open_ticket(world)
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 2h")
    world.clock.advance(minutes=5)
    assert await ask(world, ALICE, SUPPORT, f"resolve {ticket_id}") == f"{ticket_id} resolved"
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.snoozed_until is None
    [row] = [e for e in await world.a.store.audit_since(None)
             if e.action == "ticket.resolved"]
    assert row.after is not None and row.after["snoozed_until"] is None
    assert await ask(world, ALICE, SUPPORT, f"reopen {ticket_id}") == f"{ticket_id} reopened"
    await world.a.outbox.drain()
    assert "snoozed until" not in card_text(world, ts)
    assert "snoozed" not in await ask(world, ALICE, SUPPORT, "tickets open")
    assert await ask(world, BOB, SUPPORT, f"snooze {ticket_id} off") == \
        f"{ticket_id} is not snoozed: its snooze ended at 09:05 UTC, when alice resolved it"
    world.clock.advance(hours=3)
    await world.timers()
    assert not [n for n in thread_notes(world, ts) if n.startswith("snooze ended")]


async def test_a_snooze_stored_before_its_end_was_a_timer_ends_after_an_upgrade(
        world: World) -> None:
    """A claimed ticket snoozed by the release before aad170c has no `snooze:` timer and no
    step to fire: nothing ended its snooze (the commit's own held-step path needs a step).
    Started on the new release, the app arms the missing end, once, across restarts."""
    ticket_id, ts = await open_ticket(world)
    await ask(world, BOB, SUPPORT, f"claim {ticket_id}")
    await ask(world, BOB, SUPPORT, f"snooze {ticket_id} 30m")  # until 09:30
    fx = Effects()
    fx.cancel(K.timer(K.SNOOZE, ticket_id))  # as the earlier release stored it: no timer
    assert await world.a.store.apply(fx)
    await world.restart()
    await world.a.start()  # as `socialops run` starts
    world.clock.advance(minutes=31)
    await world.timers()
    await world.restart()
    await world.a.start()  # a second start arms nothing: the snooze has ended
    world.clock.advance(hours=1)
    await world.timers()
    assert [n for n in thread_notes(world, ts) if n.startswith("snooze ended")] == [
        "snooze ended: was snoozed until 09:30 UTC"]
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.snoozed_until is None
    assert await world.a.store.timer_due(K.timer(K.SNOOZE, ticket_id)) is None
