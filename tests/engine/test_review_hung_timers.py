"""A timer whose handler never ends, and one stopped mid-run (``Timers._run``), as an on-call
lead reviewing escalations reads them (2026-12-07), on a real SQLite file and a real
redis-server, two processes' connections to one store.

Hung: the loop beat every 20 s while a handler ran (so a long digest is no outage), and waited
for it however long: a handler that never ended (a send a platform never answers, a lock
never let go) held this process's timer loop for ever, every escalation step behind it
waiting, while the beat said the process ran. Its timer's lease lapsed, and the handler could
write nothing once another took it, yet the loop never gave it up. Now, once the lease has
ended, the handler is abandoned (cancelled, logged, counted): the timer fires again, as a
failed one does, and after ``max_attempts`` such runs it is set aside as a dead letter.

Stopped: a process stopping cancels the handler still running (after the stop's wait); the
timer stayed leased, so no other process fired it (an escalation step, a notice) until the
lease lapsed, a minute or more. Now the stop hands it back, due at once, its attempt not
counted (a stop is no failure)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import pytest

from bot.core import keys as K
from bot.core.effects import Effects
from bot.core.metrics import Metrics
from bot.core.ports import DueTimer, Store
from bot.engine.effects import Applier
from bot.engine.timers import Timers
from tests.conftest import FakeClock

T0 = datetime(2026, 12, 7, 9, 15, tzinfo=UTC)
TIMER = K.timer("hangs", "T-1")
LEASE = 60.0


async def _hung(store: Store, clock: FakeClock, *, beats: list[datetime] | None = None,
                metrics: Metrics | None = None
                ) -> tuple[Timers, asyncio.Event, list[bool]]:
    """Timers whose one handler never ends; the event is set as each run starts, the list
    gets True when a run was cancelled."""
    started = asyncio.Event()
    cancelled: list[bool] = []

    async def beat() -> None:
        if beats is not None:
            beats.append(clock())

    async def hangs(timer: DueTimer) -> None:
        started.set()
        try:
            await asyncio.Event().wait()  # never set: a call that never answers
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    timers = Timers(store, clock=clock, beat=beat, beat_every=0.01, lease_seconds=LEASE,
                    metrics=metrics, max_attempts=2)
    timers.register("hangs", hangs)
    fx = Effects()
    fx.schedule(TIMER, T0, '{"ticket": "T-1"}')
    await Applier(store).apply(fx)
    return timers, started, cancelled


async def test_a_handler_running_past_its_lease_is_abandoned_and_fires_again(
        two_stores: tuple[Store, Store], clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    a, b = two_stores
    clock.now = T0
    beats: list[datetime] = []
    metrics = Metrics()
    timers, started, cancelled = await _hung(a, clock, beats=beats, metrics=metrics)
    run = asyncio.ensure_future(timers.fire_due(limit=1))
    await started.wait()
    clock.advance(seconds=LEASE - 1)  # within its lease: it runs on, beating
    await asyncio.sleep(0.05)
    assert not run.done() and beats
    clock.advance(seconds=1)  # its lease has ended: another process may take it now
    try:  # a guard, not a measure: before, the loop waited for the handler for ever
        fired = await asyncio.wait_for(asyncio.shield(run), 10)
    finally:
        run.cancel()
    assert fired == 1 and cancelled == [True]
    said = [r for r in caplog.records if r.levelno >= logging.ERROR and TIMER in r.getMessage()]
    assert len(said) == 1 and "lease" in said[0].getMessage(), caplog.text
    assert metrics.value("timers_abandoned_total", kind="hangs") == 1
    beaten = len(beats)
    await asyncio.sleep(0.05)
    assert len(beats) == beaten, "an abandoned handler beats no more"
    # fires again, as a failed timer does, in either process; after max_attempts runs, set
    # aside as a dead letter
    again = await b.take_due(clock(), lease_seconds=LEASE, limit=1)
    assert [(t.id, t.attempts) for t in again] == [(TIMER, 2)]


async def test_a_handler_hung_at_every_attempt_is_set_aside(
        store: Store, clock: FakeClock) -> None:
    clock.now = T0
    timers, started, cancelled = await _hung(store, clock)
    for _ in range(2):  # max_attempts=2
        started.clear()
        run = asyncio.ensure_future(timers.fire_due(limit=1))
        await started.wait()
        clock.advance(seconds=LEASE)
        try:
            await asyncio.wait_for(asyncio.shield(run), 10)
        finally:
            run.cancel()
    assert cancelled == [True, True]
    assert await timers.fire_due(limit=1) == 0  # the third take: set aside
    dead = await store.list_dead()
    assert [d.id for d in dead if d.kind == "timer"] == [TIMER], dead


async def test_a_stopped_handler_hands_its_timer_back_at_once(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    a, b = two_stores
    clock.now = T0
    timers, started, cancelled = await _hung(a, clock)
    run = asyncio.ensure_future(timers.fire_due(limit=1))
    await started.wait()
    run.cancel()  # the process stopping, its stop's wait over
    with pytest.raises(asyncio.CancelledError):
        await run
    assert cancelled == [True]
    # another process takes it now, not once its lease lapses; the stop is no attempt
    taken = await b.take_due(clock(), lease_seconds=LEASE, limit=1)
    assert [(t.id, t.attempts, t.payload) for t in taken] == [(TIMER, 1, '{"ticket": "T-1"}')]


async def test_a_stop_hands_back_only_a_timer_still_its_own(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    """Taken over by another process meanwhile (its lease lapsed), the timer is that one's:
    the stop moves nothing."""
    a, b = two_stores
    clock.now = T0
    timers, started, _ = await _hung(a, clock)
    run = asyncio.ensure_future(timers.fire_due(limit=1))
    await started.wait()
    clock.advance(seconds=LEASE)
    taken = await b.take_due(clock(), lease_seconds=LEASE, limit=1)  # b's lease now
    assert [t.id for t in taken] == [TIMER]
    run.cancel()  # stopping now, or abandoned at its lease's end already: either moves nothing
    await asyncio.gather(run, return_exceptions=True)
    assert await b.take_due(clock(), lease_seconds=LEASE, limit=1) == []
    assert await b.timer_due(TIMER) == datetime.fromtimestamp(taken[0].token, UTC)
