"""One damaged record (its JSON edited by hand, cut short by a full disk, a field of the wrong
type, a required one missing, one no release writes) on both real stores: a listing skips it
with one warning line naming it and the store, and counts it (``unreadable_records``, exposed
as ``store_records_unreadable_total``); the rest of the listing is read. A read of that one
record refuses in one line (``UnreadableRecord``) saying what to do, and nothing is written
over it. docs/storage.md says so."""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import timedelta
from typing import Any

import pytest

from bot.core import keys as K
from bot.core.effects import DeadLetter, Effects
from bot.core.errors import Refusal, UnreadableRecord
from bot.core.models import Approval, AuditEvent, MessageRef, Subscription
from bot.core.ports import Store
from bot.store import layout as L
from bot.store.redis import RedisStore
from bot.store.sqlite import SqliteStore
from tests.conftest import FakeClock
from tests.store.test_contract import item, signal, ticket
from tests.support.stores import audit, create, enqueue, put_signal

# a field of each kind that holds text, made a list (wrong type) or taken away (missing)
FIELD = {"ticket": "signal_id", "approval": "text", "subscription": "query",
         "outbox": "channel", "audit": "actor", "signal": "language"}
DAMAGES = ["cut short", "not JSON", "wrong type", "missing field", "unknown field"]


def damaged(text: str, how: str, kind: str) -> str:
    data: dict[str, Any] = json.loads(text)
    if how == "cut short":
        return text[:len(text) // 2]
    if how == "not JSON":
        return "{" + text[1:-1]
    if how == "nested too deep":  # past Python's recursion limit: json.loads raised
        return text[:-1] + ', "deep": ' + "[" * 100_000 + "]" * 100_000 + "}"  # RecursionError
    if how == "wrong status":  # one no release writes
        data["status"] = "lost"
    elif how == "wrong type":
        data[FIELD[kind]] = [1]
    elif how == "missing field":
        del data[FIELD[kind]]
    else:
        data["written_by_no_release"] = True
    return json.dumps(data)


async def damage(store: Store, kind: str, rid: str, how: str) -> str | None:
    """Damage what is stored for one record, as a hand edit would: the text now stored, or
    None when the store refuses to hold it (SQLite's index of tickets by when they opened
    reads every ticket's JSON, so a ticket that is not JSON is never written)."""
    if isinstance(store, SqliteStore):
        table, where = {"outbox": (L.T_OUTBOX, "key = ?"), "signal": (L.T_SIGNALS, "id = ?"),
                        "audit": (L.T_AUDIT, "json_extract(json, '$.id') = ?")}.get(
            kind, (L.T_RECORDS, f"kind = '{kind}' AND id = ?"))
        db = sqlite3.connect(store.path)
        try:
            [(old,)] = db.execute(f"SELECT json FROM {table} WHERE {where}", (rid,)).fetchall()
            new = damaged(old, how, kind)
            try:
                with db:
                    db.execute(f"UPDATE {table} SET json = ? WHERE {where}", (new, rid))
            except sqlite3.OperationalError as exc:
                assert "malformed JSON" in str(exc)
                return None
        finally:
            db.close()
        return new
    assert isinstance(store, RedisStore)
    r, k = store.r, store.k
    if kind == "outbox":
        new = damaged(str(await r.hget(k.outbox_item(rid), "json")), how, kind)
        await r.hset(k.outbox_item(rid), "json", new)
    elif kind == "audit":
        rows = [str(x) for x in await r.lrange(k.audit, 0, -1)]
        [at] = [i for i, x in enumerate(rows) if json.loads(x)["id"] == rid]
        new = damaged(rows[at], how, kind)
        await r.lset(k.audit, at, new)
    else:
        key = k.signal(rid) if kind == "signal" else k.record(kind, rid)
        new = damaged(str(await r.get(key)), how, kind)
        await r.set(key, new, keepttl=True)
    return new


def warned(caplog: pytest.LogCaptureFixture, store: Store, what: str) -> list[str]:
    where = str(store.path) if isinstance(store, SqliteStore) else "Redis"
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING
            and what in r.getMessage() and where in r.getMessage()]


def refused(exc: pytest.ExceptionInfo[UnreadableRecord], what: str) -> None:
    message = str(exc.value)
    assert "\n" not in message and isinstance(exc.value, Refusal)
    assert message.startswith(f"{what} cannot be read: its stored record is damaged (")
    assert "restore it from a backup" in message


