"""A channel's two outbox lanes as the store keeps them, on a SQLite file and a real
redis-server: what a listing says of each waiting item's lane."""

from __future__ import annotations

from bot.core import keys as K
from bot.core.models import MessageRef
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.store.test_contract import edit, enqueue, item


async def shown(store: Store, key: str, clock: FakeClock) -> MessageRef:
    await enqueue(store, item(key, "c", clock))
    [it] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    await store.finish(it.key, owner="w", ref=ref)
    return ref


async def test_a_pending_listing_names_each_items_lane(store: Store, clock: FakeClock) -> None:
    """``outbox list --pending`` says which lane an item waits in: an edit of a card shown
    in the edit lane (never claimed yet, and after a retry), the rest among the posts."""
    await shown(store, "T-1@c", clock)
    await enqueue(store, item("n1@c", "c", clock))
    await enqueue(store, edit("T-1@c#2", "c", clock))
    await enqueue(store, edit("n1@c#2", "c", clock))  # n1 not shown: behind it, in the posts
    listed = [(i.key, i.lane) for i in await store.list_outbox(status="pending")]
    assert listed == [("n1@c", ""), ("T-1@c#2", K.EDITS), ("n1@c#2", "")]
    got = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    for i in got:
        await store.retry_later(i.key, owner="w", at=clock(), error="timeout")
    assert [(i.key, i.lane) for i in await store.list_outbox(status="pending")] == listed
