"""How long a ticket has waited unclaimed, on both real stores with the injected clock: an
escalation notice, the queue (and so App Home, which shows its lines) and ``status`` count from
when the ticket was last left unclaimed (its opening, an unclaim, a reopen, a claim an escalate
released), as Grafana OnCall's and PagerDuty's escalations re-trigger an acknowledged alert, and
name the opening too when it was earlier. The team report's time to claim still runs from the
opening (``tests/handlers/test_ticket_report.py``)."""

from __future__ import annotations

from bot.core.ports import Store
from handlers.identity import Directory
from handlers.queue import Found, TicketQuery, TicketQueue
from tests.conftest import FakeClock
from tests.support.tickets_day import DAY, HITS, Day


async def notice(d: Day, ticket_id: str, *, step: int = 0) -> str:
    """The text of the step's notice in #support, once its timer (30 s on) has fired, less
    its closing line naming the next step (tests/e2e/test_review_notice_next_step.py)."""
    d.clock.advance(seconds=30)
    await d.timers.fire_due()
    group = f"console|support|chain|{step}"
    item = await d.store.get_outbox(f"escnote:{group}:{ticket_id}@support")
    assert item is not None
    sentence, _, after = item.card.text.partition("\nNext: step ")
    assert after.endswith("claimed first."), item.card.text
    return sentence


def queue(d: Day) -> TicketQueue:
    return TicketQueue(d.store, clock=d.clock, directory=Directory([]),
                       channels={n: d.tickets.channels[n] for n in HITS})


async def released_by_an_escalate(d: Day) -> str:
    """A ticket opened at 10:00, claimed by alice at 10:05, escalated by bob at 10:40."""
    await d.at(10, 0)
    ticket_id = await d.open("support")
    await d.at(10, 5)
    assert (await d.tickets.claim(ticket_id, "alice")).ok
    await d.at(10, 40)
    assert (await d.tickets.escalate(ticket_id, "bob", "VIP")).ok
    return ticket_id


async def test_a_claim_released_by_an_escalate_starts_the_wait_again(
        store: Store, clock: FakeClock) -> None:
    """Held by alice from 10:05 to 10:40, when bob's escalate released it: the notice said
    'unclaimed for 40 min' of a ticket that had waited five."""
    d = Day(store, clock)
    ticket_id = await released_by_an_escalate(d)
    assert await notice(d, ticket_id) == (f"{ticket_id} has been unclaimed for less than a "
                                          "minute, since 10:40 UTC (opened 40 min ago).")

    await d.at(10, 52)
    page = await queue(d).page(TicketQuery(), "bob")
    [line] = [TicketQueue.line(r, clock()) for r in page.rows]
    assert line.startswith(f"• {ticket_id} · P2 · unclaimed for 12 min · 52 min old · ")
    found = await queue(d).look_up(ticket_id)
    assert isinstance(found, Found)
    status = queue(d).describe(found)
    assert status.startswith(f"{ticket_id}: open, unclaimed for 12 min, P2 · opened "
                             f"{DAY:%Y-%m-%d} 10:00 UTC (52 min ago) · ")


async def test_an_unclaim_starts_the_wait_again_and_a_step_after_it_says_so(
        store: Store, clock: FakeClock) -> None:
    d = Day(store, clock)
    await d.at(10, 0)
    ticket_id = await d.open("support")
    await d.at(10, 5)
    assert (await d.tickets.claim(ticket_id, "alice")).ok
    await d.at(10, 30)
    assert (await d.tickets.unclaim(ticket_id, "alice")).ok
    await d.at(10, 40)  # step 1, ten minutes after the unclaim
    assert await notice(d, ticket_id) == (  # who put it back, so the channel knows (94917ef)
        f"{ticket_id} has been unclaimed for 10 min, since 10:30 UTC (opened 40 min ago). "
        f"alice put {ticket_id} back at 10:30 UTC.")


