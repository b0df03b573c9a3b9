"""A spike card's top terms say what drove the spike (docs/intelligence.md:2313, "top terms:
outage, login"): a burst of Polish outage posts over the usual "acme works fine" traffic is
not explained by "works, fine", the words of the posts that came at the usual rate."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import FakeClock
from tests.e2e.spikeworld import post, spike_cards, spike_world, steady
from tests.e2e.world import SUPPORT


async def test_top_terms_are_those_of_the_burst(tmp_path: Path, clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=120, per_minute=0.5, text="acme works fine")
        texts = ["acme nie działa logowanie od rana", "znowu awaria acme, nie mogę się zalogować",
                 "acme awaria logowania, co się dzieje?"]
        for i in range(20):
            clock.advance(seconds=15)
            await post(w, texts[i % 3] + f" #{i}")
            await w.timers()
        cards = spike_cards(w, SUPPORT)
        assert len(cards) == 1
        why = cards[0][cards[0].find("top terms:"):].split(";")[0]
        # observed: "top terms: awaria, works, fine"
        assert "works" not in why and "fine" not in why, why
