"""One damaged ticket among good ones, on both real stores, through the ticket service, its
queue, its timers and the team report: every listing goes on without it (before, each raised
pydantic's ValidationError, for everyone); an action on that ticket is refused in one line
(``UnreadableRecord``, a Refusal) and writes nothing over it. The store side of each kind is
``tests/store/test_damaged_records.py``."""

from __future__ import annotations

import logging

import pytest

from bot.core import keys as K
from bot.core.errors import UnreadableRecord
from bot.core.ports import Store
from handlers.queue import TicketQuery
from handlers.ticket_report import team_report
from tests.conftest import FakeClock
from tests.handlers.test_unclaimed_for import queue
from tests.store.test_damaged_records import damage
from tests.support.tickets_day import DAY, Day


async def test_one_damaged_ticket_leaves_the_others_listed_escalated_and_reported(
        store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    d = Day(store, clock)
    await d.at(10, 0)
    ids = [await d.open("support") for _ in range(3)]
    assert ids == ["T-1", "T-2", "T-3"]
    stored = await damage(store, "ticket", "T-2", "wrong type")
    caplog.set_level(logging.WARNING)

    page = await queue(d).page(TicketQuery(), "bob")
    assert [r.id for r in page.rows] == ["T-1", "T-3"]
    with pytest.raises(UnreadableRecord) as exc:
        await queue(d).look_up("T-2")
    assert str(exc.value).startswith("ticket T-2 cannot be read: its stored record is damaged "
                                     "(signal_id: Input should be a valid string); restore it "
                                     "from a backup of the store, or see it as stored: ")
    for act in (d.tickets.claim("T-2", "alice"), d.tickets.resolve("T-2", "alice"),
                d.tickets.tag("T-2", "alice", ["vip"])):
        with pytest.raises(UnreadableRecord):
            await act
    assert (await d.tickets.claim("T-3", "alice")).ok

    # step 1 of the chain (10 min): T-1's notice goes out; T-2's timer fails on its own
    await d.at(10, 30)
    notice = await store.get_outbox("escnote:console|support|chain|0:T-1@support")
    assert notice is not None and notice.card.text.startswith("T-1 has been unclaimed")
    tickets = await store.tickets_opened(DAY.replace(hour=9), DAY.replace(hour=11))
    report = team_report(tickets, since=DAY.replace(hour=9), until=DAY.replace(hour=11),
                         by="route")
    assert report.total.tickets == 2
    assert await store.get_raw(K.TICKET, "T-2") == stored  # nothing wrote over it
    assert store.unreadable_records()["ticket"] >= 2
    assert not [r for r in caplog.records if r.exc_info and "T-2" in r.getMessage()]
