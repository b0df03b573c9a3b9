"""One damaged ticket among good ones, on both real stores, through the ticket service, its
queue, its timers and the team report: every listing goes on without it (before, each raised
pydantic's ValidationError, for everyone); an action on that ticket is refused in one line
(``UnreadableRecord``, a Refusal) and writes nothing over it. The store side of each kind is
``tests/store/test_damaged_records.py``."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from bot.core import keys as K
from bot.core.cards import Card, OutboxItem
from bot.core.cards import delivery_id as short_id
from bot.core.config import OutboxConfig
from bot.core.effects import Effects
from bot.core.errors import UnreadableRecord
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from handlers.audit import Audit
from handlers.deliveries import Deliveries
from handlers.queue import TicketQuery
from handlers.ticket_report import team_report
from integrations.console.workspace import ConsoleWorkspace
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
    # one damaged ticket met by the queue, its timers and the report: counted once
    assert store.unreadable_records()["ticket"] == 1
    assert len([r for r in caplog.records if r.getMessage().startswith("skipped ticket T-2")]) == 1
    assert not [r for r in caplog.records if r.exc_info and "T-2" in r.getMessage()]


@pytest.mark.parametrize("burst", [1, 5])
async def test_a_damaged_card_at_a_channels_head_is_a_dead_delivery_and_the_rest_go_out(
        store: Store, clock: FakeClock, tmp_path: Path, burst: int) -> None:
    """Before, the worker claimed the damaged head at every drain and skipped it (a warning
    line and a count each time, twice a second): with a burst of 1 nothing behind it in its
    channel was ever posted; with more, the cards behind went out around it, and it stayed."""
    ws = ConsoleWorkspace("console", out=io.StringIO(), record_path=tmp_path / "r.jsonl")
    outbox = Outbox(store, {"console": ws}, clock=clock, owner="w1", lease_seconds=30,
                    config=OutboxConfig(burst=burst))
    for n in (1, 2, 3):
        assert await outbox.send(key=f"s{n}@support", workspace="console", channel="support",
                                 card=Card(kind="alert", key=f"s{n}", title=f"alert {n}"))
    await damage(store, "outbox", "s1@support", "cut short")
    for _ in range(3):
        await outbox.drain()
        clock.advance(seconds=5)
    assert [r["key"] for r in ws.records() if r["op"] == "post"] == ["s2", "s3"]
    assert store.unreadable_records() == {"outbox": 1}

    deliveries = Deliveries(store, clock=clock, audit=Audit(clock=clock), hint=lambda _: "")
    listed = (await deliveries.list_reply()).text
    assert listed.startswith(f"1 dead delivery:\n• {short_id('s1@support')} to "
                             "console:support, '(its stored record cannot be read)': delivery "
                             "s1@support cannot be read: its stored record is damaged (")
    # retry all sends the others again, and says which cannot be until restored
    assert await enqueue_dead(store, clock, "s4@support")
    reply = await deliveries.retry("all", "carol")
    assert (reply.ok, reply.text) == (True, (
        f"1 dead delivery sent again; {short_id('s1@support')} cannot be read: restore it "
        "from a backup of the store first (socialops outbox list says how to see it)"))
    one = await deliveries.retry(short_id("s1@support"), "carol")
    assert not one.ok and one.text.startswith("delivery s1@support cannot be read: ")


async def enqueue_dead(store: Store, clock: FakeClock, key: str) -> bool:
    fx = Effects()
    fx.send(OutboxItem.new(key=key, workspace="console", channel="support",
                           card=Card(kind="alert", key=key, title="t"), now=clock()))
    assert await store.apply(fx)
    claimed = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    assert [c.key for c in claimed] == [key]
    await store.retry_later(key, owner="w", at=clock(), error="not_in_channel", dead=True)
    return True