async def test_a_reopen_starts_the_wait_again(store: Store, clock: FakeClock) -> None:
    d = Day(store, clock)
    await d.at(10, 0)
    ticket_id = await d.open("support")
    await d.at(10, 2)
    assert (await d.tickets.resolve(ticket_id, "bob")).ok
    await d.at(11, 0)
    assert (await d.tickets.reopen(ticket_id, "carol")).ok
    await d.at(11, 25)
    page = await queue(d).page(TicketQuery(), "bob")
    [row] = page.rows
    assert TicketQueue.line(row, clock()).startswith(
        f"• {ticket_id} · P2 · unclaimed for 25 min · 1 h 25 min old · ")


async def test_a_ticket_never_claimed_has_waited_since_it_opened(
        store: Store, clock: FakeClock) -> None:
    """An escalate of an open ticket releases nothing, whatever its reason says: a reason
    reading like a released claim does not move the count."""
    d = Day(store, clock)
    await d.at(10, 0)
    ticket_id = await d.open("support")
    await d.at(10, 3)
    assert (await d.tickets.escalate(ticket_id, "bob", "alice's claim released")).ok
    assert await notice(d, ticket_id) == (
        f"{ticket_id} has been unclaimed for 3 min, since it opened.")
    await d.at(10, 50)
    [row] = (await queue(d).page(TicketQuery(), "bob")).rows
    assert TicketQueue.line(row, clock()).startswith(
        f"• {ticket_id} · P2 · unclaimed · 50 min old")


async def test_a_claim_released_this_minute_reads_as_a_row_and_as_a_sentence_say_it(
        store: Store, clock: FakeClock) -> None:
    """The queue (so App Home) and status said 'unclaimed for 0 min' of a claim released
    moments ago; their rows say '<1 min' beside '40 min old'. The step's notice is a sentence,
    and said 'has been unclaimed for <1 min': it says 'less than a minute'."""
    d = Day(store, clock)
    ticket_id = await released_by_an_escalate(d)
    [row] = (await queue(d).page(TicketQuery(), "bob")).rows
    assert TicketQueue.line(row, clock()).startswith(
        f"• {ticket_id} · P2 · unclaimed for <1 min · 40 min old · ")
    found = await queue(d).look_up(ticket_id)
    assert isinstance(found, Found)
    assert queue(d).describe(found).startswith(f"{ticket_id}: open, unclaimed for <1 min, P2 · ")
    assert await notice(d, ticket_id) == (f"{ticket_id} has been unclaimed for less than a "
                                          "minute, since 10:40 UTC (opened 40 min ago).")


async def test_a_ticket_escalated_as_it_opened_has_waited_less_than_a_minute(
        store: Store, clock: FakeClock) -> None:
    d = Day(store, clock)
    await d.at(10, 0)
    ticket_id = await d.open("support")
    assert (await d.tickets.escalate(ticket_id, "bob", "VIP")).ok
    assert await notice(d, ticket_id) == (
        f"{ticket_id} has been unclaimed for less than a minute, since it opened.")


async def test_a_ticket_opened_this_minute_is_less_than_a_minute_old(
        store: Store, clock: FakeClock) -> None:
    """'0 min old' and 'opened 10:00 UTC (0 min ago)' read as a ticket of no age at all,
    beside '<1 min' for how long it has waited."""
    d = Day(store, clock)
    await d.at(10, 0)
    ticket_id = await d.open("support")
    page = await queue(d).page(TicketQuery(), "bob")
    [line] = [TicketQueue.line(r, clock()) for r in page.rows]
    assert line.startswith(f"• {ticket_id} · P2 · unclaimed · <1 min old · ")
    found = await queue(d).look_up(ticket_id)
    assert isinstance(found, Found)
    assert f"opened {DAY:%Y-%m-%d} 10:00 UTC (<1 min ago) · " in queue(d).describe(found)
