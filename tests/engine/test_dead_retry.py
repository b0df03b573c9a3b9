"""A dead letter processed again once its cause is fixed (``Pipeline.retry``, ``Timers.retry``;
``socialops dead retry``), on both real stores (a SQLite file, a redis-server): a mention set
aside because its conversation's ticket was damaged, retried while still damaged (set aside
again at once, with the new reason), then once the ticket is restored (acted on: its card
once, the dead letter gone in the same write, its trace the new outcome, its done mark still
set so a source reading it again skips it), and retried a second time or by two at once (one
wins, the other is told), or after its source processed it again (nothing done twice). A
timer set aside after its attempts, retried: fired once.

Before ``retry`` nothing brought a dead letter back: a replay of the post was skipped as a
duplicate by its done mark."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from bot.core import keys as K
from bot.core.effects import Effects
from bot.core.ports import DeadItem, DueTimer, Store
from bot.engine.pipeline import POISON_AFTER, PoisonRetry
from bot.engine.timers import Timers
from bot.store import layout as L
from bot.store.redis import RedisStore
from bot.store.sqlite import SqliteStore
from tests.conftest import FakeClock
from tests.engine.test_pipeline import Harness, mention
from tests.store.test_damaged_records import damage

RULES = """\
routes:
  - {name: praise, match: {any: [broken]}, action: alert, channel: marketing, continue: true}
  - {name: support, match: {any: [broken]}, action: ticket, channel: support}
"""


async def restore(store: Store, kind: str, rid: str, text: str) -> None:
    """Put back a record's text as it was (a restore from a backup)."""
    if isinstance(store, SqliteStore):
        db = sqlite3.connect(store.path)
        try:
            with db:
                db.execute(f"UPDATE {L.T_RECORDS} SET json = ? WHERE kind = ? AND id = ?",
                           (text, kind, rid))
        finally:
            db.close()
        return
    assert isinstance(store, RedisStore)
    await store.r.set(store.k.record(kind, rid), text)


async def dead_mention(h: Harness, store: Store, clock: FakeClock) -> tuple[DeadItem, str]:
    """mastodon:2, a post in T-1's conversation, set aside while T-1 is damaged; T-1's text
    as it was."""
    await h.pipeline.process(mention("1", "login broken", thread="100", clock=clock))
    good = await store.get_raw(K.TICKET, "T-1")
    assert good is not None
    await damage(store, K.TICKET, "T-1", "wrong type")
    clock.advance(minutes=5)
    post = mention("2", "still broken", thread="100", clock=clock)
    for _ in range(POISON_AFTER):
        try:
            result = await h.pipeline.process_batch([post])
        except PoisonRetry:
            continue
    assert result.dead == 1
    [dead] = await store.list_dead("mention")
    assert dead.id == "mastodon:2"
    return dead, good


