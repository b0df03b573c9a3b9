"""An on-call review of spike warnings (2026-12-07): a source down for two hours while the bot
ran, then back, its backlog read at once, each post dated as written. The minutes it was down
were folded into the usual as silent, and the backlog, dated in them, never reached it: the
backlog's last ten minutes, then the same steady traffic as before, rang ("19 mentions in 10
min vs about 2 usual"). A real burst after it still does."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.spikeworld import CRISIS, post, spike_cards, spike_world, steady
from tests.e2e.world import SUPPORT, redis_url_if


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    return request.param, redis_url_if(request)


async def test_a_source_back_with_its_backlog_is_no_spike(
        tmp_path: Path, clock: FakeClock, backend: tuple[str, str | None]) -> None:
    store, url = backend
    async with spike_world(tmp_path, clock, store=store, redis_url=url) as w:
        await steady(w, minutes=180, per_minute=2)
        assert spike_cards(w, SUPPORT) == spike_cards(w, CRISIS) == []
        down = clock()
        for _ in range(120):  # the source down two hours: the bot runs, reads nothing
            clock.advance(minutes=1)
            await w.timers()
        for i in range(240):  # back: two hours of posts read at once, each dated as written
            await post(w, f"acme works fine {i % 7}", at=down + timedelta(seconds=30 * i))
            if i % 20 == 0:
                await w.timers()
        await w.timers()
        await steady(w, minutes=15, per_minute=2)  # the very same rate as before
        assert spike_cards(w, SUPPORT) == []
        assert spike_cards(w, CRISIS) == []
        for i in range(60):  # a real burst still rings, once
            clock.advance(seconds=5)
            await post(w, f"acme is down again {i}")
            await w.timers()
        assert len(spike_cards(w, SUPPORT)) == 1
