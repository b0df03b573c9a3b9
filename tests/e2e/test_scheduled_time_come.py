"""A draft approved to go out at a time, once that time has come but before its timer has run
(the bot was down, or the timer loop has not reached it), is not being published: nothing
has claimed it. Through Slack's signed request path, on a SQLite file and on a real
redis-server, on Berlin's clock: an approver pressing Approve again, a late approver and
``drafts`` are told it is scheduled for its time (on their clock) and goes out when its timer
runs. Before, each said it was being published (``publishing`` in ``drafts``)."""

from __future__ import annotations

from tests.e2e.test_approvals import wait_status
from tests.e2e.test_queue import ask
from tests.e2e.test_withdraw import approve, world
from tests.e2e.world import ALICE, APPROVALS, CAROL, MARKETING, World

__all__ = ["world"]  # the fixture: Berlin's clock, either store

AT = "2026-11-24 08:00 UTC (09:00 Europe/Berlin)"


async def test_a_scheduled_post_whose_timer_has_not_run_is_said_scheduled(
        world: World) -> None:
    await ask(world, ALICE, MARKETING, 'draft mastodon masto at="tomorrow 9am" Launch day')
    assert await approve(world, "A-1") == f"A-1 approved; publishes at {AT}"
    world.clock.advance(days=1, minutes=5)  # its time has come; no timer has run
    waiting = f"it is scheduled for {AT}: not published yet, it goes out when its timer runs"
    assert await approve(world, "A-1") == f"you approved A-1 already; {waiting}"
    sha = (await world.a.store.get_approval("A-1")).content_hash[:16]  # type: ignore[union-attr]
    assert await ask(world, CAROL, APPROVALS, f"approve A-1 {sha}") == (
        f"A-1 was already approved by dave; {waiting}")
    listed = await ask(world, ALICE, MARKETING, "drafts")
    assert f"A-1 · approved, scheduled: goes out when its timer runs · Mastodon as masto · " \
           f"scheduled for {AT}" in listed, listed
    assert "publishing" not in listed, listed
    assert world.statuses == []
    await world.timers()  # the timer runs: published once, and said so
    await wait_status(world, "A-1", "published")
    assert len(world.statuses) == 1
    assert (await approve(world, "A-1")).startswith("you approved A-1 already; it is published")
