"""A digest posted late, the bot down at its window's end and posting it when back, as a
marketing lead reads it in the channel (real SQLite file or real redis-server, injected clock).

- The card said only "Digest for ...: 2 mentions": posted at 14:10, it read as the afternoon's.
  It now says its window on the workspace's clock and why it is late; an on-time one is as
  before.
- Posts waiting longer than they are kept (the interval plus a day, docs/rules.md "Digests")
  were dropped at the flush without a word: the card now says how many of the window's posts
  were no longer stored, and ``why`` of such a post says so. (Keeping them for ever instead
  would make an outage's length the store's size: the count is what is kept.)
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.world import CAROL, SALES, UNPACED, World, on_store, redis_url_if
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
    interval: INTERVAL
"""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 12, 3, 9, 10, tzinfo=UTC))


def digests(world: World) -> list[str]:
    return [json.dumps(m, ensure_ascii=False) for m in world.posts(SALES)
            if "Digest for" in json.dumps(m, ensure_ascii=False)]


async def _world(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock,
                 interval: str, zone: str | None = None) -> AsyncIterator[World]:
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, rules=RULES.replace("INTERVAL", interval),
                  extra=UNPACED, zone=zone)
        on_store(tmp_path / "socialops.yaml", request.param, redis_url_if(request))
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


async def down_for(world: World, clock: FakeClock, **gone: float) -> None:
    """The bot stopped (its last beat now) and started again ``gone`` later, as ``socialops
    run`` starts: the span no process ran is its outage record (a late card then says the
    bot was not running; a flush held up while it ran says so instead)."""
    await world.timers()  # its beat
    await world.stop()
    clock.advance(**gone)
    await world.start()
    await world.a.start()


@pytest.fixture(params=["sqlite", "redis"])
async def hourly(request: pytest.FixtureRequest, tmp_path: Path,
                 clock: FakeClock) -> AsyncIterator[World]:
    async for w in _world(request, tmp_path, clock, "1h"):
        yield w


@pytest.fixture(params=["sqlite", "redis"])
async def hourly_warsaw(request: pytest.FixtureRequest, tmp_path: Path,
                        clock: FakeClock) -> AsyncIterator[World]:
    async for w in _world(request, tmp_path, clock, "1h", zone="Europe/Warsaw"):
        yield w


# the expiry of a stored signal is the store's clock: SQLite's is the injected one, Redis's
# its own real TTL (not advanced by a fake clock), so the posts no longer kept are on SQLite
@pytest.fixture(params=["sqlite"])
async def hourly_sqlite(request: pytest.FixtureRequest, tmp_path: Path,
                        clock: FakeClock) -> AsyncIterator[World]:
    async for w in _world(request, tmp_path, clock, "1h"):
        yield w


async def test_a_late_digest_says_its_window_and_that_it_is_late(
        hourly: World, clock: FakeClock) -> None:
    await hourly.mention("acme login is down for me", n=1)
    clock.advance(minutes=10)
    await hourly.mention("acme login fails again", n=2, handle="ola")
    # 14:10: the bot was down from before 10:00 till now
    await down_for(hourly, clock, hours=4, minutes=50)
    await hourly.timers()
    shown = digests(hourly)
    assert len(shown) == 1, shown
    assert "2 mentions" in shown[0]
    assert "09:00-10:00 UTC, posted late: the bot was not running at 10:00" in shown[0], \
        shown[0]


async def test_a_digest_late_after_the_process_was_suspended_says_the_bot_was_not_running(
        hourly: World, clock: FakeClock) -> None:
    """The one process suspended (its host or VM paused, ``kill -STOP``) from 09:10 to 14:10:
    no process ran its timers at 10:00, and ``why`` said so while the post waited, but the
    outage record is read only at a process's start, so the card said "its flush held up
    while the bot ran" (a senior review of the day's diff, 2026-12-06). The beat after a gap
    of its own longer than ``OUTAGE_AFTER`` records it as a start does."""
    await hourly.timers()  # its beat, 09:10
    await hourly.mention("acme login is down for me", n=1)
    clock.advance(hours=5)  # suspended: no timer, no beat, no restart
    await hourly.timers()
    shown = digests(hourly)
    assert len(shown) == 1, shown
    assert "09:00-10:00 UTC, posted late: the bot was not running at 10:00" in shown[0], \
        shown[0]


async def test_an_on_time_digest_is_unchanged(hourly: World, clock: FakeClock) -> None:
    await hourly.mention("acme login is down for me", n=1)
    clock.advance(minutes=51)  # 10:01: its timer fires at its time
    await hourly.timers()
    shown = digests(hourly)
    assert len(shown) == 1, shown
    assert "posted late" not in shown[0] and "Window" not in shown[0], shown[0]


async def test_a_late_digests_window_is_on_the_workspaces_clock(
        hourly_warsaw: World, clock: FakeClock) -> None:
    await hourly_warsaw.mention("acme login is down for me", n=1)  # 10:10 in Warsaw
    await down_for(hourly_warsaw, clock, hours=5)
    await hourly_warsaw.timers()
    shown = digests(hourly_warsaw)
    assert len(shown) == 1, shown
    assert ("10:00-11:00 Europe/Warsaw, posted late: the bot was not running at 11:00"
            in shown[0]), shown[0]


