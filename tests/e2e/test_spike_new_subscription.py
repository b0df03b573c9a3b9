"""A subscription made from chat on a topic that is busy every day: its first ten minutes are
no spike. The subscription's own answer says it would have matched 360 posts; the spike card
minutes later says "7 mentions in 10 min vs almost none usual"."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import FakeClock
from tests.e2e.spikeworld import CRISIS, spike_cards, spike_world, steady
from tests.e2e.world import ALICE, SALES


async def test_a_new_subscription_on_steady_traffic_is_no_spike(tmp_path: Path,
                                                                clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=180, per_minute=2, text="acme cloud works fine")
        assert await w.slash(ALICE, SALES, "subscribe cloud") == 200
        await w.until(lambda: w.said_to(ALICE), "the answer to subscribe")
        assert "would have matched 360 of 360 posts" in w.said_to(ALICE)[-1]
        await steady(w, minutes=15, per_minute=2, text="acme cloud works fine")  # unchanged
        # observed: "Spike on subscription S-1: 7 mentions in 10 min ... vs almost none usual"
        assert spike_cards(w, SALES) == []
        # and "Spike on keyword cloud" in the spikes channel
        assert [c for c in spike_cards(w, CRISIS) if "keyword cloud" in c] == []
