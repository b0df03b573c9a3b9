"""``RedisStore.open_ticket_or_number``: a routed post's ticket reads in one script where they
were three round trips (a performance review of the Redis store, issue 15): the
conversation's open ticket as ``find_open_ticket`` finds it; where there is none, the ticket
counter's next number as ``next_number`` gives it and the customer's latest signals' ids as
``customer_signal_ids`` reads them. Each answer is checked against those three on a real
redis-server, and a number is taken only when no ticket was found."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.core import keys as K
from bot.core.config import StoreConfig
from bot.core.effects import Effects
from bot.core.errors import UnreadableRecord
from bot.core.models import Ticket
from bot.store import open_store
from bot.store.redis import RedisStore
from tests.conftest import FakeClock
from tests.store.test_contract import signal
from tests.support.stores import put_signal, update

COUNTER = K.counter_for(K.TICKET)


@pytest.fixture
async def store(redis_url: str, clock: FakeClock) -> AsyncIterator[RedisStore]:
    opened = await open_store(StoreConfig(backend="redis"), redis_url=redis_url, clock=clock)
    assert isinstance(opened, RedisStore)
    yield opened
    await opened.close()


def ticket(tid: str, clock: FakeClock, **changes: object) -> Ticket:
    return Ticket(id=tid, signal_id="mastodon:1", route="support", customer_key="mastodon:a1",
                  conversation_key="mastodon:9", created_at=clock()).model_copy(update=changes)


async def opened(store: RedisStore, t: Ticket) -> None:
    fx = Effects()
    fx.open_ticket(t)
    assert await store.apply(fx)


async def test_no_open_ticket_gives_the_next_number_and_the_signal_ids(
        store: RedisStore, clock: FakeClock) -> None:
    for n in (3, 1, 12, 7, 2, 9, 4, 11, 5, 10, 8, 6, 13):
        await put_signal(store, signal(str(n), minutes=n, clock=clock))
    await put_signal(store, signal("14", customer="b2", minutes=14, clock=clock))
    # one expired (its key gone, its id still in the customer's set): left out, as there
    assert await store.r.delete(store.k.signal("mastodon:12")) == 1
    assert await store.next_number(COUNTER) == 1
    expected = await store.customer_signal_ids("mastodon:a1", 11)
    assert len(expected) == 10 and "mastodon:12" not in expected  # of the latest 11
    got = await store.open_ticket_or_number("mastodon:9", "mastodon:a1", COUNTER, 11)
    assert got == (None, 2, expected)
    assert await store.next_number(COUNTER) == 3  # taken once
    assert (await store.open_ticket_or_number("mastodon:9", "mastodon:nobody", COUNTER, 11)
            == (None, 4, []))


async def test_an_open_ticket_is_found_and_takes_no_number(
        store: RedisStore, clock: FakeClock) -> None:
    await opened(store, ticket("T-1", clock))
    found = await store.find_open_ticket("mastodon:9", "mastodon:a1")
    got = await store.open_ticket_or_number("mastodon:9", "mastodon:a1", COUNTER, 11)
    assert found is not None and got == (found, None, None)
    assert await store.next_number(COUNTER) == 1  # none taken
    # resolved: none found, and a number taken, as find_open_ticket then next_number
    resolved = found.model_copy(update={"status": "resolved", "version": found.version + 1})
    assert await update(store, resolved, expected=found.version)
    assert await store.find_open_ticket("mastodon:9", "mastodon:a1") is None
    assert (await store.open_ticket_or_number("mastodon:9", "mastodon:a1", COUNTER, 11)
            == (None, 2, []))


async def test_a_damaged_open_ticket_is_refused_as_find_open_ticket_refuses_it(
        store: RedisStore, clock: FakeClock) -> None:
    await opened(store, ticket("T-1", clock))
    await store.r.set(store.k.record("ticket", "T-1"), "{not json")
    with pytest.raises(UnreadableRecord) as by_find:
        await store.find_open_ticket("mastodon:9", "mastodon:a1")
    with pytest.raises(UnreadableRecord) as by_both:
        await store.open_ticket_or_number("mastodon:9", "mastodon:a1", COUNTER, 11)
    assert str(by_both.value) == str(by_find.value)
    assert await store.next_number(COUNTER) == 1  # none taken
