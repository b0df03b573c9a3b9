"""An attempt settled after another process took its card over, on a SQLite file and a real
redis-server. A process stopped past its lane's lease (SIGSTOP, a frozen container) with a
card's call under way, or between a call and its settle, wakes after another process claimed
the lane, looked for the card and recorded it: the settle it then writes is of a card whose
state is the other's already. It must change nothing: not put the card back (a 500 it got
while stopped), not set it aside as dead, not count its delivery again."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core import keys as K
from bot.core.cards import Card, OutboxItem
from bot.core.config import StoreConfig
from bot.core.effects import Effects
from bot.core.models import MessageRef
from bot.core.ports import Store
from bot.store import open_store
from bot.store.redis import RedisStore
from bot.store.sqlite import SqliteStore
from tests.conftest import FakeClock
from tests.store.test_contract import edit, enqueue, item

TALLY = "delivered\x1fconsole:c"
DEAD = "dead\x1fconsole:c"


@pytest.fixture
async def other(store: Store, request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[Store]:
    """A second process's store on the same SQLite file or redis-server as ``store``: what
    each remembers of its own claims is its own."""
    if isinstance(store, SqliteStore):
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")), None
    else:
        cfg, url = StoreConfig(backend="redis"), request.getfixturevalue("redis_url")
    opened = await open_store(cfg, redis_url=url, clock=clock)
    yield opened
    await opened.close()


async def taken_over(store: Store, clock: FakeClock) -> MessageRef:
    """k1 claimed by ``a``, its lease lapsed, claimed by ``b``, found shown and recorded."""
    await enqueue(store, item("k1@c", "c", clock))
    [a] = await store.claim_due(now=clock(), owner="a", lease_seconds=30, limit=10)
    assert a.started == 1
    clock.advance(seconds=31)
    [b] = await store.claim_due(now=clock(), owner="b", lease_seconds=30, limit=10)
    assert b.started == 2  # not the first: b looks for the card before posting it
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    fx = Effects()
    fx.tallies.append((TALLY, day(clock), 1))
    await store.finish(b.key, owner="b", ref=ref, effects=fx)
    return ref


async def a_fails_late(store: Store, clock: FakeClock, late: str, *,
                       effects: Effects | None = None) -> None:
    """``a`` settles k1 as its stopped call ended: a 500 (``failed``), a refusal (``given
    up``) or a 429 before posting (``unposted``), to be tried again in 300 s, with
    ``effects``."""
    at = clock() + timedelta(seconds=300)
    if late == "failed":
        await store.retry_later("k1@c", owner="a", at=at, error="HTTP 500", effects=effects)
    elif late == "given up":
        await store.retry_later("k1@c", owner="a", at=at, error="not_in_channel", dead=True,
                                effects=effects)
    else:
        assert late == "unposted", late
        await store.retry_later("k1@c", owner="a", at=at, error="rate limited", posted=False,
                                effects=effects)


def a_dead_tally(clock: FakeClock) -> Effects:
    """The dead tally a settle that gives the card up writes with it."""
    fx = Effects()
    fx.tallies.append((DEAD, day(clock), 1))
    return fx


def day(clock: FakeClock) -> int:
    return int(clock().timestamp() // 86400)


async def counted(store: Store) -> dict[str, int]:
    """The outbox's counts, checked against a recount of its items as stored."""
    counts = await store.outbox_counts()
    recount = {"pending": 0, "sent": 0, "dead": 0}
    if isinstance(store, SqliteStore):
        db = sqlite3.connect(store.path)
        try:
            recount.update(db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status"))
        finally:
            db.close()
    else:
        assert isinstance(store, RedisStore)
        async for key in store.r.scan_iter(match=store.k.outbox_item("*")):
            status = str(await store.r.hget(key, "status"))
            recount[status] = recount.get(status, 0) + 1
    assert counts == recount, (counts, recount)
    return counts


async def delivered(store: Store) -> list[int]:
    return [v for v in (await store.tallies(0)).get(TALLY, {}).values() if v]


@pytest.mark.parametrize("late", ["failed", "given up", "unposted", "finished"])
async def test_a_settle_written_after_another_process_recorded_the_card_changes_nothing(
        store: Store, clock: FakeClock, late: str) -> None:
    """Before: the stopped process's settle was written from a fresh read of the item, sent
    by then: a 500 put the card back pending (on Redis out of every lane, so pending for
    ever; on SQLite claimed again and its delivery counted twice), a refusal set it aside
    as dead (a dead-letter notice for a card shown), a finish counted it delivered twice."""
    ref = await taken_over(store, clock)
    fx = Effects()
    fx.tallies.append((TALLY, day(clock), 1))
    at = clock() + timedelta(seconds=60)
    if late == "failed":
        await store.retry_later("k1@c", owner="a", at=at, error="HTTP 500", effects=fx)
    elif late == "given up":
        await store.retry_later("k1@c", owner="a", at=at, error="not_in_channel", dead=True,
                                effects=fx)
    elif late == "unposted":
        await store.retry_later("k1@c", owner="a", at=at, error="waiting 40s for the pace",
                                posted=False, effects=fx)
    else:
        await store.finish("k1@c", owner="a", effects=fx, ref=MessageRef(
            workspace="console", channel="c", message_id="m1"))
    got = await store.get_outbox("k1@c")
    assert got is not None and (got.status, got.ref, got.attempts) == ("sent", ref, 0), got
    assert await counted(store) == {"pending": 0, "sent": 1, "dead": 0}
    assert await store.list_outbox(status="pending") == []
    assert await store.list_outbox(status="dead") == []
    assert await delivered(store) == [1]
    clock.advance(seconds=120)
    assert await store.claim_due(now=clock(), owner="c", lease_seconds=30, limit=10) == []


@pytest.mark.parametrize("late", ["failed", "given up", "unposted"])
async def test_a_failure_heard_before_a_retry_of_the_card_changes_nothing(
        store: Store, other: Store, clock: FakeClock, late: str) -> None:
    """``a`` stopped with k1's call at the chat; ``b`` took the lane over after the lease and
    gave k1 up (a refusal); someone fixed the channel and retried it (``outbox retry``), so
    k1 is pending again, from the retry. ``a`` then wakes with what it heard before all this.
    Before: the settle, finding k1 pending, was written over the retry: a refusal set it
    dead again, with no notice (its notice's key, the first death's, was taken: the card
    given up in silence) and the dead tally counted twice; a 500 or a 429 put the retry off
    by the stale attempt's backoff, its attempts and error counted on the new one."""
    await enqueue(store, item("k1@c", "c", clock))
    [a] = await store.claim_due(now=clock(), owner="a", lease_seconds=30, limit=10)
    assert a.started == 1
    clock.advance(seconds=31)
    [b] = await other.claim_due(now=clock(), owner="b", lease_seconds=30, limit=10)
    await other.retry_later(b.key, owner="b", at=clock(), error="not_in_channel", dead=True,
                            effects=a_dead_tally(clock))
    clock.advance(seconds=60)
    assert await other.requeue("k1@c", at=clock())
    retried = await store.get_outbox("k1@c")
    assert retried is not None and retried.status == "pending"
    await a_fails_late(store, clock, late, effects=a_dead_tally(clock))
    assert await store.get_outbox("k1@c") == retried
    assert await counted(store) == {"pending": 1, "sent": 0, "dead": 0}
    assert [i.key for i in await store.list_outbox(status="pending")] == ["k1@c"]
    assert await store.list_outbox(status="dead") == []
    assert [v for v in (await store.tallies(0)).get(DEAD, {}).values() if v] == [1]
    [c] = await other.claim_due(now=clock(), owner="c", lease_seconds=30, limit=10)
    assert c.key == "k1@c" and c.started > 1  # the retry looks for the card first


async def test_a_card_shown_before_a_retry_of_it_is_recorded_sent(
        store: Store, other: Store, clock: FakeClock) -> None:
    """The same, but what ``a`` heard is the card shown: that is so whatever came after, and
    the retry is then done (written, as before: the next claim would only find it)."""
    await enqueue(store, item("k1@c", "c", clock))
    [a] = await store.claim_due(now=clock(), owner="a", lease_seconds=30, limit=10)
    assert a.started == 1
    clock.advance(seconds=31)
    [b] = await other.claim_due(now=clock(), owner="b", lease_seconds=30, limit=10)
    await other.retry_later(b.key, owner="b", at=clock(), error="not_in_channel", dead=True)
    clock.advance(seconds=60)
    assert await other.requeue("k1@c", at=clock())
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    fx = Effects()
    fx.tallies.append((TALLY, day(clock), 1))
    await store.finish("k1@c", owner="a", ref=ref, effects=fx)
    got = await store.get_outbox("k1@c")
    assert got is not None and (got.status, got.ref) == ("sent", ref), got
    assert await counted(store) == {"pending": 0, "sent": 1, "dead": 0}
    assert await delivered(store) == [1]


@pytest.mark.parametrize("late", ["failed", "given up", "unposted"])
async def test_a_failure_heard_while_another_process_holds_the_lane_changes_nothing(
        store: Store, other: Store, clock: FakeClock, late: str) -> None:
    """``a`` stopped with k1's call at the chat; ``b`` took the lane over after the lease and
    is calling the chat for k1 itself (it looks first: its claim is not the first) when
    ``a`` wakes with what it heard. Neither claim changed the item as stored, so ``a``'s
    settle was written, from the item as claimed: a refusal set k1 dead while ``b``'s call
    showed it, and ``b``'s settle, finding it dead, was not written: the card shown, listed
    dead with a dead-letter notice, its message not recorded (its next edit posted as a new
    card), not counted delivered; a 500 or a 429 put it back with ``a``'s backoff under
    ``b``'s lease. It is ``b``'s to settle: ``a``'s failure changes nothing."""
    await enqueue(store, item("k1@c", "c", clock))
    [a] = await store.claim_due(now=clock(), owner="a", lease_seconds=30, limit=10)
    assert a.started == 1
    clock.advance(seconds=31)
    [b] = await other.claim_due(now=clock(), owner="b", lease_seconds=30, limit=10)
    assert b.started == 2
    await a_fails_late(store, clock, late, effects=a_dead_tally(clock))
    got = await store.get_outbox("k1@c")
    assert got is not None and (got.status, got.attempts, got.last_error) == (
        "pending", 0, None), got
    assert await counted(store) == {"pending": 1, "sent": 0, "dead": 0}
    assert (await store.tallies(0)).get(DEAD, {}) == {}
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    shown = Effects()
    shown.tallies.append((TALLY, day(clock), 1))
    await other.finish(b.key, owner="b", ref=ref, effects=shown)
    got = await store.get_outbox("k1@c")
    assert got is not None and (got.status, got.ref) == ("sent", ref), got
    assert await counted(store) == {"pending": 0, "sent": 1, "dead": 0}
    assert await store.list_outbox(status="dead") == []
    assert await delivered(store) == [1]
    clock.advance(seconds=600)
    assert await other.claim_due(now=clock(), owner="c", lease_seconds=30, limit=10) == []


# -- the common path: one process, its own lease --------------------------------------------
# A failure settled by the process whose claim is the latest is written as it was before the
# stale-settle rules (a18e848, 0f876ba, 8a1131c): exactly the item as stored changed by the
# settle, whatever lease of another lane is held, a lease lapsed but taken by no one, a lease
# renewed mid-chain, a card retried by hand or an edit replaced since, and then claimed again.

OPS_NOTICE = "dead:k@ops"


async def _claim(store: Store, clock: FakeClock, owner: str, *, chain: int = 1,
                 busy: tuple[tuple[str, str], ...] = ()) -> list[OutboxItem]:
    return await store.claim_due(now=clock(), owner=owner, lease_seconds=30, limit=10,
                                 chain=chain, busy=busy)


async def _shown(store: Store, clock: FakeClock) -> MessageRef:
    """k0 posted and recorded by ``p``: its edits go in the channel's edit lane."""
    await enqueue(store, item("k0@c", "c", clock))
    [k0] = await _claim(store, clock, "p")
    ref = MessageRef(workspace="console", channel="c", message_id="m0")
    await store.finish(k0.key, owner="p", ref=ref)
    return ref


async def _common(store: Store, clock: FakeClock, case: str) -> OutboxItem:
    """``p``'s claim of the item it then settles, made as ``case`` says."""
    if case == "plain":
        await enqueue(store, item("k1@c", "c", clock))
        [got] = await _claim(store, clock, "p")
    elif case == "lapsed, taken by no one":
        await enqueue(store, item("k1@c", "c", clock))
        [got] = await _claim(store, clock, "p")
        clock.advance(seconds=45)
    elif case == "renewed mid-chain":
        await enqueue(store, item("k1@c", "c", clock))
        await enqueue(store, item("k2@c", "c", clock))
        k1, got = await _claim(store, clock, "p", chain=2)
        clock.advance(seconds=20)
        assert await store.renew_lane("console", "c", "", owner="p",
                                      until=clock() + timedelta(seconds=30))
        await store.finish(k1.key, owner="p", release=False, ref=MessageRef(
            workspace="console", channel="c", message_id="m1"))
        clock.advance(seconds=20)  # past the first lease, within the renewed one
    elif case in ("an edit, the posts lane held by another", "a post, the edit lane held by "
                                                                 "another"):
        await _shown(store, clock)
        await enqueue(store, item("n1@c", "c", clock))
        await enqueue(store, edit("k0@c#2", "c", clock))
        edits, posts = ("console", K.lane_channel("c", K.EDITS)), ("console", "c")
        mine_edit = case.startswith("an edit")
        [theirs] = await _claim(store, clock, "q", busy=(edits,) if mine_edit else (posts,))
        [got] = await _claim(store, clock, "p")
        assert (theirs.lane, got.lane) == (("", K.EDITS) if mine_edit else (K.EDITS, ""))
    elif case.startswith("retried by hand"):
        await enqueue(store, item("k1@c", "c", clock))
        [k1] = await _claim(store, clock, "p")
        await store.retry_later(k1.key, owner="p", at=clock(), error="not_in_channel",
                                dead=True)
        clock.advance(seconds=60)
        # by a process whose clock is an hour behind: created_at before the card's own
        skew = timedelta(hours=1 if "behind" in case else 0)
        assert await store.requeue("k1@c", at=clock() - skew)
        [got] = await _claim(store, clock, "p")
        assert got.created_at == clock() - skew
    elif case == "a 500, claimed again":
        await enqueue(store, item("k1@c", "c", clock))
        [k1] = await _claim(store, clock, "p")
        await store.retry_later(k1.key, owner="p", at=clock() + timedelta(seconds=5),
                                error="HTTP 500")
        clock.advance(seconds=5)
        [got] = await _claim(store, clock, "p")
        assert got.started == 2
    else:
        assert case == "an edit replaced, then claimed"
        await _shown(store, clock)
        await enqueue(store, edit("k0@c#2", "c", clock))
        [e2] = await _claim(store, clock, "p")
        await store.retry_later(e2.key, owner="p", at=clock(), error="rate limited",
                                posted=False)
        await enqueue(store, edit("k0@c#3", "c", clock))  # replaces #2: never begun since
        replaced = await store.get_outbox("k0@c#2")
        assert replaced is not None and replaced.status == "sent"
        [got] = await _claim(store, clock, "p")
        assert got.key == "k0@c#3"
    return got


COMMON = ["plain", "lapsed, taken by no one", "renewed mid-chain",
          "an edit, the posts lane held by another", "a post, the edit lane held by another",
          "retried by hand, claimed again",
          "retried by hand by a process an hour behind, claimed again", "a 500, claimed again",
          "an edit replaced, then claimed"]


@pytest.mark.parametrize("outcome", ["a 500", "a refusal", "a 429", "shown"])
@pytest.mark.parametrize("case", COMMON)
async def test_the_latest_claims_settle_is_written_as_an_unconditional_write_would(
        store: Store, clock: FakeClock, case: str, outcome: str) -> None:
    """Differential: the item after the settle is the item as stored just before it, changed
    as the settle says (what every settle wrote before the stale-settle rules), on both
    stores; its counts equal a recount, its effects (a dead-letter notice, the lane's pace
    after a 429, the delivered tally) are written, the lane is let go (a third process claims
    it once due, before the lease would have lapsed) and a 429 takes its attempt back."""
    claimed = await _common(store, clock, case)
    key = claimed.key
    before = await store.get_outbox(key)
    assert before is not None and before.status == "pending"
    counts = await counted(store)
    fx = Effects()
    now = clock()
    ref = MessageRef(workspace="console", channel="c", message_id="m9")
    pace = K.pace("console", K.lane_channel("c", claimed.lane))
    if outcome == "a 500":
        at = now + timedelta(seconds=10)
        await store.retry_later(key, owner="p", at=at, error="HTTP 500", effects=fx)
        want = before.model_copy(update={"attempts": before.attempts + 1,
                                         "next_attempt_at": at, "last_error": "HTTP 500"})
    elif outcome == "a refusal":
        fx.tallies.append((DEAD, day(clock), 1))
        fx.send(OutboxItem.new(key=OPS_NOTICE, workspace="console", channel="ops", now=now,
                               card=Card(kind="notice", key="dead:k", title="failed")))
        await store.retry_later(key, owner="p", at=now, error="not_in_channel", dead=True,
                                effects=fx)
        want = before.model_copy(update={"attempts": before.attempts + 1, "status": "dead",
                                         "next_attempt_at": now, "last_error": "not_in_channel"})
    elif outcome == "a 429":
        at = now + timedelta(seconds=20)
        fx.cursors[pace] = at.isoformat()
        await store.retry_later(key, owner="p", at=at, error="rate limited", posted=False,
                                effects=fx)
        want = before.model_copy(update={"attempts": before.attempts + 1,
                                         "next_attempt_at": at, "last_error": "rate limited"})
    else:
        fx.tallies.append((TALLY, day(clock), 1))
        await store.finish(key, owner="p", ref=ref, effects=fx)
        want = before.model_copy(update={"status": "sent", "ref": ref, "next_attempt_at": now})
    assert await store.get_outbox(key) == want
    counts[before.status] -= 1
    counts[want.status] += 1
    if outcome == "a refusal":
        counts["pending"] += 1  # the notice
    assert await counted(store) == counts
    pending = [i.key for i in await store.list_outbox(status="pending")]
    dead = [i.key for i in await store.list_outbox(status="dead")]
    assert (key in pending, key in dead) == (want.status == "pending", want.status == "dead")
    if outcome == "a refusal":
        assert OPS_NOTICE in pending
        assert [v for v in (await store.tallies(0)).get(DEAD, {}).values() if v] == [1]
    if outcome == "shown":
        assert await delivered(store) == [1]
        assert await store.message_ref(claimed.card.key, "console", "c") is not None
    if outcome == "a 429":
        assert await store.get_cursor(pace) == fx.cursors[pace]
    if want.status == "pending":
        clock.advance(seconds=(want.next_attempt_at - clock()).total_seconds())
        again = [i for i in await _claim(store, clock, "r") if i.key == key]
        # let go by the settle: claimed by a third process before p's lease would lapse
        assert [i.started for i in again] == [claimed.started + (outcome != "a 429")]


@pytest.mark.parametrize("late", ["failed", "given up", "unposted"])
async def test_a_failure_skipped_for_a_holder_that_died_leaves_the_card_to_the_next_claim(
        store: Store, other: Store, clock: FakeClock, late: str) -> None:
    """The skip's worst case: ``b`` took the lane over and died there, its lease lapsed but
    still stored (Redis keeps a lane's lease until it is let go; the settle reads the holder,
    not the time: ``b`` claimed after ``a``). ``a``'s failure is not written; the card waits
    as ``b``'s claim left it, due at once: the next process claims it, looks for it first and
    settles it once. Nothing lost, nothing counted twice; only ``a``'s backoff or 429 wait
    is not kept (one more call)."""
    await enqueue(store, item("k1@c", "c", clock))
    [a] = await store.claim_due(now=clock(), owner="a", lease_seconds=30, limit=10)
    clock.advance(seconds=31)
    [b] = await other.claim_due(now=clock(), owner="b", lease_seconds=30, limit=10)
    assert b.started == 2
    clock.advance(seconds=31)  # b died: its lease lapsed, never let go
    assert a.key == "k1@c"
    await a_fails_late(store, clock, late)
    got = await store.get_outbox("k1@c")
    assert got is not None and (got.status, got.attempts) == ("pending", 0), got
    assert await counted(store) == {"pending": 1, "sent": 0, "dead": 0}
    [c] = await other.claim_due(now=clock(), owner="c", lease_seconds=30, limit=10)
    assert (c.key, c.started) == ("k1@c", 3)  # not the first: c looks for the card first
    fx = Effects()
    fx.tallies.append((TALLY, day(clock), 1))
    await other.finish(c.key, owner="c", effects=fx, ref=MessageRef(
        workspace="console", channel="c", message_id="m1"))
    assert await counted(store) == {"pending": 0, "sent": 1, "dead": 0}
    assert await delivered(store) == [1]
