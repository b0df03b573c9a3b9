"""A routed post's ticket reads through the pipeline on both real stores (a SQLite file, a
redis-server). On Redis the conversation's open ticket, the new ticket's number and the
customer's latest signals for its follow-up are one script (``open_ticket_or_number``, a
performance review of issue 15) where they were three round trips: the tickets come out as
before, numbered in turn, the second post of a conversation attached, and a new ticket after
the customer's last was resolved says it follows it (``handlers.follow_up``)."""

from __future__ import annotations

from pathlib import Path

from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.engine.test_pipeline import Harness, mention
from tests.engine.test_route_tags_on_attach import RULES, people


async def test_tickets_open_attach_and_follow_the_last_resolved(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl", rules=RULES)
    await h.pipeline.process(mention("1", "login broken", thread="100", clock=clock))
    clock.advance(minutes=5)
    await h.pipeline.process(mention("2", "still broken", thread="100", clock=clock))
    first = await store.get_ticket("T-1")
    assert first is not None and first.mention_ids == ("mastodon:1", "mastodon:2")
    assert (await people(store, clock).resolve("T-1", "bob", "fixed in 2.3")).ok
    clock.advance(minutes=5)
    await h.pipeline.process(mention("3", "broken again", thread="300", clock=clock))
    second = await store.get_ticket("T-2")
    assert second is not None and second.mention_ids == ("mastodon:3",)
    assert [e.action for e in second.history] == ["opened", "follows T-1"]
    assert "resolved by bob" in second.history[1].detail
    # another customer's first ticket follows nothing, and takes the next number
    await h.pipeline.process(mention("4", "broken here", author_id="b2", handle="b2",
                                     thread="400", clock=clock))
    third = await store.get_ticket("T-3")
    assert third is not None and [e.action for e in third.history] == ["opened"]
    assert await store.get_ticket("T-4") is None
