"""One contract suite, run against both real backends: SQLite in a temp file and Redis on the
private redis-server that tests/conftest.py starts. Nothing is mocked and nothing is skipped."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from bot.core import keys as K
from bot.core.cards import Card, OutboxItem
from bot.core.config import StoreConfig
from bot.core.effects import DeadLetter, Effects
from bot.core.errors import ConfigError, StoreUnavailable
from bot.core.models import (
    Approval,
    AuditEvent,
    Author,
    Mention,
    MessageRef,
    Sentiment,
    Signal,
    SignalBrief,
    Subscription,
    Ticket,
)
from bot.core.ports import Store
from bot.store import open_store
from bot.store.redis import RedisStore
from bot.store.sqlite import SqliteStore
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer, free_port
from tests.support.stores import (
    audit,
    cancel,
    create,
    delete,
    enqueue,
    put_signal,
    schedule,
    update,
)

Opener = Callable[[], Awaitable[Store]]


@pytest.fixture(params=["sqlite", "redis"])
async def opener(request: pytest.FixtureRequest, tmp_path: Path,
                 clock: FakeClock) -> AsyncIterator[Opener]:
    opened: list[Store] = []
    if request.param == "sqlite":
        cfg = StoreConfig(backend="sqlite", path=str(tmp_path / "data" / "s.db"))
        url = None
    else:
        url = request.getfixturevalue("redis_url")
        cfg = StoreConfig(backend="redis")

    async def open_one() -> Store:
        s = await open_store(cfg, redis_url=url, clock=clock)
        opened.append(s)
        return s

    yield open_one
    for s in opened:
        await s.close()


@pytest.fixture
async def store(opener: Opener) -> Store:
    return await opener()


def ticket(tid: str = "T-1", *, status: str = "open", conv: str = "mastodon:1",
           version: int = 0, clock: FakeClock) -> Ticket:
    return Ticket(id=tid, status=status, signal_id="mastodon:1", route="support",  # type: ignore[arg-type]
                  customer_key="mastodon:a1", conversation_key=conv, created_at=clock(),
                  version=version)


def signal(sid: str, *, customer: str = "a1", minutes: int = 0, clock: FakeClock) -> Signal:
    m = Mention(id=f"mastodon:{sid}", network="mastodon", source="s", text=f"post {sid} ✓",
                author=Author(id=customer, handle=f"@{customer}"),
                created_at=clock() + timedelta(minutes=minutes))
    return Signal(mention=m, language="en", sentiment=Sentiment(compound=-0.5, label="negative"))


def item(key: str, channel: str, clock: FakeClock, *, workspace: str = "console") -> OutboxItem:
    return OutboxItem(key=key, workspace=workspace, channel=channel,
                      card=Card(kind="alert", key=key.split("@", maxsplit=1)[0], title="t"),
                      next_attempt_at=clock(), created_at=clock())


# -- dedup, cursors, counters --------------------------------------------------------------------

async def test_mark_seen_is_true_once_within_ttl(store: Store, clock: FakeClock) -> None:
    assert await store.mark_seen("m:1", 60)
    assert not await store.mark_seen("m:1", 60)
    assert await store.is_seen("m:1")
    assert not await store.is_seen("m:2")
    clock.advance(seconds=61)
    assert not await store.is_seen("m:1")
    assert await store.mark_seen("m:1", 60)


async def test_seen_many_and_marks_written_by_apply(store: Store, clock: FakeClock) -> None:
    fx = Effects()
    fx.mark("m:a", 60)
    fx.mark("m:b", 10)
    assert await store.apply(fx)
    assert await store.seen_many(["m:a", "m:b", "m:c"]) == {"m:a", "m:b"}
    clock.advance(seconds=11)
    assert await store.seen_many(["m:a", "m:b"]) == {"m:a"}
    fx = Effects()
    fx.forget.append("m:a")
    assert await store.apply(fx)
    assert await store.seen_many(["m:a"]) == set()


async def test_a_mark_first_puts_its_value_first_in_the_list_the_store_holds(
        store: Store, clock: FakeClock) -> None:
    """``Effects.mark_first``: the list is read in the write (two writes decided from the same
    read both land), a value already there moves first, at most ``keep`` kept, and an expired
    list is started again."""
    def first(value: str, ttl: int = 60) -> Effects:
        fx = Effects()
        fx.mark_first("answered:p", value, ttl, keep=3)
        return fx

    for value in ("A-1", "A-2", "A-3"):
        assert await store.apply(first(value))
    assert await store.get_value("answered:p") == "A-3 A-2 A-1"
    assert await store.apply(first("A-1"))
    assert await store.get_value("answered:p") == "A-1 A-3 A-2"
    assert await store.apply(first("A-4"))
    assert await store.get_value("answered:p") == "A-4 A-1 A-3"
    clock.advance(seconds=61)
    assert await store.get_value("answered:p") is None
    assert await store.apply(first("A-5", 10))
    assert await store.get_value("answered:p") == "A-5"
    clock.advance(seconds=11)
    assert await store.get_value("answered:p") is None


async def test_a_new_mark_set_meanwhile_makes_the_whole_write_conflict(
        store: Store, clock: FakeClock) -> None:
    done = Effects()
    done.mark("done:m:1", 60)  # another process finished the post first
    assert await store.apply(done)
    late = Effects()
    late.mark("done:m:1", 60, new=True)
    late.mark("done:m:2", 60, new=True)
    late.send(OutboxItem.new(key="late@c", workspace="w", channel="c",
                             card=Card(kind="alert", key="late", title="late"), now=clock()))
    assert not await store.apply(late)
    assert await store.get_outbox("late@c") is None
    assert await store.seen_many(["done:m:2"]) == set()
    clock.advance(seconds=61)  # an expired mark is no mark
    assert await store.apply(late)
    assert await store.seen_many(["done:m:1", "done:m:2"]) == {"done:m:1", "done:m:2"}


async def test_claim_values_first_claim_wins_until_expiry(store: Store, clock: FakeClock) -> None:
    assert await store.claim_value("fp:x", "a", 60) == "a"
    assert await store.claim_value("fp:x", "b", 60) == "a"
    owners = await store.claim_values([("fp:y", "c"), ("fp:z", "c"), ("fp:y", "d")], 60)
    assert owners == {"fp:y": "c", "fp:z": "c"}
    assert await store.get_value("fp:y") == "c"
    assert await store.get_values(["fp:x", "fp:y", "fp:none"]) == {"fp:x": "a", "fp:y": "c"}
    clock.advance(seconds=61)
    assert await store.claim_value("fp:x", "b", 60) == "b"
    assert await store.get_value("fp:y") is None
    assert await store.get_values(["fp:y", "fp:z"]) == {}


async def test_claim_values_claims_all_of_a_values_keys_or_none(store: Store) -> None:
    """A cross-post's copy holds none of its cells: claimed, the one its original did not
    hold stretched the original's hour (``test_review2_crosspost_chain.py``)."""
    assert await store.claim_values([("fp:a1", "first"), ("fp:b1", "first")], 60) == {
        "fp:a1": "first", "fp:b1": "first"}
    owners = await store.claim_values([("fp:a1", "copy"), ("fp:b2", "copy"),
                                       ("fp:a3", "other"), ("fp:b3", "other"),
                                       ("fp:b3", "late"), ("fp:a4", "late")], 60)
    assert owners == {"fp:a1": "first", "fp:a3": "other", "fp:b3": "other"}
    assert await store.get_values(["fp:b2", "fp:a4"]) == {}
    # a value re-claiming its own keys (a batch read again) holds them, and the rest
    assert await store.claim_values([("fp:a1", "first"), ("fp:b9", "first")], 60) == {
        "fp:a1": "first", "fp:b9": "first"}


async def test_bump_failures_counts_within_ttl(store: Store, clock: FakeClock) -> None:
    assert [await store.bump_failures("fail:m:1", 60) for _ in range(3)] == [1, 2, 3]
    clock.advance(seconds=61)
    assert await store.bump_failures("fail:m:1", 60) == 1


async def test_cursors_persist_across_reopen(opener: Opener) -> None:
    s1 = await opener()
    assert await s1.get_cursor("src") is None
    await s1.set_cursor("src", "t3_abc")
    fx = Effects()
    fx.cursors["src"] = "t3_def"
    assert await s1.apply(fx)
    s2 = await opener()
    assert await s2.get_cursor("src") == "t3_def"


