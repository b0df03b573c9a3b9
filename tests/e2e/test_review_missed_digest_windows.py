"""Digests after an outage of several windows, as a marketing lead reads them in the channel
(real SQLite file or real redis-server, the bot restarted on it, injected clock).

The bot stopped at 09:20 with an hourly digest's 09:00-10:00 window open, and came back at
12:50 (3.5 windows later); its Mastodon source read the posts written meanwhile before the
timers' first tick. The 09:00-10:00 card went out late, but the posts of 10:00-11:00 and
11:00-12:00 landed in the on-time 12:00-13:00 card at 13:00, which named no window: a digest's
posts are "the posts written before its window's end" (docs/rules.md, Digests), as a
scheduled report of Sprout Social or Hootsuite covers its own date range. Each missed window
now has its card, posted late when the bot is back and saying its window; the open window's
digest keeps only its own posts. With nothing waiting in the digest at the stop, the outage
record (bot/engine/uptime.py: when no process beat) says which windows ended while the bot was
down; posts read late while it ran still go in the window open then.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.models import Author, Mention
from tests.conftest import FakeClock
from tests.e2e.world import SALES, UNPACED, World, on_store, redis_url_if
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

RULES = """
brands:
  acme: [acme]
routes:
  - name: dev-digest
    match: {brand: [acme]}
    action: digest
    channel: sales
    interval: 1h
"""

START = datetime(2026, 12, 3, 9, 10, tzinfo=UTC)


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> FakeClock:
    return FakeClock(getattr(request, "param", START))


@asynccontextmanager
async def digest_world(request: pytest.FixtureRequest, tmp_path: Path,
                       clock: FakeClock) -> AsyncIterator[World]:
    """The hourly digest's world on the store ``request.param`` names, its app open."""
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, rules=RULES, extra=UNPACED)
        on_store(tmp_path / "socialops.yaml", request.param, redis_url_if(request))
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    async with digest_world(request, tmp_path, clock) as w:
        yield w


def digests(world: World) -> list[str]:
    return [json.dumps(m, ensure_ascii=False) for m in world.posts(SALES)
            if "Digest for" in json.dumps(m, ensure_ascii=False)]


async def read_backlog(world: World, written: list[tuple[int, str, datetime]]) -> None:
    """The source's first poll after the restart: posts written while the bot was down."""
    for n, text, at in written:
        m = Mention(id=f"mastodon:{n}", network="mastodon", source="masto", text=text,
                    author=Author(id=f"acct{n}", handle=f"user{n}", followers=120),
                    created_at=at, url=f"https://mastodon.example/@user{n}/{n}")
        await world.a.pipeline.process(m)


async def tick_until_quiet(world: World) -> None:
    """The timer loop's beats until nothing more is due (a beat fires what is due then)."""
    for _ in range(10):
        if not await world.timers():
            return
    raise AssertionError("timers kept firing")


BACKLOG = [(2, "acme login broken at 9:40", START.replace(minute=40)),
           (3, "acme login broken at 10:30", START.replace(hour=10, minute=30)),
           (4, "acme login broken at 11:30", START.replace(hour=11, minute=30)),
           (5, "acme login broken at 12:40", START.replace(hour=12, minute=40))]


def _check(shown: list[str], *, late: list[tuple[str, list[str]]]) -> None:
    assert len(shown) == len(late), shown
    for card, (window, holds) in zip(shown, late, strict=True):
        assert f"{window} UTC, posted late" in card, (window, card)
        assert f"{len(holds)} mention" in card, (window, card)
        for at in ("9:10", "9:40", "10:30", "11:30", "12:40"):
            assert (f"broken at {at}" in card) == (at in holds), (window, at, card)


@pytest.mark.parametrize("order", ["oldest first", "newest first"])
async def test_each_missed_window_has_its_own_late_card(
        world: World, clock: FakeClock, order: str) -> None:
    await world.mention("acme login broken at 9:10", n=1)  # read live, its window open
    clock.advance(minutes=10)  # 09:20: the bot stops
    await world.stop()
    clock.advance(hours=3, minutes=30)  # 12:50: back, the poll reads before the first tick
    await world.start()
    await read_backlog(world, BACKLOG if order == "oldest first" else BACKLOG[::-1])
    await tick_until_quiet(world)
    _check(digests(world), late=[("09:00-10:00", ["9:10", "9:40"]),
                                 ("10:00-11:00", ["10:30"]),
                                 ("11:00-12:00", ["11:30"])])
    clock.advance(minutes=11)  # 13:01: the open window's digest, on time, with its post only
    await tick_until_quiet(world)
    shown = digests(world)
    assert len(shown) == 4, shown
    assert "posted late" not in shown[3] and "Window" not in shown[3], shown[3]
    assert "broken at 12:40" in shown[3] and "1 mention" in shown[3], shown[3]


