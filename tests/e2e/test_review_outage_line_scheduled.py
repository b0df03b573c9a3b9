"""The start's outage line names the scheduled posts an outage left to publish late (an SRE's
review): a SQLite file or a real redis-server, Slack through bolt, the local Mastodon server,
injected clock.

A post approved for a time while no process ran publishes once when the bot is back, its
thread saying how late (``test_scheduled``); the line the start logs named the digests and the
escalation steps it left late, and not these posts, so an operator reading it after a bad
deploy did not learn that the accounts were about to post, hours after the time the team
chose. It now names them when the outage held one (a post due after it is no late one)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_review_missed_digest_windows import tick_until_quiet
from tests.e2e.test_review_outage_line_subscriptions import outage_lines
from tests.e2e.test_scheduled import approve, thread
from tests.e2e.world import ALICE, MARKETING, UNPACED, World, redis_url_if, running_world

LATE = "approved posts scheduled then publish now, once each, saying how late"


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED, store=request.param,
                             redis_url=redis_url_if(request)) as w:
        yield w


async def down(world: World, hours: int) -> None:
    """Every process stops after a beat, and one starts ``hours`` later."""
    await world.a.start()
    await tick_until_quiet(world)  # the beat
    await world.stop()
    world.clock.advance(hours=hours)
    await world.start()
    await world.a.start()


async def test_the_outage_line_names_the_posts_it_left_late(
        world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.engine.uptime")
    await ask(world, ALICE, MARKETING, "draft mastodon masto at=5h Launch day")
    assert (await approve(world, "A-1")).startswith("A-1 approved; publishes at")
    await down(world, 2)  # 09:00 to 11:00, the post due at 14:00: none late
    [first] = outage_lines(caplog)  # the world's escalation chains: their steps only
    assert first.endswith("+00:00: escalation steps due then fire now, once each, saying "
                          "how late"), first
    await down(world, 5)  # 11:00 to 16:00: due at 14:00, in the outage
    assert outage_lines(caplog)[1].endswith(f"saying how late; {LATE}"), outage_lines(caplog)
    await tick_until_quiet(world)
    assert [s["form"]["status"] for s in world.statuses] == ["Launch day"]
    assert thread(world, "A-1")[-1].endswith(", 2 h late (due 2026-11-23 14:00 UTC)"), \
        thread(world, "A-1")