async def test_next_number_is_atomic(opener: Opener) -> None:
    a, b = await opener(), await opener()
    numbers = await asyncio.gather(*(s.next_number("ticket") for s in [a, b] * 25))
    assert sorted(numbers) == list(range(1, 51))


async def test_routing_version_and_change_log(opener: Opener) -> None:
    a, b = await opener(), await opener()
    assert await a.routing_version() == 0
    fx = Effects()
    fx.routing_change("sub+", "S-1")
    fx.routing_change("sub-", "S-2")
    assert await a.apply(fx)
    assert await b.routing_version() == 2
    changes = await b.routing_changes(0)
    assert changes is not None
    assert [(c.version, c.op, c.id) for c in changes] == [(1, "sub+", "S-1"), (2, "sub-", "S-2")]
    assert [c.id for c in await b.routing_changes(1) or []] == ["S-2"]


# -- records and compare-and-set -------------------------------------------------------------------

async def test_ticket_round_trip_and_create_once(store: Store, clock: FakeClock) -> None:
    t = ticket(clock=clock)
    assert await create(store, t)
    assert not await create(store, t)
    assert await store.get_ticket("T-1") == t
    assert await store.get_ticket("T-404") is None


async def test_a_conversation_gets_one_open_ticket_a_customer(store: Store,
                                                               clock: FakeClock) -> None:
    async def open_one(t: Ticket) -> bool:
        fx = Effects()
        fx.open_ticket(t)
        return await store.apply(fx)

    assert await open_one(ticket("T-1", clock=clock))
    # another process, which read no open ticket before T-1 was written, opens its own
    assert not await open_one(ticket("T-2", clock=clock))
    assert await store.get_ticket("T-2") is None
    assert await open_one(ticket("T-3", conv="mastodon:9", clock=clock))
    await update(store, ticket("T-1", status="resolved", version=1, clock=clock), expected=0)
    assert await open_one(ticket("T-2", clock=clock))  # resolved: a new one may open


async def test_two_customers_in_one_conversation_each_keep_their_ticket(
        store: Store, clock: FakeClock) -> None:
    """Two authors replying in one thread: the first one's open ticket is still found (it was
    not, on Redis, once the second opened theirs: the pointer was per conversation)."""
    async def open_one(t: Ticket) -> bool:
        fx = Effects()
        fx.open_ticket(t)
        return await store.apply(fx)

    def of(tid: str, customer: str, **changes: object) -> Ticket:
        return ticket(tid, conv="c", clock=clock).model_copy(
            update={"customer_key": customer, **changes})

    assert await open_one(of("T-1", "mastodon:a1"))
    assert await open_one(of("T-2", "mastodon:b2"))
    for customer, expected in [("mastodon:a1", "T-1"), ("mastodon:b2", "T-2")]:
        found = await store.find_open_ticket("c", customer)
        assert found is not None and found.id == expected
    # the first customer's next post attaches to T-1: a ticket of theirs opened meanwhile
    # by another process conflicts
    assert not await open_one(of("T-3", "mastodon:a1"))
    assert await update(store, of("T-1", "mastodon:a1", status="resolved", version=1),
                        expected=0)
    assert await store.find_open_ticket("c", "mastodon:a1") is None
    found = await store.find_open_ticket("c", "mastodon:b2")
    assert found is not None and found.id == "T-2"
    assert await open_one(of("T-3", "mastodon:a1"))
    found = await store.find_open_ticket("c", "mastodon:a1")
    assert found is not None and found.id == "T-3"


async def test_a_merged_tickets_conversation_leads_to_the_ticket_it_went_into(
        store: Store, clock: FakeClock) -> None:
    """``merge T-2 into T-1`` (one write, both tickets): a post of T-2's customer in T-2's
    conversation finds T-1, and so does the check that keeps a second ticket from opening
    there, on through T-1's own merge into T-3; once the end of the chain is resolved, a new
    ticket may open there. A merged ticket is none of its customer's open tickets."""
    async def open_one(t: Ticket) -> bool:
        fx = Effects()
        fx.open_ticket(t)
        return await store.apply(fx)

    def of(tid: str, n: int, **changes: object) -> Ticket:
        return ticket(tid, conv=f"c{n}", clock=clock).model_copy(
            update={"customer_key": f"mastodon:a{n}", **changes})

    for tid, n in (("T-1", 1), ("T-2", 2), ("T-3", 3)):
        assert await open_one(of(tid, n))
    fx = Effects()
    fx.update(of("T-2", 2, status="merged", merged_into="T-1", version=1), expected=0)
    fx.update(of("T-1", 1, merged=("T-2",), version=1), expected=0)
    assert await store.apply(fx)
    found = await store.find_open_ticket("c2", "mastodon:a2")
    assert found is not None and found.id == "T-1"
    assert await store.customer_open_tickets("mastodon:a2") == []
    assert [t.id for t in await store.list_tickets(status="merged")] == ["T-2"]
    assert not await open_one(of("T-4", 2))  # T-1 holds T-2's conversation
    fx = Effects()
    fx.update(of("T-1", 1, status="merged", merged_into="T-3", merged=("T-2",), version=2),
              expected=1)
    fx.update(of("T-3", 3, merged=("T-1",), version=1), expected=0)
    assert await store.apply(fx)
    for conv, customer in (("c1", "mastodon:a1"), ("c2", "mastodon:a2")):
        found = await store.find_open_ticket(conv, customer)
        assert found is not None and found.id == "T-3", conv
    assert await update(store, of("T-3", 3, status="resolved", merged=("T-1",), version=2),
                        expected=1)
    assert await store.find_open_ticket("c2", "mastodon:a2") is None
    assert await open_one(of("T-4", 2))  # the chain ends resolved: a new ticket opens
    found = await store.find_open_ticket("c2", "mastodon:a2")
    assert found is not None and found.id == "T-4"


async def test_a_merged_ticket_leads_its_conversation_until_a_ticket_opens_there(
        store: Store, clock: FakeClock) -> None:
    """T-4 merged into T-3 sends T-4's conversation to T-3 only until another ticket of that
    customer opens there: T-3 resolved, T-5 opened in T-4's conversation and resolved, T-3
    reopened, and the next post there opens a new ticket (the conversation's last ticket, T-5,
    is resolved), as Zendesk opens a follow-up; it joined T-3 on SQLite and not on Redis.
    An open ticket of the conversation comes before a merged one: T-1, an older ticket there
    reopened, keeps its posts when T-7, opened there before, is merged."""
    async def open_one(t: Ticket) -> bool:
        fx = Effects()
        fx.open_ticket(t)
        return await store.apply(fx)

    def of(tid: str, conv: str, **changes: object) -> Ticket:
        return ticket(tid, conv=conv, clock=clock).model_copy(
            update={"customer_key": "mastodon:a4" if conv == "c4" else "mastodon:a3",
                    **changes})

    assert await open_one(of("T-1", "c4"))
    assert await update(store, of("T-1", "c4", status="resolved", version=1), expected=0)
    assert await open_one(of("T-3", "c3"))
    assert await open_one(of("T-4", "c4"))
    fx = Effects()
    fx.update(of("T-4", "c4", status="merged", merged_into="T-3", version=1), expected=0)
    fx.update(of("T-3", "c3", merged=("T-4",), version=1), expected=0)
    assert await store.apply(fx)
    found = await store.find_open_ticket("c4", "mastodon:a4")
    assert found is not None and found.id == "T-3"
    assert await update(store, of("T-3", "c3", status="resolved", merged=("T-4",), version=2),
                        expected=1)
    assert await open_one(of("T-5", "c4"))
    assert await update(store, of("T-5", "c4", status="resolved", version=1), expected=0)
    assert await update(store, of("T-3", "c3", merged=("T-4",), version=3), expected=2)
    assert await store.find_open_ticket("c4", "mastodon:a4") is None
    assert await open_one(of("T-6", "c4"))  # a new ticket, not T-3's posts
    assert await update(store, of("T-6", "c4", status="resolved", version=1), expected=0)
    # an older ticket of the conversation reopened beside one merged since: it takes the posts
    assert await open_one(of("T-7", "c4"))
    assert await update(store, of("T-1", "c4", version=2), expected=1)  # reopened
    assert await update(store, of("T-7", "c4", status="claimed", version=1), expected=0)
    fx = Effects()
    fx.update(of("T-7", "c4", status="merged", merged_into="T-3", version=2), expected=1)
    fx.update(of("T-3", "c3", merged=("T-4", "T-7"), version=4), expected=3)
    assert await store.apply(fx)
    found = await store.find_open_ticket("c4", "mastodon:a4")
    assert found is not None and found.id == "T-1"
    assert not await open_one(of("T-8", "c4"))
    # T-1 resolved: T-7, merged since T-1 was last open, still leads there; T-1 open again
    # takes the conversation from it for good
    assert await update(store, of("T-1", "c4", status="resolved", version=3), expected=2)
    found = await store.find_open_ticket("c4", "mastodon:a4")
    assert found is not None and found.id == "T-3"
    assert await update(store, of("T-1", "c4", version=4), expected=3)
    assert await update(store, of("T-1", "c4", status="resolved", version=5), expected=4)
    assert await store.find_open_ticket("c4", "mastodon:a4") is None


