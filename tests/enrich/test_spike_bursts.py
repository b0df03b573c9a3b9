"""A spike's make-up and its end: who wrote the burst (one author, a handful, many), in what
languages and on which networks, and, once the window is back to the usual level, how long the
burst lasted, how many posts it had and its busiest minute, said once and kept across a
restart (the detector's state)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.enrich.bursts import Origin, SpikeEnd, breakdown
from bot.enrich.spikes import Spike, SpikeDetector
from tests.enrich.test_spikes import steady

T0 = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


def test_a_burst_of_one_author_says_so() -> None:
    origins = [(10, "kasia", "pl", "Mastodon")] * 11 + [(10, "ola", "en", "Bluesky")]
    b = breakdown(origins, oldest=0, count=12)
    assert b.concentration() == "11 of 12 posts by one author"
    assert b.few() == "mostly one author"
    assert b.authors_line().startswith("11 of 12 posts by one author: @kasia 11, @ola 1")
    assert b.languages_line() == "pl 11, en 1"
    assert b.networks_line() == "Mastodon 11, Bluesky 1"


def test_a_handful_of_authors_and_a_crowd() -> None:
    handful: list[Origin] = [(5, a, None, "Mastodon") for a in ("a", "b", "c") for _ in range(6)]
    handful += [(5, f"x{i}", "en", "Mastodon") for i in range(2)]
    b = breakdown(handful, oldest=0, count=20)
    assert b.concentration() == "18 of 20 posts by 3 authors"
    assert b.few() == "mostly 3 authors"
    assert b.languages_line() == "unknown 18, en 2"
    crowd = [(5, f"u{i}", "en", "Mastodon") for i in range(12)]
    c = breakdown(crowd, oldest=0, count=12)
    assert c.concentration() is None and c.few() is None
    assert c.authors_line() == "12 posts by 12 authors"


def test_only_the_window_counts_and_fewer_read_than_counted_is_said() -> None:
    origins = [(1, "old", "en", "Mastodon")] * 30 + [(9, "kasia", "pl", "Mastodon")] * 8
    b = breakdown(origins, oldest=5, count=40)
    assert b.posts == 8
    assert b.authors_line().startswith("of the latest 8 posts: 8 by one author")


def test_names_and_lists_are_bounded() -> None:
    origins = [(5, "x" * 5000 + str(i), f"l{i}", f"N{i}") for i in range(40)] * 2
    b = breakdown(origins, oldest=0, count=80)
    for line in (b.authors_line(), b.languages_line(), b.networks_line()):
        assert len(line) <= 400, line
    assert b.languages_line().endswith("+37 more")


def burst(det: SpikeDetector, t: datetime, *, minutes: int, per_minute: int) -> tuple[
        datetime, list[Spike]]:
    """``per_minute`` posts in each of ``minutes`` whole minutes, from the next minute on."""
    found: list[Spike] = []
    minute = t.replace(second=0, microsecond=0)
    minute += timedelta(minutes=1) if minute < t else timedelta()
    for _ in range(minutes):
        for i in range(per_minute):
            at = minute + timedelta(seconds=(i + 0.5) * 60 / per_minute)
            det.observe([("keyword", "acme")], at, "acme outage login", -0.6)
            found += det.check(at)
            assert det.ends(at) == []
        minute += timedelta(minutes=1)
    return minute, found


def calm(det: SpikeDetector, t: datetime, minutes: int) -> tuple[datetime, list[SpikeEnd]]:
    ends: list[SpikeEnd] = []
    for _ in range(minutes * 6):  # the check every 10 s, no mention
        t += timedelta(seconds=10)
        assert det.check(t) == []
        ends += det.ends(t)
    return t, ends


def test_a_spike_ends_once_with_its_posts_span_and_peak() -> None:
    det = SpikeDetector(warmup_seconds=3600)
    t = steady(det, start=T0, hours=12, per_hour=6)  # about 1 in 10 minutes
    t += timedelta(minutes=2)  # (a post in the minute before a burst is its edge: its own)
    t, found = burst(det, t, minutes=5, per_minute=10)
    t, more = burst(det, t, minutes=3, per_minute=14)
    assert len(found) == 1 and more == []
    t, ends = calm(det, t, 30)
    [end] = ends
    assert end.spike_id == found[0].id
    assert (end.posts, end.peak, end.minutes) == (92, 14, 8)
    assert end.start <= end.end <= t
    t, again = calm(det, t, 30)
    assert again == []


def test_the_end_survives_a_restart_between_the_spike_and_its_end() -> None:
    det = SpikeDetector(warmup_seconds=3600)
    t = steady(det, start=T0, hours=12, per_hour=6) + timedelta(minutes=2)
    t, found = burst(det, t, minutes=4, per_minute=12)
    assert len(found) == 1
    copy = SpikeDetector(warmup_seconds=3600)
    copy.load_json(det.to_json())  # a new process reads the state the old one saved
    t, ends = calm(copy, t, 30)
    [end] = ends
    assert end.posts == 48 and end.peak == 12


def test_a_burst_over_while_no_process_counted_ends_with_its_posts() -> None:
    """Every process stopped during the burst, for longer than the window: the minutes it had
    in the window are its own (``resume``), and it ends at the first check back."""
    det = SpikeDetector(warmup_seconds=3600)
    t = steady(det, start=T0, hours=12, per_hour=6) + timedelta(minutes=2)
    t, found = burst(det, t, minutes=4, per_minute=12)
    assert len(found) == 1
    copy = SpikeDetector(warmup_seconds=3600)
    copy.load_json(det.to_json())
    t += timedelta(minutes=90)
    copy.resume(t)
    assert copy.check(t) == []
    [end] = copy.ends(t)
    assert (end.posts, end.peak, end.minutes) == (48, 12, 4)


def test_a_burst_takes_the_minutes_on_its_edges_not_the_usual_ones_around() -> None:
    """A minute with a post just before its first busy minute and just after its last are the
    burst's (it seldom starts on a minute); usual posts further out are not."""
    det = SpikeDetector(warmup_seconds=0)
    t = datetime(2026, 11, 23, 10, 0, 30, tzinfo=UTC)
    found: list[Spike] = []
    for minute, n in ((0, 1), (3, 1), (4, 5), (5, 9), (6, 8), (7, 1), (9, 1), (12, 1)):
        for i in range(n):
            at = t + timedelta(minutes=minute, seconds=i)
            det.observe([("keyword", "acme")], at, "x")
            found += det.check(at)
            assert det.ends(at) == []
    assert len(found) == 1
    _, ends = calm(det, t + timedelta(minutes=13), 20)
    [end] = ends
    assert (end.posts, end.peak, end.minutes) == (1 + 5 + 9 + 8 + 1, 9, 5)
    assert end.start == datetime(2026, 11, 23, 10, 3, tzinfo=UTC)


def test_state_of_before_the_end_was_kept_still_loads() -> None:
    det = SpikeDetector(warmup_seconds=0)
    det.load_json('{"started": 0, "checked": null, "series": [["keyword", "acme", 5, '
                  '[[5, 2]], 0.1, 0.5, 0.0, [], 0.0]]}')
    assert det.ends(datetime.fromtimestamp(400, UTC)) == []
