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


async def test_a_ticket_whose_post_was_relabelled_is_still_answered_four_days_on(
        either: World) -> None:
    """`label T-1 praise` writes the ticket's post again with its new label: it was written with
    the dedup window's 72 hours, not the ticket's time, so four days on the post was pruned and
    the ticket could not be answered, its card redrawn without it."""
    world = either
    await world.mention("@acme my order is broken again, terrible", n=1)
    said = await ask(world, ALICE, SUPPORT, "label T-1 praise")
    assert "praise" in said and "C-1" in said, said
    world.clock.advance(days=4)
    await world.a.store.prune(world.clock(), sent_seconds=3600, refs_seconds=3600)
    signal = await world.a.store.get_signal("mastodon:1")
    assert signal is not None and signal.intent == "praise"
    answer = await ask(world, ALICE, SUPPORT,
                       "reply T-1 Sorry for the wait, a refund is on its way.")
    assert answer.startswith("A-1 drafted as a reply to T-1"), answer


async def test_a_ticket_post_is_remembered_as_a_mention_the_dedup_window_and_counted_while_kept(
        either: World) -> None:
    """docs/storage.md: a customer's remembered mentions (footprints) expire one by one
    store.dedup_ttl_hours (72 h) after they were read, on Redis as on SQLite; a ticket's post,
    kept as long as its ticket, had its footprint written with that time too (ten years, a row
    per ticket post for ever; a review's finding). Its footprint goes after 72 h now, and the
    post itself still counts as an earlier mention while it is kept, as documented: a customer
    whose ticket of four days ago is open posts again, and the card says so."""
    world = either
    await world.mention("@acme my order is broken again, terrible", n=1)
    world.clock.advance(days=4)
    await world.a.store.prune(world.clock(), sent_seconds=3600, refs_seconds=3600)
    first = await world.a.store.get_signal("mastodon:1")
    assert first is not None
    _, remembered, _ = await world.a.store.customer_history(first.mention.customer_key)
    assert remembered == 0  # the footprint: the dedup window, not the ticket's ten years
    await world.mention("@acme the app is broken once more, terrible", n=3, thread="third")
    signal = await world.a.store.get_signal("mastodon:3")
    assert signal is not None
    assert signal.author_context.previous_mentions == 1, signal.author_context
    assert signal.author_context.open_tickets == ("T-1",)
