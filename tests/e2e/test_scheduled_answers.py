"""What a scheduled draft's answers say once it is approved, through Slack's signed request
path on a SQLite file (the world of tests/e2e/test_scheduled.py, Berlin's clock)."""

from __future__ import annotations

from tests.e2e.test_approvals import status_of
from tests.e2e.test_queue import ask
from tests.e2e.test_scheduled import approve, world
from tests.e2e.world import ALICE, MARKETING, World

__all__ = ["world"]  # the fixture


async def test_approving_again_says_when_it_publishes(world: World) -> None:
    """A second press of Approve on a draft waiting for its time said `it is being published`,
    two hours before anything would be."""
    await ask(world, ALICE, MARKETING, "draft mastodon masto at=2h Hello")
    assert await approve(world, "A-1") == \
        "A-1 approved; publishes at 2026-11-23 11:00 UTC (12:00 Europe/Berlin)"
    assert await approve(world, "A-1") == ("you approved A-1 already; it publishes at "
                                           "2026-11-23 11:00 UTC (12:00 Europe/Berlin)")
    assert await status_of(world, "A-1") == "approved" and world.statuses == []


async def test_off_after_the_time_publishes_an_approved_draft_now(world: World) -> None:
    """`schedule A-1 off` publishes an approved draft now (docs/workflows.md). Once its time
    had passed with the timer not yet run (the bot was just starting, or its timers were
    behind), it answered `A-1 publishes at 2026-11-23 11:00 UTC ... already` and published
    nothing; on a pending draft past its time it said the same of a time gone."""
    await ask(world, ALICE, MARKETING, "draft mastodon masto at=2h Hello")
    await approve(world, "A-1")
    await ask(world, ALICE, MARKETING, "draft mastodon masto at=2h Hello again")
    world.clock.advance(hours=3)
    answer = await ask(world, ALICE, MARKETING, "schedule A-1 off")
    assert answer.startswith("A-1 approved and published: ") and \
        answer.endswith(", 1 h late (due 2026-11-23 11:00 UTC (12:00 Europe/Berlin))"), answer
    assert len(world.statuses) == 1
    await world.timers()
    assert len(world.statuses) == 1 and await status_of(world, "A-1") == "published"
    assert await ask(world, ALICE, MARKETING, "schedule A-2 off") == (
        "A-2's time, 2026-11-23 11:00 UTC (12:00 Europe/Berlin), has passed: it publishes as "
        "soon as it is approved")
