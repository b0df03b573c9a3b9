"""Redis data written before the open-ticket pointer was keyed by conversation and customer
(``open-ticket:<conversation>``, the last ticket opened there) is still read after the upgrade:
the open tickets it holds are found and still conflict with a second one, resolving clears the
old pointer. The keys below are what the old ``APPLY`` script wrote, on a real redis-server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from bot.core.config import StoreConfig
from bot.core.effects import Effects
from bot.core.models import Ticket
from bot.core.ports import Store
from bot.store import open_store
from tests.conftest import FakeClock
from tests.support.stores import update

P = "socialops:"


def ticket(tid: str, customer: str, clock: FakeClock, **changes: object) -> Ticket:
    return Ticket(id=tid, signal_id=f"mastodon:{tid}", route="support", customer_key=customer,
                  conversation_key="mastodon:9", created_at=clock()).model_copy(update=changes)


async def write_the_old_way(r: aioredis.Redis, t: Ticket) -> None:
    """What the script before 2026-11-30 stored for an open ticket."""
    await r.set(f"{P}ticket:{t.id}", t.to_json())
    await r.sadd(f"{P}tickets", t.id)
    await r.sadd(f"{P}ticket:status:open", t.id)
    await r.hset(f"{P}idx:ticket:{t.id}", mapping={
        "status": "open", "k1": t.conversation_key, "k2": t.customer_key})
    await r.set(f"{P}open-ticket:{t.conversation_key}", t.id)  # one per conversation
    await r.sadd(f"{P}customer-open:{t.customer_key}", t.id)


@pytest.fixture
async def old_data(redis_url: str, clock: FakeClock) -> AsyncIterator[aioredis.Redis]:
    r = aioredis.Redis.from_url(redis_url, decode_responses=True, protocol=2)
    # two customers in one thread, as the old version left them: T-2 took the pointer over
    await write_the_old_way(r, ticket("T-1", "mastodon:a1", clock))
    await write_the_old_way(r, ticket("T-2", "mastodon:b2", clock))
    yield r
    await r.aclose()


@pytest.fixture
async def store(old_data: aioredis.Redis, redis_url: str,
                clock: FakeClock) -> AsyncIterator[Store]:
    opened = await open_store(StoreConfig(backend="redis"), redis_url=redis_url, clock=clock)
    yield opened
    await opened.close()


async def test_open_tickets_written_the_old_way_are_found(store: Store,
                                                          clock: FakeClock) -> None:
    for customer, expected in [("mastodon:a1", "T-1"), ("mastodon:b2", "T-2")]:
        found = await store.find_open_ticket("mastodon:9", customer)
        assert found is not None and found.id == expected
    assert await store.find_open_ticket("mastodon:9", "mastodon:c3") is None
    # a second ticket of either customer in that thread still conflicts
    for customer in ("mastodon:a1", "mastodon:b2"):
        fx = Effects()
        fx.open_ticket(ticket("T-3", customer, clock))
        assert not await store.apply(fx)


async def test_resolving_an_old_ticket_clears_the_old_pointer(
        store: Store, old_data: aioredis.Redis, clock: FakeClock) -> None:
    assert await update(store, ticket("T-2", "mastodon:b2", clock, status="resolved",
                                      version=1), expected=0)
    assert await old_data.get(f"{P}open-ticket:mastodon:9") is None
    assert await store.find_open_ticket("mastodon:9", "mastodon:b2") is None
    found = await store.find_open_ticket("mastodon:9", "mastodon:a1")
    assert found is not None and found.id == "T-1"
    fx = Effects()
    fx.open_ticket(ticket("T-3", "mastodon:b2", clock))
    assert await store.apply(fx)
    found = await store.find_open_ticket("mastodon:9", "mastodon:b2")
    assert found is not None and found.id == "T-3"


async def test_a_hand_edited_id_with_no_plain_number_sorts_after_the_numbered(
        store: Store, old_data: aioredis.Redis, clock: FakeClock) -> None:
    """Ids are sorted T-2 before T-10; "T-²" (hand-edited: ``str.isdigit`` is true of "²",
    ``int()`` refuses it) raised a ValueError at every list of the tickets, as "T-x" did not.
    It is listed after them, as SQLite lists it (bot.store.readable.natural_order)."""
    await write_the_old_way(old_data, ticket("T-\u00b2", "mastodon:a1", clock))
    await write_the_old_way(old_data, ticket("T-10", "mastodon:a1", clock))
    assert await store.customer_open_tickets("mastodon:a1") == ["T-1", "T-10", "T-\u00b2"]
    assert [t.id for t in await store.list_tickets()] == ["T-1", "T-2", "T-10", "T-\u00b2"]
