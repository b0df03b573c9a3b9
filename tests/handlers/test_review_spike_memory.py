"""A review of the spike detector's memory (2026-12-06): the check reads the detector's whole
state, and writes it again, every 10 s. At a few thousand series that is a few hundred ms of
CPU (20,000: about 3 s), and it was done on the event loop, which stalled Slack's acks and
every source meanwhile. Reading and writing it now run in a worker thread
(``asyncio.to_thread``), as the house does for work of that size. The thread is seen by
wrapping the detector's own methods (the last inch); no wall clock."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from bot.core import keys as K
from bot.core.config import SpikesConfig
from bot.core.effects import Effects
from bot.core.models import Author, Mention, RouteHit, Sentiment, Signal
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.enrich.spikes import SpikeDetector
from handlers.spikes import SpikeChecker, count
from tests.conftest import FakeClock

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


async def test_the_state_is_read_and_written_off_the_event_loop(
        sqlite_store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    clock.now = T0
    threads: dict[str, set[int]] = {"load_json": set(), "to_json": set()}
    for name in threads:
        real = getattr(SpikeDetector, name)

        def seen(self: SpikeDetector, *a: object, _real=real, _name=name) -> object:
            threads[_name].add(threading.get_ident())
            return _real(self, *a)
        monkeypatch.setattr(SpikeDetector, name, seen)
    checker = SpikeChecker(sqlite_store, Applier(sqlite_store), cfg=SpikesConfig(), clock=clock)
    fx = Effects()
    checker.arm(fx)
    assert await sqlite_store.apply(fx)
    for i in range(2):  # the first writes a state, the second reads it
        hit = RouteHit(route="mentions", action="alert", workspace="slack", channel="C1")
        m = Mention(id=f"mastodon:{i}", network="mastodon", source="t", text="acme",
                    author=Author(id="a", handle="a"), created_at=clock())
        s = Signal(mention=m, routes=(hit,), sentiment=Sentiment(compound=0.0, label="neutral"))
        fx = Effects()
        fx.signals.append((s, 3600, 3600))
        count(s, fx, now_ts=clock().timestamp())
        assert await sqlite_store.apply(fx)
        for t in await sqlite_store.take_due(clock(), lease_seconds=30):
            await checker.check(t)
        clock.advance(seconds=10)
    loop = threading.get_ident()
    assert threads["load_json"] and threads["to_json"]
    assert loop not in threads["load_json"] | threads["to_json"]
    state = await sqlite_store.get_cursor(K.SPIKE_STATE)
    assert state is not None and "mentions" in state