async def test_cas_requires_next_version(store: Store, clock: FakeClock) -> None:
    await create(store, ticket(clock=clock))
    with pytest.raises(ValueError):
        await update(store, ticket(clock=clock, version=5), expected=0)


async def test_concurrent_claims_exactly_one_wins(opener: Opener, clock: FakeClock) -> None:
    stores = [await opener(), await opener()]
    await create(stores[0], ticket(clock=clock))
    attempts = []
    for i in range(20):
        claimed = ticket(clock=clock, status="claimed", version=1).model_copy(
            update={"claimer": f"agent{i}"})
        attempts.append(update(stores[i % 2], claimed, expected=0))
    results = await asyncio.gather(*attempts)
    assert results.count(True) == 1
    final = await stores[1].get_ticket("T-1")
    assert final is not None and final.version == 1 and final.status == "claimed"


async def test_a_failed_check_writes_nothing_of_the_decision(store: Store,
                                                             clock: FakeClock) -> None:
    await create(store, ticket(clock=clock))
    fx = Effects()
    fx.update(ticket(clock=clock, status="claimed", version=1), expected=0)
    fx.update(ticket("T-9", clock=clock, version=1), expected=0)  # does not exist: fails
    fx.send(item("card@c", "c", clock))
    fx.schedule("esc:T-1", clock(), "{}")
    fx.audit.append(AuditEvent(id="E1", at=clock(), actor="a", action="x", object_type="t",
                               object_id="T-1"))
    fx.mark("m:1", 60)
    fx.cursors["src"] = "5"
    assert not await store.apply(fx)
    t1 = await store.get_ticket("T-1")
    assert t1 is not None and t1.status == "open"
    assert await store.get_outbox("card@c") is None
    assert await store.take_due(clock(), lease_seconds=30) == []
    assert await store.audit_since() == []
    assert not await store.is_seen("m:1")
    assert await store.get_cursor("src") is None


async def test_ticket_queries_use_indexes(store: Store, clock: FakeClock) -> None:
    await create(store, ticket("T-1", conv="c1", clock=clock))
    await create(store, ticket("T-2", conv="c2", clock=clock))
    await create(store, ticket("T-10", conv="c3", clock=clock))
    resolved = ticket("T-2", conv="c2", status="resolved", version=1, clock=clock)
    assert await update(store, resolved, expected=0)
    assert [t.id for t in await store.list_tickets()] == ["T-1", "T-2", "T-10"]
    assert [t.id for t in await store.list_tickets(status="open")] == ["T-1", "T-10"]
    assert [t.id for t in await store.list_tickets(status="resolved")] == ["T-2"]
    found = await store.find_open_ticket("c1", "mastodon:a1")
    assert found is not None and found.id == "T-1"
    assert await store.find_open_ticket("c1", "mastodon:b2") is None
    assert await store.find_open_ticket("c2", "mastodon:a1") is None
    assert await store.find_open_ticket("nope", "mastodon:a1") is None
    assert await store.customer_open_tickets("mastodon:a1") == ["T-1", "T-10"]
    reopened = resolved.model_copy(update={"status": "open", "version": 2})
    assert await update(store, reopened, expected=1)
    assert await store.customer_open_tickets("mastodon:a1") == ["T-1", "T-2", "T-10"]
    assert (await store.customer_history("mastodon:a1"))[2] == ["T-1", "T-2", "T-10"]
    assert [t.id for t in await store.list_tickets(status="resolved")] == []


async def test_counts_by_status_follow_every_write(opener: Opener, clock: FakeClock) -> None:
    """Chat ``status`` counts open tickets and pending approvals through the store's status
    index (it loaded and parsed every one: at 100,000 open tickets, seconds of a blocked
    event loop). The count moves with each create, change of status and delete, and reads
    the same from a store opened again."""
    store = await opener()
    for n in range(1, 6):
        assert await create(store, ticket(f"T-{n}", conv=f"c{n}", clock=clock))
    assert await update(store, ticket("T-2", conv="c2", status="claimed", version=1,
                                      clock=clock), expected=0)
    assert await update(store, ticket("T-3", conv="c3", status="resolved", version=1,
                                      clock=clock), expected=0)
    a = Approval(id="A-1", text="Sorry!", network="bluesky", account="brand", author="alice",
                 content_hash="ab" * 32, created_at=clock())
    assert await create(store, a) and await create(store, a.model_copy(update={"id": "A-2"}))
    assert await update(store, a.model_copy(update={"status": "approved", "version": 1}),
                        expected=0)
    assert await delete(store, K.TICKET, "T-5")
    again = await opener()
    for s in (store, again):
        assert [await s.count_by_status(K.TICKET, st) for st in ("open", "claimed", "resolved")
                ] == [2, 1, 1]
        assert [await s.count_by_status(K.APPROVAL, st) for st in ("pending", "approved")
                ] == [1, 1]
        assert await s.count_by_status(K.TICKET, "merged") == 0
        assert await s.count_by_status(K.TICKET, "open") == len(
            await s.list_tickets(status="open"))


async def test_approvals_and_subscriptions(store: Store, clock: FakeClock) -> None:
    a = Approval(id="A-1", text="Sorry! ✨", network="bluesky", account="brand", author="alice",
                 content_hash="ab" * 32, created_at=clock())
    assert await create(store, a)
    approved = a.model_copy(update={"status": "approved", "version": 1})
    assert await update(store, approved, expected=0)
    assert not await update(store, approved.model_copy(update={"version": 1}), expected=0)
    assert [x.id for x in await store.list_approvals(status="approved")] == ["A-1"]
    assert await store.list_approvals(status="pending") == []

    s1 = Subscription(id="S-1", workspace="slack", channel="C1", query='"new york" AND outage',
                      created_by="alice", created_at=clock())
    s2 = s1.model_copy(update={"id": "S-2", "channel": "C2"})
    assert await create(store, s1) and await create(store, s2)
    s3 = s1.model_copy(update={"id": "S-3", "created_by": "bob"})
    s4 = s1.model_copy(update={"id": "S-4", "workspace": "discord"})
    assert await create(store, s3) and await create(store, s4)
    counts = [await store.count_subscriptions(workspace=w, channel=c, created_by=p)
              for w, c, p in [("slack", "C1", "alice"), ("slack", "C1", "bob"),
                              ("slack", "C2", "alice"), ("slack", "C3", "alice"),
                              ("discord", "C1", "alice"), ("discord", "C1", "bob")]]
    assert counts == [1, 1, 1, 0, 1, 0]
    raw = await store.channel_subscriptions_raw(workspace="slack", channel="C1")
    assert sorted(Subscription.model_validate_json(r).id for r in raw) == ["S-1", "S-3"]
    assert await store.channel_subscriptions_raw(workspace="slack", channel="C3") == []
    assert await delete(store, K.SUBSCRIPTION, "S-3") and await delete(store, K.SUBSCRIPTION, "S-4")
    in_c1 = await store.list_subscriptions(workspace="slack", channel="C1")
    assert [s.id for s in in_c1] == ["S-1"]
    assert len(await store.list_subscriptions()) == 2
    assert [s.id for s in await store.get_subscriptions(["S-2", "S-1", "S-9"])] == ["S-1", "S-2"]
    muted = s1.model_copy(update={"muted_until": clock(), "version": 1})
    assert await update(store, muted, expected=0)
    assert await store.get_subscription("S-1") == muted
    assert await delete(store, K.SUBSCRIPTION, "S-1")
    assert [s.id for s in await store.list_subscriptions()] == ["S-2"]
    assert await store.list_subscriptions(workspace="slack", channel="C1") == []


