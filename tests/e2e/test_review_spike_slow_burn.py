"""A slow-burn crisis through the real pipeline and store (the detector's state read and
written at every check): doubling every hour from one post every two minutes, it is warned
of once, as a climb ("vs about 5 usual 2 h ago, climbing since"), with its own words as top
terms. Before: never."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import FakeClock
from tests.e2e.spikeworld import spike_cards, spike_world, steady
from tests.e2e.world import SUPPORT


async def test_a_crisis_doubling_every_hour_is_warned_once(tmp_path: Path,
                                                           clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=180, per_minute=0.5)
        for step in range(18):  # three hours, in ten-minute steps, doubling every hour
            await steady(w, minutes=10, per_minute=0.5 * 2 ** ((step + 1) / 6),
                         text="acme app down login fails")
        cards = spike_cards(w, SUPPORT)
        assert len(cards) == 1, cards
        assert "usual 2 h ago, climbing since; top terms: " in cards[0]
        # the climb's own words, though they were in most posts before the window
        assert "login" in cards[0].split("top terms: ")[1].split(";")[0]
