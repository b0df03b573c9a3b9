"""A comms lead's review of spike warnings (2026-12-06): a brand quiet at night (one post every
ten minutes) whose day is five a minute, reached over two hours each morning, got a spike card
every morning, 20 minutes into the climb ("9 mentions in 10 min vs about 2 usual"). The
baseline (a 35-minute half-life) knew the last hour or two, not yesterday. Now each series
keeps the usual of each hour of the day, and once it saw the hour before, a window is a spike
only if it is also one against that hour's usual. Posts are spaced evenly: no randomness, no
wall clock. The day of the week: tests/enrich/test_review_spike_weekly_cycle.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from bot.enrich.spikes import Spike, SpikeDetector
from tests.enrich.test_review_spike_slow_burn import KEY, T0, run

DAY = 24 * 60


def day(minute: float) -> float:
    h = (minute / 60) % 24
    if 7 <= h < 9:
        return 0.1 + 4.9 * (h - 7) / 2
    return 5.0 if 9 <= h < 18 else 0.1


def test_the_third_morning_of_the_same_day_is_no_spike() -> None:
    said: list[str] = []
    spikes = run(day, 3 * DAY, said)
    # observed before: a card each morning, 20 minutes into the climb
    assert [m for m, _, _ in spikes if m >= 2 * DAY] == []
    # the first morning, with no yesterday to know it by, still rings: nothing is known yet
    assert [m // DAY for m, _, _ in spikes] == [0], said


def test_a_burst_over_the_usual_at_this_hour_still_rings_and_says_it() -> None:
    said: list[str] = []

    def burst(minute: float) -> float:  # the third day at 14:00: 25 a minute for 20 minutes
        return 25.0 if 2 * DAY + 14 * 60 <= minute < 2 * DAY + 14 * 60 + 20 else day(minute)

    spikes = run(burst, 3 * DAY, said)
    late = [(m, c, u) for m, c, u in spikes if m >= 2 * DAY]
    assert len(late) == 1 and late[0][0] < 2 * DAY + 14 * 60 + 5, spikes
    line = said[-1]
    assert " usual, about 50 usual at this hour; " in line, line


def test_a_morning_burst_over_yesterdays_morning_rings() -> None:
    # at 07:30 the window usually holds about 10: a burst of 8 a minute there is news,
    # though the last hour's baseline knew the climb had begun
    def burst(minute: float) -> float:
        return 8.0 if 2 * DAY + 7 * 60 + 30 <= minute < 2 * DAY + 7 * 60 + 45 else day(minute)

    assert [m for m, _, _ in run(burst, 3 * DAY) if m >= 2 * DAY] != []


def test_the_usual_at_each_hour_is_kept_with_the_state() -> None:
    det = SpikeDetector(alpha=0.0196)
    t = T0
    for _ in range(26 * 60):
        t += timedelta(minutes=1)
        det.observe([KEY], t, "acme")
        det.check(t)
    s = det.series[KEY]
    assert det._seasonal(s, s.bucket) is not None
    again = SpikeDetector(alpha=0.0196)
    again.load_json(det.to_json())
    assert again.series[KEY].season == s.season
    assert again.series[KEY].season_weight == s.season_weight
    # a state of before (no usual per hour) is read: the hours start unknown
    raw = json.loads(det.to_json())
    raw["series"] = [row[:11] for row in raw["series"]]
    old = SpikeDetector(alpha=0.0196)
    old.load_json(json.dumps(raw))
    assert old.series[KEY].baseline == s.baseline
    assert old._seasonal(old.series[KEY], s.bucket) is None


def test_posts_held_back_must_not_make_it_against_the_hour_either() -> None:
    # a spike mostly of posts a silence held back is posted when its delivered posts alone
    # would make it: against the usual at this hour too, once known
    def burst(minute: float) -> float:
        return 25.0 if 2 * DAY + 14 * 60 <= minute < 2 * DAY + 14 * 60 + 20 else day(minute)

    det = SpikeDetector()
    spike = next(s for s in _spikes(burst) if s.seasonal is not None)
    assert det.would_ring(spike.count, spike)
    # 40 delivered: over the last hour's usual (about 13 here), not over 50 usual at 14:00
    low = replace(spike, usual=13.0)
    assert det.rings(40, low.usual) and not det.would_ring(40, low)
    assert det.would_ring(40, replace(low, seasonal=None))


def _spikes(rate: Callable[[float], float]) -> list[Spike]:
    det = SpikeDetector(alpha=0.0196)
    out: list[Spike] = []
    owed = 0.0
    for minute in range(3 * DAY):
        owed += rate(minute)
        n = int(owed)
        owed -= n
        for i in range(n):
            at = T0 + timedelta(minutes=minute, seconds=60 * (i + 0.5) / n)
            det.observe([KEY], at, "acme")
            out += det.check(at)
    return out


def test_a_brand_silent_all_night_keeps_its_hours() -> None:
    # no post at all from 20:00 to 07:00, checked every minute as the bot does: the idle
    # series was forgotten each night (its baseline gone), and with it the usual at each
    # hour: every morning rang again
    def silent_nights(minute: float) -> float:
        h = (minute / 60) % 24
        return 0.0 if h < 7 or h >= 20 else day(minute) + 0.2

    det = SpikeDetector(alpha=0.0196)
    rang = []
    owed = 0.0
    for minute in range(4 * DAY):
        owed += silent_nights(minute)
        n = int(owed)
        owed -= n
        for i in range(n):
            det.observe([KEY], T0 + timedelta(minutes=minute, seconds=60 * (i + 0.5) / n),
                        "acme")
        now = T0 + timedelta(minutes=minute, seconds=59)
        rang += [minute for s in det.check(now) if s.back_of is None]
        det.ends(now)
        if minute == 2 * DAY + 5 * 60:  # 05:00: forgotten for the night, but not its hours
            assert KEY not in det.series and KEY in det.dormant
            assert not det.dormant[KEY].recent
            again = SpikeDetector(alpha=0.0196)  # and so after a restart
            again.load_json(det.to_json())
            assert again.to_json() == det.to_json()
            det = again
    assert [m for m in rang if m >= 2 * DAY] == [], rang
