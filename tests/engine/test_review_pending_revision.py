"""A post edited or deleted by its author while its card still waits in the outbox (the
channel paced, a 429, the chat down): the card that goes out must show the post as it is now,
on both real stores (a SQLite file, a redis-server), whichever process heard the revision.

Before, ``RouteActions.revise`` edited only cards with a message already recorded: a card
still waiting was posted with the words first read, and a deleted post's words appeared in
the channel after the author withdrew them."""

from __future__ import annotations

import random
from pathlib import Path

from bot.core.cards import Card, OutboxItem
from bot.core.effects import Effects
from bot.core.errors import DeliveryError, RateLimited
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from integrations.social.mastodon.parse import tombstone
from tests.conftest import FakeClock
from tests.engine.test_outbox import Faulty
from tests.engine.test_pipeline import mention
from tests.engine.test_review_edits import Revising, edited


async def test_an_edit_heard_while_the_card_waits_shows_on_the_card_once(
        two_stores: tuple[Store, Store], clock: FakeClock, tmp_path: Path) -> None:
    one, two = two_stores
    a = Revising(one, clock, tmp_path / "r.jsonl")
    b = Revising(two, clock, tmp_path / "r.jsonl")  # one workspace, two processes
    b.outbox.owner = "b"
    m = mention("1", "I love the new release", clock=clock)
    await a.pipeline.process(m)  # queued; the chat is down: nothing posted yet
    e = edited(m, "I love the new release, great work", clock)
    await b.pipeline.process(e)  # the other process's stream hears the edit
    await b.pipeline.process(e)  # and its poll: acted on once
    await a.outbox.drain()
    await b.outbox.drain()
    # no attempt had begun: the post itself goes out as the post is now, once
    assert [(op, key, text) for op, _, key, text, _ in a.shown()] == [
        ("post", "mastodon:1|praise", "I love the new release, great work")]


async def test_a_delete_heard_while_the_card_waits_leaves_it_marked_deleted(
        two_stores: tuple[Store, Store], clock: FakeClock, tmp_path: Path) -> None:
    one, two = two_stores
    a = Revising(one, clock, tmp_path / "r.jsonl")
    b = Revising(two, clock, tmp_path / "r.jsonl")
    b.outbox.owner = "b"
    m = mention("1", "I love the new release", clock=clock)
    await a.pipeline.process(m)
    await b.pipeline.process(tombstone("1", source="test", at=clock()))
    await b.outbox.drain()
    await a.outbox.drain()
    shown = a.shown()
    assert [(op, key) for op, _, key, _, _ in shown] == [("post", "mastodon:1|praise")]
    assert "deleted by its author" in shown[0][3]
    # the withdrawn words never reach the channel, not even for a moment
    assert not any("I love the new release" in str(r) for r in a.console.records())


def faulty(h: Revising, clock: FakeClock, faults: list[BaseException | None]) -> Faulty:
    """``h``'s outbox delivering through its console with scripted faults at the edge."""
    edge = Faulty(h.console, faults=faults, paced=False)
    h.outbox = Outbox(h.store, {"console": edge}, clock=clock, owner=h.outbox.owner,
                      rng=random.Random(1))
    return edge


async def test_a_delete_heard_after_a_429_never_shows_the_words(
        two_stores: tuple[Store, Store], clock: FakeClock, tmp_path: Path) -> None:
    one, two = two_stores
    a = Revising(one, clock, tmp_path / "r.jsonl")
    b = Revising(two, clock, tmp_path / "r.jsonl")
    b.outbox.owner = "b"
    edge = faulty(a, clock, [RateLimited("slow down", retry_after=5)])
    m = mention("1", "I love the new release", clock=clock)
    await a.pipeline.process(m)
    await a.outbox.drain()  # 429: nothing posted, the card waits out Retry-After
    assert a.shown() == [] and edge.calls == ["post marketing mastodon:1|praise"]
    await b.pipeline.process(tombstone("1", source="test", at=clock()))
    clock.advance(seconds=6)
    await a.outbox.drain()
    await b.outbox.drain()
    assert [(op, key) for op, _, key, _, _ in a.shown()] == [("post", "mastodon:1|praise")]
    assert not any("I love the new release" in str(r) for r in a.console.records())


async def test_an_edit_heard_after_an_attempt_that_may_have_posted_follows_it_in_order(
        two_stores: tuple[Store, Store], clock: FakeClock, tmp_path: Path) -> None:
    """A 500 may have posted the card (the next attempt looks for it first): the edit is not
    taken into the post, it waits behind it in its lane and edits it right after, once."""
    one, two = two_stores
    a = Revising(one, clock, tmp_path / "r.jsonl")
    b = Revising(two, clock, tmp_path / "r.jsonl")
    b.outbox.owner = "b"
    faulty(a, clock, [DeliveryError("HTTP 500")])
    m = mention("1", "I love the new release", clock=clock)
    await a.pipeline.process(m)
    await a.outbox.drain()
    e = edited(m, "I love the new release, great work", clock)
    await b.pipeline.process(e)
    await b.pipeline.process(e)
    for _ in range(5):
        clock.advance(seconds=60)
        await a.outbox.drain()
        await b.outbox.drain()
    assert [(op, key, text) for op, _, key, text, _ in a.shown()] == [
        ("post", "mastodon:1|praise", "I love the new release"),
        ("update", "mastodon:1|praise", "I love the new release, great work")]


async def test_the_store_takes_a_thread_less_edit_into_its_waiting_post_once(
        store: Store, clock: FakeClock) -> None:
    """The store's side, in one write with the post too (a batch deciding both) and in a
    later one: the post claimed carries the latest card; the edits are recorded as sent, so
    queueing one again changes nothing."""
    def out(key: str, text: str, *, update: bool = False) -> OutboxItem:
        return OutboxItem.new(key=key, workspace="console", channel="c", now=clock(),
                              update=update, card=Card(kind="alert", key="p|r", title=text))

    fx = Effects()
    fx.send(out("p|r@c", "first"))
    fx.send(out("p|r@c#edit1", "second", update=True))
    await store.apply(fx)
    for _ in range(2):  # heard twice
        fx = Effects()
        fx.send(out("p|r@c#deleted", "deleted", update=True))
        await store.apply(fx)
    [got] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10, chain=5)
    assert (got.key, got.update_of, got.card.title) == ("p|r@c", None, "deleted")
    for key in ("p|r@c#edit1", "p|r@c#deleted"):
        kept = await store.get_outbox(key)
        assert kept is not None and kept.status == "sent"
    assert (await store.outbox_counts()) == {"pending": 1, "sent": 2, "dead": 0}
