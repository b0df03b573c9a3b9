"""``why`` of a post waiting in a digest, as a marketing lead asks it in Slack (`/socialops
why`, signed requests through bolt, the real app on a SQLite file or a real redis-server,
injected clock).

It said "collected into the route's digest" and nothing more: no due time, and not a word
when the digest was overdue because no process ran its timers, when the digest's timer was
set aside as a dead letter, or when the subscription was muted. A scheduled report in
Hootsuite or Sprout Social says when it goes out; `why` now says when the digest is due, how
late it is and why, what it waits for, and, once posted, which card holds the post (a late
window's, of the several an outage leaves, by its window). Nothing of the stored trace
changed: the digest's timer, the ``_alive`` beat, the dead letters and the ``flushed`` marks
say it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core import keys as K
from bot.core.ports import DueTimer
from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_review_missed_digest_windows import (
    digest_world,
    read_backlog,
    tick_until_quiet,
)
from tests.e2e.world import DAVE, MARKETING, SALES, World

START = datetime(2026, 12, 3, 12, 48, tzinfo=UTC)
GROUP = f"dev-digest|slack|{SALES}|-|3600s"


NINE = START.replace(hour=9, minute=10)


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> FakeClock:
    return FakeClock(getattr(request, "param", START))


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    async with digest_world(request, tmp_path, clock) as w:
        await w.a.start()
        yield w


def digest_line(answer: str, route: str = "dev-digest") -> str:
    lines = answer.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"• route {route} fired"))
    return lines[at + 1]


async def test_a_post_waiting_on_time_says_when_its_digest_is_due(world: World) -> None:
    await tick_until_quiet(world)  # the timer loop runs: its beat
    await world.mention("acme login broken", n=1)
    answer = await ask(world, DAVE, SALES, "why mastodon:1")
    said = digest_line(answer)
    # before: "  collected into the route's digest"
    assert said == ("  collected into the route's digest (hourly, 12:00-13:00 UTC): due "
                    "2026-12-03 13:00 UTC, in 12 min"), answer


@pytest.mark.parametrize("clock", [NINE], indirect=True)
async def test_an_overdue_digest_says_no_process_ran_its_timers(world: World,
                                                                clock: FakeClock) -> None:
    """The bot's timers stopped at 09:20 (a web-only process answers chat, no worker runs):
    the 09:00-10:00 digest is 2 h 50 min overdue at 12:50."""
    await tick_until_quiet(world)
    await world.mention("acme login broken", n=1)
    clock.advance(minutes=10)
    await tick_until_quiet(world)  # 09:20: the last beat
    clock.advance(hours=3, minutes=30)  # 12:50: no timer ran since
    answer = await ask(world, DAVE, SALES, "why mastodon:1")
    said = digest_line(answer)
    assert said.startswith("  collected into the route's digest (hourly, 09:00-10:00 UTC): "
                           "due 2026-12-03 10:00 UTC, 2 h 50 min ago, not posted: no "
                           "socialops process has run its timers since 2026-12-03 09:20 UTC"
                           ), answer
    assert "posted late" in said and "socialops run" in said, said
    await tick_until_quiet(world)  # a process runs its timers: posted late, and why says so
    answer = await ask(world, DAVE, SALES, "why mastodon:1")
    said = digest_line(answer)
    assert said.startswith("  collected into the route's digest, its card for 09:00-10:00 "
                           "UTC, posted late: delivered to #sales at 2026-12-03 12:50 UTC"
                           ), answer


async def test_a_muted_subscription_says_what_its_digest_waits_for(world: World,
                                                                   clock: FakeClock) -> None:
    await tick_until_quiet(world)
    made = await ask(world, DAVE, MARKETING, "subscribe logo digest=hourly")
    assert made.startswith("S-1 created"), made
    await world.mention("the new logo is lovely", n=1)
    assert (await ask(world, DAVE, MARKETING, "mute S-1 2h")).startswith("S-1"), "muted"
    answer = await ask(world, DAVE, MARKETING, "why mastodon:1")
    said = digest_line(answer, "sub:S-1")
    # before: "  collected into the route's digest"
    assert said == ("  collected into the subscription's digest (hourly): waiting for the "
                    "mute of S-1 to end at 2026-12-03 14:48 UTC; then posted at the first "
                    "window's end after it, 2026-12-03 15:00 UTC, in 2 h 12 min (`unmute "
                    "S-1` posts it at the next window's end)"), answer
    clock.advance(minutes=13)  # 13:01: the window's end passed, muted: nothing posted
    await tick_until_quiet(world)
    assert "waiting for the mute of S-1" in digest_line(
        await ask(world, DAVE, MARKETING, "why mastodon:1"), "sub:S-1")


@pytest.mark.parametrize("clock", [NINE], indirect=True)
async def test_late_cards_of_an_outage_each_named_by_their_window(world: World,
                                                                  clock: FakeClock) -> None:
    """Down from 09:20 to 12:50: three late cards went out within the same minute; `why`
    said of each post 'delivered to #sales at 12:50' alike. It names the card's window."""
    await tick_until_quiet(world)
    await world.mention("acme login broken at 9:10", n=1)
    clock.advance(minutes=10)
    await tick_until_quiet(world)
    await world.stop()
    clock.advance(hours=3, minutes=30)
    await world.start()
    await world.a.start()
    await read_backlog(world, [(3, "acme login broken at 10:30",
                                START.replace(hour=10, minute=30))])
    await tick_until_quiet(world)
    one = digest_line(await ask(world, DAVE, SALES, "why mastodon:1"))
    three = digest_line(await ask(world, DAVE, SALES, "why mastodon:3"))
    assert one.startswith("  collected into the route's digest, its card for 09:00-10:00 "
                          "UTC, posted late: delivered to #sales at "), one
    assert three.startswith("  collected into the route's digest, its card for 10:00-11:00 "
                            "UTC, posted late: delivered to #sales at "), three
    clock.advance(minutes=11)
    await world.mention("acme login broken at 13:01", n=4)
    clock.now = START.replace(hour=14, minute=1)
    await tick_until_quiet(world)
    on_time = digest_line(await ask(world, DAVE, SALES, "why mastodon:4"))
    assert on_time.startswith("  collected into the route's digest; delivered to #sales at "
                              "2026-12-03 14:01 UTC"), on_time


