"""The timer loop's beat while a handler runs (``Timers._run``), at its edges, on a real
SQLite file and a real redis-server (a senior review of 2026-12-07's busy-timer beat).

Stopped (the process shutting down, its timer loop cancelled), the loop handed the
cancellation to the handler's task and returned at once: the handler's own clean-up (a store
write in its ``finally``, a lease given back) ran later, after the caller had gone on to close
the store. Before the beat, the handler was awaited in the loop, and was done with when the
cancellation reached the caller; so it is again."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.core import keys as K
from bot.core.effects import Effects
from bot.core.ports import DueTimer, Store
from bot.engine.effects import Applier
from bot.engine.timers import Timers
from tests.conftest import FakeClock

T0 = datetime(2026, 12, 3, 9, 10, tzinfo=UTC)


async def test_a_cancelled_loop_returns_once_its_handler_has_stopped(
        store: Store, clock: FakeClock) -> None:
    clock.now = T0
    beats: list[datetime] = []
    started, cleaned = asyncio.Event(), asyncio.Event()

    async def beat() -> None:
        beats.append(clock())

    async def long(timer: DueTimer) -> None:
        started.set()
        try:
            await asyncio.Event().wait()  # a send a platform holds
        finally:  # its clean-up meets the store, as a handler's does
            await store.set_cursor("clean-up", "done")
            cleaned.set()

    timers = Timers(store, clock=clock, beat=beat, beat_every=0.01)
    timers.register("long", long)
    fx = Effects()
    fx.schedule(K.timer("long", "x"), T0, "")
    await Applier(store).apply(fx)
    loop = asyncio.ensure_future(timers.fire_due())
    await started.wait()
    loop.cancel()
    with pytest.raises(asyncio.CancelledError):
        await loop
    # before: the loop returned with the handler's clean-up still to run
    assert cleaned.is_set()
    assert await store.get_cursor("clean-up") == "done"
