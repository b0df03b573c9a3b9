"""A new post in the conversation of a ticket whose stored record is damaged, through the
pipeline on both real stores (a SQLite file, a redis-server): that post is set aside as its
own failure (a dead letter saying which ticket and what to do, after its attempts), and the
rest of its batch, its source's cursor and every later post go on. ``UnreadableRecord`` is a
StoreError, which the pipeline raised as the store failing: the whole batch failed at every
poll, its cursor never moved, and nothing more of that source was read."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import keys as K
from bot.core.ports import Store
from bot.engine.pipeline import POISON_AFTER, BatchResult, PoisonRetry
from tests.conftest import FakeClock
from tests.engine.test_pipeline import Harness, mention
from tests.store.test_damaged_records import damage


async def test_a_post_to_a_damaged_tickets_conversation_is_set_aside_and_the_source_goes_on(
        store: Store, clock: FakeClock, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    await h.pipeline.process(mention("1", "login broken", thread="100", clock=clock))
    stored = await damage(store, K.TICKET, "T-1", "wrong type")
    clock.advance(minutes=5)
    batch = [mention("2", "still broken, refund?", thread="100", clock=clock),
             mention("3", "broken here", thread="200", author_id="zz", handle="zz",
                     clock=clock)]
    result: BatchResult | None = None
    for _ in range(POISON_AFTER):  # as the source polls the batch again after each failure
        try:
            result = await h.pipeline.process_batch(batch, cursors={"test": "after 3"})
        except PoisonRetry:
            continue
    assert result is not None and result.dead == 1
    assert await store.get_cursor("test") == "after 3"
    assert [t.id for t in await store.list_tickets()] == ["T-2"]  # zz's post, its own ticket
    [dead] = await store.list_dead("mention")
    assert dead.id == "mastodon:2"
    assert dead.reason.startswith("UnreadableRecord: ticket T-1 cannot be read: its stored "
                                  "record is damaged (")
    assert '"still broken, refund?"' in dead.data  # the post itself is kept with it
    assert await store.get_raw(K.TICKET, "T-1") == stored  # nothing written over it
    said = [r for r in caplog.records if "mastodon:2" in r.getMessage()]
    assert said and not [r for r in said if r.exc_info]  # one line each, no traceback
    # the next post goes on too
    clock.advance(minutes=1)
    assert await h.pipeline.process(mention("4", "broken again", thread="300", author_id="yy",
                                            handle="yy", clock=clock)) is not None
