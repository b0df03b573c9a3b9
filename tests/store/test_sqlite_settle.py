"""The SQLite store settles an outbox item from what ``claim_due`` read of it (no read, no
parse) while that is still what is stored; the store contract suite covers the fallback (an item
changed under the claim by another process) on both backends. A claim takes an item this store
queued as it queued it (no parse) while its stored JSON is what was written, else parses it."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta

import pytest

from bot.core.cards import Card, OutboxItem
from bot.core.effects import Effects
from bot.core.errors import StoreError
from bot.core.models import MessageRef, Ticket
from bot.core.ports import Store
from bot.store.sqlite import SqliteStore
from tests.conftest import FakeClock
from tests.support.stores import create, enqueue


def item(key: str, clock: FakeClock) -> OutboxItem:
    return OutboxItem(key=key, workspace="console", channel="c",
                      card=Card(kind="alert", key=key.partition("@")[0],
                                title="tïtle \"q\" \x1f",
                                text="ünïcode ✓ / \\ \n"),
                      next_attempt_at=clock(), created_at=clock())


def stored_json(store: SqliteStore, key: str) -> str:
    return str(store._point("SELECT json FROM outbox WHERE key = ?", (key,))[0][0])


async def test_a_settle_after_a_claim_reads_nothing_and_writes_what_the_item_serialises_to(
        sqlite_store: Store, clock: FakeClock) -> None:
    store = sqlite_store
    assert isinstance(store, SqliteStore)
    await enqueue(store, item("a@c", clock))
    [claimed] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    before = OutboxItem.model_validate_json(stored_json(store, "a@c"))
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    clock.advance(seconds=2)
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    await store.finish("a@c", owner="w", ref=ref)
    store._db.set_trace_callback(None)
    assert not [s for s in statements if s.startswith("SELECT")]
    want = before.model_copy(update={"status": "sent", "ref": ref,
                                     "next_attempt_at": clock()})
    assert stored_json(store, "a@c") == want.to_json()
    assert claimed.started == 1 and before.started == 0  # the claim's fields stay out of it


async def test_a_claim_hands_over_items_as_stored_whether_this_store_queued_them_or_not(
        sqlite_store: Store, clock: FakeClock) -> None:
    """Each claimed item is what its stored JSON reads as, with its sequence number, whether
    taken from what this store queued (unchanged since) or parsed: one rewritten by another
    process after it was queued is handed over as rewritten."""
    store = sqlite_store
    assert isinstance(store, SqliteStore)
    for key in ("a@c", "b@d", "e@f"):
        await enqueue(store, item(key, clock))
    other = sqlite3.connect(store.path)
    changed = item("b@d", clock).model_copy(
        update={"seq": 2, "card": item("b@d", clock).card.model_copy(update={"title": "new"})})
    with other:
        other.execute("UPDATE outbox SET json = ? WHERE key = 'b@d'", (changed.to_json(),))
    other.close()
    claimed = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10,
                                    chain=10)
    title = item("a@c", clock).card.title
    assert [(i.key, i.seq, i.card.title) for i in claimed] == [
        ("a@c", 1, title), ("b@d", 2, "new"), ("e@f", 3, title)]
    for got in claimed:
        stored = OutboxItem.model_validate_json(stored_json(store, got.key))
        assert got == stored.model_copy(update={"started": 1, "lane": ""})
        await store.finish(got.key, owner="w", ref=None)
        assert stored_json(store, got.key) == stored.model_copy(update={
            "status": "sent", "next_attempt_at": clock()}).to_json()


async def test_a_settle_rolled_back_after_its_write_leaves_the_item_as_it_was(
        sqlite_store: Store, clock: FakeClock) -> None:
    """The settle's write of the item is undone with the rest of it (its effects failed); the
    item stays claimed, and a later settle (no longer from the claim) still applies."""
    store = sqlite_store
    assert isinstance(store, SqliteStore)
    await enqueue(store, item("a@c", clock))
    ticket = Ticket(id="T-1", status="open", signal_id="mastodon:1", route="support",
                    customer_key="mastodon:a1", conversation_key="mastodon:1",
                    created_at=clock())
    assert await create(store, ticket)
    await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    raw = stored_json(store, "a@c")
    clash = Effects()
    clash.create(ticket)  # exists already
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    with pytest.raises(Exception):  # noqa: B017 - whichever error, the settle must not apply
        await store.finish("a@c", owner="w", ref=ref, effects=clash)
    assert stored_json(store, "a@c") == raw
    assert (await store.outbox_counts())["pending"] == 1
    clock.advance(seconds=1)
    await store.retry_later("a@c", owner="w", at=clock() + timedelta(seconds=5), error="boom")
    again = await store.get_outbox("a@c")
    assert again is not None and (again.attempts, again.last_error) == (1, "boom")
    assert stored_json(store, "a@c") == again.to_json()


def tallied(name: str, n: int = 1) -> Effects:
    fx = Effects()
    fx.tallies.append((name, 7, n))
    return fx


async def test_settles_of_one_group_write_the_counts_and_tallies_once_and_a_failed_one_none(
        sqlite_store: Store, clock: FakeClock) -> None:
    """A drain's settles commit together (one transaction, a savepoint each): the outbox
    counts and tallies they add are written once, summed, as the transaction ends; a settle
    that fails takes its additions back with its savepoint, the others' stay."""
    store = sqlite_store
    assert isinstance(store, SqliteStore)
    keys = [f"k{i}@c" for i in range(15)]
    for key in keys:
        await enqueue(store, item(key, clock))
    ticket = Ticket(id="T-1", status="open", signal_id="mastodon:1", route="support",
                    customer_key="mastodon:a1", conversation_key="mastodon:1",
                    created_at=clock())
    assert await create(store, ticket)
    claimed = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=20,
                                    chain=20)
    assert len(claimed) == 15
    clash = tallied("delivered\x1fconsole:c")
    clash.create(ticket)  # exists already: this settle fails
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    results = await asyncio.gather(*(
        store.finish(key, owner="w", ref=ref, release=False,
                     effects=clash if key == "k3@c" else tallied("delivered\x1fconsole:c"))
        for key in keys), return_exceptions=True)
    store._db.set_trace_callback(None)
    assert [i for i, r in enumerate(results) if r is not None] == [3]
    assert sum("outbox_counts" in s for s in statements) == 2  # pending -14, sent +14
    assert sum("INTO tallies" in s for s in statements) == 1
    assert await store.outbox_counts() == {"pending": 1, "sent": 14, "dead": 0}
    assert await store.tallies(0) == {"delivered\x1fconsole:c": {7: 14}}
    assert sum(s.startswith("COMMIT") for s in statements) == 1