async def test_schemaless_records_upsert(store: Store) -> None:
    fx = Effects()
    fx.put(K.SILENCE, "s1", '{"a": 1}')
    fx.put(K.SILENCE, "s2", '{"b": 2}')
    assert await store.apply(fx)
    fx = Effects()
    fx.put(K.SILENCE, "s1", '{"a": 3}')
    assert await store.apply(fx)
    assert sorted(await store.list_raw(K.SILENCE)) == ['{"a": 3}', '{"b": 2}']



async def test_a_schemaless_record_swapped_from_a_version_is_swapped_once(store: Store) -> None:
    """``Effects.swap``: written only while the record is at the version expected (absent at
    first), so two writers replacing one value both read are one write and one conflict."""
    def swap(data: str, version: int, expected: int | None) -> Effects:
        fx = Effects()
        fx.swap(K.DRAFTED_ONCE, "row", f'{{"d": "{data}", "version": {version}}}',
                version=version, expected=expected)
        return fx

    assert await store.apply(swap("a", 0, None))
    assert not await store.apply(swap("b", 0, None))  # it exists: a second creator conflicts
    assert await store.apply(swap("c", 1, 0))
    assert not await store.apply(swap("d", 1, 0))  # read at 0 too, it lost: nothing written
    assert not await store.apply(swap("e", 3, 2))
    assert await store.get_raw(K.DRAFTED_ONCE, "row") == '{"d": "c", "version": 1}'


async def test_a_swap_compares_the_version_its_record_s_json_carries(store: Store) -> None:
    """``Effects.swap`` reads the version from the stored JSON on both stores: a record that
    another write put (``Effects.put``, SQLite's version column 0) holding version 2 is
    swapped from 2, not from 0 (SQLite compared its column: from 0 and not from 2, where
    Redis did the opposite)."""
    fx = Effects()
    fx.put(K.DRAFTED_ONCE, "row", '{"d": "a", "version": 2}')
    assert await store.apply(fx)

    def swap(data: str, version: int, expected: int) -> Effects:
        fx = Effects()
        fx.swap(K.DRAFTED_ONCE, "row", f'{{"d": "{data}", "version": {version}}}',
                version=version, expected=expected)
        return fx

    assert not await store.apply(swap("b", 1, 0))
    assert await store.apply(swap("c", 3, 2))
    assert not await store.apply(swap("d", 3, 2))
    assert await store.get_raw(K.DRAFTED_ONCE, "row") == '{"d": "c", "version": 3}'


# -- outbox ------------------------------------------------------------------------------------

async def test_enqueue_is_idempotent_and_ordered(store: Store, clock: FakeClock) -> None:
    await enqueue(store, item("a@c1", "c1", clock))
    await enqueue(store, item("a@c1", "c1", clock))
    await enqueue(store, item("b@c1", "c1", clock))
    got = await store.get_outbox("b@c1")
    first = await store.get_outbox("a@c1")
    assert got is not None and first is not None and got.seq > first.seq > 0
    assert (await store.outbox_counts())["pending"] == 2


async def test_claim_gives_only_each_channels_head(store: Store, clock: FakeClock) -> None:
    for key, ch in [("a@c1", "c1"), ("b@c1", "c1"), ("x@c2", "c2")]:
        await enqueue(store, item(key, ch, clock))
    claimed = await store.claim_due(now=clock(), owner="w1", lease_seconds=30, limit=10)
    assert sorted(i.key for i in claimed) == ["a@c1", "x@c2"]
    # another worker gets nothing while w1 holds both channels
    assert await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10) == []
    ref = MessageRef(workspace="console", channel="c1", message_id="m1")
    pace = Effects()
    pace.cursors[K.pace("console", "c1")] = (clock() + timedelta(seconds=1)).isoformat()
    await store.finish("a@c1", owner="w1", ref=ref, effects=pace)
    await enqueue(store, item("a@c1#1", "c1", clock).model_copy(update={
        "card": item("a@c1", "c1", clock).card}))
    nxt = await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10)
    assert [i.key for i in nxt] == ["b@c1"]
    # a claimed item comes with what its delivery needs: claims so far, pace, prior message
    assert nxt[0].started == 1 and nxt[0].pace == clock() + timedelta(seconds=1)
    assert nxt[0].prior is None
    await store.retry_later("b@c1", owner="w2", at=clock(), error="timeout")
    [again] = await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10)
    assert again.key == "b@c1" and again.started == 2  # an earlier attempt may have posted
    await store.retry_later("b@c1", owner="w2", at=clock(), error="429", posted=False)
    [third] = await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10)
    # a 429 takes back its own attempt only: the one that timed out may have posted (the 429
    # may have answered the lookup itself, or an edit's call before its line was looked for)
    assert third.started == 2
    await store.finish("b@c1", owner="w2", ref=ref.model_copy(update={"message_id": "m2"}))
    [update] = await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10)
    assert update.key == "a@c1#1" and update.prior == ref  # the message of card "a"
    assert await store.message_ref("a", "console", "c1") == ref
    assert await store.get_cursor(K.pace("console", "c1")) == (
        clock() + timedelta(seconds=1)).isoformat()
    sent = await store.get_outbox("a@c1")
    assert sent is not None and sent.status == "sent" and sent.ref == ref


async def test_a_chain_is_the_channels_due_items_in_order_under_one_lease(
        store: Store, clock: FakeClock) -> None:
    """``chain``: the head and the pending items right behind it while they are due, each
    claimed; the lease holds across settles that keep it, so no one else takes the rest."""
    for key in ("a@c1", "b@c1", "c@c1", "d@c1"):
        await enqueue(store, item(key, "c1", clock))
    await enqueue(store, item("x@c2", "c2", clock))
    later = Effects()  # e waits for a retry: the chain stops before it (f stays, in order)
    later.send(item("e@c1", "c1", clock).model_copy(
        update={"next_attempt_at": clock() + timedelta(seconds=60)}))
    await store.apply(later)
    await enqueue(store, item("f@c1", "c1", clock))
    claimed = await store.claim_due(now=clock(), owner="w1", lease_seconds=30, limit=10,
                                    chain=10)
    assert sorted(i.key for i in claimed) == ["a@c1", "b@c1", "c@c1", "d@c1", "x@c2"]
    assert [i.key for i in claimed if i.channel == "c1"] == ["a@c1", "b@c1", "c@c1", "d@c1"]
    assert {i.started for i in claimed} == {1}
    ref = MessageRef(workspace="console", channel="c1", message_id="m1")
    await store.finish("a@c1", owner="w1", ref=ref, release=False)
    await store.finish("b@c1", owner="w1", ref=ref.model_copy(update={"message_id": "m2"}),
                       release=False)
    # the lease is still w1's: no one else gets c or d
    assert await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10,
                                 chain=10) == []
    # the last settle releases it and undoes the claim of d, never attempted
    await store.finish("c@c1", owner="w1", ref=ref.model_copy(update={"message_id": "m3"}),
                       unclaimed=["d@c1"])
    [d] = await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10, chain=10)
    assert d.key == "d@c1" and d.started == 1  # a first try: no need to look for it first
    assert (await store.outbox_counts())["sent"] == 3


def edit(key: str, channel: str, clock: FakeClock) -> OutboxItem:
    """An update of the card ``key`` names before its '@' (``T-1@c#2``: card T-1), with a
    thread line, as a ticket's (one without is taken into its card's post while that waits
    unattempted: ``bot.store.coalesce.takes_in``)."""
    it = item(key, channel, clock)
    return it.model_copy(update={"update_of": key.split("@", maxsplit=1)[0], "card": (
        it.card.model_copy(update={"thread_note": f"line {key}"}))})


