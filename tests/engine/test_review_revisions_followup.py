"""A support lead's second look at "a post edited or deleted by its author", through the
pipeline, the compiled rules, the ticket service and the outbox on both real stores (a SQLite
file, a redis-server), two processes where the store is shared.

Before: a ticket card still waiting in the outbox when its post was deleted went out with the
deleted words (the edit carries a thread line, so it was not taken into the post, and waited
behind it); a post and its edit read in one batch (a ``socialops replay`` file, a stream's
burst) were one post, the edit counted as an exact duplicate and its card with no ``edited``
badge; a deleted post's card kept its "Open on ..." link to a page that is gone; no metric
counted revisions."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.core.cards import Card
from bot.core.config import StoreConfig
from bot.core.metrics import Metrics
from bot.core.models import MessageRef
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from bot.store import open_store
from integrations.social.mastodon.parse import tombstone
from tests.conftest import FakeClock
from tests.engine.crash_world import Crash, CrashingStore
from tests.engine.test_outbox import Faulty
from tests.engine.test_pipeline import mention
from tests.engine.test_review_edits import Revising, edited


@dataclass
class Seeing(Faulty):
    """The console workspace, keeping each card as the outbox handed it over."""

    cards: list[Card] = field(default_factory=list)

    async def post(self, channel: str, card: Card) -> MessageRef:
        self.cards.append(card)
        return await super().post(channel, card)

    async def update(self, ref: MessageRef, card: Card, *,
                     maybe_shown_since: datetime | None = None) -> MessageRef:
        self.cards.append(card)
        return await super().update(ref, card, maybe_shown_since=maybe_shown_since)


async def test_a_ticket_card_waiting_when_its_post_is_deleted_never_shows_the_words(
        two_stores: tuple[Store, Store], clock: FakeClock, tmp_path: Path) -> None:
    one, two = two_stores
    a = Revising(one, clock, tmp_path / "r.jsonl")
    b = Revising(two, clock, tmp_path / "r.jsonl")  # one workspace, two processes
    b.outbox.owner = "b"
    m = mention("1", "login is broken, my card number is 4111", clock=clock)
    await a.pipeline.process(m)  # the ticket's card queued; the chat is slow: not posted yet
    clock.advance(minutes=1)
    gone = tombstone("1", source="test", at=clock())
    await b.pipeline.process(gone)  # the other process's stream hears the delete
    await b.pipeline.process(gone)  # and again: acted on once
    await b.outbox.drain()
    await a.outbox.drain()
    shown = a.shown()
    # the withdrawn words never reach the channel, not even for a moment
    assert not any("4111" in str(r) for r in a.console.records()), shown
    assert shown[0][0] == "post" and shown[0][2] == "T-1"
    assert "deleted by its author" in shown[0][3]
    # the thread is still told, once
    assert [note for *_, note in shown if note] == [
        "socialops: mastodon:1 deleted by its author"]


async def test_a_ticket_card_waiting_claimed_then_its_post_deleted_never_shows_the_words(
        two_stores: tuple[Store, Store], clock: FakeClock, tmp_path: Path) -> None:
    """The claim's edit waits behind the post (its thread line); the delete's edit is taken
    together with it: the post waiting must still take the latest card in."""
    one, two = two_stores
    a = Revising(one, clock, tmp_path / "r.jsonl")
    b = Revising(two, clock, tmp_path / "r.jsonl")
    b.outbox.owner = "b"
    m = mention("1", "login is broken, my card number is 4111", clock=clock)
    await a.pipeline.process(m)
    await a.tickets.claim("T-1", "ana")
    clock.advance(minutes=1)
    await b.pipeline.process(tombstone("1", source="test", at=clock()))
    await b.outbox.drain()
    await a.outbox.drain()
    shown = a.shown()
    assert not any("4111" in str(r) for r in a.console.records()), shown
    assert "deleted by its author" in shown[-1][3]
    # the claim's line and the delete's, once, in one edit after the post
    assert [note for *_, note in shown if note] == [
        "ana claimed\nsocialops: mastodon:1 deleted by its author"]


async def test_a_ticket_card_waiting_when_its_post_is_edited_goes_out_as_now(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    m = mention("1", "login is broken", clock=clock)
    await h.pipeline.process(m)
    await h.pipeline.process(edited(m, "login is broken since 9:00", clock))
    await h.outbox.drain()
    shown = h.shown()
    assert shown[0][:2] == ("post", "support") and "since 9:00" in shown[0][3]
    assert [note for *_, note in shown if note] == [
        "socialops: mastodon:1 edited by its author; its card shows its new words"]


async def test_a_post_and_its_edit_in_one_batch_are_a_post_and_its_edit(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    """As ``socialops replay`` reads a file (500 lines a batch) and a stream's burst comes:
    the edit acts as it does in a batch of its own, not as a duplicate of its post."""
    h = Revising(store, clock, tmp_path / "r.jsonl")
    m = mention("1", "I love the new release", clock=clock)
    e = edited(m, "I love the new release, great work", clock)
    result = await h.pipeline.process_batch([m, e])
    assert result.duplicates == 0
    await h.outbox.drain()
    shown = h.shown()
    assert [(op, key) for op, _, key, _, _ in shown][:1] == [("post", "mastodon:1|praise")]
    assert "great work" in shown[-1][3]
    kept = await store.get_signal("mastodon:1")
    assert kept is not None and kept.mention.edits == 1  # its card says "edited"
    # the same edit again (a second stream) is the duplicate
    again = await h.pipeline.process_batch([m, e])
    assert again.duplicates == 2


async def test_a_batch_of_a_post_then_its_delete_never_shows_the_words(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    m = mention("1", "login is broken, call me on 555", clock=clock)
    await h.pipeline.process_batch([m, tombstone("1", source="test", at=clock())])
    await h.outbox.drain()
    assert not any("555" in str(r) for r in h.console.records())
    kept = await store.get_signal("mastodon:1")
    assert kept is not None and kept.mention.revision == "delete"


async def test_a_deleted_posts_card_has_no_link_to_the_gone_post(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    edge = Seeing(h.console, paced=False)
    h.outbox = Outbox(store, {"console": edge}, clock=clock, rng=random.Random(1))
    for native, text in (("1", "login is broken"), ("2", "I love it")):
        await h.pipeline.process(mention(native, text, clock=clock).model_copy(
            update={"url": f"https://mastodon.social/@kasia/{native}"}))
    await h.outbox.drain()
    assert len(edge.cards) == 2 and all(c.url for c in edge.cards)
    assert all([b.action for b in c.buttons if b.url] == ["open"] for c in edge.cards)
    clock.advance(minutes=3)
    for native in ("1", "2"):
        await h.pipeline.process(tombstone(native, source="test", at=clock()))
    await h.outbox.drain()
    gone = edge.cards[2:]
    assert sorted(c.key for c in gone) == ["T-1", "mastodon:2|praise"]
    for c in gone:  # a link to a post that is no more is a 404 (Sprout Social drops it too)
        assert c.url is None and not [b for b in c.buttons if b.url]
        assert "deleted by its author" in c.badges


async def test_revisions_are_counted_by_kind(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    metrics = Metrics()
    h.pipeline.metrics = metrics
    m = mention("1", "I love the new release", clock=clock)
    await h.pipeline.process(m)
    e = edited(m, "I love the new release, great work", clock)
    await h.pipeline.process(e)
    await h.pipeline.process(e)  # a second stream: acted on once, counted once
    gone = tombstone("1", source="test", at=clock())
    await h.pipeline.process(gone)
    await h.pipeline.process(tombstone("9", source="test", at=clock()))  # never read
    assert metrics.value("revisions_total", kind="edit") == 1
    assert metrics.value("revisions_total", kind="delete") == 1


async def test_a_batch_of_a_post_and_its_revisions_killed_at_each_write_comes_once(
        clock: FakeClock, tmp_path: Path) -> None:
    """A post, its edit and its delete in one batch are three writes: a process killed after
    any store write, and the batch read again by the next one (its cursor did not move), ends
    as a run without a kill: one ticket card, never the words, each thread line once."""
    async def run(where: Path, crash_after: int | None) -> tuple[bool, list[Any]]:
        store = await open_store(StoreConfig(path=str(where / "s.db")), redis_url=None,
                                 clock=clock)
        try:
            m = mention("1", "login is broken, call me on 555", clock=clock)
            batch = [m, edited(m, "login is broken, call me on 555 or 556", clock),
                     tombstone("1", source="test", at=clock())]
            h = Revising(CrashingStore(store, crash_after), clock,  # type: ignore[arg-type]
                         where / "r.jsonl")
            killed = False
            for _ in range(2):
                try:
                    await h.pipeline.process_batch(batch)
                    await h.outbox.drain()
                    await h.outbox.drain()
                    break
                except Crash:
                    killed = True
                    h = Revising(store, clock, where / "r.jsonl")  # the next process
            # a ticket number taken by a process killed before its ticket was written is
            # skipped
            rows = json.loads(re.sub(r"\bT-\d+\b", "T-n",
                                     json.dumps(list(h.console.records()))))
            assert not any("555" in str(r) for r in rows), rows
            # what the chat shows in the end (a retried post found by its reference is
            # updated in place: a row, no second message)
            posts = sorted(r["key"] for r in rows if r["op"] == "post")
            lines = sorted(line for r in rows if r["thread_note"]
                           for line in str(r["thread_note"]).splitlines())
            return killed, [posts, lines, {r["key"]: r["text"] for r in rows}]
        finally:
            await store.close()

    (tmp_path / "ref").mkdir()
    killed, want = await run(tmp_path / "ref", None)
    assert not killed and want[0] == ["T-n"] and len(want[1]) == 2
    k = 1
    while True:
        (tmp_path / f"k{k}").mkdir()
        killed, got = await run(tmp_path / f"k{k}", k)
        if not killed:
            break
        assert got == want, f"killed after write {k}"
        k += 1
    assert k > 3
