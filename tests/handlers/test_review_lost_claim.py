"""A publish whose claim the store lost (CI, 2026-12-06: tests/chaos/test_review_publish_redis_
restart.py, 'after the post', a redis-server SIGKILLed while its appendfsync everysec lagged under
load, which can drop the last second or two of acknowledged writes: the claim vanished, the draft
read 'approved' again). The call posted; its settle found the draft approved, not publishing,
and recorded the post only as 'posted after its claim ended', leaving the draft approved: the
next publish timer would have posted it a second time. The draft as approved, its text the
one posted and no try counted since: the post is its publication. On each store: a SQLite file
and a real redis-server."""

from __future__ import annotations

import asyncio

from bot.core.effects import Effects
from bot.core.ports import Store
from bot.engine.effects import Applier
from tests.handlers.test_withdraw_races import (
    Network,
    approved,
    due_publish,
    later_timers_publish_nothing,
    service,
)
from tests.support.clock import FakeClock


async def test_a_post_whose_claim_the_store_lost_is_its_publication_once(
        store: Store, clock: FakeClock) -> None:
    network = Network()
    ident = await approved(store, clock, network)
    before = await store.get_approval(ident)
    assert before is not None and before.status == "approved"
    timer = await due_publish(store, clock)
    approvals = service(store, clock, network)
    network.gate = asyncio.Event()  # the post in flight
    publishing = asyncio.create_task(approvals.publish_due(timer))
    for _ in range(200):
        claimed = await store.get_approval(ident)
        if claimed is not None and claimed.status == "publishing":
            break
        await asyncio.sleep(0.01)
    assert claimed is not None and claimed.status == "publishing"
    # the store loses the claim: the draft as it was before it (its version moves on, as a
    # store's own bookkeeping may; what counts is what it says)
    lost = before.model_copy(update={"version": claimed.version + 1})
    fx = Effects()
    fx.update(lost, expected=claimed.version)
    assert await Applier(store).apply(fx)
    network.gate.set()
    await publishing
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "published", stored
    assert stored.published_url == "https://m.example/1"
    await later_timers_publish_nothing(store, clock, approvals)
    assert len(network.posts) == 1, network.posts
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "published"
