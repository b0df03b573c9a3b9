"""A restart after the bot was down for 90 minutes: the same steady traffic as before is not a
spike. The minutes nobody listened were read as minutes of silence, decaying the baseline,
and the first ten minutes back (at the old rate) rang on the route and the keyword."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import FakeClock
from tests.e2e.spikeworld import CRISIS, spike_cards, spike_world, steady
from tests.e2e.world import SUPPORT


async def test_steady_traffic_after_a_restart_is_no_spike(tmp_path: Path,
                                                          clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=180, per_minute=2)  # 20 in every 10 minutes, for 3 hours
        assert spike_cards(w, SUPPORT) == spike_cards(w, CRISIS) == []
        await w.stop()
        clock.advance(minutes=90)  # a deploy gone wrong, a host down: nothing was fetched
        await w.start()
        await w.a.start()
        await steady(w, minutes=15, per_minute=2)  # the very same rate as before
        # observed: "Spike on route mentions: 13 mentions in 10 min ... vs about 4 usual"
        assert spike_cards(w, SUPPORT) == []
        assert spike_cards(w, CRISIS) == []
