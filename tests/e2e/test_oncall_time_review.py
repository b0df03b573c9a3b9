"""Handoffs of a daily rotation, said in its announce channel, as a time review found them
(2026-12-06): each handoff of the rotation is said once, also after an override made in chat
that covered it was dropped before it came. End to end through Slack (the local Web API), on
a SQLite file and on a real redis-server, with the injected clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.world import (
    ALICE,
    BOB,
    CAROL,
    ESCALATIONS,
    SUPPORT,
    UNPACED,
    World,
    redis_url_if,
    running_world,
)

# a daily rotation handing over at 10:30 on Berlin's clock (09:30 UTC in November), alice on
# the even shifts counted from the start, bob on the odd. The world's clock starts on Monday
# 2026-11-23 at 09:00 UTC (10:00 CET), in alice's shift 6; bob's 7 is from 10:30 CET.
DAILY = """\
schedules:
  - name: primary
    people: [alice, bob]
    start: 2026-11-16T10:30
    shift: 1d
    timezone: Europe/Berlin
    announce: support-escalations
"""


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED + DAILY, store=request.param,
                             redis_url=redis_url_if(request), armed=True) as w:
        yield w


def said(world: World) -> list[str]:
    return [str(m) for m in world.posts(ESCALATIONS) if "On call in" in str(m)]


async def test_a_handoff_inside_a_dropped_override_is_still_said(world: World) -> None:
    """PagerDuty and Grafana OnCall notify whoever a shift goes to at each handoff; deleting
    an override gives the rotation its own handoffs back. Alice covers bob's week off from
    Monday 11:00 to Friday 11:00 CET; the cover is dropped on Tuesday (alice's own day by the
    rotation), so Wednesday's 10:30 handoff to bob is the rotation's again and is said,
    pinging bob, and so is Thursday's back to alice."""
    world.clock.advance(minutes=30, seconds=1)  # 10:30 CET: bob's shift 7
    await world.timers()
    assert "On call in primary: bob" in said(world)[-1]
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover 11:00 to "
                                           "2026-11-27T11:00 for=alice")).startswith("O-1")
    world.clock.advance(minutes=30)  # 11:00:01 CET: alice's cover begins
    await world.timers()
    assert "On call in primary: alice (override)" in said(world)[-1]
    world.clock.now = world.clock.now.replace(day=24, hour=9, minute=30, second=1)
    await world.timers()  # Tuesday 10:30 CET: alice's own shift 8, inside her cover
    world.clock.now = world.clock.now.replace(hour=11)  # 12:00 CET: the cover is dropped
    assert (await ask(world, CAROL, SUPPORT, "oncall primary drop O-1")).startswith(
        "O-1 dropped in primary")
    await world.a.outbox.drain()
    count = len(said(world))
    world.clock.now = world.clock.now.replace(day=25, hour=9, minute=30, second=1)
    await world.timers()  # Wednesday 10:30 CET: the rotation hands over to bob
    handoffs = said(world)[count:]
    assert len(handoffs) == 1, handoffs
    assert "On call in primary: bob" in handoffs[0] and f"<@{BOB}>" in handoffs[0]
    world.clock.now = world.clock.now.replace(day=26)  # Thursday 10:30 CET: to alice
    await world.timers()
    handoffs = said(world)[count:]
    assert len(handoffs) == 2, handoffs
    assert "On call in primary: alice" in handoffs[1] and f"<@{ALICE}>" in handoffs[1]
