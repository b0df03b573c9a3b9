"""An ``escalate`` whose reason draws nothing (a braille blank, a Hangul filler, a soft
hyphen: what a person types to get past a required field) is taken as no reason, as
``resolve``'s note and ``withdraw``'s reason are: it used to be kept, so the ticket's history,
the audit row and the card's thread line read "alice's claim released: " followed by nothing a
reader sees."""

from __future__ import annotations

import pytest

from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.handlers.test_escalate_claimed import claimed_ticket
from tests.support.tickets_day import Day


@pytest.mark.parametrize("blank", ["\u2800", "\u3164 \u115f", "\u00ad", " \u200b "])
async def test_a_blank_escalate_reason_is_no_reason(
        store: Store, clock: FakeClock, blank: str) -> None:
    d = Day(store, clock)
    ticket_id = await claimed_ticket(d)
    await d.at(10, 7)
    assert (await d.tickets.escalate(ticket_id, "bob", blank)).ok

    ticket = await store.get_ticket(ticket_id)
    assert ticket is not None
    assert ticket.history[-1].detail == "alice's claim released"
    [row] = [e for e in await store.audit_since(None) if e.action == "ticket.escalate"]
    assert row.detail == "step 1 of chain, by hand, alice's claim released"
