"""The spike detector's kept state, damaged (a fuzzing review, 2026-12-06): the week's usual
and weights packed as 32-bit floats (``spikes._packed``) take any 4 bytes, NaN and infinity
among them, and a state that is not a JSON object at all.

Before: a NaN or an infinity packed in a series' week was read as known; NaN never fades (it
is NaN times any decay), so that series' usual was NaN from then on and no burst of it ever
rang again (the Saturday burst below: rang with a sane week, silent with that one), with
nothing said. A state that is JSON but no object (``[]``) raised ``AttributeError`` out of
the spike check (``handlers/spikes.py`` reads ValueError, TypeError and KeyError as a state
to start afresh from): the check failed at every run. Now a week not of finite numbers, its
weights within [0, 1], is read as unknown, as a week of a release before is; a state not an
object is a ``ValueError``, and so is one nested past the recursion limit (``json.loads``
raised ``RecursionError``, which the check did not take either)."""

from __future__ import annotations

import base64
import json
import math
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.enrich.spikes import HOURS_A_WEEK, SpikeDetector
from tests.enrich.test_review_spike_weekly_cycle import DAY, KEY, WEEK, run, week
from tests.support.mutations import SETTINGS


def packed(values: list[float]) -> str:
    return base64.b64encode(struct.pack(f"<{HOURS_A_WEEK}f", *values)).decode("ascii")


_, _KNOWN = run(week(0), WEEK + DAY)
_STATE = _KNOWN.to_json()
_S = _KNOWN.series[KEY]


def damaged(rows: object) -> SpikeDetector:
    raw = json.loads(_STATE)
    raw["series"][0][12] = rows
    det = SpikeDetector(alpha=0.0196)
    det.load_json(json.dumps(raw))
    return det


@pytest.mark.parametrize("rows", [
    [packed([math.nan] * HOURS_A_WEEK), packed(_S.week_weight)],
    [packed([math.inf] * HOURS_A_WEEK), packed(_S.week_weight)],
    [packed([-5.0] * HOURS_A_WEEK), packed(_S.week_weight)],
    [packed(_S.week), packed([math.inf] * HOURS_A_WEEK)],
    [packed(_S.week), packed([3e38] * HOURS_A_WEEK)],
    [packed(_S.week), packed([math.nan] * HOURS_A_WEEK)],
    [packed(_S.week), packed([-1.0] * HOURS_A_WEEK)],
    [packed([*_S.week[:-1], math.nan]), packed(_S.week_weight)],
], ids=["nan usual", "inf usual", "negative usual", "inf weight", "huge weight",
        "nan weight", "negative weight", "one nan"])
def test_a_week_not_of_numbers_it_could_hold_is_unknown(rows: list[str]) -> None:
    det = damaged(rows)
    s = det.series[KEY]
    assert max(s.week_weight) == 0.0 and max(s.week) == 0.0
    assert s.season == _S.season  # the rest of the series is read


def test_a_nan_week_leaves_a_burst_still_rung() -> None:
    """The state reloaded with NaN in the week, then one more day with a burst of ten times
    the usual at 10:00 on the Tuesday: it rings (before: never, the week NaN for good)."""
    det = damaged([packed([math.nan] * HOURS_A_WEEK), packed(_S.week_weight)])
    onset = WEEK + DAY + 600
    usual = week(0)

    def burst(minute: float) -> float:
        return 10 * usual(minute) if onset <= minute < onset + 30 else usual(minute)

    rang, det = run(burst, WEEK + 2 * DAY, det)
    assert [m for m in rang if m >= onset][:1] != [], rang
    assert all(math.isfinite(v) for v in det.series[KEY].week)


@SETTINGS
@given(usual=st.binary(min_size=4 * HOURS_A_WEEK, max_size=4 * HOURS_A_WEEK),
       weight=st.binary(min_size=4 * HOURS_A_WEEK, max_size=4 * HOURS_A_WEEK))
def test_any_bytes_packed_are_a_week_that_checks(usual: bytes, weight: bytes) -> None:
    det = damaged([base64.b64encode(usual).decode(), base64.b64encode(weight).decode()])
    s = det.series[KEY]
    assert all(math.isfinite(v) and v >= 0 for v in s.week)
    assert all(math.isfinite(w) and 0 <= w <= 1 for w in s.week_weight)
    det._seasonal(s, s.bucket + 1)  # judged without an error
    again = SpikeDetector(alpha=0.0196)
    again.load_json(det.to_json())


@pytest.mark.parametrize("state", [
    "[]", "5", '"x"', "null", "[" * 100_000 + "]" * 100_000,
    '{"series": ' + "[" * 100_000 + "]" * 100_000 + "}",
], ids=["list", "number", "string", "null", "deep", "deep series"])
def test_a_state_that_is_no_object_is_a_value_error(state: str) -> None:
    det = SpikeDetector()
    with pytest.raises(ValueError):
        det.load_json(state)