async def test_an_edit_of_a_card_shown_goes_beside_the_channels_new_cards(
        store: Store, clock: FakeClock) -> None:
    """The edit lane: an edit of a card whose message is recorded is claimed at once, beside
    the head of the channel's posts, under a lease and a pace of its own, rather than behind
    every new card queued before it."""
    await enqueue(store, item("T-1@c", "c", clock))
    [t1] = await store.claim_due(now=clock(), owner="w1", lease_seconds=30, limit=10)
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    await store.finish(t1.key, owner="w1", ref=ref)
    for k in ("n1@c", "n2@c", "n3@c"):
        await enqueue(store, item(k, "c", clock))
    await enqueue(store, edit("T-1@c#2", "c", clock))
    pace = Effects()
    pace.cursors[K.pace("console", K.lane_channel("c", K.EDITS))] = (
        clock() + timedelta(seconds=3)).isoformat()
    await store.apply(pace)
    got = await store.claim_due(now=clock(), owner="w1", lease_seconds=30, limit=10)
    assert sorted((i.key, i.lane) for i in got) == [("T-1@c#2", K.EDITS), ("n1@c", "")]
    [e] = [i for i in got if i.lane]
    assert e.prior == ref and e.pace == clock() + timedelta(seconds=3)  # the lane's own pace
    # each lane is leased apart: the posts' settle leaves the edit lane w1's
    await store.finish("n1@c", owner="w1", ref=ref.model_copy(update={"message_id": "m2"}))
    assert [i.key for i in await store.claim_due(now=clock(), owner="w2", lease_seconds=30,
                                                  limit=10)] == ["n2@c"]
    await store.finish("T-1@c#2", owner="w1", ref=ref)
    assert await store.claim_due(now=clock(), owner="w3", lease_seconds=30, limit=10) == []
    assert (await store.outbox_counts()) == {"pending": 2, "sent": 3, "dead": 0}
    assert [i.key for i in await store.list_outbox(status="pending")] == ["n2@c", "n3@c"]


async def test_an_edit_stays_behind_its_card_or_an_earlier_edit_still_among_the_posts(
        store: Store, clock: FakeClock) -> None:
    """Revisions are never reordered: an edit queued while its card waits goes behind it
    among the posts, and so does every later edit of that card while one of those waits,
    even once the card is shown; the card's next edit after that goes in the edit lane."""
    await enqueue(store, item("T-1@c", "c", clock))
    await enqueue(store, item("n1@c", "c", clock))
    await enqueue(store, edit("T-1@c#2", "c", clock))  # T-1 not shown yet
    [t1] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    await store.finish(t1.key, owner="w", ref=ref)
    # shown, but #2 still waits, never attempted: #3 replaces it there (bot.store.coalesce)
    await enqueue(store, edit("T-1@c#3", "c", clock))
    order = []
    while got := await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10):
        assert [i.lane for i in got] == [""]
        order.append(got[0].key)
        await store.finish(got[0].key, owner="w", ref=ref)
    assert order == ["n1@c", "T-1@c#3"]
    await enqueue(store, edit("T-1@c#4", "c", clock))
    [e] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    assert (e.key, e.lane) == ("T-1@c#4", K.EDITS)
    # a later edit while #4 waits goes behind it, in the edit lane
    await enqueue(store, edit("T-1@c#5", "c", clock))
    await store.retry_later(e.key, owner="w", at=clock(), error="timeout")
    got = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10, chain=5)
    assert [(i.key, i.lane) for i in got] == [("T-1@c#4", K.EDITS), ("T-1@c#5", K.EDITS)]


async def test_a_dead_edit_is_listed_and_sent_again_in_its_lane(store: Store,
                                                                clock: FakeClock) -> None:
    await enqueue(store, item("T-1@c", "c", clock))
    [t1] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    await store.finish(t1.key, owner="w",
                       ref=MessageRef(workspace="console", channel="c", message_id="m1"))
    await enqueue(store, item("n1@c", "c", clock))
    await enqueue(store, edit("T-1@c#2", "c", clock))
    got = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    assert sorted(i.key for i in got) == ["T-1@c#2", "n1@c"]
    await store.retry_later("T-1@c#2", owner="w", at=clock(), error="gone", dead=True)
    assert [i.key for i in await store.list_outbox(status="dead")] == ["T-1@c#2"]
    assert await store.requeue("T-1@c#2", at=clock())
    [back] = await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10)
    assert (back.key, back.lane) == ("T-1@c#2", K.EDITS)  # n1's lane is still w's
    assert (await store.outbox_counts()) == {"pending": 2, "sent": 1, "dead": 0}


async def test_an_edit_retried_by_hand_among_the_posts_still_holds_the_cards_next_edits(
        store: Store, clock: FakeClock) -> None:
    """A dead edit of a card, queued among the posts while its card waited, retried by hand
    (``outbox retry``) waits again there; the card's next edit goes behind it, not ahead in
    the edit lane (the card would show the older revision last)."""
    await enqueue(store, item("T-1@c", "c", clock))
    await enqueue(store, edit("T-1@c#2", "c", clock))  # T-1 not shown yet: among the posts
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    [t1] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    await store.finish(t1.key, owner="w", ref=ref)
    [e2] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    assert (e2.key, e2.lane) == ("T-1@c#2", "")
    await store.retry_later(e2.key, owner="w", at=clock(), error="gone", dead=True)
    await enqueue(store, item("n1@c", "c", clock))
    assert await store.requeue("T-1@c#2", at=clock())
    await enqueue(store, edit("T-1@c#3", "c", clock))
    order = []
    while got := await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10):
        assert len(got) == 1, [(i.key, i.lane) for i in got]
        order.append((got[0].key, got[0].lane))
        await store.finish(got[0].key, owner="w", ref=ref)
    assert order == [("T-1@c#2", ""), ("n1@c", ""), ("T-1@c#3", "")]


async def test_an_edit_of_a_card_whose_post_is_in_flight_waits_behind_the_post(
        store: Store, clock: FakeClock) -> None:
    """A card's post claimed (in flight, its message not yet recorded) when its edit is
    queued: the edit waits behind it among the posts, so no other process takes it in the
    edit lane meanwhile, finds no message and posts the card a second time."""
    await enqueue(store, item("T-1@c", "c", clock))
    [t1] = await store.claim_due(now=clock(), owner="w1", lease_seconds=30, limit=10)
    await enqueue(store, edit("T-1@c#2", "c", clock))
    assert await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10,
                                 chain=5) == []
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    await store.finish(t1.key, owner="w1", ref=ref)
    [e2] = await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10)
    assert (e2.key, e2.lane, e2.prior) == ("T-1@c#2", "", ref)


async def _forget_ref(store: Store, card: str, channel: str) -> None:
    """The card's message ref gone as its retention ends (``message_refs_days``)."""
    if isinstance(store, RedisStore):
        await store.r.delete(store.k.message_ref(card, "console", channel))
    else:
        assert isinstance(store, SqliteStore)
        with sqlite3.connect(store.path) as db:
            db.execute("DELETE FROM message_refs WHERE card_key = ?", (card,))


async def test_an_edit_behind_one_in_the_edit_lane_stays_there_when_the_ref_is_gone(
        store: Store, clock: FakeClock) -> None:
    """An edit waiting in the edit lane (a Slack outage) when its card's message ref ends
    will post the card anew; the card's next edit waits behind it there, not among the posts,
    where the two lanes would each post the card (two cards)."""
    await enqueue(store, item("T-1@c", "c", clock))
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    [t1] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    await store.finish(t1.key, owner="w", ref=ref)
    await enqueue(store, edit("T-1@c#2", "c", clock))
    [e2] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    assert e2.lane == K.EDITS
    await store.retry_later(e2.key, owner="w", at=clock(), error="timeout")
    await _forget_ref(store, "T-1", "c")
    await enqueue(store, edit("T-1@c#3", "c", clock))
    got = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10, chain=5)
    assert [(i.key, i.lane, i.prior) for i in got] == [("T-1@c#2", K.EDITS, None),
                                                        ("T-1@c#3", K.EDITS, None)]


async def test_claim_limit_counts_the_items_of_chains(store: Store, clock: FakeClock) -> None:
    for key, ch in (("p@c3", "c3"), ("q@c3", "c3"), ("r@c4", "c4"), ("s@c4", "c4")):
        await enqueue(store, item(key, ch, clock))
    got = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=3, chain=5)
    assert len(got) == 3
    by_channel = {ch: [i.key for i in got if i.channel == ch] for ch in ("c3", "c4")}
    assert sorted(by_channel.values(), key=len) == [["r@c4"], ["p@c3", "q@c3"]] or sorted(
        by_channel.values(), key=len) == [["p@c3"], ["r@c4", "s@c4"]]


