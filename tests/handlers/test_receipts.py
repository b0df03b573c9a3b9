"""``socialops report`` (``Receipts.report``) over the day tallies of a real SQLite store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.core import keys as K
from bot.core.config import HealthConfig
from bot.core.effects import Effects
from bot.core.models import ChannelRef
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.timers import Timers
from handlers.receipts import (
    MAX_COLUMNS,
    RECENT,
    SEP,
    Receipts,
    columns,
    day_date,
    day_of,
)
from tests.conftest import FakeClock

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def store(sqlite_store: Store) -> Iterator[Store]:
    yield sqlite_store


async def tally(store: Store, name: str, at: datetime, n: int) -> None:
    fx = Effects()
    fx.tallies.append((name, day_of(at), n))
    assert await store.apply(fx)


def receipts(store: Store, clock: FakeClock) -> Receipts:
    clock.now = NOW
    return Receipts(store, Applier(store), cfg=HealthConfig(), clock=clock, ops=None)


def rows(report: str) -> dict[str, str]:
    """Each row's name -> its sparkline."""
    found = re.findall(r"^  (\S+)\s+[\d,]+  (\S+)  [\d,]+ today$", report, re.M)
    return dict(found)


@pytest.mark.parametrize(("days", "each"), [
    (30, "a day"), (400, "a week (Monday to Sunday)"), (1000, "a month"),
    (3650, "a quarter"), (20_000, "a year")])
async def test_a_long_span_is_drawn_in_at_most_sixty_characters(
        store: Store, clock: FakeClock, days: int, each: str) -> None:
    """`socialops report --since 400d` drew a row 401 characters wide (one a day), wrapping
    every line of the report; a longer span, wider still."""
    rec = receipts(store, clock)
    await tally(store, f"fetched{SEP}masto", NOW - timedelta(days=days), 5)  # the first day
    await tally(store, f"fetched{SEP}masto", NOW, 2)
    report = await rec.report(NOW - timedelta(days=days))
    assert report.splitlines()[0].endswith(f"(UTC days; one character {each}, · for none)")
    line = rows(report)["masto"]
    assert len(line) <= MAX_COLUMNS and len(line) == len(columns(day_of(
        NOW - timedelta(days=days)), day_of(NOW))[1])
    assert line == "█" + "·" * (len(line) - 2) + "▄"  # 5, nothing, 2 (today)


async def test_the_days_of_a_week_are_summed_in_its_column(
        store: Store, clock: FakeClock) -> None:
    rec = receipts(store, clock)
    for back, n in ((7, 3), (6, 3), (1, 2)):  # Mon and Tue of last week; yesterday (Sun)
        await tally(store, f"fetched{SEP}masto", NOW - timedelta(days=back), n)
    report = await rec.report(NOW - timedelta(days=400))
    # the columns: ... the week before last, last week (3 + 3 + 2 = 8), this week (today)
    assert rows(report)["masto"].endswith("·█·"), report
    assert re.search(r"^  masto\s+8  ", report, re.M), report


async def test_a_year_of_daily_receipts_keeps_only_the_latest_in_memory(
        store: Store, clock: FakeClock) -> None:
    """Each receipt posted was also appended to a list in memory (for the demo's summary) for
    the life of the process: a year of them in a process that runs a year."""
    clock.now = NOW
    rec = Receipts(store, Applier(store), cfg=HealthConfig(), clock=clock,
                   ops=ChannelRef(workspace="console", channel="ops"))
    timers = Timers(store, clock=clock)
    timers.register(K.RECEIPT, rec.fire)
    fx = Effects()
    rec.arm(fx)
    assert await store.apply(fx)
    for _ in range(RECENT + 20):
        await tally(store, f"fetched{SEP}masto", clock(), 5)
        clock.advance(days=1)
        assert await timers.fire_due() == 1
    assert len(rec.posted) == RECENT
    assert rec.posted[-1].key == f"receipt:{day_date(day_of(clock()) - 1).isoformat()}"
