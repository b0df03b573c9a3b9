"""Two processes route posts of one conversation at once on one real redis-server (two
connections, two pipelines; review of 1ea00b63, the ticket's reads in one script): the
script takes a number in each before either writes, the second write conflicts and its
decision runs again, attaching to the ticket the first opened. One ticket holds both posts,
and no number is given twice (the loser's is a gap, as ``next_number``'s was)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core import keys as K
from bot.core.config import StoreConfig
from bot.store import open_store
from bot.store.redis import RedisStore
from tests.conftest import FakeClock
from tests.engine.test_pipeline import Harness, mention


@pytest.fixture
async def two(redis_url: str, clock: FakeClock) -> AsyncIterator[tuple[RedisStore, RedisStore]]:
    a = await open_store(StoreConfig(backend="redis"), redis_url=redis_url, clock=clock)
    b = await open_store(StoreConfig(backend="redis"), redis_url=redis_url, clock=clock)
    assert isinstance(a, RedisStore) and isinstance(b, RedisStore)
    yield a, b
    await a.close()
    await b.close()


async def test_one_conversation_routed_by_two_processes_at_once_is_one_ticket(
        two: tuple[RedisStore, RedisStore], clock: FakeClock, tmp_path: Path) -> None:
    a, b = two
    ha, hb = Harness(a, clock, tmp_path / "a.jsonl"), Harness(b, clock, tmp_path / "b.jsonl")
    for round_ in range(5):
        thread = str(100 + round_)
        await asyncio.gather(
            ha.pipeline.process(mention(f"{round_}1", "login broken", thread=thread,
                                        clock=clock)),
            hb.pipeline.process(mention(f"{round_}2", "still broken, refund?", thread=thread,
                                        clock=clock)))
    tickets = await a.list_tickets()
    assert len(tickets) == 5, [(t.id, t.mention_ids) for t in tickets]
    assert all(len(t.mention_ids) == 2 for t in tickets), [t.mention_ids for t in tickets]
    ids = [t.id for t in tickets]
    assert len(set(ids)) == 5
    later = await a.next_number(K.counter_for(K.TICKET))  # never one given before
    assert all(int(i.removeprefix("T-")) < later for i in ids), (ids, later)
    assert later > 6, "the two decisions did not overlap: no race was tried"
