"""The usual at each hour of the week (tests/enrich/test_review_spike_weekly_cycle.py) through
the real app, on a SQLite file and on a real redis-server: the detector's state the spike
check writes to the store holds each series' week, and a restarted process reads it back."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import keys as K
from bot.enrich.spikes import HOURS_A_WEEK, SpikeDetector
from tests.conftest import FakeClock
from tests.e2e.spikeworld import spike_world, steady
from tests.e2e.world import redis_url_if


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    return request.param, redis_url_if(request)


async def test_the_week_is_kept_in_the_store_across_a_restart(
        tmp_path: Path, clock: FakeClock, backend: tuple[str, str | None]) -> None:
    store, redis_url = backend
    async with spike_world(tmp_path, clock, store=store, redis_url=redis_url) as w:
        await steady(w, minutes=30, per_minute=1)
        await w.stop()
        clock.advance(minutes=1)
        await w.start()
        raw = await w.a.store.get_cursor(K.SPIKE_STATE)
        assert raw
        det = SpikeDetector()
        det.load_json(raw)
        seen = {k: s for k, s in det.series.items() if max(s.week_weight) > 0}
        # the route's, the subscription's and the keyword's series each learnt its hours
        assert ("route", "mentions") in seen, sorted(det.series)
        for s in seen.values():
            assert len(s.week) == HOURS_A_WEEK
            assert sum(s.week) > 0
        await w.a.start()
        await steady(w, minutes=2, per_minute=1)
        later = SpikeDetector()
        later.load_json(await w.a.store.get_cursor(K.SPIKE_STATE) or "{}")
        # read back and carried on: a week started afresh would know 2 minutes, not 32
        key = ("route", "mentions")
        assert max(later.series[key].week_weight) > max(seen[key].week_weight)
