"""A workspace with ``timezone: Europe/Berlin`` reads the times the bot shows on its own clock
too (as a snooze's end already was): ``tickets`` and ``status`` said an SLA due only in UTC,
so a Berlin team did the sum to know when the ticket went overdue. Through Slack's signed
request path; across the night the clocks change, the local time is the new one's."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.test_home import home_of
from tests.e2e.test_queue import ask
from tests.e2e.test_snooze_until import world  # noqa: F401 (the Berlin workspace's world)
from tests.e2e.test_tickets import open_ticket
from tests.e2e.test_unsnooze import thread_notes
from tests.e2e.world import ALICE, CAROL, DAVE, MARKETING, SUPPORT, World

# the clock starts on Monday 2026-11-23 at 09:00 UTC (10:00 in Berlin); the route's SLA is 60m


async def test_the_queue_and_status_say_the_sla_on_the_workspaces_clock(
        world: World) -> None:  # noqa: F811
    ticket_id, _ = await open_ticket(world)
    [card] = [m for m in world.posts(SUPPORT) if ticket_id in str(m.get("text"))]
    assert "2026-11-23 10:00 UTC (11:00 Europe/Berlin)" in str(card["blocks"]), card
    queue = await ask(world, ALICE, SUPPORT, "tickets")
    assert "SLA due 10:00 UTC (11:00 Europe/Berlin, in 1 h)" in queue, queue
    status = await ask(world, ALICE, SUPPORT, f"status {ticket_id}")
    assert "SLA due 2026-11-23 10:00 UTC (11:00 Europe/Berlin)" in status, status
    world.clock.advance(minutes=90)
    queue = await ask(world, ALICE, SUPPORT, "tickets")
    assert "OVERDUE by 30 min (SLA 10:00 UTC, 11:00 Europe/Berlin)" in queue, queue


async def test_an_sla_across_the_night_the_clocks_go_forward(world: World) -> None:  # noqa: F811
    """Opened at 01:30 in Berlin (00:30 UTC) on 2027-03-28, the SLA an hour later is 03:30 on
    Berlin's clock: at 02:00 it went to 03:00."""
    world.clock.advance(seconds=(datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
                                 - world.clock()).total_seconds())
    await open_ticket(world)
    queue = await ask(world, ALICE, SUPPORT, "tickets")
    assert "SLA due 01:30 UTC (03:30 Europe/Berlin, in 1 h)" in queue, queue


async def test_a_mute_says_its_end_on_the_workspaces_clock(world: World) -> None:  # noqa: F811
    """`mute S-1 2h` answered 'muted until 2026-11-23 11:00 UTC', and `list` the same."""
    assert (await ask(world, DAVE, MARKETING, "subscribe pricing")).startswith("S-1 created")
    answer = await ask(world, DAVE, MARKETING, "mute S-1 2h")
    assert answer == "S-1 muted until 2026-11-23 11:00 UTC (12:00 Europe/Berlin)", answer
    listed = await ask(world, DAVE, MARKETING, "list")
    assert "muted until 2026-11-23 11:00 UTC (12:00 Europe/Berlin)" in listed, listed


async def test_a_snooze_past_the_sla_and_its_end_say_both_clocks(
        world: World) -> None:  # noqa: F811
    """The SLA a snooze passes and the escalation step `snooze off` names were said in UTC
    alone, beside a snooze's end said on both clocks."""
    ticket_id, _ = await open_ticket(world)
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 2h")
    assert ", after the SLA (10:00 UTC, 11:00 Europe/Berlin): the ticket will be overdue" \
        in answer, answer
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} off")
    assert "is due at 09:15 UTC (10:15 Europe/Berlin)" in answer, answer


async def test_a_route_mute_says_its_end_on_the_workspaces_clock(
        world: World) -> None:  # noqa: F811
    answer = await ask(world, CAROL, SUPPORT, "mute support 2h launch")
    assert answer == "route support muted until 2026-11-23 11:00 UTC (12:00 Europe/Berlin)", \
        answer


async def test_the_cards_thread_says_the_sla_passing_and_a_snooze_ending_on_both_clocks(
        world: World) -> None:  # noqa: F811
    """The thread lines the timers write under a Berlin workspace's card said their time in
    UTC alone ('SLA passed at 10:00 UTC', 'was snoozed until 09:06 UTC') beside a card
    saying it on both clocks; the history and the audit keep UTC."""
    ticket_id, ts = await open_ticket(world)  # 09:00 UTC; the SLA at 10:00
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 5m")  # until 09:05
    world.clock.advance(minutes=5)
    await world.timers()
    assert thread_notes(world, ts)[-1] == \
        "snooze ended: was snoozed until 09:05 UTC (10:05 Europe/Berlin)", thread_notes(world, ts)
    world.clock.advance(minutes=56)  # 10:01: the SLA passed
    await world.timers()
    assert f"SLA passed at 10:00 UTC (11:00 Europe/Berlin): {ticket_id} is overdue" in \
        thread_notes(world, ts), thread_notes(world, ts)
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None
    assert [e.detail for e in ticket.history if e.action in ("snooze ended", "overdue")] == [
        "was snoozed until 09:05 UTC", "SLA passed at 10:00 UTC"]


async def test_the_home_tab_says_the_sla_a_snooze_and_a_mute_on_the_workspaces_clock(
        world: World) -> None:  # noqa: F811
    """Slack's Home tab listed tickets and subscriptions as `tickets` did before: 'SLA due 10:00
    UTC (in 1 h)', 'snoozed until 09:30 UTC' and 'muted until 2026-11-23 11:00 UTC', beside
    an approval's time said on the workspace's clock in the same tab."""
    ticket_id, _ = await open_ticket(world)
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 30m")
    assert (await ask(world, ALICE, SUPPORT, "subscribe pricing")).startswith("S-1 created")
    await ask(world, ALICE, SUPPORT, "mute S-1 2h")
    assert await world.open_home(ALICE) == 200
    home = await home_of(world, ALICE)
    assert "snoozed until 09:30 UTC (10:30 Europe/Berlin)" in home, home
    assert "SLA due 10:00 UTC (11:00 Europe/Berlin, in 1 h)" in home, home
    assert "muted until 2026-11-23 11:00 UTC (12:00 Europe/Berlin)" in home, home
