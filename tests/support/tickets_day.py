"""A known day of tickets, made through the ticket service and its timers on a real store
(escalation steps and SLAs fired by ``Timers.fire_due`` as the injected clock moves), which
the team report's tests count: ``tests/handlers/test_ticket_report.py`` and
``tests/app/test_report_tickets.py``."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta

from bot.core import keys as K
from bot.core.cards import Reply
from bot.core.config import ChannelConfig, PersonConfig
from bot.core.effects import Effects
from bot.core.models import (
    Author,
    EscalationPolicy,
    EscalationStep,
    Mention,
    RouteHit,
    Signal,
)
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.timers import Timers
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.tickets import TicketService
from tests.conftest import FakeClock

DAY = datetime(2026, 11, 23, tzinfo=UTC)
SINCE, UNTIL = DAY.replace(hour=10), DAY.replace(hour=18)
# each step posts in the tickets' channel (a step naming nobody at all is said so in its
# notice: tests/handlers/test_review_step_names_nobody.py)
CHAIN = EscalationPolicy(name="chain", steps=(EscalationStep(after_minutes=10, channel="support"),
                                              EscalationStep(after_minutes=20, channel="support")))
HITS = {"support": RouteHit(route="support", action="ticket", workspace="console",
                            channel="support", sla_minutes=60, escalation="chain",
                            priority="P2"),
        "sales": RouteHit(route="sales", action="ticket", workspace="console",
                          channel="sales", sla_minutes=120)}


class Day:
    """The ticket service on a store, worked at the clock's times."""

    def __init__(self, store: Store, clock: FakeClock) -> None:
        self.store, self.clock = store, clock
        people = [PersonConfig(id="alice"), PersonConfig(id="bob"),
                  PersonConfig(id="carol", role="lead")]
        self.tickets = TicketService(
            store, Applier(store), clock=clock, audit=Audit(clock=clock),
            directory=Directory(people), escalations={"chain": CHAIN},
            channels={n: ChannelConfig(workspace="console", id=n) for n in HITS})
        self.timers = Timers(store, clock=clock)
        self.timers.register(K.ESCALATION, self.tickets.fire_escalation)
        self.timers.register(K.ESCALATION_NOTICE, self.tickets.fire_notice)
        self.timers.register(K.SLA, self.tickets.fire_sla)
        self.timers.register(K.SNOOZE, self.tickets.fire_snooze)
        self.opened = 0

    async def at(self, hour: int, minute: int = 0) -> None:
        """Move to that time, firing every timer due on the way, in order."""
        target = DAY.replace(hour=hour, minute=minute)
        while True:
            due = [d for d in [await self.store.timer_due(t) for t in self._timers()]
                   if d is not None and d <= target]
            if not due:
                break
            self.clock.now = max(self.clock.now, min(due))
            await self.timers.fire_due()
        self.clock.now = target

    def _timers(self) -> list[str]:
        ids = [f"T-{n}" for n in range(1, self.opened + 1)]
        return [K.timer(kind, i) for kind in (K.ESCALATION, K.SLA, K.SNOOZE) for i in ids]

    async def open(self, route: str, *, tags: tuple[str, ...] = ()) -> str:
        """A ticket of ``route``, opened now; ``tags``: the route's (``tags:`` in the rules)."""
        self.opened += 1
        n = self.opened
        m = Mention(id=f"mastodon:{n}", network="mastodon", source="m", text="acme is down",
                    author=Author(id=f"c{n}", handle=f"c{n}"), created_at=self.clock())
        hit = HITS[route].model_copy(update={"tags": tags}) if tags else HITS[route]
        fx = Effects()
        await self.tickets.open_or_attach(Signal(mention=m, routes=(hit,)), hit, fx, {})
        assert await self.store.apply(fx)
        return f"T-{n}"


async def worked_day(store: Store, clock: FakeClock) -> Day:
    """The day every figure below is counted from (the window is 10:00 to 18:00)."""
    d = Day(store, clock)
    done = d.tickets

    async def ok(answer: Awaitable[Reply]) -> None:
        reply = await answer
        assert reply.ok, reply.text

    await d.at(9, 30)
    t1 = await d.open("support")  # opened before the window: not counted, whatever it does
    await d.at(10, 0)
    t2 = await d.open("support", tags=("billing",))  # at the window's start: counted; its
    # route's tag billing
    await ok(done.claim(t1, "alice"))
    await d.at(10, 4)
    await ok(done.claim(t2, "alice"))  # 4 min
    await d.at(10, 10)
    t3 = await d.open("support")
    await d.at(10, 18)
    await ok(done.resolve(t3, "bob"))  # resolved without a claim: taken at 8 min, by bob
    await ok(done.tag(t3, "bob", ["billing", "vip"]))  # two tags: in two rows by tag
    await d.at(10, 30)
    await ok(done.resolve(t2, "alice"))  # 30 min, within its SLA
    t4 = await d.open("support")
    await d.at(10, 36)
    await ok(done.claim(t4, "alice"))  # 6 min: the first claim counts
    await d.at(10, 40)
    await ok(done.unclaim(t4, "alice"))
    await ok(done.set_priority(t4, "carol", "p1"))  # P2 -> P1: P1 in the report
    await ok(done.tag(t4, "carol", ["vip"]))
    await d.at(10, 45)
    await ok(done.claim(t4, "bob"))
    await d.at(11, 0)
    t5 = await d.open("support", tags=("billing",))  # escalates at 11:10 (step 1) and 11:30
    await d.at(11, 40)  # (step 2)
    await ok(done.claim(t5, "carol"))  # 40 min
    await ok(done.tag(t5, "carol", ["-billing", "refund"]))  # refund, not billing, at the end
    await d.at(11, 50)
    await ok(done.resolve(t5, "carol"))  # 50 min, within its SLA
    await d.at(12, 0)
    await ok(done.resolve(t4, "bob"))  # 90 min: its SLA (11:30) breached
    t6 = await d.open("support")
    await d.at(12, 2)
    await ok(done.claim(t6, "alice"))  # 2 min
    await ok(done.snooze(t6, "alice", timedelta(minutes=5)))  # stops no clock
    await d.at(12, 10)
    await ok(done.unclaim(t6, "alice", reassign_to="bob"))  # handed on
    await d.at(12, 20)
    await ok(done.resolve(t6, "bob"))
    await d.at(13, 0)
    await ok(done.reopen(t6, "carol"))
    t7 = await d.open("sales")  # never touched: open at the end, its SLA (15:00) breached
    await d.at(13, 5)
    await ok(done.resolve(t6, "bob"))  # resolved again: 65 min, after its SLA (13:00)
    await d.at(17, 0)
    t8 = await d.open("sales")
    await d.at(17, 30)
    await ok(done.claim(t8, "bob"))  # 30 min; held by bob at the end, within its SLA
    await ok(done.tag(t8, "bob", ["refund"]))  # taken away after the end: refund in the report
    await d.at(17, 50)
    t9 = await d.open("sales")
    await d.at(18, 0)
    t10 = await d.open("sales")  # at the window's end: not counted
    await d.at(18, 10)
    await ok(done.claim(t9, "alice"))  # after the end: unclaimed in the report
    await d.at(18, 30)
    await ok(done.resolve(t8, "bob"))  # after the end: open in the report
    await ok(done.resolve(t1, "alice"))
    await ok(done.set_priority(t7, "bob", "p3"))  # after the end: none in the report
    await ok(done.tag(t7, "bob", ["vip"]))  # after the end: untagged in the report
    await ok(done.tag(t8, "bob", ["-refund"]))
    assert (t7, t10) == ("T-7", "T-10")
    return d
