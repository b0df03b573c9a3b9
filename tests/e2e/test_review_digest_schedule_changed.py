"""A daily digest whose time (``digests.at`` in ``socialops.yaml``) a Berlin marketing lead
changes, restarting the bot as docs/configuration.md asks (the real app on a SQLite file or a
real redis-server, the local Slack, an injected clock).

Moved from 09:00 to 17:00, as a scheduled report's time is moved in Sprout Social or
Hootsuite: the digest armed before the change still came at 09:00 (restarted before it), or,
restarted after the day's 09:00 digest, not at 17:00 that day but at 09:00 the next, a window
of 24 hours of the old clock; `why` of a post waiting in it said `being posted now, or its
last try failed` hours before. Moved earlier (to 08:00), it still came at 09:00. The window
open at the change now ends at the new time's first end after the restart.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_review_missed_digest_windows import RULES, tick_until_quiet
from tests.e2e.test_review_why_digest import digest_line
from tests.e2e.world import DAVE, SALES, UNPACED, World, redis_url_if, running_world

DAILY = RULES.replace("interval: 1h", "interval: 1d")
# Monday 2026-12-07, 07:30 in Berlin (CET, UTC+1): its 09:00 digest is due at 08:00 UTC
MORNING = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MORNING)


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, rules=DAILY,
                             extra=UNPACED + 'digests: {at: "09:00"}\n', zone="Europe/Berlin",
                             store=request.param, redis_url=redis_url_if(request),
                             armed=True) as w:
        yield w


def cards(world: World) -> list[str]:
    return [json.dumps(m, ensure_ascii=False) for m in world.posts(SALES)
            if "Digest for" in json.dumps(m, ensure_ascii=False)]


async def change_at(world: World, at: str) -> None:
    """``digests.at`` edited in the config, the bot restarted on it."""
    path = world.tmp / "socialops.yaml"
    text = path.read_text()
    assert 'digests: {at: "09:00"}' in text
    path.write_text(text.replace('digests: {at: "09:00"}', f'digests: {{at: "{at}"}}'))
    await world.restart()
    await world.a.start()


async def until(world: World, clock: FakeClock, hour: int, minute: int = 1) -> None:
    """The timers, each minute, until ``hour:minute`` UTC."""
    end = clock().replace(hour=hour, minute=minute)
    while clock() < end:
        clock.advance(minutes=1)
        await tick_until_quiet(world)


async def test_moved_later_before_it_came_comes_at_the_new_time(
        world: World, clock: FakeClock) -> None:
    await tick_until_quiet(world)
    await world.mention("acme login broken", n=1)  # 07:30: due 09:00
    clock.advance(minutes=10)
    await change_at(world, "17:00")  # 07:40
    await world.mention("acme login fails again", n=2, handle="ola")
    said = digest_line(await ask(world, DAVE, SALES, "why mastodon:1"))
    # before: "being posted now, or its last try failed and is tried again at 2026-12-07 08:00"
    assert "due 2026-12-07 16:00 UTC (17:00 Europe/Berlin)" in said, said
    await until(world, clock, 8, 30)  # 09:30 in Berlin: nothing (before: the digest came)
    assert cards(world) == []
    await until(world, clock, 16, 5)  # 17:05 in Berlin
    shown = cards(world)
    assert len(shown) == 1 and "2 mentions" in shown[0], shown
    assert "posted late" not in shown[0], shown[0]


async def test_moved_later_after_the_days_digest_comes_that_day(
        world: World, clock: FakeClock) -> None:
    await tick_until_quiet(world)
    await world.mention("acme login broken", n=1)
    await until(world, clock, 8, 5)  # 09:05: the day's digest
    assert len(cards(world)) == 1
    await change_at(world, "17:00")
    await world.mention("acme login fails again", n=2, handle="ola")
    await until(world, clock, 16, 5)  # 17:05 (before: nothing till 09:00 the next day)
    shown = cards(world)
    assert len(shown) == 2 and "1 mention" in shown[1] and "fails again" in shown[1], shown


async def test_moved_earlier_comes_at_the_new_time(world: World, clock: FakeClock) -> None:
    await tick_until_quiet(world)
    await world.mention("acme login broken", n=1)  # 07:30: due 09:00
    clock.advance(minutes=10)
    await change_at(world, "08:00")  # 07:40
    await world.mention("acme login fails again", n=2, handle="ola")
    await until(world, clock, 7, 5)  # 08:05 in Berlin (before: nothing till 09:00)
    shown = cards(world)
    assert len(shown) == 1 and "2 mentions" in shown[0], shown
    await until(world, clock, 8, 30)  # and nothing more at the old time
    assert len(cards(world)) == 1
