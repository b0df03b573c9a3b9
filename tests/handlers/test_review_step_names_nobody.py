"""An escalation step that names nobody to ping (no ``notify_users``, ``notify_groups``,
``schedule`` nor ``channel``), as a PagerDuty user meets it (2026-12-07): PagerDuty refuses an
escalation rule with no target; here such a step posted its notice in the ticket's channel
pinging nobody, and ``escalate T-3`` answered ``escalated: step 1 of chain`` as if someone had
been paged. The notice and the reply now say nobody was pinged, and what to add. On a real
SQLite file and a real redis-server."""

from __future__ import annotations

from bot.core.models import EscalationPolicy, EscalationStep
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.support.tickets_day import Day

# steps naming nobody to ping and no channel to post to
BARE = EscalationPolicy(name="chain", steps=(EscalationStep(after_minutes=10),
                                             EscalationStep(after_minutes=20)))

NAMES_NOBODY = ("step 1 of chain names nobody to ping: add notify_users, notify_groups or "
                "schedule to it under escalations: in socialops.yaml")


async def test_a_step_naming_nobody_is_said_in_its_notice(store: Store,
                                                         clock: FakeClock) -> None:
    d = Day(store, clock)
    d.tickets.escalations = {"chain": BARE}
    await d.at(10, 0)
    ticket_id = await d.open("support")
    await d.at(10, 11)  # step 1 at 10:10
    await d.timers.fire_due()  # its notice, batch_seconds later
    clock.advance(minutes=1)
    await d.timers.fire_due()
    item = await store.get_outbox(f"escnote:console|support|chain|0:{ticket_id}@support")
    assert item is not None
    assert f"Nobody was pinged: {NAMES_NOBODY}." in item.card.text, item.card.text


async def test_escalate_says_the_step_notifies_nobody(store: Store, clock: FakeClock) -> None:
    d = Day(store, clock)
    d.tickets.escalations = {"chain": BARE}
    await d.at(10, 0)
    ticket_id = await d.open("support")
    reply = await d.tickets.escalate(ticket_id, "bob")
    assert reply.text == (f"{ticket_id} escalated: step 1 of chain (notifies nobody: "
                          f"{NAMES_NOBODY})"), reply.text


async def test_a_step_posting_to_a_channel_names_someone(store: Store,
                                                         clock: FakeClock) -> None:
    """A step with a channel: its notice there is the page, as before."""
    d = Day(store, clock)
    await d.at(10, 0)
    ticket_id = await d.open("support")
    assert (await d.tickets.escalate(ticket_id, "bob")).text == \
        f"{ticket_id} escalated: step 1 of chain"
