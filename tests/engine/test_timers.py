"""Timers shared by several processes, on both real backends: a burst of due timers is shared
by the processes instead of being taken whole by the first one, and a process that dies while
running a timer strands only that timer, for one lease."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.core.effects import Effects
from bot.core.errors import StoreUnavailable
from bot.core.ports import DueTimer, Store
from bot.engine.timers import Timers
from tests.conftest import FakeClock
from tests.support.stores import schedule


class Died(BaseException):
    """The process died inside a handler (not an ``Exception``: nothing may catch it)."""


async def due_now(store: Store, clock: FakeClock, n: int) -> None:
    for i in range(n):
        await schedule(store, f"job:{i}", clock(), "")


async def test_a_burst_of_due_timers_is_shared_by_the_processes(store: Store,
                                                                clock: FakeClock) -> None:
    ran: list[tuple[str, str]] = []

    def timers(name: str) -> Timers:
        async def handler(t: DueTimer) -> None:
            ran.append((name, t.id))
            await asyncio.sleep(0.01)  # a network call: the other process takes the next one
            await store.apply(_complete(t))

        out = Timers(store, clock=clock, lease_seconds=60)
        out.register("job", handler)
        return out

    await due_now(store, clock, 6)
    await asyncio.gather(timers("a").fire_due(), timers("b").fire_due())
    assert sorted(t for _, t in ran) == [f"job:{i}" for i in range(6)]  # each once
    assert {name for name, _ in ran} == {"a", "b"}


async def test_a_process_dying_in_a_handler_strands_only_that_timer(store: Store,
                                                                    clock: FakeClock) -> None:
    ran: list[str] = []

    async def dies(t: DueTimer) -> None:
        raise Died

    async def works(t: DueTimer) -> None:
        ran.append(t.id)
        await store.apply(_complete(t))

    dying = Timers(store, clock=clock, lease_seconds=60)
    dying.register("job", dies)
    survivor = Timers(store, clock=clock, lease_seconds=60)
    survivor.register("job", works)
    await due_now(store, clock, 5)
    with pytest.raises(Died):
        await dying.fire_due()
    assert await survivor.fire_due() == 4  # at once: only the timer it was running waits
    clock.advance(seconds=61)
    assert await survivor.fire_due() == 1  # and that one after its lease
    assert sorted(ran) == [f"job:{i}" for i in range(5)]


async def test_a_store_gone_under_a_handler_is_one_line_and_the_timer_fires_again(
        store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    """Redis stopped while a timer's handler wrote: a traceback of the store's client was
    logged (tests/app/test_runtime.py's Redis stop met it when a timer was due at that
    moment); a store that is down is the operator's, said in one line, and the timer fires
    again once its lease ends."""
    calls: list[str] = []

    async def flaky(t: DueTimer) -> None:
        calls.append(t.id)
        if len(calls) == 1:
            raise StoreUnavailable(
                "Redis at redis://127.0.0.1:6390/0: Connection closed by server.")
        await store.apply(_complete(t))

    timers = Timers(store, clock=clock, lease_seconds=60)
    timers.register("job", flaky)
    await due_now(store, clock, 1)
    with caplog.at_level(logging.WARNING, logger="bot.engine.timers"):
        await timers.fire_due()
    [line] = [r for r in caplog.records if r.name == "bot.engine.timers"]
    assert line.exc_info is None
    assert line.getMessage() == ("timer job:0 failed (attempt 1 of 5): Redis at "
                                 "redis://127.0.0.1:6390/0: Connection closed by server.")
    clock.advance(seconds=61)
    assert await timers.fire_due() == 1 and calls == ["job:0", "job:0"]


def _complete(t: DueTimer) -> Effects:
    fx = Effects()
    fx.complete(t.id, t.token)
    return fx
