"""A process busy in one timer for longer than ``OUTAGE_AFTER`` is a process running (an SRE's
review), on a real SQLite file and a real redis-server.

The beat was written only between timers: a handler that ran six minutes (a slow digest
summarised by a model, a send stuck on a platform that did not answer) left ``_alive`` six
minutes old, so the beat after it recorded an outage, and the next digest card and escalation
notice said the bot was not running while this very process ran. A process whose event loop
runs now beats while a handler runs too; one whose loop stopped (suspended, ``kill -STOP``)
still does not, and is an outage as before (``test_uptime``)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.core import keys as K
from bot.core.effects import Effects
from bot.core.ports import DueTimer, Store
from bot.engine.effects import Applier
from bot.engine.timers import Timers
from bot.engine.uptime import OUTAGE_AFTER, Uptime, parse_outages
from tests.conftest import FakeClock

T0 = datetime(2026, 12, 3, 9, 10, tzinfo=UTC)


async def test_a_handler_running_past_the_outage_span_is_no_outage(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    a, b = two_stores
    clock.now = T0
    up = Uptime(a, Applier(a), clock=clock)
    beaten = asyncio.Event()

    async def beat() -> None:
        await up.beat()
        beaten.set()

    missed: list[datetime] = []

    async def slow(timer: DueTimer) -> None:
        # ten minutes of the process's clock in one handler, the event loop running
        for _ in range(10):
            beaten.clear()
            clock.advance(minutes=1)
            if missed:
                continue  # no beat comes: the rest of the ten minutes at once
            try:  # a guard, not a measure: the beat that follows the minute, if any
                await asyncio.wait_for(beaten.wait(), 10)
            except TimeoutError:
                missed.append(clock())

    timers = Timers(a, clock=clock, beat=beat, lease_seconds=3600, beat_every=0)
    timers.register("slow", slow)
    fx = Effects()
    fx.schedule(K.timer("slow", "digest"), T0, "")
    await Applier(a).apply(fx)
    await up.starting()
    assert await timers.fire_due() == 1
    await timers.fire_due()  # the beat before the next take: no gap of its own
    assert up.outages == [] and not up.down_at(T0 + OUTAGE_AFTER + timedelta(minutes=1))
    other = Uptime(b, Applier(b), clock=clock)  # a process starting now finds none either
    await other.starting()
    assert other.outages == []
    assert parse_outages(await b.get_cursor(K.OUTAGES)) == []
    assert missed == []  # before: no beat at all while the handler ran
