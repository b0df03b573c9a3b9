"""A daily digest moved from 09:00 to 17:00 (``digests.at``) by a rolling deploy: the old
process (09:00) still runs beside the new one (17:00) on one store (the real apps on a real
redis-server, the local Slack, an injected clock), then stops.

Decided: no post is in two digests nor left out of every one, and once the old process is
gone the new schedule wins. A timer the old process armed after the new one started (its
flush re-arms it at its own next 09:00) came at 09:00 the next day in the new process, an
old-schedule digest after the deploy ended: the new process moved only a timer whose new end
after it started was still ahead. A timer fired off its schedule now waits for the new
schedule's end of the oldest post it holds while that is ahead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core.config import load_config
from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_review_digest_schedule_changed import DAILY, MORNING, cards, change_at
from tests.e2e.test_review_missed_digest_windows import tick_until_quiet
from tests.e2e.test_review_why_digest import digest_line
from tests.e2e.world import DAVE, SALES, UNPACED, World, redis_url_if, running_world


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MORNING)


@pytest.fixture(params=["redis"])  # SQLite serves one process (docs/scaling.md)
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, rules=DAILY,
                             extra=UNPACED + 'digests: {at: "09:00"}\n', zone="Europe/Berlin",
                             store=request.param, redis_url=redis_url_if(request),
                             armed=True) as w:
        yield w


async def fire(app: App) -> None:
    for _ in range(10):
        fired = await app.runtime().fire_due_timers()
        await app.outbox.drain()
        if not fired:
            return
    raise AssertionError("timers kept firing")


async def until(apps: list[App], clock: FakeClock, day: int, hour: int, minute: int) -> None:
    """Each process's timer beat, each minute, until ``day`` ``hour:minute`` UTC (December)."""
    end = clock().replace(day=day, hour=hour, minute=minute)
    while clock() < end:
        clock.advance(minutes=1)
        for app in apps:
            await fire(app)


async def test_after_a_rolling_deploy_the_new_schedule_wins_each_post_once(
        world: World, clock: FakeClock, tmp_path: Path) -> None:
    await tick_until_quiet(world)
    config = tmp_path / "old" / "socialops.yaml"  # the old release's process, on the same store
    config.parent.mkdir()
    config.write_text((tmp_path / "socialops.yaml").read_text())
    (config.parent / "rules.yaml").write_text((tmp_path / "rules.yaml").read_text())
    async with AsyncExitStack() as stack:
        old = await stack.enter_async_context(open_app(
            load_config(config), clock=clock, env={}, owner="e2e-old"))
        await old.start()
        await change_at(world, "17:00")  # the new process, the old one still running
        new = world.a
        await world.mention("acme login broken", n=1)  # 07:30 Berlin
        await until([old, new], clock, 7, 8, 5)  # 09:05 Berlin: the old one's digest
        await until([old, new], clock, 7, 17, 0)  # 18:00 Berlin
        await world.mention("acme login fails again", n=2, handle="ola")
    # the deploy ends: the old process is gone (its flush armed the timer at its 09:00)
    said = digest_line(await ask(world, DAVE, SALES, "why mastodon:2"))
    assert "due 2026-12-08 16:00 UTC (17:00 Europe/Berlin)" in said, said
    await until([new], clock, 8, 8, 30)  # 09:30 Berlin the next day: nothing
    at_nine = cards(world)
    await until([new], clock, 8, 16, 5)  # 17:05 Berlin
    shown = cards(world)
    assert all("login broken" not in c for c in shown[1:]), shown
    assert sum("fails again" in c for c in shown) == 1, shown
    assert len(at_nine) == 1, at_nine  # before: the second digest came at 09:00
    assert len(shown) == 2 and "fails again" in shown[1], shown
