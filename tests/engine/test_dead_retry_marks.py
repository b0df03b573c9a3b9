"""A dead mention's done mark lasts as long as its dead letter (``store.retention.dead_days``),
on both stores (a SQLite file, a redis-server).

Before, it lasted ``store.dedup_ttl_hours`` (72 h) while the dead letter is kept 30 days: a
source reading the post again after 72 h acted on it while its dead letter waited, and a
`socialops dead retry` once that processing's trace had gone (7 days on) acted on it a second
time (a second card, a second ticket if the first was resolved meanwhile). Now the source's
read is skipped as a duplicate for as long as the dead letter can be retried, and the retry
is the one time it is acted on."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.core import keys as K
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.engine.test_dead_retry import RULES, dead_mention, restore
from tests.engine.test_pipeline import Harness, mention


async def test_a_dead_mention_read_again_days_later_waits_for_its_retry(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl", rules=RULES)
    dead, good = await dead_mention(h, store, clock)
    await restore(store, K.TICKET, "T-1", good)
    for days in (3.1, 10, 29):  # its source reads it again (a replay, a page read twice)
        clock.now = dead.at + timedelta(days=days)
        assert await h.pipeline.process(mention("2", "still broken", thread="100",
                                                clock=clock)) is None, days
    assert [d.id for d in await store.list_dead()] == ["mastodon:2"]
    retried = await h.pipeline.retry(dead)
    assert retried.outcome == "routed", retried
    await h.outbox.drain()
    assert [p for p in h.posts() if p[1].startswith("mastodon:2|")] == [
        ("marketing", "mastodon:2|praise")]
