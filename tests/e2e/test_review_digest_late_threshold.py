"""One definition of a late digest, for its card and for ``why`` (an SRE's review after a
restart; Slack through bolt with signed requests, a SQLite file or a real redis-server,
injected clock).

The card says its window and "posted late" when its flush comes more than 10 minutes after
the window's end (``handlers.routing.LATE_AFTER``: a timer's lease a few times over, a flush
taken over after a crash is not late). ``why`` of a post still waiting said "it is posted
late, as its own card" from 2 minutes past the end on (its own ``GRACE``): a worker back 5
minutes after the end posted a card saying nothing of being late, after ``why`` had said it
would. Both now read one rule (``handlers.routing.digest_late``). And a late card says the bot
was not running at its window's end only when the outage record says so: a flush held up
while the bot ran (failed, set aside, retried) said it too, after ``why`` had said the timer
failed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core import keys as K
from bot.core.ports import DueTimer
from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_review_missed_digest_windows import digest_world, digests, tick_until_quiet
from tests.e2e.test_review_why_digest import digest_line
from tests.e2e.world import DAVE, SALES, World

START = datetime(2026, 12, 3, 12, 48, tzinfo=UTC)
GROUP = f"dev-digest|slack|{SALES}|-|3600s"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    async with digest_world(request, tmp_path, clock) as w:
        await w.a.start()
        yield w


async def test_five_minutes_overdue_is_not_said_late_as_its_card_is_not(
        world: World, clock: FakeClock) -> None:
    """The timers stopped at 12:48 (the last beat); at 13:05 the 12:00-13:00 digest waits."""
    await tick_until_quiet(world)
    await world.mention("acme login broken", n=1)
    clock.now = START.replace(hour=13, minute=5)
    said = digest_line(await ask(world, DAVE, SALES, "why mastodon:1"))
    assert said.startswith("  collected into the route's digest (hourly, 12:00-13:00 UTC): "
                           "due 2026-12-03 13:00 UTC, 5 min ago, not posted: no socialops "
                           "process has run its timers since 2026-12-03 12:48 UTC"), said
    # before: "...; it is posted late, as its own card, once one runs them (...)"
    assert "posted late" not in said, said
    assert said.endswith("it is posted once one runs them (`socialops run`, or its worker "
                         "role), as a late card, saying its window, if that is after "
                         "2026-12-03 13:10 UTC"), said
    await tick_until_quiet(world)  # a worker back at 13:05: the card, on time by its rule
    shown = digests(world)
    assert len(shown) == 1 and "posted late" not in shown[0], shown
    said = digest_line(await ask(world, DAVE, SALES, "why mastodon:1"))
    assert said.startswith("  collected into the route's digest; delivered to #sales at "
                           "2026-12-03 13:05 UTC"), said


async def test_past_ten_minutes_why_and_the_card_both_say_late(
        world: World, clock: FakeClock) -> None:
    await tick_until_quiet(world)
    await world.mention("acme login broken", n=1)
    clock.now = START.replace(hour=13, minute=11)
    said = digest_line(await ask(world, DAVE, SALES, "why mastodon:1"))
    assert said.endswith("not posted: no socialops process has run its timers since "
                         "2026-12-03 12:48 UTC; it is posted late, as its own card, once one "
                         "runs them (`socialops run`, or its worker role)"), said
    await tick_until_quiet(world)
    shown = digests(world)
    assert len(shown) == 1 and "12:00-13:00 UTC, posted late" in shown[0], shown
    said = digest_line(await ask(world, DAVE, SALES, "why mastodon:1"))
    assert said.startswith("  collected into the route's digest, its card for 12:00-13:00 "
                           "UTC, posted late: delivered to #sales at 2026-12-03 13:11 UTC"), said


async def test_a_flush_held_up_while_the_bot_ran_is_not_said_down(
        world: World, clock: FakeClock) -> None:
    """The flush failed five times from 13:00 (its summary hook raised, say) and was set
    aside; `why` said so, the cause was fixed and the timer retried at 13:30. The late card
    said "the bot was not running at 13:00", where it ran all along."""
    await tick_until_quiet(world)
    await world.mention("acme login broken", n=1)
    flush = world.a.timers.handlers[K.DIGEST_FLUSH]

    async def broken(timer: DueTimer) -> None:  # the last inch: a flush that fails
        raise RuntimeError("the summary endpoint answered 500")

    world.a.timers.handlers[K.DIGEST_FLUSH] = broken
    clock.now = START.replace(hour=13, minute=0)
    for _ in range(7):
        await world.timers()
        clock.advance(seconds=61)
    dead = await world.a.store.get_dead("timer", K.timer(K.DIGEST_FLUSH, GROUP))
    assert dead is not None
    world.a.timers.handlers[K.DIGEST_FLUSH] = flush
    clock.now = START.replace(hour=13, minute=30)
    assert await world.a.timers.retry(dead)
    await tick_until_quiet(world)
    shown = digests(world)
    assert len(shown) == 1, shown
    # before: "12:00-13:00 UTC, posted late: the bot was not running at 13:00"
    assert ("12:00-13:00 UTC, posted late: due at 13:00, its flush held up while the bot "
            "ran") in shown[0], shown[0]
