"""Source health after every bot process was down (a bad deploy over lunch), on a real SQLite
file and a real redis-server, two processes' connections, injected clock.

The process that polls ``brand`` beat and polled at 09:10, then nothing ran for 3 hours. The
first process back takes the overdue ``health`` timer at once, before its pollers wrote a
poll (a stream writes its first a minute after it connects). Before, it said in the ops
channel ``Source brand is not polled: No process has polled it since 09:10 (3 h) ... is a
worker running?``, and a minute later ``polled again``: a false alarm of an outage the
process itself ended. The hours no process ran (``Uptime.outages``) are not counted as a
source left unpolled; a source still unpolled that long after the restart is said as before.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core import keys as K
from bot.core.config import HealthConfig
from bot.core.effects import Effects
from bot.core.models import ChannelRef
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.timers import Timers
from bot.engine.uptime import Uptime
from handlers.source_health import SourceHealth, Watched, record_polled
from tests.conftest import FakeClock

T0 = datetime(2026, 12, 3, 9, 10, tzinfo=UTC)
OPS = ChannelRef(workspace="console", channel="ops")


async def notices(store: Store) -> list[str]:
    items = await store.list_outbox(status="pending", limit=1000)
    return [f"{i.card.title}: {i.card.text}" for i in items]


def process(store: Store, clock: FakeClock) -> tuple[Uptime, SourceHealth, Timers]:
    """One bot process as compose wires it: its uptime, its health check, its timers."""
    up = Uptime(store, Applier(store), clock=clock)
    health = SourceHealth(store, Applier(store), cfg=HealthConfig(), clock=clock,
                          sources=[Watched("brand", 60.0)], ops=OPS,
                          outages=lambda: up.outages)
    timers = Timers(store, clock=clock, beat=up.beat)
    timers.register(K.SOURCE_HEALTH, health.check)
    return up, health, timers


async def test_the_hours_no_process_ran_are_no_source_left_unpolled(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    before, after = two_stores
    clock.now = T0
    up, health, timers = process(before, clock)
    await up.starting()
    fx = Effects()
    health.arm(fx)
    record_polled(fx, "brand", clock(), last=None)
    await Applier(before).apply(fx)
    assert await timers.fire_due() == 1  # beats, checks: polled just now
    clock.advance(hours=3)  # every process down over lunch

    up2, health2, timers2 = process(after, clock)
    await up2.starting()
    assert up2.outages, "the outage is recorded"
    assert await timers2.fire_due() == 1  # the overdue check, before any poll of this one
    assert await notices(after) == [], "no process ran: nobody left the source unpolled"
    assert "not polled" not in (await health2.describe(["brand"]))["brand"]

    # still unpolled past the bound (max(3 x 60 s, 2 min)) after the restart: said, once
    for _ in range(4):
        clock.advance(minutes=1)
        assert await timers2.fire_due() == 1
    said = await notices(after)
    assert len(said) == 1 and said[0].startswith("Source brand is not polled: No process has "
                                                 "polled it since 2026-12-03 09:10 UTC"), said
    assert (await health2.describe(["brand"]))["brand"].startswith("not polled since 09:10")
