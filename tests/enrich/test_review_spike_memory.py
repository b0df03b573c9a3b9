"""A review of the spike detector's memory (2026-12-06): a series is kept per route,
subscription and keyword, and a dormant one (idle, its hours of the day or week still
remembered) for weeks. Nothing capped their number, and the whole state is read and written
at each check (every 10 s): 20,000 series were a 56 MB state and about 3 s of CPU a check.
The detector now keeps at most ``max_series`` (default ``MAX_SERIES``), the most recently
mentioned first; a spike going on is never forgotten. Time is passed in: no wall clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.enrich.spikes import MAX_SERIES, SpikeDetector

T0 = datetime(2026, 11, 2, tzinfo=UTC)


def kept(d: SpikeDetector) -> set[str]:
    return {k for _, k in [*d.series, *d.dormant]}


def test_the_most_recently_mentioned_series_are_kept_past_the_cap() -> None:
    d = SpikeDetector(warmup_seconds=0, max_series=3)
    for i in range(5):  # k0 mentioned first, k4 last
        d.observe([("keyword", f"k{i}")], T0 + timedelta(minutes=i), "acme")
    again = SpikeDetector(warmup_seconds=0, max_series=3)
    again.load_json(d.to_json())  # when each was last mentioned survives a restart
    again.check(T0 + timedelta(minutes=5))
    assert kept(again) == {"k2", "k3", "k4"}


def test_dormant_series_go_before_live_ones_and_a_spike_going_on_stays() -> None:
    d = SpikeDetector(warmup_seconds=0, max_series=2, min_count=5)
    burst = ("route", "mentions")
    for i in range(12):  # a burst long ago: warned of, not over
        d.observe([burst], T0, f"acme outage {i}")
    assert [s.key for s in d.check(T0)] == ["mentions"]
    later = T0 + timedelta(minutes=3)
    for i in range(3):  # three keywords mentioned since
        d.observe([("keyword", f"k{i}")], later + timedelta(minutes=i), "acme")
    d.check(later + timedelta(minutes=3))
    assert ("route", "mentions") in d.series  # its end is still to be said
    assert kept(d) == {"mentions", "k2"}


def test_the_default_cap_is_a_few_thousand_and_holds() -> None:
    assert 1000 <= MAX_SERIES <= 10_000
    d = SpikeDetector(warmup_seconds=0)
    for i in range(MAX_SERIES + 50):
        d.observe([("subscription", f"S-{i}")], T0 + timedelta(minutes=i // 25), "acme")
    d.check(T0 + timedelta(minutes=205))
    assert len(d.series) + len(d.dormant) == MAX_SERIES
    assert f"S-{MAX_SERIES + 49}" in kept(d) and "S-0" not in kept(d)
