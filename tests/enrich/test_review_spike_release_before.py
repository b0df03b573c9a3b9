"""Upgrading to, and going back from, the release whose spike state keeps the week (packed)
and when each series was last mentioned (``seen``): an operator's review, 2026-12-06
(docs/storage.md, Upgrading). The release before, a952ba80, is run as it was: its
``bot/enrich/spikes.py`` (``releases/spikes_a952ba80.py.txt``, ``git show
a952ba80:bot/enrich/spikes.py``), on the state this release wrote and the other way round
(checked by hand with the whole release too, ``git worktree add ... a952ba80``).

Up: the release before's state is read, the hours of the day kept, the week unknown until
learnt. Back: the release before reads this release's rows (it takes the fields it knows
and leaves the rest) and rings as it did; what it writes back has no week, so upgrading
again learns the week afresh (at least a week before a weekend is judged as one again)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.enrich.spikes import SpikeDetector
from tests.enrich.test_review_spike_weekly_cycle import DAY, KEY, T0, WEEK, run, week
from tests.support.releases import load_release

BEFORE = Path(__file__).parent / "releases" / "spikes_a952ba80.py.txt"


def release_before() -> Any:
    """bot/enrich/spikes.py of a952ba80, run as it was."""
    return load_release(BEFORE)


def run_on(det: Any, start: int, minutes: int) -> list[int]:
    """``run``'s usual week from minute ``start`` on, on ``det`` (of either release): the
    minutes that rang."""
    rate, owed = week(0), 0.0
    rang: list[int] = []
    for minute in range(start, start + minutes):
        owed += rate(minute)
        n = int(owed)
        owed -= n
        for i in range(n):
            det.observe([KEY], T0 + timedelta(minutes=minute, seconds=60 * (i + 0.5) / n),
                        "acme")
        now = T0 + timedelta(minutes=minute, seconds=59)
        rang += [minute for _ in det.check(now)]
        det.ends(now)
    return rang


def test_going_back_reads_the_state_and_upgrading_again_learns_the_week_afresh() -> None:
    _, det = run(week(0), WEEK + DAY)
    learnt = det.series[KEY]
    assert min(learnt.week_weight) > det.week_known - 1e-6  # each hour of the week known
    old = release_before().SpikeDetector(alpha=0.0196)
    old.load_json(det.to_json())  # no choke on the packed week and ``seen``
    s = old.series[KEY]
    assert (s.season, s.baseline, s.since) == (learnt.season, learnt.baseline, learnt.since)
    # it goes on as it did: a day of the usual week rings nothing
    assert run_on(old, WEEK + DAY, DAY) == []
    back = json.loads(old.to_json())
    assert len(back["series"][0]) == 12  # the week and ``seen`` are not written back
    again = SpikeDetector(alpha=0.0196)
    again.load_json(old.to_json())
    assert again.series[KEY].season == old.series[KEY].season  # the hours of the day kept
    assert max(again.series[KEY].week_weight) == 0.0  # the week to learn again
    assert again.series[KEY].seen >= 0  # its newest minute counted, for the cap


def test_upgrading_reads_the_release_befores_state_with_the_week_unknown() -> None:
    _, old = run(week(0), 2 * DAY, release_before().SpikeDetector(alpha=0.0196))
    new = SpikeDetector(alpha=0.0196)
    new.load_json(old.to_json())
    s = new.series[KEY]
    assert (s.season, s.baseline, s.since) == (
        old.series[KEY].season, old.series[KEY].baseline, old.series[KEY].since)
    assert max(s.week_weight) == 0.0
    assert run_on(new, 2 * DAY, DAY) == []  # the week's Wednesday, as the day before
