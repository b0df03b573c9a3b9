"""Handoffs said in a channel (``schedules[].announce``) end to end through Slack (the local Web
API), on a SQLite file and on a real redis-server: at each handoff one notice in the channel,
pinging the person going on call by their Slack user id; a bot down across a handoff says it
once when back, with when it was; a schedule edited since a handoff was armed says nothing at
the old instant and arms the new one; ``socialops check`` refuses an announce channel that is
not declared, in one line at its field."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_home import home_of, publishes, section
from tests.e2e.world import BOB, CAROL, ESCALATIONS, UNPACED, World, redis_url_if, running_world

# Berlin is at UTC+1 in November: the weekly handoff is on Mondays at 10:30 CET, 09:30 UTC.
# The world's clock starts on Monday 2026-11-23 at 09:00 UTC, in alice's week.
SCHEDULES = """\
schedules:
  - name: primary
    people: [alice, bob]
    start: 2026-11-16T10:30
    shift: 1w
    timezone: Europe/Berlin
    announce: support-escalations
    overrides:
      - {person: carol, from: 2026-11-30T10:00, until: 2026-11-30T12:00}
"""


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED + SCHEDULES, store=request.param,
                             redis_url=redis_url_if(request), armed=True) as w:
        yield w


def said(world: World) -> list[str]:
    return [str(m) for m in world.posts(ESCALATIONS) if "On call in" in str(m)]


async def test_each_handoff_is_said_once_pinging_who_goes_on_call(world: World) -> None:
    world.clock.advance(minutes=29)  # 09:29 UTC: alice still
    await world.timers()
    assert said(world) == []
    world.clock.advance(minutes=1, seconds=1)  # 09:30:01 UTC, 10:30 CET: bob's week
    await world.timers()
    [notice] = said(world)
    assert "On call in primary: bob" in notice and f"<@{BOB}>" in notice
    assert "until Mon 2026-11-30 10:00 CET, then carol" in notice and "Before: alice" in notice
    assert "not running" not in notice
    await world.restart()
    await world.a.start()  # a start arms the next handoff again: once
    await world.timers()
    assert len(said(world)) == 1
    # the next handoff is the override's: carol from 10:00 CET on Monday 30th
    world.clock.now = world.clock.now.replace(day=30, hour=9, minute=0, second=1)
    await world.timers()
    assert len(said(world)) == 2
    assert "On call in primary: carol (override)" in said(world)[1]
    assert f"<@{CAROL}>" in said(world)[1] and "Before: bob" in said(world)[1]


async def test_a_handoff_missed_while_down_is_said_once_when_back(world: World) -> None:
    await world.stop()
    world.clock.advance(hours=3)  # 12:00 UTC: bob's week began at 09:30 UTC
    await world.start()
    await world.a.start()
    await world.timers()
    await world.timers()
    [notice] = said(world)
    assert "On call in primary: bob" in notice
    assert "The handoff was at Mon 2026-11-23 10:30 CET; socialops was not running then" \
        in notice


async def test_a_schedule_edited_since_its_handoff_was_armed_says_nothing_then(
        world: World) -> None:
    await world.stop()
    path = world.tmp / "socialops.yaml"
    path.write_text(path.read_text().replace("people: [alice, bob]", "people: [alice]"))
    await world.start()  # alice alone: the armed 10:30 CET handoff is none any more
    await world.a.start()
    world.clock.advance(minutes=31)
    await world.timers()
    assert said(world) == []
    world.clock.now = world.clock.now.replace(day=30, hour=9, minute=0, second=1)
    await world.timers()  # the override still hands over to carol
    [notice] = said(world)
    assert "On call in primary: carol (override)" in notice and "Before: alice" in notice



async def test_the_notice_publishes_again_the_homes_opened_within_the_hour(
        world: World) -> None:
    """A handoff alone published no App Home; its notice, as any card, publishes again the
    homes opened within the hour, so bob's open tab says he is on call."""
    assert await world.open_home(BOB) == 200
    first = await home_of(world, BOB)
    assert "You are on call next in primary" in section(first, "On call")
    seen = publishes(world, BOB)
    world.clock.advance(minutes=30, seconds=1)  # 09:30:01 UTC: bob's week
    await world.timers()
    again = await home_of(world, BOB, after=seen)
    assert section(again, "On call").startswith(
        "*You are on call in primary until Mon 2026-11-30 10:00 CET*")


async def test_a_person_with_no_account_to_ping_is_said_not_silently_left_out(
        world: World) -> None:
    await world.stop()
    path = world.tmp / "socialops.yaml"
    path.write_text(path.read_text().replace("people: [alice, bob]", "people: [alice, mallory]"))
    await world.start()  # mallory has an email, and no Slack account configured or linked
    await world.a.start()
    world.clock.advance(minutes=30, seconds=1)
    await world.timers()
    [notice] = said(world)
    assert "On call in primary: mallory" in notice
    assert ("mallory has no account in this workspace to ping: add one under their identities: "
            "in socialops.yaml, or have them type `link <their email>` here.") in notice
    assert "<@" not in notice