async def test_a_refused_card_unclaims_the_rest_of_its_chain(store: Store,
                                                            clock: FakeClock) -> None:
    """A 429 on the first card of a chain: it and the cards behind it posted nothing, so none
    of them counts as an attempt that may have posted (no lookup before the next try)."""
    for key in ("a@c", "b@c", "c@c"):
        await enqueue(store, item(key, "c", clock))
    claimed = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10,
                                    chain=3)
    assert [i.key for i in claimed] == ["a@c", "b@c", "c@c"]
    await store.retry_later("a@c", owner="w", at=clock() + timedelta(seconds=5), error="429",
                            posted=False, unclaimed=["b@c", "c@c"])
    assert await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10,
                                 chain=3) == []  # a waits for Retry-After, b and c behind it
    clock.advance(seconds=5)
    again = await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10, chain=3)
    assert [(i.key, i.started, i.attempts) for i in again] == [
        ("a@c", 1, 1), ("b@c", 1, 0), ("c@c", 1, 0)]


async def test_a_ref_learnt_by_an_update_replaces_the_first_for_the_same_message(
        store: Store, clock: FakeClock) -> None:
    """An update can learn more about the message (the Discord thread it opened): later updates
    must see it. A different message (a duplicate post) never displaces the first."""
    first = MessageRef(workspace="console", channel="c", message_id="m1")
    for key in ("a@c", "a@c#1", "a@c#2"):
        await enqueue(store, item(key, "c", clock))
    for key, ref in (("a@c", first),
                     ("a@c#1", first.model_copy(update={"thread_id": "m1"})),
                     ("a@c#2", first.model_copy(update={"message_id": "m9"}))):
        [claimed] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
        assert claimed.key == key
        await store.finish(key, owner="w", ref=ref)
    assert await store.message_ref("a", "console", "c") == first.model_copy(
        update={"thread_id": "m1"})


async def test_a_late_settle_starts_from_what_is_stored_now(opener: Opener,
                                                            clock: FakeClock) -> None:
    """Two processes: w1's lease lapses mid-delivery, w2 claims the item and fails it; w1's
    late finish starts from the stored item (w2's attempt counted), not from what w1 claimed."""
    one, two = await opener(), await opener()
    await enqueue(one, item("a@c", "c", clock))
    [a] = await one.claim_due(now=clock(), owner="w1", lease_seconds=30, limit=10)
    clock.advance(seconds=31)
    [b] = await two.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10)
    assert a.key == b.key == "a@c"
    await two.retry_later("a@c", owner="w2", at=clock(), error="timeout")
    await one.finish("a@c", owner="w1", ref=None)
    done = await one.get_outbox("a@c")
    assert done is not None and done.status == "sent"
    assert (done.attempts, done.last_error) == (1, "timeout")
    assert (await one.outbox_counts()) == {"pending": 0, "sent": 1, "dead": 0}


async def test_retry_later_keeps_order_dead_unblocks_and_requeue(store: Store,
                                                                 clock: FakeClock) -> None:
    await enqueue(store, item("a@c", "c", clock))
    await enqueue(store, item("b@c", "c", clock))
    [a] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    await store.retry_later(a.key, owner="w", at=clock() + timedelta(seconds=10), error="429")
    assert await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10) == []
    clock.advance(seconds=10)
    [again] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    assert again.key == "a@c" and again.attempts == 1 and again.last_error == "429"
    await store.retry_later("a@c", owner="w", at=clock(), error="gone", dead=True)
    [b] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    assert b.key == "b@c"
    assert (await store.outbox_counts()) == {"pending": 1, "sent": 0, "dead": 1}
    assert [i.key for i in await store.list_outbox(status="dead")] == ["a@c"]
    await store.finish("b@c", owner="w", ref=None)
    assert await store.requeue("a@c", at=clock())
    assert not await store.requeue("a@c", at=clock())
    [back] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    assert back.key == "a@c" and back.attempts == 0
    assert (await store.outbox_counts()) == {"pending": 1, "sent": 1, "dead": 0}


async def test_expired_channel_lease_is_taken_over(store: Store, clock: FakeClock) -> None:
    await enqueue(store, item("a@c", "c", clock))
    assert len(await store.claim_due(now=clock(), owner="dies", lease_seconds=30, limit=1)) == 1
    assert await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=1) == []
    clock.advance(seconds=31)
    [taken] = await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=1)
    assert taken.key == "a@c"


async def test_outbox_survives_reopen(opener: Opener, clock: FakeClock) -> None:
    s1 = await opener()
    await enqueue(s1, item("a@c", "c", clock))
    s2 = await opener()
    [got] = await s2.claim_due(now=clock(), owner="w", lease_seconds=30, limit=5)
    assert got.card.key == "a"


# -- signals, groups, series, audit, dead letters --------------------------------------------------

async def test_signals_and_customer_history(store: Store, clock: FakeClock) -> None:
    for i in range(5):
        await put_signal(store, signal(str(i), minutes=i, clock=clock), 3600)
    await put_signal(store, signal("other", customer="b2", clock=clock), 3600)
    fx = Effects()
    fx.footprints.append(("mastodon:a1", "mastodon:unrouted", clock().timestamp(), 3600))
    assert await store.apply(fx)
    got = await store.get_signal("mastodon:3")
    assert got is not None and got.mention.text == "post 3 ✓"
    history = await store.customer_signals("mastodon:a1", limit=3)
    assert [s.mention.id for s in history] == ["mastodon:4", "mastodon:3", "mastodon:2"]
    assert await store.get_signal("mastodon:nope") is None
    assert await store.customer_mentions("mastodon:a1") == 6
    assert await store.customer_mentions("mastodon:b2") == 1
    signals, mentions, open_ids = await store.customer_history("mastodon:a1", limit=3)
    assert signals == [SignalBrief(f"mastodon:{i}", -0.5, f"post {i} ✓") for i in (4, 3, 2)]
    assert (mentions, open_ids) == (6, [])
    assert await store.customer_history("mastodon:nobody") == ([], 0, [])
    for tid, status in (("T-7", "open"), ("T-2", "resolved"), ("T-3", "claimed")):
        assert await create(store, ticket(tid, status=status, conv=f"mastodon:{tid}",
                                          clock=clock))
    unscored = signal("5", minutes=5, clock=clock).model_copy(update={"sentiment": Sentiment()})
    await put_signal(store, unscored, 3600)
    signals, mentions, open_ids = await store.customer_history("mastodon:a1", limit=10)
    assert [s.id for s in signals] == [f"mastodon:{i}" for i in (5, 4, 3, 2, 1, 0)]
    assert signals[0] == SignalBrief("mastodon:5", None, "post 5 ✓")
    assert (mentions, sorted(open_ids)) == (7, ["T-3", "T-7"])  # the open and claimed ones
    assert sorted(open_ids) == sorted(await store.customer_open_tickets("mastodon:a1"))


async def test_a_regulars_remembered_mentions_stay_within_their_ttl(store: Store,
                                                                     clock: FakeClock) -> None:
    """A customer who posts every day for a month keeps their history alive: what is counted
    for "N earlier mentions" is still only the mentions of the last 72 hours, as many on a
    backend as on the other, and what is kept of them does not grow with the month."""
    for day in range(30):
        fx = Effects()
        fx.footprints.append(("mastodon:a1", f"mastodon:{day}", clock().timestamp(), 72 * 3600))
        assert await store.apply(fx)
        clock.advance(days=1)
    clock.advance(days=-1)  # just after the last one
    assert await store.customer_mentions("mastodon:a1") == 3  # days 27, 28 and 29
    assert (await store.customer_history("mastodon:a1"))[1] == 3


async def test_group_take_removes_only_what_was_read(opener: Opener) -> None:
    a, b = await opener(), await opener()
    fx = Effects()
    for i in range(30):
        fx.group_add.append(("g", f"i{i}"))
    fx.group_add.append(("g", "i3"))  # a repeat (a re-processed mention) is one item
    assert await a.apply(fx)
    read = await a.group_items("g")
    assert read == [f"i{i}" for i in range(30)]
    late = Effects()
    late.group_add.append(("g", "late"))
    assert await b.apply(late)
    take = Effects()
    take.group_take.append(("g", tuple(read)))
    assert await a.apply(take)
    assert await b.group_items("g") == ["late"]


