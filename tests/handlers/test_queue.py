"""The ticket queue service on both real stores: listing reads only open and claimed tickets
through the status index (never the resolved history), sorts overdue work first, pages at 20
rows, and filters by team (a channel or a people group) and priority, P1 first."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.core.config import ChannelConfig, PersonConfig
from bot.core.errors import Refusal
from bot.core.models import ChannelRef, Priority, Ticket
from bot.core.ports import Store
from handlers.identity import Directory
from handlers.queue import TicketQuery, TicketQueue
from tests.conftest import FakeClock
from tests.support.stores import create


class Counting:
    """The store, noting which statuses the queue listed."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.listed: list[str | None] = []

    async def list_tickets(self, *, status: str | None = None) -> list[Ticket]:
        self.listed.append(status)
        return await self.inner.list_tickets(status=status)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def ticket(n: int, clock: FakeClock, *, status: str = "open", claimer: str | None = None,
           sla_minutes: int | None = 60, channel: str = "support",
           priority: Priority | None = None) -> Ticket:
    at = clock() + timedelta(minutes=n)
    return Ticket(id=f"T-{n}", status=status, signal_id=f"x:{n}", route="support",  # type: ignore[arg-type]
                  customer_key=f"x:c{n}", conversation_key=f"x:{n}", created_at=at,
                  claimer=claimer, channels=(ChannelRef(workspace="console", channel=channel),),
                  sla_due=at + timedelta(minutes=sla_minutes) if sla_minutes else None,
                  priority=priority)


def queue(store: Any, clock: FakeClock) -> TicketQueue:
    people = [PersonConfig(id="alice", groups=("support",)),
              PersonConfig(id="bob", groups=("billing",))]
    channels = {"support": ChannelConfig(workspace="console", id="support"),
                "sales": ChannelConfig(workspace="console", id="sales")}
    return TicketQueue(store, clock=clock, directory=Directory(people), channels=channels)


async def test_listing_reads_open_and_claimed_only_and_pages_at_twenty(
        store: Store, clock: FakeClock) -> None:
    for n in range(1, 24):
        assert await create(store, ticket(n, clock))
    for n in range(24, 29):
        assert await create(store, ticket(n, clock, status="claimed", claimer="alice"))
    for n in range(29, 229):  # the resolved history a listing must not read
        assert await create(store, ticket(n, clock, status="resolved"))
    counting = Counting(store)
    q = queue(counting, clock)
    page = await q.page(TicketQuery(), "alice")
    assert set(counting.listed) <= {"open", "claimed"} and None not in counting.listed
    assert page.total == 28 and len(page.rows) == 20 and page.more == 8
    text = q.render(page)
    assert text.splitlines()[0] == "28 tickets (open or claimed):"
    assert text.splitlines()[-1].startswith("… and 8 more")
    mine = await q.page(TicketQuery(mine=True), "alice")
    assert [r.id for r in mine.rows] == [f"T-{n}" for n in range(24, 29)]
    assert counting.listed[-1] == "claimed"


async def test_overdue_first_then_by_sla(store: Store, clock: FakeClock) -> None:
    assert await create(store, ticket(1, clock, sla_minutes=600))
    assert await create(store, ticket(2, clock, sla_minutes=10))
    assert await create(store, ticket(3, clock, sla_minutes=None))
    assert await create(store, ticket(4, clock, sla_minutes=30))
    clock.advance(minutes=20)
    q = queue(store, clock)
    page = await q.page(TicketQuery(), "alice")
    assert [r.id for r in page.rows] == ["T-2", "T-4", "T-1", "T-3"]
    assert [r.overdue for r in page.rows] == [True, False, False, False]
    overdue = await q.page(TicketQuery(overdue=True), "alice")
    assert [r.id for r in overdue.rows] == ["T-2"]
    assert "OVERDUE by 8 min" in q.render(overdue)


async def test_a_team_is_a_channel_or_a_people_group(store: Store, clock: FakeClock) -> None:
    assert await create(store, ticket(1, clock))
    assert await create(store, ticket(2, clock, channel="sales"))
    assert await create(store, ticket(3, clock, channel="sales", status="claimed",
                                      claimer="bob"))
    q = queue(store, clock)
    by_channel = q.query(["sales"])
    assert isinstance(by_channel, TicketQuery)
    assert [r.id for r in (await q.page(by_channel, "alice")).rows] == ["T-2", "T-3"]
    by_group = q.query(["billing", "mine"])
    assert isinstance(by_group, TicketQuery) and by_group.mine
    assert [r.id for r in (await q.page(by_group, "bob")).rows] == ["T-3"]
    with pytest.raises(Refusal) as refused:
        q.query(["overdue", "nosuch"])
    assert "no team 'nosuch'" in refused.value.message
    assert "billing, sales, support" in refused.value.message
    with pytest.raises(Refusal) as refused:
        q.query(["sales", "support"])
    assert refused.value.message == (
        "one team at a time; usage: tickets [mine|open|claimed|overdue] [p1..p5|none] [tag=..] "
        "[team]")