@pytest.mark.parametrize("how", DAMAGES)
async def test_a_damaged_ticket_is_skipped_by_every_listing_and_refused_when_read(
        store: Store, clock: FakeClock, how: str, caplog: pytest.LogCaptureFixture) -> None:
    for n in (1, 2, 3):
        assert await create(store, ticket(f"T-{n}", conv=f"mastodon:{n}", clock=clock))
    stored = await damage(store, "ticket", "T-2", how)
    if stored is None:  # SQLite holds no ticket that is not JSON
        assert isinstance(store, SqliteStore) and how in ("cut short", "not JSON")
        return
    caplog.set_level(logging.WARNING)
    assert [t.id for t in await store.list_tickets()] == ["T-1", "T-3"]
    assert [t.id for t in await store.list_tickets(status="open")] == ["T-1", "T-3"]
    window = await store.tickets_opened(clock() - timedelta(hours=1), clock() + timedelta(hours=1))
    assert [t.id for t in window] == ["T-1", "T-3"]
    # said and counted once, not at each of the three listings (each escalation notice, App
    # Home and the queue list tickets: a line and a count each, before)
    assert len(warned(caplog, store, "ticket T-2")) == 1
    assert store.unreadable_records() == {"ticket": 1}
    await store.list_tickets()
    assert store.unreadable_records() == {"ticket": 1}

    with pytest.raises(UnreadableRecord) as exc:
        await store.get_ticket("T-2")
    refused(exc, "ticket T-2")
    with pytest.raises(UnreadableRecord):
        await store.find_open_ticket("mastodon:2", "mastodon:a1")
    assert await store.get_raw(K.TICKET, "T-2") == stored  # as it was: nothing wrote over it


@pytest.mark.parametrize("how", ["cut short", "wrong type", "unknown field", "nested too deep"])
async def test_a_damaged_approval_or_subscription_is_skipped_and_refused_when_read(
        store: Store, clock: FakeClock, how: str, caplog: pytest.LogCaptureFixture) -> None:
    a = Approval(id="A-1", text="Sorry!", network="bluesky", account="brand", author="alice",
                 content_hash="ab" * 32, created_at=clock())
    assert await create(store, a) and await create(store, a.model_copy(update={"id": "A-2"}))
    s = Subscription(id="S-1", workspace="slack", channel="C1", query="outage",
                     created_by="alice", created_at=clock())
    assert await create(store, s) and await create(store, s.model_copy(update={"id": "S-2"}))
    await damage(store, "approval", "A-1", how)
    await damage(store, "subscription", "S-2", how)
    caplog.set_level(logging.WARNING)

    assert [x.id for x in await store.list_approvals()] == ["A-2"]
    assert [x.id for x in await store.list_approvals(status="pending")] == ["A-2"]
    assert [x.id for x in await store.list_subscriptions()] == ["S-1"]
    assert [x.id for x in await store.list_subscriptions(workspace="slack", channel="C1")] == \
        ["S-1"]
    assert [x.id for x in await store.get_subscriptions(["S-1", "S-2"])] == ["S-1"]
    # counted from the one field, as before; one that is no JSON at all is not anyone's
    assert await store.count_subscriptions(workspace="slack", channel="C1",
                                           created_by="alice") == (1 if how == "cut short"
                                                                   else 2)
    assert warned(caplog, store, "approval A-1") and warned(caplog, store, "subscription S-2")
    assert store.unreadable_records() == {"approval": 1, "subscription": 1}
    with pytest.raises(UnreadableRecord) as exc:
        await store.get_approval("A-1")
    refused(exc, "approval A-1")
    with pytest.raises(UnreadableRecord) as exc_s:
        await store.get_subscription("S-2")
    refused(exc_s, "subscription S-2")


@pytest.mark.parametrize("how", ["cut short", "missing field"])
async def test_a_damaged_delivery_is_skipped_and_the_other_channels_are_delivered(
        store: Store, clock: FakeClock, how: str, caplog: pytest.LogCaptureFixture) -> None:
    for key, channel in (("a@C1", "C1"), ("b@C2", "C2"), ("c@C3", "C3")):
        await enqueue(store, item(key, channel, clock))
    await damage(store, "outbox", "b@C2", how)
    caplog.set_level(logging.WARNING)
    assert [i.key for i in await store.list_outbox(status="pending")] == ["a@C1", "c@C3"]
    claimed = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    assert [i.key for i in claimed] == ["a@C1", "c@C3"]
    assert warned(caplog, store, "delivery b@C2")
    assert store.unreadable_records() == {"outbox": 1}
    with pytest.raises(UnreadableRecord) as exc:
        await store.get_outbox("b@C2")
    refused(exc, "delivery b@C2")