async def test_a_dead_mention_retried_once_its_cause_is_fixed_is_acted_on_once(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl", rules=RULES)
    dead, good = await dead_mention(h, store, clock)
    # a source reading it again skips it, as before: only a retry brings it back
    assert await h.pipeline.process(mention("2", "still broken", thread="100",
                                            clock=clock)) is None
    clock.advance(minutes=1)
    again = await h.pipeline.retry(dead)  # T-1 still damaged: set aside again, at once
    assert again.outcome == "dead"
    assert again.detail.startswith("UnreadableRecord: ticket T-1 cannot be read")
    [dead2] = await store.list_dead("mention")
    assert dead2.at > dead.at and dead2.reason == again.detail
    assert (await h.pipeline.retry(dead)).outcome == "taken"  # that one was retried
    await restore(store, K.TICKET, "T-1", good)
    clock.advance(minutes=1)
    done = await h.pipeline.retry(dead2)
    assert done.outcome == "routed", done
    assert [(hit.route, o) for hit, o in done.actions] == [("praise", "alert"),
                                                          ("support", "ticket T-1")]
    assert await store.list_dead() == []  # deleted in the same write
    ticket = await store.get_ticket("T-1")
    assert ticket is not None and "mastodon:2" in ticket.mention_ids
    trace = await store.get_trace("mastodon:2")
    assert trace is not None and trace.outcome == "routed"
    assert (await h.pipeline.retry(dead2)).outcome == "taken"  # a second retry: nothing
    assert await h.pipeline.process(mention("2", "still broken", thread="100",
                                            clock=clock)) is None
    await h.outbox.drain()
    assert [p for p in h.posts() if p[1].startswith("mastodon:2|")] == [
        ("marketing", "mastodon:2|praise")]
    ticket = await store.get_ticket("T-1")
    assert ticket is not None and ticket.mention_ids.count("mastodon:2") == 1


async def test_two_retries_of_one_dead_mention_at_once_act_on_it_once(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl", rules=RULES)
    other = Harness(store, clock, tmp_path / "record.jsonl", rules=RULES)  # another process
    dead, good = await dead_mention(h, store, clock)
    await restore(store, K.TICKET, "T-1", good)
    outcomes = sorted(r.outcome for r in await asyncio.gather(h.pipeline.retry(dead),
                                                              other.pipeline.retry(dead)))
    assert outcomes in (["routed", "taken"], ["gone", "routed"]), outcomes
    await h.outbox.drain()
    assert [p for p in h.posts() if p[1].startswith("mastodon:2|")] == [
        ("marketing", "mastodon:2|praise")]
    ticket = await store.get_ticket("T-1")
    assert ticket is not None and ticket.mention_ids.count("mastodon:2") == 1


async def test_a_dead_timer_retried_fires_once(store: Store, clock: FakeClock) -> None:
    fired: list[str] = []
    broken = True

    async def handler(t: DueTimer) -> None:
        if broken:
            raise RuntimeError("a bug")
        fired.append(t.payload)
        fx = Effects()
        fx.complete(t.id, t.token)
        assert await store.apply(fx)

    timers = Timers(store, clock=clock, lease_seconds=60, max_attempts=2)
    timers.register("job", handler)
    fx = Effects()
    fx.schedule("job:1", clock(), "the payload")
    assert await store.apply(fx)
    for _ in range(4):  # each attempt after the lease ends
        await timers.fire_due()
        clock.advance(seconds=61)
    [dead] = await store.list_dead("timer")
    assert (dead.id, dead.reason, dead.data) == ("job:1", "failed 2 times", "the payload")
    assert await store.timer_due("job:1") is None
    broken = False  # the next release
    assert await timers.retry(dead)
    assert not await timers.retry(dead)  # a second retry: refused
    assert await store.list_dead() == []
    await timers.fire_due()
    clock.advance(seconds=61)
    await timers.fire_due()
    assert fired == ["the payload"]
    assert await store.timer_due("job:1") is None


async def test_a_dead_mention_its_source_processed_since_is_not_acted_on_twice(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    """Its done mark expired (72 h: set aside by a release before the mark lasted as long as
    the dead letter, test_dead_retry_marks), its source read it again and it was processed
    then (the ticket restored meanwhile): a retry finds that in its trace and does nothing
    again."""
    h = Harness(store, clock, tmp_path / "record.jsonl", rules=RULES)
    dead, good = await dead_mention(h, store, clock)
    await restore(store, K.TICKET, "T-1", good)
    clock.advance(hours=73)
    expired = Effects()
    expired.forget.append(K.done("mastodon:2"))
    assert await store.apply(expired)
    assert await h.pipeline.process(mention("2", "still broken", thread="100",
                                            clock=clock)) is not None
    retried = await h.pipeline.retry(dead)
    assert (retried.outcome, retried.detail) == ("processed", "routed")
    assert await store.list_dead() == []
    await h.outbox.drain()
    assert [p for p in h.posts() if p[1].startswith("mastodon:2|")] == [
        ("marketing", "mastodon:2|praise")]
