"""Compound durations (``1h30m``, ``1 h 30 min``) typed to ``snooze`` and to an on-call
``cover``, end to end through Slack (signed requests into the bolt app, the local Slack Web
API): they were refused ("bad duration '1h30m'", "'1h30m' is not a span"); a near miss
(``1h1h``, ``30m1h``, ``1h30``) is refused in one line saying what to write."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_oncall_overrides import SCHEDULES
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, BOB, SUPPORT, UNPACED, World, running_world

# the world's clock starts on Monday 2026-11-23 at 09:00 UTC (10:00 CET)


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED + SCHEDULES) as w:
        yield w


async def test_a_snooze_takes_a_compound_duration(world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    for typed, until in (("1h30m", "10:30"), ("1 h 45 min", "10:45"),
                         ("2 hours 15 minutes", "11:15")):
        answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} {typed}")
        assert answer.startswith(f"{ticket_id} snoozed until {until} UTC"), (typed, answer)
    for typed, said in (
            ("1h1h", "bad duration '1h1h': hours twice; write 2h"),
            ("30m1h", "bad duration '30m1h': the largest unit goes first; write 1h30m"),
            ("1h30", "bad duration '1h30': 30 has no unit; write 1h30m")):
        answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} {typed}")
        assert answer.startswith(f"{said}; `off` ends a snooze"), (typed, answer)
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.snoozed_until is not None
    assert ticket.snoozed_until.strftime("%H:%M") == "11:15"  # the refusals changed nothing


async def test_an_override_covers_a_compound_span(world: World) -> None:
    assert await ask(world, ALICE, SUPPORT, "oncall primary cover 1h30m for=dave") == (
        "O-1: dave on call in primary from Mon 2026-11-23 10:00 CET to Mon 2026-11-23 11:30 "
        "CET, given by alice (drop it: oncall primary drop O-1)")
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover tomorrow 9am to 1 h 30 min")
            ).startswith("O-2: bob on call in primary from Tue 2026-11-24 09:00 CET to Tue "
                         "2026-11-24 10:30 CET")
    assert await ask(world, BOB, SUPPORT, "oncall primary cover 1h30") == (
        "'1h30' is not a span: 30 has no unit; write cover 1h30m")
    assert await ask(world, BOB, SUPPORT, "oncall primary cover 30m1h") == (
        "'30m1h' is not a span: the largest unit goes first; write cover 1h30m")
