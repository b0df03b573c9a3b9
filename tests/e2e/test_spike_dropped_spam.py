"""A burst of spam that the rules drop (``action: drop``) is no spike warning in the crisis
channel with the spam as its sample posts."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import FakeClock
from tests.e2e.spikeworld import CRISIS, post, spike_cards, spike_world, steady
from tests.e2e.world import SUPPORT


async def test_a_dropped_spam_burst_raises_no_spike(tmp_path: Path, clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=180, per_minute=0.5, text="acme works fine")
        for i in range(40):  # one bot, 40 posts in under 7 minutes, every one dropped
            clock.advance(seconds=10)
            await post(w, f"FREE acme airdrop giveaway claim now {i} http://scam.example",
                       handle="spambot")
            await w.timers()
        assert spike_cards(w, SUPPORT) == []
        # observed: "Spike on keyword airdrop: 7 mentions in 10 min vs almost none usual;
        # top terms: giveaway, free, claim", and the same for keyword giveaway
        assert spike_cards(w, CRISIS) == []
