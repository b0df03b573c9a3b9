"""A withdraw after a try that ended without saying whether it posted the draft (a 502 from
Mastodon's proxy) says exactly what is known, through Slack's signed request path, on a SQLite
file and on a real redis-server: it is not tried again, and that try may or may not have
posted it. Before, the withdraw's answer (and a second withdraw's, by its author or by
another) began 'it will not publish', and a withdraw of a draft given up after five such tries
said 'it will not publish: nothing to withdraw' after an error saying any of them may have
posted it: the post may be out."""

from __future__ import annotations

from tests.e2e.test_publish_tried_again import publish_with_failures, settle
from tests.e2e.test_queue import ask
from tests.e2e.test_withdraw import world
from tests.e2e.world import ALICE, DAVE, MARKETING, World

__all__ = ["world"]  # the fixture: Berlin's clock, either store

UNSURE = ("it is not tried again, but an earlier try did not say whether it posted "
          "it, so it may be on Mastodon or appear there yet: look there as masto")


async def test_a_withdraw_after_a_502_says_the_post_may_or_may_not_be_out(
        world: World) -> None:
    approval_id, keys = await publish_with_failures(world, 1)
    await world.until(lambda: [t for t in world.said_to(DAVE) if approval_id in t], "told")
    said = await ask(world, ALICE, MARKETING, f"withdraw {approval_id}")
    assert said == f"{approval_id} withdrawn; {UNSURE}", said
    assert "will not publish" not in said
    assert await ask(world, ALICE, MARKETING, f"withdraw {approval_id}") == (
        f"you withdrew {approval_id} already; {UNSURE}")
    assert await ask(world, DAVE, MARKETING, f"withdraw {approval_id}") == (
        f"{approval_id} was withdrawn by alice already; {UNSURE}")
    world.clock.advance(minutes=10)
    await world.timers()
    assert len(keys) == 1  # not tried again


async def test_a_withdraw_of_a_draft_given_up_after_502s_does_not_say_it_is_not_out(
        world: World) -> None:
    approval_id, keys = await publish_with_failures(world, 99)
    assert await settle(world, approval_id, 40) == "failed"
    assert len(keys) == 5
    said = await ask(world, ALICE, MARKETING, f"withdraw {approval_id}")
    assert said.startswith(f"publishing {approval_id} failed (mastodon: publish failed: "), said
    assert said.endswith("any of them may have posted it: look at masto's posts on Mastodon "
                         "before drafting it again); it is not tried again: nothing to "
                         "withdraw"), said
    assert "will not publish" not in said
