"""``list`` named each digest subscription's schedule (``digest daily``) and never when its
next card comes, which the subscribe reply says of the first (a review, 2026-12-08): a team
reading the list could not tell when to expect a report. Each digest's line now says it, on
the digests' clock (the zone it names), counted on the schedule in force (the store's record,
which a rolling deploy moves); a real-time one says nothing of cards. Signed slash commands
into the bolt app, the local Slack, a SQLite file, an injected clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core import keys as K
from handlers.digest_schedule import Schedule
from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.world import CAROL, SUPPORT, UNPACED, World, running_world


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    clock = FakeClock(datetime(2026, 12, 5, 8, 0, tzinfo=UTC))
    async with running_world(tmp_path, clock, extra=UNPACED) as w:
        yield w


async def test_each_digest_line_says_when_its_next_card_comes(world: World) -> None:
    await ask(world, CAROL, SUPPORT, "subscribe checkout digest=daily")
    await ask(world, CAROL, SUPPORT, "subscribe login")
    listed = await ask(world, CAROL, SUPPORT, "list")
    [digest] = [line for line in listed.splitlines() if "checkout" in line]
    assert ("next card Saturday Dec 05 at 09:00 UTC, if a post matches by then"
            in digest), listed
    [realtime] = [line for line in listed.splitlines() if "login" in line]
    assert "next card" not in realtime, listed
    # the schedule in force moved (another process started with digests.at 17:00)
    newer = Schedule(at="17:00", timezone=None, since=world.clock(), held=world.clock())
    await world.a.store.set_cursor(K.DIGEST_SCHEDULE, newer.dumps())
    listed = await ask(world, CAROL, SUPPORT, "list")
    assert "next card Saturday Dec 05 at 17:00 UTC" in listed, listed