async def test_series_counts_add_up_across_processes(opener: Opener, clock: FakeClock) -> None:
    a, b = await opener(), await opener()
    bucket = int(clock().timestamp() // 60)
    for s in (a, b, a):
        fx = Effects()
        fx.counts += [("route\x1fsupport", bucket, 2), ("keyword\x1foutage", bucket - 1, 1)]
        assert await s.apply(fx)
    counts = await b.series_counts(bucket - 5)
    assert counts["route\x1fsupport"] == {bucket: 6}
    assert counts["keyword\x1foutage"] == {bucket - 1: 3}
    assert await a.series_counts(bucket + 1) == {}



async def test_apply_keeps_every_character(store: Store, clock: FakeClock) -> None:
    """A batch's values written as they were given, letters outside ASCII too (Redis's batch
    is sent as UTF-8 JSON, not ``\\u`` escapes)."""
    fx = Effects()
    fx.mark("m:utf8", 60, "żółć 東京 🙂 \u2028 \"quoted\" \\ end")
    assert await store.apply(fx)
    assert await store.get_value("m:utf8") == "żółć 東京 🙂 \u2028 \"quoted\" \\ end"


def test_redis_batch_json_with_a_lone_surrogate() -> None:
    """A string UTF-8 cannot hold (a lone surrogate) is written by the stdlib's encoder, as
    every batch was before: the batch is sent, not refused."""
    from bot.store.redis import _ops_json

    assert _ops_json([["mark", "k", 1.5, "a\ud800b", 60]]) == (
        '[["mark", "k", 1.5, "a\\ud800b", 60]]')
    assert _ops_json([["mark", "k", 1.5, "żółć", 60]]) == (
        '[["mark","k",1.5,"żółć",60]]'.encode())


async def test_audit_since(store: Store, clock: FakeClock) -> None:
    for i in range(3):
        await audit(store, AuditEvent(id=f"E{i}", at=clock() + timedelta(minutes=i),
                                      actor="alice", action="ticket.claim",
                                      object_type="ticket", object_id="T-1",
                                      after={"status": "claimed", "n": i}))
    assert [e.id for e in await store.audit_since()] == ["E0", "E1", "E2"]
    assert [e.id for e in await store.audit_since(clock() + timedelta(minutes=1))] == ["E1", "E2"]


async def test_dead_letters(store: Store, clock: FakeClock) -> None:
    fx = Effects()
    fx.dead.append(DeadLetter("mention", "x:1", "UnicodeEncodeError: surrogates", clock(), "{}"))
    fx.dead.append(DeadLetter("timer", "esc:T-1", "KeyError", clock()))
    assert await store.apply(fx)
    assert [(d.kind, d.id) for d in await store.list_dead()] == [("mention", "x:1"),
                                                                 ("timer", "esc:T-1")]
    [m] = await store.list_dead("mention")
    assert m.reason.startswith("UnicodeEncodeError") and m.data == "{}"


# -- leases and timers ---------------------------------------------------------------------------

async def test_leases(store: Store, clock: FakeClock) -> None:
    assert await store.acquire_lease("source:m", "p1", 30)
    assert not await store.acquire_lease("source:m", "p2", 30)
    assert await store.acquire_lease("source:m", "p1", 30)  # renew
    await store.release_lease("source:m", "p2")  # not the owner: no effect
    assert not await store.acquire_lease("source:m", "p2", 30)
    clock.advance(seconds=31)
    assert await store.acquire_lease("source:m", "p2", 30)
    await store.release_lease("source:m", "p2")
    assert await store.acquire_lease("source:m", "p3", 30)


async def test_timers_are_leased_once_across_takers(opener: Opener, clock: FakeClock) -> None:
    a, b = await opener(), await opener()
    for i in range(40):
        await schedule(a, f"esc:T-{i}", clock() + timedelta(minutes=i % 4), f"p{i}")
    await schedule(a, "esc:T-0", clock() + timedelta(minutes=10), "moved")  # upsert
    await schedule(a, "esc:T-0", clock(), "ignored", once=True)  # pending: not replaced
    await cancel(a, "esc:T-1")
    now_due = await a.take_due(clock(), lease_seconds=60)
    assert {t.id for t in now_due} == {f"esc:T-{i}" for i in range(4, 40, 4)}
    for t in now_due:
        fx = Effects()
        fx.complete(t.id, t.token)
        assert await a.apply(fx)
    clock.advance(minutes=5)
    results = await asyncio.gather(*(s.take_due(clock(), lease_seconds=60, limit=7)
                                     for s in [a, b] * 10))
    ids = [t.id for batch in results for t in batch]
    assert len(ids) == len(set(ids))
    assert "esc:T-1" not in ids and "esc:T-0" not in ids
    clock.advance(minutes=10)
    rest = await b.take_due(clock(), lease_seconds=60)
    assert ("esc:T-0", "moved") in [(t.id, t.payload) for t in rest]


async def test_an_uncompleted_timer_fires_again_after_its_lease(store: Store,
                                                               clock: FakeClock) -> None:
    await schedule(store, "group:g", clock(), "payload")
    [first] = await store.take_due(clock(), lease_seconds=30)
    assert first.attempts == 1
    assert await store.take_due(clock() + timedelta(seconds=29), lease_seconds=30) == []
    clock.advance(seconds=31)  # the taker died without completing it
    [again] = await store.take_due(clock(), lease_seconds=30)
    assert (again.id, again.payload, again.attempts) == ("group:g", "payload", 2)
    # the first taker, still deciding when its lease lapsed: nothing of its decision is
    # written, since the taker now holding the timer does the work
    stale = Effects()
    stale.complete("group:g", first.token)
    stale.send(OutboxItem.new(key="late@c", workspace="w", channel="c",
                              card=Card(kind="alert", key="late", title="late"), now=clock()))
    assert not await store.apply(stale)
    assert await store.timer_due("group:g") is not None
    assert await store.get_outbox("late@c") is None
    fx = Effects()
    fx.complete("group:g", again.token)
    fx.schedule("group:g", clock() + timedelta(minutes=5), "next")  # complete, then re-arm
    assert await store.apply(fx)
    due = await store.timer_due("group:g")
    assert due == clock() + timedelta(minutes=5)


# -- retention ---------------------------------------------------------------------------------

async def test_prune_applies_retention(store: Store, clock: FakeClock) -> None:
    for i in range(3):
        await enqueue(store, item(f"a{i}@c", "c", clock))
        [it] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=1)
        await store.finish(it.key, owner="w", ref=MessageRef(workspace="console", channel="c",
                                                             message_id=f"m{i}"))
    await enqueue(store, item("later@c", "c", clock))
    clock.advance(hours=2)
    done = await store.prune(clock(), sent_seconds=3600, refs_seconds=86400)
    assert done["outbox"] == 3
    assert await store.get_outbox("a0@c") is None
    assert await store.get_outbox("later@c") is not None
    assert (await store.outbox_counts()) == {"pending": 1, "sent": 0, "dead": 0}


async def kill(store: Store, keys: list[str], clock: FakeClock) -> None:
    """Deliveries given up for good now, as the outbox gives them up."""
    fx = Effects()
    for key in keys:
        fx.send(item(key, key.split("@")[1], clock))
    await store.apply(fx)
    claimed = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=len(keys))
    assert sorted(i.key for i in claimed) == sorted(keys)
    for key in keys:
        await store.retry_later(key, owner="w", at=clock(), error="channel_not_found",
                                dead=True)


async def test_prune_drops_what_died_dead_seconds_ago(store: Store, clock: FakeClock) -> None:
    """store.retention.dead_days: dead deliveries and dead letters go that long after they
    died. One retried by hand meanwhile stays, while it is being delivered too, and so do
    those that died since; without the setting every one stays."""
    await kill(store, ["old@a", "retried@b"], clock)
    fx = Effects()
    fx.dead.append(DeadLetter("mention", "x:1", "KeyError", clock(), "{}"))
    fx.dead.append(DeadLetter("timer", "esc:T-1", "KeyError", clock()))
    assert await store.apply(fx)
    clock.advance(days=20)
    assert await store.requeue("retried@b", at=clock())
    [retrying] = await store.claim_due(now=clock(), owner="retry", lease_seconds=30, limit=5)
    assert retrying.key == "retried@b"
    await kill(store, ["late@c"], clock)
    fx = Effects()
    fx.dead.append(DeadLetter("mention", "x:2", "KeyError", clock(), "{}"))
    assert await store.apply(fx)
    clock.advance(days=10)  # the first ones died 30 days ago, to the second
    done = await store.prune(clock(), sent_seconds=3600, refs_seconds=86400)
    assert not done.get("dead") and not done.get("dead_letters")
    assert len(await store.list_outbox(status="dead")) == 2 and len(await store.list_dead()) == 3
    done = await store.prune(clock(), sent_seconds=3600, refs_seconds=86400,
                             dead_seconds=30 * 86400)
    assert (done["dead"], done["dead_letters"]) == (1, 2)
    assert await store.get_outbox("old@a") is None
    assert [i.key for i in await store.list_outbox(status="dead")] == ["late@c"]
    assert [(d.kind, d.id) for d in await store.list_dead()] == [("mention", "x:2")]
    await store.finish("retried@b", owner="retry", ref=None)
    assert (await store.get_outbox("retried@b")).status == "sent"  # type: ignore[union-attr]
    assert (await store.outbox_counts()) == {"pending": 0, "sent": 1, "dead": 1}
    done = await store.prune(clock(), sent_seconds=3600, refs_seconds=86400,
                             dead_seconds=30 * 86400)
    assert (done["dead"], done["dead_letters"]) == (0, 0)


