"""One incident whose volume keeps climbing (it doubles every 20 minutes for two hours) is one
spike: warned once per series, not again each time the cooldown runs out."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import FakeClock
from tests.e2e.spikeworld import CRISIS, spike_cards, spike_world, steady
from tests.e2e.world import SUPPORT


async def test_a_climbing_incident_is_warned_once(tmp_path: Path, clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=120, per_minute=0.5, text="acme works fine")
        for step in range(6):
            await steady(w, minutes=20, per_minute=0.5 * 2 ** (step + 1),
                         text="acme is down outage")
        # observed: three cards on each, "20 ... vs about 7", "57 ... vs about 19",
        # "158 ... vs about 52", one every cooldown while the same outage went on
        assert len(spike_cards(w, SUPPORT)) == 1
        assert len([c for c in spike_cards(w, CRISIS) if "keyword acme" in c]) == 1
