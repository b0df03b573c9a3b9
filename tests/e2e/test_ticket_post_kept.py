"""A ticket is the team's record, kept for ever, and a reply to it answers the customer's post
it opened with: that post (its signal) was kept only the dedup window, 72 hours. A ticket open
over a long weekend could not be answered ("the mention behind T-1 is no longer stored"), and
its card, redrawn at each change, lost the post it showed."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, SUPPORT, World


async def test_a_ticket_four_days_old_is_answered_and_shows_its_post(either: World) -> None:
    world = either
    await world.mention("@acme my order is broken again, terrible", n=1)
    world.clock.advance(days=4)
    await world.a.store.prune(world.clock(), sent_seconds=3600, refs_seconds=3600)
    answer = await ask(world, ALICE, SUPPORT,
                       "reply T-1 Sorry for the wait, a refund is on its way.")
    assert answer.startswith("A-1 drafted as a reply to T-1"), answer
    # what the card is redrawn from at each change (a claim, here)
    signal = await world.a.store.get_signal("mastodon:1")
    assert signal is not None and "my order is broken again" in signal.mention.text
    assert (await ask(world, ALICE, SUPPORT, "claim T-1")).startswith("T-1 claimed")
