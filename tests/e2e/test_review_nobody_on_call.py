"""An escalation step whose schedule has nobody on call when its notice goes out (before the
rotation's ``start``: a team's on-call not begun yet, the nearest socialops has to hours nobody
covers), end to end through Slack (signed requests into the bolt app, the local Slack, a
SQLite file). The escalate-by-hand reply says "nobody on call in primary"; the timer's notice
said nothing, pinged nobody, and read as if the step had paged someone (a review of the
on-call and queue views, 2026-12-06)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_oncall import ON_CALL_STEP, STEP, notices
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import BOB, ESCALATIONS, SUPPORT, UNPACED, World
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

LATER = """\
schedules:
  - name: primary
    people: [alice, bob]
    start: 2026-11-30T09:00
    shift: 1w
    timezone: Europe/Berlin
"""


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, extra=UNPACED + LATER)
        path = tmp_path / "socialops.yaml"
        path.write_text(path.read_text().replace(STEP, ON_CALL_STEP))
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


async def test_a_step_with_nobody_on_call_says_so(world: World) -> None:
    assert (await ask(world, BOB, SUPPORT, "oncall primary")).startswith(
        "On call: primary: nobody")
    ticket_id, _ = await open_ticket(world)
    for minutes in (15, 30):
        world.clock.advance(minutes=minutes)
        await world.timers()
        world.clock.advance(seconds=30)
        await world.timers()
    [notice] = notices(world, ESCALATIONS, ticket_id)
    assert "Nobody is on call in primary now, so nobody was pinged for it" in notice, notice
