"""``preview <query> digest=daily`` and ``preview <query> spikes.min_count=3``: the preview
read the options (they were no keywords) and said nothing of them (a review, 2026-12-07): the
same answer as without, "N posts would have matched", where a daily digest posts one card a
day and a spike threshold is about bursts. It now says them in its head, how many digest cards
the channel would have had (on the clock the digests are posted by), and for spike thresholds
the busiest window of the matches against them, with the bot's own where one is not given.
Signed slash commands into the bolt app, the local Slack, a SQLite file or a real
redis-server, an injected clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core import keys as K
from handlers.digest_schedule import Schedule
from tests.conftest import FakeClock
from tests.e2e import world as world_module
from tests.e2e.test_queue import ask
from tests.e2e.world import CAROL, SUPPORT, UNPACED, World, redis_url_if, running_world


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[World]:
    clock = FakeClock(datetime(2026, 12, 5, 8, 0, tzinfo=UTC))
    config = world_module.CONFIG.replace("spikes: {{enabled: false}}",
                                         "spikes: {{window_minutes: 10}}")
    assert config != world_module.CONFIG
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", config)
        async with running_world(tmp_path, clock, extra=UNPACED, store=request.param,
                                 redis_url=redis_url_if(request)) as w:
            yield w


async def posts(w: World) -> None:
    """Seven posts of "checkout" over three days: four in ten minutes on the 5th (08:00 UTC),
    one on the 5th at 20:00, two on the 6th: digests at 09:00 UTC, the windows end 09:00 on
    the 5th, 09:00 on the 6th (two posts), 09:00 on the 7th."""
    n = 0
    for minutes in (0, 2, 4, 6):
        w.clock.now = datetime(2026, 12, 5, 8, minutes, tzinfo=UTC)
        n += 1
        await w.mention(f"acme checkout fails again {n}", n=n)
    for at in (datetime(2026, 12, 5, 20, 0, tzinfo=UTC), datetime(2026, 12, 6, 7, 0, tzinfo=UTC),
               datetime(2026, 12, 6, 10, 0, tzinfo=UTC)):
        w.clock.now = at
        n += 1
        await w.mention(f"acme checkout fails again {n}", n=n)
    w.clock.now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


async def test_a_digest_preview_says_the_cards_it_would_have_posted(world: World) -> None:
    await posts(world)
    plain = await ask(world, CAROL, SUPPORT, "preview checkout")
    said = await ask(world, CAROL, SUPPORT, "preview checkout digest=daily")
    assert said != plain, said  # before: the same answer
    head = said.splitlines()[0]
    assert head.startswith("checkout (digest daily): 7 of "), head
    assert "as a daily digest: 3 cards in this channel, not 7 alerts" in said, said
    hourly = await ask(world, CAROL, SUPPORT, "preview checkout digest=hourly")
    assert "as an hourly digest: 4 cards in this channel, not 7 alerts" in hourly, hourly


async def test_a_weekly_digest_preview_says_its_day_and_when_it_would_post(
        world: World) -> None:
    """``preview checkout digest=weekly:friday`` said "digest weekly" and not when its card
    would come, and counted its cards on Monday's windows (its day was left out): the posts of
    Saturday 08:00 and after are two windows of Saturdays at 09:00, one of Mondays."""
    await posts(world)
    said = await ask(world, CAROL, SUPPORT, "preview checkout digest=weekly:friday")
    assert said.splitlines()[0].startswith("checkout (digest weekly on Friday): 7 of "), said
    assert ("as a weekly digest: 1 card in this channel, not 7 alerts; its next card would "
            "come on Friday Dec 11 at 09:00 UTC") in said, said
    said = await ask(world, CAROL, SUPPORT, "preview checkout digest=weekly:sat")
    assert "as a weekly digest: 2 cards in this channel, not 7 alerts" in said, said
    said = await ask(world, CAROL, SUPPORT, "preview checkout digest=daily")
    assert "its next card would come on Tuesday Dec 08 at 09:00 UTC" in said, said


async def test_a_spike_preview_says_the_busiest_window_against_its_thresholds(
        world: World) -> None:
    await posts(world)
    said = await ask(world, CAROL, SUPPORT, "preview checkout spikes.min_count=3")
    head = said.splitlines()[0]
    assert head.startswith("checkout (spikes.min_count=3): 7 of "), head
    assert ("spike warnings: its busiest 10 minutes held 4 matches, min_count 3 reached; a "
            "warning also needs 3 times the usual (threshold) and no likelier than 0.0001 "
            "(max_p)") in said, said
    said = await ask(world, CAROL, SUPPORT, "preview checkout spikes.min_count=5 "
                                            "spikes.threshold=2")
    assert "held 4 matches, min_count 5 not reached: no spike warning" in said, said


@pytest.mark.parametrize("world", ["sqlite"], indirect=True)  # the store's record, either way
async def test_a_digest_preview_counts_on_the_schedule_in_force(world: World) -> None:
    """The digests' schedule in force is the store's record, the process started last's
    (``handlers.digest_schedule``: a rolling deploy moving ``digests.at``), which the router
    and ``why`` follow; the preview counted windows on this process's own config (a community
    manager's review, 2026-12-07; failed before: 3 cards, the next at 09:00, where the digests
    come at 17:00). Windows ending at 17:00: the 5th's (four posts), the 6th's (three)."""
    await posts(world)
    newer = Schedule(at="17:00", timezone=None, since=world.clock(), held=world.clock())
    await world.a.store.set_cursor(K.DIGEST_SCHEDULE, newer.dumps())
    said = await ask(world, CAROL, SUPPORT, "preview checkout digest=daily")
    assert ("as a daily digest: 2 cards in this channel, not 7 alerts; its next card would "
            "come on Monday Dec 07 at 17:00 UTC") in said, said


@pytest.mark.parametrize("world", ["sqlite"], indirect=True)  # no store's own
async def test_a_digest_subscriptions_reply_says_when_its_first_card_comes(
        world: World) -> None:
    """``subscribe checkout digest=daily`` answered how many posts it would have matched and
    nothing of when its card comes: a team that scheduled a report (Sprout Social says when)
    waited to see (a community manager's review, 2026-12-07; failed before: no such words).
    Its first card: the end of the window open now, on the digests' clock."""
    await posts(world)
    said = await ask(world, CAROL, SUPPORT, "subscribe checkout digest=daily")
    assert ("its first card comes on Tuesday Dec 08 at 09:00 UTC, if a post matches by "
            "then") in said, said
    realtime = await ask(world, CAROL, SUPPORT, "subscribe login")
    assert "first card" not in realtime, realtime
