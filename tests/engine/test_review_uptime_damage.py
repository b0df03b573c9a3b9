"""A hand-damaged outage record (``_alive``, ``_outages``: bot/engine/uptime.py) on a real
SQLite file and a real redis-server (a fuzzing review, 2026-12-06).

Python's ``float`` reads "-inf", "nan" and "1e999" from a cursor's text and JSON's ``-1e999``
as infinities: a last beat of minus infinity (or -1e308) raised ``OverflowError`` out of the
start (``datetime.fromtimestamp`` of the log line), and a span of minus to plus infinity (or
0 to 1e308) read as an outage was every digest window taken for missed, every post read late
a late card of its own window, for ever (a span is pruned 35 days after its end). A span is
now read only of finite times, and as at most ``KEPT`` long, ending at the latest now: a
window that ended before the record's horizon, or after this process started, was not missed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import keys as K
from bot.core.effects import Effects
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.uptime import KEPT, READ_AT_MOST, Uptime, parse_outages
from tests.conftest import FakeClock
from tests.support.mutations import SETTINGS

T0 = datetime(2026, 12, 3, 9, 10, tzinfo=UTC)


async def _started(store: Store, clock: FakeClock, *, alive: str | None,
                   outages: str | None) -> Uptime:
    clock.now = T0
    fx = Effects()
    if alive is not None:
        fx.cursors[K.ALIVE] = alive
    if outages is not None:
        fx.cursors[K.OUTAGES] = outages
    await Applier(store).apply(fx)
    up = Uptime(store, Applier(store), clock=clock)
    await up.starting()
    return up


def _sane(up: Uptime) -> None:
    """No span before the record's horizon or after now, none not finite: the windows missed
    are at most those of the last ``KEPT``."""
    for start, end in up.outages:
        assert T0.timestamp() - KEPT.total_seconds() <= start < end <= T0.timestamp()
    assert not up.down_at(T0 - KEPT - timedelta(days=1))
    assert not up.down_at(T0 + timedelta(minutes=1))


@pytest.mark.parametrize("alive", ["-inf", "-1e308", "-1e999", "inf", "nan", "1e308", "-5",
                                   "0", "1", "9" * 5000, "-" + "9" * 5000, " 12 ", "1_0",
                                   "\u0661\u0662", repr(T0.timestamp() + 86400 * 365)])
async def test_a_damaged_last_beat_starts_the_process(store: Store, clock: FakeClock,
                                                      alive: str) -> None:
    up = await _started(store, clock, alive=alive, outages=None)
    _sane(up)
    await up.beat()  # the timer loop's first beat
    assert await store.get_cursor(K.ALIVE) == repr(T0.timestamp())  # beaten: mended


@pytest.mark.parametrize("outages", [
    "[[-1e999, 1e999]]", '[["-inf", "inf"]]', "[[0, 1e308]]", '[["-1e308", "1e308"]]',
    '[["NaN", 5]]', '[[NaN, Infinity]]', "[[1, " + "9" * 5000 + "]]", "[[-5, 10]]",
    json.dumps([[T0.timestamp() - 3600, T0.timestamp() + 86400 * 365]]),
    json.dumps([[T0.timestamp() + 3600, T0.timestamp() + 7200]]),
], ids=lambda v: v[:30])
async def test_a_damaged_span_is_never_every_window_missed(store: Store, clock: FakeClock,
                                                           outages: str) -> None:
    up = await _started(store, clock, alive=repr(T0.timestamp() - 30), outages=outages)
    _sane(up)
    again = Uptime(store, Applier(store), clock=clock)
    await again.starting()  # what was written back reads the same
    _sane(again)


async def test_a_last_beat_years_ago_keeps_the_last_35_days(store: Store,
                                                            clock: FakeClock) -> None:
    """A real outage longer than the record keeps (a seasonal deployment stopped in
    spring): the windows of its last ``KEPT`` are the late ones, and a second start finds
    the one span, not two."""
    years = repr(T0.timestamp() - 86400 * 400)
    up = await _started(store, clock, alive=years, outages=None)
    assert up.outages == [(T0.timestamp() - KEPT.total_seconds(), T0.timestamp())]
    assert up.down_at(T0 - timedelta(days=3))


_TIME = (st.floats(allow_nan=True, allow_infinity=True) | st.integers(-10**20, 10**20)
         | st.text(max_size=8) | st.sampled_from(["-inf", "inf", "nan", "1e999", "-1e999"]))


@SETTINGS
@given(spans=st.lists(st.lists(_TIME, min_size=0, max_size=3), max_size=6))
def test_any_record_reads_as_finite_ordered_spans(spans: list[list[object]]) -> None:
    for start, end in parse_outages(json.dumps(spans)):
        assert float("-inf") < start < end < float("inf")


async def test_a_record_of_too_many_spans_is_read_as_none(store: Store, clock: FakeClock,
                                                          caplog: pytest.LogCaptureFixture
                                                          ) -> None:
    """No release writes more than ``MOST`` spans (~4 KB): 10^6 of them (30 MB) cost a start
    seconds of the loop, decoding and sorting them twice; a record past ``READ_AT_MOST`` is
    read as none now, said once. Written a few times past that bound, not 30 MB: the bound is
    what is checked (the million-span record took a minute of the suite on a loaded machine)."""
    many = json.dumps([[T0.timestamp() - 86400 + i * 0.01, T0.timestamp() - 86400 + i * 0.01
                        + 0.005] for i in range(10**4)])
    assert READ_AT_MOST < len(many) < 10 * READ_AT_MOST
    up = await _started(store, clock, alive=repr(T0.timestamp() - 30), outages=many)
    assert up.outages == []
    said = [r.getMessage() for r in caplog.records if K.OUTAGES in r.getMessage()]
    assert len(said) == 1 and "\n" not in said[0]