async def test_a_damaged_audit_event_signal_or_dead_letter_is_skipped(
        store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    for i in range(3):
        await audit(store, AuditEvent(id=f"E{i}", at=clock() + timedelta(minutes=i),
                                      actor="alice", action="ticket.claim",
                                      object_type="ticket", object_id="T-1"))
    for i in range(3):
        await put_signal(store, signal(str(i), minutes=i, clock=clock), 3600)
    fx = Effects()
    fx.dead.append(DeadLetter("mention", "x:1", "KeyError", clock(), "{}"))
    fx.dead.append(DeadLetter("mention", "x:2", "KeyError", clock(), "{}"))
    assert await store.apply(fx)
    await damage(store, "audit", "E1", "wrong type")
    await damage(store, "signal", "mastodon:1", "cut short")
    if isinstance(store, RedisStore):  # SQLite keeps a dead letter in columns, no JSON
        await store.r.hset(store.k.dead("mention"), "x:2", '{"reason": "KeyError", "at"')
    caplog.set_level(logging.WARNING)

    assert [e.id for e in await store.audit_since()] == ["E0", "E2"]
    assert [s.id for s in await store.customer_signals("mastodon:a1")] == ["mastodon:2",
                                                                           "mastodon:0"]
    briefs, mentions, _ = await store.customer_history("mastodon:a1")
    assert [b.id for b in briefs] == ["mastodon:2", "mastodon:0"] and mentions == 3
    dead = [d.id for d in await store.list_dead("mention")]
    assert dead == (["x:1"] if isinstance(store, RedisStore) else ["x:1", "x:2"])
    assert warned(caplog, store, "audit event") and warned(caplog, store, "signal mastodon:1")
    counts = store.unreadable_records()
    assert counts.pop("dead_letter", 0) == (1 if isinstance(store, RedisStore) else 0)
    assert counts == {"audit": 1, "signal": 2}
    with pytest.raises(UnreadableRecord) as exc:
        await store.get_signal("mastodon:1")
    refused(exc, "signal mastodon:1")


@pytest.mark.parametrize("how", ["cut short", "missing field"])
async def test_a_damaged_delivery_at_its_channels_head_is_set_aside_and_the_channel_goes_on(
        store: Store, clock: FakeClock, how: str, caplog: pytest.LogCaptureFixture) -> None:
    """Left pending, the damaged head was claimed and skipped at every drain (a warning line
    and a count each time) and the channel's later cards waited behind it for ever."""
    for key in ("a@C1", "b@C1", "c@C1"):
        await enqueue(store, item(key, "C1", clock))
    await damage(store, "outbox", "a@C1", how)
    caplog.set_level(logging.WARNING)
    claimed = await store.claim_due(now=clock(), owner="w1", lease_seconds=30, limit=10)
    assert claimed == []  # the head alone is claimed (a chain of 1), and it is set aside
    assert warned(caplog, store, "delivery a@C1")
    # the channel is free at once, for another process too, and goes on in order
    claimed = await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10)
    assert [i.key for i in claimed] == ["b@C1"]
    await store.finish("b@C1", owner="w2", ref=None)
    claimed = await store.claim_due(now=clock(), owner="w1", lease_seconds=30, limit=10,
                                    chain=5)
    assert [i.key for i in claimed] == ["c@C1"]
    assert store.unreadable_records() == {"outbox": 1}  # once, not at every drain
    counts = await store.outbox_counts()
    assert (counts["pending"], counts["dead"]) == (1, 1)
    # listed as a dead delivery, with why and what to do, as the operator reads the dead ones
    [dead] = await store.list_outbox(status="dead")
    assert (dead.key, dead.workspace, dead.channel, dead.status) == ("a@C1", "console", "C1",
                                                                     "dead")
    assert dead.last_error is not None
    assert dead.last_error.startswith("delivery a@C1 cannot be read: its stored record is "
                                      "damaged (")
    assert "restore it from a backup" in dead.last_error
    assert await store.list_outbox(status="pending") == [
        i for i in await store.list_outbox(status="pending") if i.key == "c@C1"]
    # sent again only once restored: until then refused in one line, nothing written
    with pytest.raises(UnreadableRecord) as exc:
        await store.requeue("a@C1", at=clock())
    refused(exc, "delivery a@C1")
    assert (await store.outbox_counts())["dead"] == 1