async def test_a_digest_whose_timer_was_set_aside_says_so_and_how_to_retry(
        world: World, clock: FakeClock) -> None:
    """The digest's flush failed five times (its summary hook raised, say) and the timer was
    set aside as a dead letter: nothing posts the window until it is retried."""
    await tick_until_quiet(world)
    await world.mention("acme login broken", n=1)

    async def broken(timer: DueTimer) -> None:  # the last inch: a flush that fails
        raise RuntimeError("the summary endpoint answered 500")

    world.a.timers.handlers[K.DIGEST_FLUSH] = broken
    clock.now = START.replace(hour=13, minute=0)
    for n in range(7):
        await world.timers()
        if n == 1:  # failed twice: taken again when its lease ends
            retried = digest_line(await ask(world, DAVE, SALES, "why mastodon:1"))
            assert retried == ("  collected into the route's digest (hourly): being posted "
                               "now, or its last try failed and is tried again at 2026-12-03 "
                               "13:02 UTC (after 5 failed tries its timer is set aside: "
                               "`socialops dead list --kind timer`)"), retried
        clock.advance(seconds=61)
    dead = await world.a.store.get_dead("timer", K.timer(K.DIGEST_FLUSH, GROUP))
    assert dead is not None
    answer = await ask(world, DAVE, SALES, "why mastodon:1")
    said = digest_line(answer)
    assert said.startswith("  collected into the route's digest (hourly, 12:00-13:00 UTC): "
                           "due 2026-12-03 13:00 UTC, 7 min ago, not posted: its timer "
                           f"failed and was set aside at {dead.at:%Y-%m-%d %H:%M} UTC (failed "
                           "5 times)"), answer
    assert said.endswith(f"run `socialops dead retry 'digest:{GROUP}' --kind timer`"), said
    assert json.loads(dead.data)["kind"] == K.DIGEST_FLUSH