async def test_a_digest_says_how_many_posts_were_no_longer_kept(
        hourly_sqlite: World, clock: FakeClock) -> None:
    """An hourly digest's posts are kept 72 hours (``store.dedup_ttl_hours``). The bot down
    from Thursday 10:00 until Sunday 09:30: Thursday 09:10's post is gone, 09:50's is not."""
    gone = await hourly_sqlite.mention("acme checkout broke", n=1)
    clock.advance(minutes=40)  # Thursday 09:50
    await hourly_sqlite.mention("acme checkout still broken", n=2, handle="ola")
    clock.advance(hours=71, minutes=40)  # Sunday 09:30: back
    await hourly_sqlite.timers()
    shown = digests(hourly_sqlite)
    assert len(shown) == 1, shown
    assert "1 mention" in shown[0], shown[0]
    assert "1 more of this window no longer stored" in shown[0], shown[0]
    before = len(hourly_sqlite.said_to(CAROL))
    assert await hourly_sqlite.slash(CAROL, SALES, f"why {gone.id}") == 200
    await hourly_sqlite.until(lambda: len(hourly_sqlite.said_to(CAROL)) > before,
                              "the answer to why")
    said = hourly_sqlite.said_to(CAROL)[-1]
    assert "no longer stored when its digest was posted" in said, said


async def test_a_window_whose_posts_are_all_gone_still_says_so(
        hourly_sqlite: World, clock: FakeClock) -> None:
    await hourly_sqlite.mention("acme checkout broke", n=1)
    clock.advance(hours=73)  # three days down
    await hourly_sqlite.timers()
    shown = digests(hourly_sqlite)
    assert len(shown) == 1, shown
    assert "1 more of this window no longer stored" in shown[0], shown[0]


async def test_a_late_digest_holds_only_its_windows_posts(
        hourly: World, clock: FakeClock) -> None:
    """Back at 14:05 after an outage, the sources read the posts written meanwhile before the
    timers' first tick: one written at 14:02 joined the 09:00-10:00 card that said it was
    that window's. It waits for its own window's digest; one written during the outage
    before 10:00, read only now, is the late window's."""
    await hourly.mention("acme login is down for me", n=1)  # 09:10
    clock.advance(hours=4, minutes=52)  # 14:02: written while the bot was down
    await hourly.mention("acme login works again", n=2, handle="ola")
    clock.advance(minutes=3)  # 14:05: back, the poll read it before the timers' tick
    await hourly.timers()
    shown = digests(hourly)
    assert len(shown) == 1, shown
    assert "09:00-10:00 UTC, posted late" in shown[0] and "1 mention" in shown[0], shown[0]
    assert "works again" not in shown[0], shown[0]
    clock.advance(minutes=56)  # 15:01: the 14:00-15:00 window's digest, on time
    await hourly.timers()
    shown = digests(hourly)
    assert len(shown) == 2, shown
    assert "works again" in shown[1] and "posted late" not in shown[1], shown[1]


async def test_a_post_dated_ahead_is_not_left_for_ever(hourly: World, clock: FakeClock) -> None:
    """Guard (passes before the change too): a post dated after the flush itself (a replayed
    file's date is not checked against a fetch) is taken by the flush, never left waiting for
    a window that it is always after."""
    from bot.core.models import Author, Mention

    ahead = Mention(id="mastodon:77", network="mastodon", source="masto",
                    text="acme from the future", author=Author(id="acctz", handle="z"),
                    created_at=clock().replace(year=2099), url="https://mastodon.example/@z/77")
    await hourly.a.pipeline.process(ahead)
    clock.advance(minutes=51)  # 10:01
    await hourly.timers()
    shown = digests(hourly)
    assert len(shown) == 1 and "from the future" in shown[0], shown


@pytest.fixture(params=["sqlite", "redis"])
async def warsaw_night(request: pytest.FixtureRequest,
                       tmp_path: Path) -> AsyncIterator[tuple[World, FakeClock]]:
    """Hourly, on Warsaw's clock, from 02:10 CEST the night its clocks go back."""
    clock = FakeClock(datetime(2026, 10, 25, 0, 10, tzinfo=UTC))
    async for w in _world(request, tmp_path, clock, "1h", zone="Europe/Warsaw"):
        yield w, clock


async def test_a_late_hourly_digest_in_the_hour_the_clocks_go_back_names_it_apart(
        warsaw_night: tuple[World, FakeClock]) -> None:
    """Warsaw's clocks go back from 03:00 CEST to 02:00 CET on 2026-10-25: the hour from 02:00
    to 02:00 is a window of its own (00:00-01:00 UTC), and its late card read
    ``02:00-02:00 Europe/Warsaw`` (a window of no length to its reader; half-hour windows
    there read ``02:30-02:00``, backwards): each end says which of the two it is."""
    world, clock = warsaw_night
    await world.mention("acme login is down for me", n=1)  # 02:10 CEST
    await down_for(world, clock, hours=5)
    await world.timers()
    shown = digests(world)
    assert len(shown) == 1, shown
    assert ("02:00 CEST-02:00 CET Europe/Warsaw, posted late: the bot was not running at "
            "02:00 CET") in shown[0], shown[0]