async def test_a_damaged_delivery_inside_a_chain_is_set_aside_and_the_rest_go_in_order(
        store: Store, clock: FakeClock) -> None:
    for key in ("a@C1", "b@C1", "c@C1"):
        await enqueue(store, item(key, "C1", clock))
    await damage(store, "outbox", "b@C1", "cut short")
    claimed = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10,
                                    chain=5)
    assert [i.key for i in claimed] == ["a@C1", "c@C1"]
    assert [i.key for i in await store.list_outbox(status="dead")] == ["b@C1"]
    for key in ("a@C1", "c@C1"):
        await store.finish(key, owner="w", ref=None)
    assert await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10) == []
    assert store.unreadable_records() == {"outbox": 1}


async def test_a_damaged_edit_in_the_edit_lane_is_listed_in_its_channel(
        store: Store, clock: FakeClock) -> None:
    """An edit of a card shown waits in its channel's edit lane; damaged and set aside, it is
    listed dead in its channel (Redis named the lane's key: 'C1' and a unit separator and
    'edits', which ``outbox list`` printed), and the lane goes on with the card's next edit."""
    await enqueue(store, item("T-1@C1", "C1", clock))
    [t1] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    await store.finish(t1.key, owner="w",
                       ref=MessageRef(workspace="console", channel="C1", message_id="m1"))
    await enqueue(store, item("T-1@C1#2", "C1", clock).model_copy(update={"update_of": "T-1"}))
    await damage(store, "outbox", "T-1@C1#2", "cut short")
    assert await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10) == []
    [dead] = await store.list_outbox(status="dead")
    assert (dead.key, dead.workspace, dead.channel) == ("T-1@C1#2", "console", "C1")
    await enqueue(store, item("T-1@C1#3", "C1", clock).model_copy(update={"update_of": "T-1"}))
    [e3] = await store.claim_due(now=clock(), owner="w2", lease_seconds=30, limit=10)
    assert (e3.key, e3.lane, e3.prior is not None) == ("T-1@C1#3", K.EDITS, True)


async def test_a_hand_edited_id_is_listed_last_by_both_stores(
        store: Store, clock: FakeClock) -> None:
    """Records listed by their id's number (T-2 before T-10), and one whose id was hand-edited
    out of that form ("T-²", "T-x") after them, by its text, on either backend: Redis put them
    first, SQLite where they were stored (by rowid), so a listing read differently after a move
    between stores."""
    for n, tid in enumerate(("T-x", "T-10", "T-\u00b2", "T-2", "T-1")):
        assert await create(store, ticket(tid, conv=f"c{n}", clock=clock))
    want = ["T-1", "T-2", "T-10", "T-x", "T-\u00b2"]
    assert [t.id for t in await store.list_tickets()] == want
    assert [t.id for t in await store.list_tickets(status="open")] == want
    assert await store.customer_open_tickets("mastodon:a1") == want
    assert (await store.customer_history("mastodon:a1"))[2] == want
    for aid in ("A-\u00b2", "A-3", "A-1"):
        assert await create(store, Approval(id=aid, text="t", network="mastodon",
                                            account="main", author="ana",
                                            content_hash="h", created_at=clock()))
    assert [a.id for a in await store.list_approvals()] == ["A-1", "A-3", "A-\u00b2"]


async def test_ids_of_one_number_are_listed_in_one_order_by_both_stores(
        store: Store, clock: FakeClock) -> None:
    """T-7, T-07 and T-007 (a leading zero hand-typed into an id, which a verb reads as T-7)
    have one number: each listing puts them by their text, not where the backend happened to
    find them (SQLite where each was stored, Redis by the set's hash), so two listings, or
    the same one after a move between stores, agree."""
    for n, tid in enumerate(("T-7", "T-8", "T-007", "T-07", "T-6")):
        assert await create(store, ticket(tid, conv=f"c{n}", clock=clock))
    want = ["T-6", "T-007", "T-07", "T-7", "T-8"]
    assert [t.id for t in await store.list_tickets()] == want
    assert [t.id for t in await store.list_tickets(status="open")] == want
    assert await store.customer_open_tickets("mastodon:a1") == want
    assert (await store.customer_history("mastodon:a1"))[2] == want