async def test_prune_of_dead_walks_more_than_one_batch(store: Store, clock: FakeClock) -> None:
    """More dead deliveries and dead letters than one step of the Redis walk looks at (500):
    exactly the old ones go, counted, on either backend."""
    await kill(store, [f"old{i}@c{i}" for i in range(700)], clock)
    fx = Effects()
    fx.dead += [DeadLetter("mention", f"x:{i}", "KeyError", clock(), "{}") for i in range(700)]
    assert await store.apply(fx)
    clock.advance(days=2)
    await kill(store, [f"new{i}@c{i}" for i in range(300)], clock)
    fx = Effects()
    fx.dead += [DeadLetter("mention", f"y:{i}", "KeyError", clock(), "{}") for i in range(300)]
    assert await store.apply(fx)
    done = await store.prune(clock(), sent_seconds=3600, refs_seconds=86400,
                             dead_seconds=86400)
    assert (done["dead"], done["dead_letters"]) == (700, 700)
    assert (await store.outbox_counts())["dead"] == 300
    assert {i.key for i in await store.list_outbox(status="dead", limit=2000)} == \
        {f"new{i}@c{i}" for i in range(300)}
    assert {d.id for d in await store.list_dead(limit=2000)} == {f"y:{i}" for i in range(300)}


async def test_prune_reads_a_dead_letters_time_not_its_reason_or_post(
        store: Store, clock: FakeClock) -> None:
    """A dead letter's time is its own: a reason or a post quoting '"at": 0' (hostile text, a
    remote error) is no time, and a post of 20,000 characters of quotes goes when its letter
    is old, on either backend."""
    post = Mention(id="x:1", network="mastodon", source="m", text='", "at": 0, "' * 1400,
                   author=Author(id="a", handle="a"), created_at=clock())
    fx = Effects()
    fx.dead.append(DeadLetter("mention", "x:1", 'KeyError: \', "at": 0', clock(),
                              post.model_dump_json()))
    assert await store.apply(fx)
    clock.advance(days=2)
    fx = Effects()
    fx.dead.append(DeadLetter("mention", "x:2", 'ValueError: , "at": 0, "data": ', clock(),
                              post.model_dump_json()))
    fx.dead.append(DeadLetter("timer", "esc:T-1", ', "at": 0', clock(), '{"at": 0}'))
    assert await store.apply(fx)
    done = await store.prune(clock(), sent_seconds=3600, refs_seconds=86400,
                             dead_seconds=86400)
    assert done["dead_letters"] == 1
    assert sorted((d.kind, d.id) for d in await store.list_dead()) == [
        ("mention", "x:2"), ("timer", "esc:T-1")]


# -- failing fast ------------------------------------------------------------------------------

async def test_unreachable_redis_fails_fast(clock: FakeClock) -> None:
    port = free_port()
    with pytest.raises(StoreUnavailable, match=f"cannot reach Redis at redis://127.0.0.1:{port}"
                       ) as refused:
        await asyncio.wait_for(open_store(StoreConfig(backend="redis"),
                                          redis_url=f"redis://127.0.0.1:{port}/0", clock=clock),
                               timeout=10)
    # and what to do about it (it said only 'Error 111 connecting to 127.0.0.1:PORT')
    assert str(refused.value).endswith("; start redis-server there, or point REDIS_URL at the "
                                       "one you run"), refused.value


async def test_redis_password_is_not_shown(clock: FakeClock) -> None:
    port = free_port()
    with pytest.raises(StoreUnavailable) as info:
        await open_store(StoreConfig(backend="redis"),
                         redis_url=f"redis://user:hunter2@127.0.0.1:{port}/0", clock=clock)
    assert "hunter2" not in str(info.value)


async def test_redis_without_persistence_is_refused_unless_accepted(
        tmp_path: Path, clock: FakeClock) -> None:
    server = RedisServer(tmp_path / "r", appendonly=False).start()
    try:
        with pytest.raises(StoreUnavailable, match=r"does not persist writes.*appendonly yes"):
            await open_store(StoreConfig(backend="redis"), redis_url=server.url, clock=clock)
        store = await open_store(StoreConfig(backend="redis", accept_data_loss=True),
                                 redis_url=server.url, clock=clock)
        await store.close()
    finally:
        server.stop()


@pytest.mark.parametrize("policy", ["allkeys-lru", "volatile-lru", "volatile-ttl"])
async def test_redis_that_may_evict_keys_is_refused_unless_accepted(
        tmp_path: Path, clock: FakeClock, policy: str) -> None:
    """Managed Redis often sets maxmemory with volatile-lru: full, it drops keys with a TTL,
    which are socialops's done marks, leases and claims (Sidekiq refuses the same)."""
    server = RedisServer(tmp_path / "r").start()
    client = aioredis.Redis.from_url(server.url)
    try:
        await client.config_set("maxmemory", "100mb")
        await client.config_set("maxmemory-policy", policy)
        with pytest.raises(StoreUnavailable, match=(
                rf"may evict keys when full \(maxmemory 104,857,600 bytes, maxmemory-policy "
                rf"{policy}\).*Set `maxmemory-policy noeviction`")):
            await open_store(StoreConfig(backend="redis"), redis_url=server.url, clock=clock)
        store = await open_store(StoreConfig(backend="redis", accept_data_loss=True),
                                 redis_url=server.url, clock=clock)
        await store.close()
        await client.config_set("maxmemory-policy", "noeviction")  # full: writes refused
        store = await open_store(StoreConfig(backend="redis"), redis_url=server.url,
                                 clock=clock)
        await store.close()
    finally:
        await client.aclose()
        server.stop()


async def test_unwritable_sqlite_path_fails_fast(tmp_path: Path, clock: FakeClock) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreUnavailable, match=r"cannot write the SQLite database .* is a file, "
                                               r"not a folder; set store\.path"):
        await open_store(StoreConfig(path=str(blocker / "sub" / "s.db")), redis_url=None,
                         clock=clock)


async def test_redis_backend_without_url_is_a_config_error(clock: FakeClock) -> None:
    with pytest.raises(ConfigError, match=r"store\.redis_url"):
        await open_store(StoreConfig(backend="redis"), redis_url=None, clock=clock)


async def test_links_and_link_requests_are_versioned_records_read_by_id(
        store: Store, clock: FakeClock) -> None:
    """Chat links (PersonLink) and link requests: created once, read back by id (get_raw),
    listed (list_raw), compare-and-set on the request, deleted by id."""
    from bot.core.models import LinkRequest, PersonLink

    link = PersonLink(id="slack:U1", workspace="slack", user="U1", person="mallory",
                      email="m@x.test", via="workspace", by="slack", at=clock())
    assert await create(store, link)
    assert not await create(store, link)  # a second create of the same id loses
    raw = await store.get_raw(K.LINK, "slack:U1")
    assert raw is not None and PersonLink.model_validate_json(raw) == link
    assert await store.get_raw(K.LINK, "slack:U2") is None
    assert [PersonLink.model_validate_json(r).id for r in await store.list_raw(K.LINK)] == [
        "slack:U1"]
    request = LinkRequest(id="L-1", workspace="slack", user="U2", person="mallory",
                          email="m@x.test", requested_at=clock())
    assert await create(store, request)
    done = request.model_copy(update={"status": "confirmed", "decided_by": "erin",
                                      "version": 1})
    assert await update(store, done, expected=0)
    assert not await update(store, done.model_copy(update={"version": 1}), expected=0)
    got = await store.get_raw(K.LINK_REQUEST, "L-1")
    assert got is not None and LinkRequest.model_validate_json(got).status == "confirmed"
    assert await delete(store, K.LINK, "slack:U1")
    assert await store.get_raw(K.LINK, "slack:U1") is None
    assert await store.list_raw(K.LINK) == []