async def run_bot(world: World) -> None:
    """The app started as ``socialops run`` starts it (the outages before it read)."""
    await world.start()
    await world.a.start()


@pytest.mark.parametrize("order", ["oldest first", "newest first"])
async def test_missed_windows_with_nothing_pending_at_the_stop(
        world: World, clock: FakeClock, order: str) -> None:
    """Nothing waited in the digest when the bot stopped: the backlog alone has the windows.
    The outage record (no process beat from 09:10 to 12:50) says which windows ended while
    the bot was down: each has its late card, as with a post pending at the stop."""
    await world.a.start()  # 09:10: running, its timer loop's beat written
    await tick_until_quiet(world)
    clock.advance(minutes=10)  # 09:20: the bot stops
    await world.stop()
    clock.advance(hours=3, minutes=30)
    await run_bot(world)
    await read_backlog(world, BACKLOG if order == "oldest first" else BACKLOG[::-1])
    await tick_until_quiet(world)
    _check(digests(world), late=[("09:00-10:00", ["9:40"]), ("10:00-11:00", ["10:30"]),
                                 ("11:00-12:00", ["11:30"])])
    clock.advance(minutes=11)
    await tick_until_quiet(world)
    shown = digests(world)
    assert len(shown) == 4 and "broken at 12:40" in shown[3], shown
    assert "posted late" not in shown[3] and "1 mention" in shown[3], shown[3]


async def test_posts_read_late_while_the_bot_ran_go_in_the_open_window(
        world: World, clock: FakeClock) -> None:
    """The same backlog read late while the bot ran (a feed whose entries reach it hours
    after their date; here a restart of two minutes): no window is said to be missed, the
    posts are the open window's, on time."""
    await world.a.start()
    clock.advance(hours=3, minutes=35)  # 12:45: a beat, then a restart of two minutes
    await tick_until_quiet(world)
    await world.stop()
    clock.advance(minutes=2)
    await run_bot(world)
    await read_backlog(world, BACKLOG[:3])
    await tick_until_quiet(world)
    assert digests(world) == []
    clock.advance(minutes=14)  # 13:01
    await tick_until_quiet(world)
    shown = digests(world)
    assert len(shown) == 1 and "posted late" not in shown[0], shown
    assert "3 mention" in shown[0], shown[0]


async def test_an_empty_missed_window_posts_nothing(world: World, clock: FakeClock) -> None:
    await world.mention("acme login broken at 9:10", n=1)
    clock.advance(minutes=10)
    await world.stop()
    clock.advance(hours=3, minutes=30)
    await world.start()
    await read_backlog(world, [BACKLOG[2], BACKLOG[3]])  # nothing written 09:20-11:00
    await tick_until_quiet(world)
    _check(digests(world), late=[("09:00-10:00", ["9:10"]), ("11:00-12:00", ["11:30"])])
    assert clock() - START < timedelta(hours=4)


@pytest.fixture(params=["sqlite", "redis"])
async def daily_berlin(request: pytest.FixtureRequest, tmp_path: Path,
                       clock: FakeClock) -> AsyncIterator[World]:
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, rules=RULES.replace("1h", "1d"),
                  extra=UNPACED, zone="Europe/Berlin")
        on_store(tmp_path / "socialops.yaml", request.param, redis_url_if(request))
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


@pytest.mark.parametrize(("clock", "window"), [
    # the clocks go forward on 2027-03-28 (02:00 to 03:00): a day of 23 hours
    (datetime(2027, 3, 27, 10, 0, tzinfo=UTC), "2027-03-27 09:00 to 2027-03-28 09:00"),
    # and back on 2026-10-25 (03:00 to 02:00): a day of 25 hours
    (datetime(2026, 10, 24, 10, 0, tzinfo=UTC), "2026-10-24 09:00 to 2026-10-25 09:00"),
], indirect=["clock"])
async def test_a_late_daily_digest_across_a_clock_change_names_its_day(
        daily_berlin: World, clock: FakeClock, window: str) -> None:
    """A daily digest at 09:00 Berlin time, the bot down over the night the clocks change:
    its late card named the window as the 24 hours before its end (08:00 or 10:00 the day
    before), where it held the posts since the day before's 09:00."""
    await daily_berlin.mention("acme checkout broke", n=1)
    clock.advance(days=1, hours=3)  # the next day at noon or so: back
    await tick_until_quiet(daily_berlin)
    shown = digests(daily_berlin)
    assert len(shown) == 1, shown
    assert f"{window} Europe/Berlin, posted late" in shown[0], shown[0]