async def test_p1_first_then_overdue_and_a_priority_keeps_its_tickets(
        store: Store, clock: FakeClock) -> None:
    """Priority order, P1 first and tickets without one last; within one priority, overdue
    first, then by SLA. ``tickets p2`` keeps the P2 tickets, ``tickets p1 p2`` either."""
    assert await create(store, ticket(1, clock, sla_minutes=10))  # no priority, overdue
    assert await create(store, ticket(2, clock, sla_minutes=600, priority="P2"))
    assert await create(store, ticket(3, clock, sla_minutes=10, priority="P2"))  # overdue
    assert await create(store, ticket(4, clock, sla_minutes=600, priority="P1"))
    assert await create(store, ticket(5, clock, sla_minutes=600, priority="P5",
                                      status="claimed", claimer="alice"))
    clock.advance(minutes=20)
    q = queue(store, clock)
    page = await q.page(TicketQuery(), "alice")
    assert [(r.id, r.priority) for r in page.rows] == [
        ("T-4", "P1"), ("T-3", "P2"), ("T-2", "P2"), ("T-5", "P5"), ("T-1", None)]
    assert q.render(page).splitlines()[1].startswith("• T-4 · P1 · unclaimed · ")
    p2 = q.query(["P2"])
    assert p2.priorities == ("P2",)
    assert [r.id for r in (await q.page(p2, "alice")).rows] == ["T-3", "T-2"]
    both = q.query(["p2", "open", "p1", "support"])
    assert (both.priorities, both.open, both.team) == (("P1", "P2"), True, "support")
    page = await q.page(both, "alice")
    assert [r.id for r in page.rows] == ["T-4", "T-3", "T-2"]
    assert q.render(page).splitlines()[0] == "3 tickets (unclaimed, P1 or P2, team support):"
    assert q.render(await q.page(q.query(["p3"]), "alice")) == "no tickets (open or claimed, P3)"


async def test_none_keeps_the_tickets_without_a_priority_and_combines_as_p1_does(
        store: Store, clock: FakeClock) -> None:
    """``tickets none``: the tickets no route or person gave a priority; with ``p1`` either,
    none last; with ``open``, ``overdue`` and a team as any priority combines."""
    assert await create(store, ticket(1, clock, sla_minutes=10))  # no priority, overdue
    assert await create(store, ticket(2, clock, priority="P1"))
    assert await create(store, ticket(3, clock, priority="P2"))
    assert await create(store, ticket(4, clock, status="claimed", claimer="alice"))
    assert await create(store, ticket(5, clock, channel="sales"))
    clock.advance(minutes=20)
    q = queue(store, clock)
    none = q.query(["none"])
    assert none.priorities == (None,)
    page = await q.page(none, "alice")
    assert [r.id for r in page.rows] == ["T-1", "T-4", "T-5"]
    # "none" after the filters would read as no filter at all
    assert q.render(page).splitlines()[0] == "3 tickets (open or claimed, no priority):"
    either = q.query(["None", "p1"])
    assert either.priorities == ("P1", None)
    assert [r.id for r in (await q.page(either, "alice")).rows] == ["T-2", "T-1", "T-4", "T-5"]
    narrow = q.query(["open", "none", "support", "overdue"])
    assert (narrow.priorities, narrow.open, narrow.overdue, narrow.team) == (
        (None,), True, True, "support")
    page = await q.page(narrow, "alice")
    assert [r.id for r in page.rows] == ["T-1"]
    assert q.render(page).splitlines()[0] == (
        "1 ticket (unclaimed, overdue, no priority, team support):")
    assert q.render(await q.page(q.query(["mine", "p1", "none"]), "bob")) == \
        "no tickets (mine, P1 or no priority)"
    with pytest.raises(Refusal) as refused:
        q.query(["nothing"])
    assert refused.value.message.endswith(
        "filters are mine, open, claimed, overdue, p1 to p5 and none")


async def test_a_long_queue_is_counted_with_thousands_separators(
        store: Store, clock: FakeClock) -> None:
    """As every other count in an answer ('… and 99,943 more lines'); it read '1234 tickets'
    and '… and 1214 more'."""
    from dataclasses import replace

    for n in range(1, 21):
        assert await create(store, ticket(n, clock))
    q = queue(store, clock)
    page = replace(await q.page(TicketQuery(), "alice"), total=1_234)
    lines = q.render(page).splitlines()
    assert lines[0] == "1,234 tickets (open or claimed):"
    assert lines[-1].startswith("… and 1,214 more (narrow it down: ")
