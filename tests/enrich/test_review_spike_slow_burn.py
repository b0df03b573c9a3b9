"""A comms lead's review of spike warnings (2026-12-06): a crisis that grows slowly, doubling
every hour from the usual half a post a minute, was never warned of: at 32 a minute, 64 times
its usual, still nothing. The baseline (a 35-minute half-life) climbs with it, and a window
never held three times what it predicted (about twice, all along). Each post is spaced
evenly: no randomness, no wall clock."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.enrich.spikes import SpikeDetector

T0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
KEY = ("keyword", "acme")


def run(rate: Callable[[float], float], minutes: int,
        said: list[str] | None = None) -> list[tuple[float, int, float]]:
    """Posts at ``rate(minute)`` a minute, evenly; the spikes as (minute, count, usual), and
    what each says into ``said``."""
    said = [] if said is None else said
    det = SpikeDetector(alpha=0.0196)  # a 35-minute half-life, as the config's default
    out = []
    owed = 0.0
    for minute in range(minutes):
        owed += rate(minute)
        n = int(owed)
        owed -= n
        for i in range(n):
            at = T0 + timedelta(minutes=minute, seconds=60 * (i + 0.5) / n)
            det.observe([KEY], at, "acme is down, login fails")
            for s in det.check(at):
                out.append((minute, s.count, s.usual))
                said.append(s.explain())
    return out


def test_a_crisis_doubling_every_hour_is_warned_of() -> None:
    said: list[str] = []
    spikes = run(lambda m: 0.5 if m < 120 else 0.5 * 2 ** ((m - 120) / 60), 120 + 6 * 60,
                 said)
    # observed: [], never, though it went from 5 mentions in 10 minutes to over 300
    assert len(spikes) == 1
    minute, count, usual = spikes[0]
    assert minute < 120 + 150  # warned before it is six times its usual
    assert count >= 3 * usual
    assert said[0].startswith(f"{count} mentions in 10 min vs about 5 usual 2 h ago, "
                              "climbing since;"), said


def test_a_steady_rate_and_a_slow_drift_ring_nothing() -> None:
    assert run(lambda m: 2.0, 8 * 60) == []
    # a daily cycle's climb: 1 a minute to 4 over six hours
    assert run(lambda m: 1.0 if m < 120 else min(4.0, 1.0 + 3 * (m - 120) / 360), 8 * 60) == []


def test_a_burst_is_still_warned_once() -> None:
    spikes = run(lambda m: 1.0 if m < 180 or m > 200 else 8.0, 240)
    assert len(spikes) == 1


def test_the_usual_of_before_is_kept_with_the_state() -> None:
    det = SpikeDetector(alpha=0.0196)
    t = T0
    for _ in range(300):
        t += timedelta(seconds=30)
        det.observe([KEY], t, "acme")
        det.check(t)
    again = SpikeDetector(alpha=0.0196)
    again.load_json(det.to_json())
    assert again.series[KEY].past == det.series[KEY].past != deque()
