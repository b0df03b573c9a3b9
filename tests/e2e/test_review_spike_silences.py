"""A comms lead's review of spike warnings around a planned launch (2026-12-06): the route is
silenced for the launch hour. Grafana's Alertmanager docs ("Configure silences"): silences
"stop notifications from being created ... but do not interrupt alert evaluation", and mute
timings "do not prevent alert rules from being evaluated". The posts the silence held back
are still the topic's volume: counted as no mention at all, the hour shrank the baseline,
and the first minutes after the silence, at the very rate of the morning, rang on the route
and its keyword ("18 mentions in 10 min vs about 6 usual"). Quiet hours alike, every
morning."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.spikeworld import CRISIS, RULES, post, spike_cards, spike_world, steady
from tests.e2e.world import SUPPORT, redis_url_if


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    return request.param, redis_url_if(request)

SILENCED = RULES + """
silences:
  - id: launch
    routes: [mentions]
    who: carol
    why: planned launch
    starts: 2026-11-23T11:00:00Z
    until: 2026-11-23T12:00:00Z
"""

QUIET = """
brands:
  acme: [acme]
time_intervals:
  - name: launch-hour
    time_zone: UTC
    intervals: [{times: [{start: "11:00", end: "12:00"}]}]
routes:
  - name: mentions
    match: {brand: [acme]}
    action: alert
    channel: support
    quiet_hours: [launch-hour]
"""


async def test_no_spike_after_a_silence_at_the_usual_rate(
        tmp_path: Path, clock: FakeClock, backend: tuple[str, str | None]) -> None:
    store, redis_url = backend
    async with spike_world(tmp_path, clock, rules=SILENCED, store=store,
                           redis_url=redis_url) as w:
        await steady(w, minutes=120, per_minute=2)  # 09:00-11:00: 20 in every 10 minutes
        await steady(w, minutes=60, per_minute=8, text="acme launch new phone")  # silenced
        assert spike_cards(w, SUPPORT) == spike_cards(w, CRISIS) == []  # the silence holds
        await steady(w, minutes=30, per_minute=2)  # after the launch: the morning's rate
        # observed: "Spike on route mentions: 18 mentions in 10 min" ("vs about 6 usual",
        # top terms: launch, new, phone) in #support, and the keyword's in the crisis channel
        assert spike_cards(w, SUPPORT) == []
        assert spike_cards(w, CRISIS) == []


async def test_no_spike_when_quiet_hours_end(tmp_path: Path, clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock, rules=QUIET) as w:
        await steady(w, minutes=120, per_minute=2)
        await steady(w, minutes=60, per_minute=2)  # quiet hours: held back, not posted
        assert spike_cards(w, SUPPORT) == spike_cards(w, CRISIS) == []
        await steady(w, minutes=30, per_minute=2)
        assert spike_cards(w, SUPPORT) == []
        assert spike_cards(w, CRISIS) == []


async def test_a_burst_after_the_silence_is_still_warned(tmp_path: Path,
                                                         clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock, rules=SILENCED) as w:
        await steady(w, minutes=120, per_minute=2)
        await steady(w, minutes=60, per_minute=2)  # silenced: counted, not posted
        await steady(w, minutes=20, per_minute=2)
        for i in range(90):  # an outage right after the launch window: 12 a minute
            clock.advance(seconds=5)
            await post(w, f"acme outage, cannot log in {i}")
            await w.timers()
        cards = spike_cards(w, SUPPORT)
        assert len(cards) == 1 and "outage" in cards[0]
        assert len([c for c in spike_cards(w, CRISIS) if "keyword acme" in c]) == 1
