"""The SQLite store settles an outbox item from what ``claim_due`` read of it (no read, no
parse) while that is still what is stored; the store contract suite covers the fallback (an item
changed under the claim by another process) on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.cards import Card, OutboxItem
from bot.core.effects import Effects
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