def recount(store: SqliteStore) -> dict[str, int]:
    counted = {"pending": 0, "sent": 0, "dead": 0}
    counted.update(store._point("SELECT status, COUNT(*) FROM outbox GROUP BY status"))
    return counted


async def test_a_write_failing_after_its_counts_were_summed_writes_none_nor_leaves_them(
        sqlite_store: Store, clock: FakeClock) -> None:
    """A transaction that fails after queueing (its timer's lease was lost: raised after the
    outbox items and their counts and tallies were summed) writes nothing of them, and the
    next transaction carries none of its sums."""
    store = sqlite_store
    assert isinstance(store, SqliteStore)
    lost = tallied("q", 2)
    lost.send(item("a@c", clock))
    lost.send(item("b@c", clock))
    lost.complete("timer:gone", 1.0)  # no such timer under that lease: a conflict
    assert not await store.apply(lost)
    kept = tallied("q")
    kept.send(item("c@c", clock))
    assert await store.apply(kept)
    assert await store.outbox_counts() == recount(store) == {"pending": 1, "sent": 0, "dead": 0}
    assert await store.tallies(0) == {"q": {7: 1}}


async def test_a_failed_settle_takes_back_the_cards_its_effects_queued_with_their_counts(
        sqlite_store: Store, clock: FakeClock) -> None:
    """In a drain's group, a settle whose effects queue a card (a notice) and then fail takes
    back that card's count and tally with its savepoint; the next settle's stay."""
    store = sqlite_store
    assert isinstance(store, SqliteStore)
    for key in ("a@c", "b@c"):
        await enqueue(store, item(key, clock))
    await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=20, chain=20)
    failing, fine = tallied("n"), tallied("n")
    failing.send(item("notice-a@c", clock))
    failing.complete("timer:gone", 1.0)  # after the card was queued: the settle fails
    fine.send(item("notice-b@c", clock))
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    results = await asyncio.gather(
        store.finish("a@c", owner="w", ref=ref, release=False, effects=failing),
        store.finish("b@c", owner="w", ref=ref, release=False, effects=fine),
        return_exceptions=True)
    assert results[0] is not None and results[1] is None
    assert await store.outbox_counts() == recount(store) == {"pending": 2, "sent": 1, "dead": 0}
    assert await store.get_outbox("notice-a@c") is None
    assert await store.tallies(0) == {"n": {7: 1}}


async def test_a_commit_that_fails_is_rolled_back_and_the_next_write_goes_through(
        sqlite_store: Store, clock: FakeClock) -> None:
    """A COMMIT that fails (the disk full, an I/O error: here refused by an authorizer, the last
    inch) leaves SQLite's transaction open; without a ROLLBACK every later write of the process
    failed at its BEGIN ('cannot start a transaction within a transaction') until a restart."""
    store = sqlite_store
    assert isinstance(store, SqliteStore)
    refused: list[str] = []

    def once(action: int, arg1: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_TRANSACTION and arg1 == "COMMIT" and not refused:
            refused.append(arg1)
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    store._db.set_authorizer(once)
    lost = tallied("q")
    lost.send(item("a@c", clock))
    with pytest.raises(StoreError, match="not authorized"):
        await store.apply(lost)
    assert refused == ["COMMIT"]
    kept = tallied("q")
    kept.send(item("b@c", clock))
    assert await store.apply(kept)
    assert await store.outbox_counts() == recount(store) == {"pending": 1, "sent": 0, "dead": 0}
    assert await store.tallies(0) == {"q": {7: 1}}
