"""A post taken down by a moderator or by the network, after it made a card: its cards, its
ticket's thread, history and ``why`` said "deleted by its author", blaming the customer for
what a subreddit's moderators (or Reddit) did (a community manager's review, 2026-12-06: a
Reddit comment removed by a moderator, ``[removed]``, was "deleted by its author"). Now they say
who took it down, as the Reddit source reads it (``Mention.removed_by``:
tests/integrations/test_review_reddit_removals.py), and the words go as a delete's do. Through
the pipeline, the route actions and the console chat, on a SQLite file and a redis-server."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest

from bot.core.models import Author, Mention
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.engine.test_pipeline import mention
from tests.engine.test_review_edits import Revising, why


def taken_down(native: str, by: Literal["moderator", "network", "removed"] | None,
               clock: FakeClock) -> Mention:
    """What ``RedditSource._revised`` gives for a thing read again that is gone now."""
    return Mention(id=f"reddit:{native}", network="reddit", source="test",
                   author=Author(id="", handle=""), text="", created_at=clock(),
                   revision="delete", revised_at=clock(), removed_by=by)


@pytest.mark.parametrize(("by", "said"), [
    ("moderator", "removed by a moderator"),
    ("network", "removed by Reddit"),
    ("removed", "removed on Reddit"),
    (None, "deleted by its author"),
])
async def test_a_post_taken_down_says_who_took_it_on_its_cards_ticket_and_why(
        store: Store, clock: FakeClock, tmp_path: Path,
        by: Literal["moderator", "network", "removed"] | None, said: str) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    await h.pipeline.process(mention("t3_a", "login is broken", network="reddit", clock=clock))
    await h.pipeline.process(mention("t1_b", "I love it", network="reddit", clock=clock))
    await h.outbox.drain()
    clock.advance(minutes=3)
    for native in ("t3_a", "t1_b"):
        await h.pipeline.process(taken_down(native, by, clock))
        await h.pipeline.process(taken_down(native, by, clock))  # read again: once
    await h.outbox.drain()
    updates = [r for r in h.shown() if r[0] == "update"]
    assert sorted((r[1], r[2]) for r in updates) == [("marketing", "reddit:t1_b|praise"),
                                                     ("support", "T-1")]
    assert all(f"({said} at " in r[3] and "broken" not in r[3] and "love" not in r[3]
               for r in updates), updates
    if by is not None:
        assert all("deleted by its author" not in r[3] for r in updates), updates
    assert [r[4] for r in updates if r[2] == "T-1"] == [f"socialops: reddit:t3_a {said}"]
    kept = await store.get_signal("reddit:t3_a")
    assert kept is not None and kept.mention.text == "" and kept.mention.removed_by == by
    assert said in await why(store, "reddit:t3_a")
