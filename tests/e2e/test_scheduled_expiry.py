"""A scheduled draft's wait for approval, through Slack's signed request path on a SQLite
file (the world of tests/e2e/test_scheduled.py, Berlin's clock): a change of its time never
ends the wait it had."""

from __future__ import annotations

from tests.e2e.test_approvals import status_of
from tests.e2e.test_queue import ask
from tests.e2e.test_scheduled import approve, world
from tests.e2e.world import ALICE, MARKETING, World

__all__ = ["world"]  # the fixture


async def test_unscheduling_a_draft_past_expire_hours_leaves_it_waiting(world: World) -> None:
    """A draft for 3 days ahead waits for approval until then (expire_hours is 24). A day and
    a half on, `schedule A-1 off` answered that it publishes as soon as approved, and its
    expiry became 24 h after drafting, already past: the next timer run expired it."""
    await ask(world, ALICE, MARKETING, "draft mastodon masto at=3d Season's greetings")
    world.clock.advance(hours=36)
    await world.timers()
    assert await status_of(world, "A-1") == "pending"
    assert await ask(world, ALICE, MARKETING, "schedule A-1 off") == \
        "A-1 unscheduled: it publishes as soon as it is approved"
    await world.timers()
    assert await status_of(world, "A-1") == "pending"
    assert (await approve(world, "A-1")).startswith("A-1 approved and published: ")
    assert len(world.statuses) == 1


async def test_a_draft_edited_near_its_time_may_be_approved_after_it(world: World) -> None:
    """docs/workflows.md: an edit keeps the time, and approved again after it, the draft
    publishes at once. A draft scheduled 3 days ahead waits for approval until its time, and
    an edit kept that end: edited an hour before its time (a typo caught late) and approved
    again an hour after it, it was expired, its post lost."""
    await ask(world, ALICE, MARKETING, "draft mastodon masto at=3d Season's greetings")
    assert (await approve(world, "A-1")).startswith("A-1 approved; publishes at 2026-11-26")
    world.clock.advance(days=3, hours=-1)
    assert (await ask(world, ALICE, MARKETING, "edit A-1 Season's greetings!")).startswith(
        "A-1 edited (back to pending); it still publishes at 2026-11-26 09:00 UTC")
    world.clock.advance(hours=2)
    await world.timers()
    assert await status_of(world, "A-1") == "pending" and world.statuses == []
    answer = await approve(world, "A-1")
    assert answer.startswith("A-1 approved and published: ") and \
        answer.endswith(", 1 h late (due 2026-11-26 09:00 UTC (10:00 Europe/Berlin))"), answer
    assert [s["form"]["status"] for s in world.statuses] == ["Season's greetings!"]
