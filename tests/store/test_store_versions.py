"""Which stores a release opens. SQLite: its own version and the ones it upgrades in place
(``tests/store/test_sqlite_gathered.py``), and two it refuses in one line before writing a
byte: a file a later release wrote (a downgrade), and one from before schema versions were kept.
Redis: any data set, which it stamps with its layout, except one a later release stamped higher.
And the records stored keep the fields those versions were written with, or the versions move.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import typing
from datetime import timedelta
from pathlib import Path

import pytest
import redis.asyncio as aioredis
from pydantic import BaseModel

from bot.core import keys as K
from bot.core.cards import Card, OutboxItem
from bot.core.effects import Effects
from bot.core.errors import StoreUnavailable
from bot.core.models import (
    Approval,
    AuditEvent,
    Correction,
    LinkRequest,
    Mention,
    MessageRef,
    PersonLink,
    RouteHit,
    ShiftOverride,
    Signal,
    Subscription,
    Ticket,
    Trace,
)
from bot.store.redis import LAYOUT, RedisStore
from bot.store.sqlite import SqliteStore
from bot.store.sqlite_schema import READABLE_FROM, SCHEMA_VERSION, migrate
from rules.schema import Silence
from tests.conftest import FakeClock

# The tables as the release of 2026-11-23 (de1efd9, bot/store/sqlite.py) created them, with no
# PRAGMA user_version: its outbox has no `created` column, its message_refs no `expires`.
UNVERSIONED = """
CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires REAL NOT NULL);
CREATE TABLE cursors (source TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (
    kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, status TEXT,
    k1 TEXT, k2 TEXT, json TEXT NOT NULL, PRIMARY KEY (kind, id));
CREATE TABLE outbox (
    key TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, workspace TEXT NOT NULL,
    channel TEXT NOT NULL, status TEXT NOT NULL, next_at REAL NOT NULL, json TEXT NOT NULL);
CREATE TABLE message_refs (
    card_key TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL, json TEXT NOT NULL,
    PRIMARY KEY (card_key, workspace, channel));
CREATE TABLE groups (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, item TEXT NOT NULL);
INSERT INTO records VALUES ('ticket', 'T-1', 1, 'open', NULL, NULL, '{}');
"""


def schema(path: Path) -> tuple[int, list[str]]:
    db = sqlite3.connect(path)
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master ORDER BY name")]
        return version, names
    finally:
        db.close()


def stamp(path: Path) -> int:
    """The oldest version the file says reads it (``PRAGMA application_id``)."""
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA application_id").fetchone()[0])
    finally:
        db.close()


def card(clock: FakeClock, key: str, *, edit: bool = False) -> OutboxItem:
    """An alert card for channel ``c``: ``T-1#2``, an edit of ``T-1``'s card (``edit``), with
    a thread line as a ticket's (kept behind its waiting post: ``coalesce.takes_in``)."""
    return OutboxItem.new(key=f"{key}@c", workspace="console", channel="c",
                          card=Card(kind="alert", key=key.split("#", maxsplit=1)[0], title="t",
                                    thread_note=f"line {key}" if edit else None),
                          now=clock(), update=edit)


async def left_by_layout_5(redis_url: str, clock: FakeClock, raw: aioredis.Redis) -> None:
    """A data set as layout 5 left it: ``T-1``'s card shown, a post ``n1`` and its edit
    ``T-1#2`` waiting in the channel's posts, no ``outbox:held`` key for the edit."""
    store = await RedisStore.connect(redis_url, clock=clock)
    fx = Effects()
    for item in (card(clock, "T-1"), card(clock, "n1"), card(clock, "T-1#2", edit=True)):
        fx.send(item)
    await store.apply(fx)
    [t1] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    await store.finish(t1.key, owner="w",
                       ref=MessageRef(workspace="console", channel="c", message_id="m1"))
    await store.close()
    held = [k async for k in raw.scan_iter("socialops:outbox:held:*")]
    assert held
    await raw.delete(*held)
    await raw.set("socialops:layout", 5)


async def assert_the_next_edit_goes_behind(redis_url: str, clock: FakeClock,
                                           raw: aioredis.Redis) -> None:
    """The card's next edit, ``T-1#3``, goes behind ``T-1#2`` among the posts (it replaces
    it, never attempted), not ahead of it in the edit lane; the data set is stamped LAYOUT."""
    store = await RedisStore.connect(redis_url, clock=clock)
    try:
        fx = Effects()
        fx.send(card(clock, "T-1#3", edit=True))
        await store.apply(fx)
        got = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10, chain=5)
        # #3 replaced #2, never attempted (bot.store.coalesce), in #2's lane: the posts
        assert [(i.key, i.lane) for i in got] == [("n1@c", ""), ("T-1#3@c", "")]
        assert (await store.get_outbox("T-1#2@c")).status == "sent"  # type: ignore[union-attr]
    finally:
        await store.close()
    assert await raw.get("socialops:layout") == str(LAYOUT)


async def later_file(path: Path, clock: FakeClock, change: str, *, version: int,
                     readable_from: int) -> int:
    """A file this release made, then changed by ``change`` (SQL) and stamped as a later
    release's: ``version``, readable from ``readable_from``. The stamp it had as ours."""
    store = SqliteStore(path, clock=clock)
    await store.close()
    ours = stamp(path)
    db = sqlite3.connect(path)
    db.execute(change)
    db.execute(f"PRAGMA user_version = {version}")
    db.execute(f"PRAGMA application_id = {readable_from}")
    db.commit()
    db.close()
    return ours


async def test_a_file_a_later_release_wrote_is_refused_and_left_as_it_was(
        tmp_path: Path, clock: FakeClock) -> None:
    """Opened by this release, a later release's file had its version set back to ours
    and was written to as if it were ours. It is refused, saying what to run instead."""
    path = tmp_path / "later.db"
    await later_file(path, clock, "CREATE TABLE of_a_later_release (x)",
                     version=SCHEMA_VERSION + 1,
                     readable_from=SCHEMA_VERSION + 1)  # read by itself on
    before = schema(path)
    with pytest.raises(StoreUnavailable) as refused:
        SqliteStore(path, clock=clock)
    message = str(refused.value)
    assert "\n" not in message
    assert f"schema version {SCHEMA_VERSION + 1} is newer than this release's" in message
    assert "downgrades are refused" in message
    assert schema(path) == before


@pytest.mark.parametrize("readable_from", [SCHEMA_VERSION, SCHEMA_VERSION - 1])
async def test_a_later_release_that_says_this_one_reads_its_file_is_run_on(
        tmp_path: Path, clock: FakeClock, readable_from: int) -> None:
    """A later release that only added an index (as 7 did over 6) stamps the oldest version
    that reads its file; this release runs on it, and leaves its version and stamp as they
    were. Before, any later file was refused, so an index locked the previous release out."""
    path = tmp_path / "later.db"
    assert await later_file(path, clock, "CREATE INDEX of_a_later_release ON records (version)",
                            version=SCHEMA_VERSION + 1,
                            readable_from=readable_from) == READABLE_FROM
    store = SqliteStore(path, clock=clock)
    try:
        fx = Effects()
        fx.create(Ticket(id="T-1", signal_id="x:1", route="r", customer_key="c",
                         conversation_key="v", created_at=clock(), version=0))
        await store.apply(fx)
        assert [t.id for t in await store.list_tickets()] == ["T-1"]
    finally:
        await store.close()
    assert schema(path)[0] == SCHEMA_VERSION + 1
    assert stamp(path) == readable_from


async def test_a_later_file_stamped_beyond_this_release_is_refused(
        tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "later.db"
    await later_file(path, clock, "CREATE TABLE of_a_later_release (x)",
                     version=SCHEMA_VERSION + 2, readable_from=SCHEMA_VERSION + 1)
    with pytest.raises(StoreUnavailable, match="newer than this release's"):
        SqliteStore(path, clock=clock)
    assert schema(path)[0] == SCHEMA_VERSION + 2


async def test_a_file_from_before_schema_versions_is_refused_and_left_as_it_was(
        tmp_path: Path, clock: FakeClock) -> None:
    """A file of 2026-11-23 has no version: it was taken for a new file, and the upgrade
    failed on a column it lacks ('no such column: expires'), saying nothing of what to do."""
    path = tmp_path / "unversioned.db"
    db = sqlite3.connect(path)
    db.executescript(UNVERSIONED)
    db.close()
    before = schema(path)
    with pytest.raises(StoreUnavailable) as refused:
        SqliteStore(path, clock=clock)
    message = str(refused.value)
    assert "\n" not in message
    assert "no schema version" in message and "move the old database file aside" in message
    assert schema(path) == before


async def test_a_new_file_and_an_empty_one_are_created_at_this_version(
        tmp_path: Path, clock: FakeClock) -> None:
    (tmp_path / "empty.db").touch()  # no tables and no version: as good as new
    for name in ("new.db", "empty.db"):
        store = SqliteStore(tmp_path / name, clock=clock)
        await store.close()
        assert schema(tmp_path / name)[0] == SCHEMA_VERSION


async def test_a_redis_data_set_is_stamped_and_one_a_later_release_stamped_is_refused(
        redis_url: str, clock: FakeClock) -> None:
    """Data of a release before the stamp (no ``layout`` key) is read and stamped; data a later
    release stamped higher is refused in one line and left as it was."""
    raw = aioredis.Redis.from_url(redis_url, decode_responses=True)
    try:
        await raw.set("socialops:ticket:T-1", "{}")  # an older release's data, unstamped
        store = await RedisStore.connect(redis_url, clock=clock)
        await store.close()
        assert await raw.get("socialops:layout") == str(LAYOUT)
        await raw.set("socialops:layout", LAYOUT + 1)
        with pytest.raises(StoreUnavailable) as refused:
            await RedisStore.connect(redis_url, clock=clock)
        message = str(refused.value)
        assert "\n" not in message
        assert f"layout {LAYOUT + 1}; this release reads {LAYOUT}" in message
        assert "downgrades are refused" in message
        assert await raw.get("socialops:layout") == str(LAYOUT + 1)
    finally:
        await raw.aclose()


def without_priority(ticket: Ticket) -> str:
    """A ticket's JSON as the release before priorities (schema 7, layout 1) wrote it."""
    data = ticket.model_dump(mode="json")
    del data["priority"]
    return json.dumps(data)


async def test_a_version_7_file_is_upgraded_and_its_tickets_have_no_priority(
        tmp_path: Path, clock: FakeClock) -> None:
    """The release before priorities (schema 7, stamped readable from 6) left a ticket without
    the field. This release upgrades the file to 8 in place, reads that ticket as having no
    priority, and stamps the file readable from 8: release 7 refuses a file stamped newer than
    itself (a5e7c82), where it would fail on every ticket written from now on (its records
    forbid the unknown field)."""
    path = tmp_path / "v7.db"
    store = SqliteStore(path, clock=clock)
    old = Ticket(id="T-1", signal_id="x:1", route="r", customer_key="c",
                 conversation_key="v", created_at=clock(), version=1)
    fx = Effects()
    fx.create(old)
    await store.apply(fx)
    await store.close()
    db = sqlite3.connect(path)  # as release 7 left it
    db.execute("UPDATE records SET json = ? WHERE id = 'T-1'", (without_priority(old),))
    db.execute("PRAGMA user_version = 7")
    db.execute("PRAGMA application_id = 6")
    db.commit()
    db.close()
    assert "priority" not in sqlite3.connect(path).execute(
        "SELECT json FROM records WHERE id = 'T-1'").fetchone()[0]
    store = SqliteStore(path, clock=clock)
    try:
        ticket = await store.get_ticket("T-1")
        assert ticket is not None and ticket.priority is None
        fx = Effects()
        fx.update(ticket.model_copy(update={"priority": "P2", "version": 2}), expected=1)
        assert await store.apply(fx)
        again = await store.get_ticket("T-1")
        assert again is not None and again.priority == "P2"
    finally:
        await store.close()
    # through 8 (9: tags, ..., 18: a claim's chain, 19: deleted cards, weekly digests)
    assert schema(path)[0] == SCHEMA_VERSION == 19
    assert stamp(path) == READABLE_FROM == 19  # release 7 (reads up to 7) refuses it


async def test_a_redis_data_set_of_layout_1_is_stamped_2_and_its_tickets_have_no_priority(
        redis_url: str, clock: FakeClock) -> None:
    """Data the release before priorities stamped (layout 1), with a ticket it wrote: read as
    having no priority, and the stamp raised to 2, which that release refuses (it reads 1).
    Before, the stamp was only ever set where none was, so it stayed 1 and the release
    before would run on tickets it cannot read."""
    raw = aioredis.Redis.from_url(redis_url, decode_responses=True)
    try:
        old = Ticket(id="T-1", signal_id="x:1", route="r", customer_key="c",
                     conversation_key="v", created_at=clock(), version=1)
        store = await RedisStore.connect(redis_url, clock=clock)
        fx = Effects()
        fx.create(old)
        await store.apply(fx)
        await store.close()
        await raw.set("socialops:ticket:T-1", without_priority(old))
        await raw.set("socialops:layout", 1)
        store = await RedisStore.connect(redis_url, clock=clock)
        try:
            ticket = await store.get_ticket("T-1")
            assert ticket is not None and ticket.priority is None
        finally:
            await store.close()
        # 13: deleted cards, weekly digests, after 12: a claim's chain
        assert await raw.get("socialops:layout") == str(LAYOUT) == "13"
    finally:
        await raw.aclose()


def without_tags(ticket: Ticket) -> str:
    """A ticket's JSON as the release before tags (schema 8, layout 2) wrote it."""
    data = ticket.model_dump(mode="json")
    del data["tags"]
    return json.dumps(data)


async def test_a_version_8_file_is_upgraded_and_its_tickets_have_no_tags(
        tmp_path: Path, clock: FakeClock) -> None:
    """The release before tags (schema 8, stamped readable from 8) left a ticket without the
    field: upgraded to 9 in place, the ticket read as having none and written with one, and
    the file stamped readable from 9, since release 8 forbids the unknown field and would
    fail on every ticket tagged from now on."""
    path = tmp_path / "v8.db"
    store = SqliteStore(path, clock=clock)
    old = Ticket(id="T-1", signal_id="x:1", route="r", customer_key="c",
                 conversation_key="v", created_at=clock(), priority="P2", version=1)
    fx = Effects()
    fx.create(old)
    await store.apply(fx)
    await store.close()
    db = sqlite3.connect(path)  # as release 8 left it
    db.execute("UPDATE records SET json = ? WHERE id = 'T-1'", (without_tags(old),))
    db.execute("PRAGMA user_version = 8")
    db.execute("PRAGMA application_id = 8")
    db.commit()
    db.close()
    store = SqliteStore(path, clock=clock)
    try:
        ticket = await store.get_ticket("T-1")
        assert ticket is not None and ticket.tags == () and ticket.priority == "P2"
        fx = Effects()
        fx.update(ticket.model_copy(update={"tags": ("billing",), "version": 2}), expected=1)
        assert await store.apply(fx)
        again = await store.get_ticket("T-1")
        assert again is not None and again.tags == ("billing",)
    finally:
        await store.close()
    assert schema(path)[0] == SCHEMA_VERSION == 19
    assert stamp(path) == READABLE_FROM == 19  # release 8 (reads up to 8) refuses it


async def test_a_redis_data_set_of_layout_2_is_stamped_3_and_its_tickets_have_no_tags(
        redis_url: str, clock: FakeClock) -> None:
    """Data the release before tags stamped (layout 2), with a ticket it wrote: read as having
    no tags, and the stamp raised to 3, which that release refuses (it reads 2)."""
    raw = aioredis.Redis.from_url(redis_url, decode_responses=True)
    try:
        old = Ticket(id="T-1", signal_id="x:1", route="r", customer_key="c",
                     conversation_key="v", created_at=clock(), version=1)
        store = await RedisStore.connect(redis_url, clock=clock)
        fx = Effects()
        fx.create(old)
        await store.apply(fx)
        await store.close()
        await raw.set("socialops:ticket:T-1", without_tags(old))
        await raw.set("socialops:layout", 2)
        store = await RedisStore.connect(redis_url, clock=clock)
        try:
            ticket = await store.get_ticket("T-1")
            assert ticket is not None and ticket.tags == ()
        finally:
            await store.close()
        assert await raw.get("socialops:layout") == str(LAYOUT) == "13"
    finally:
        await raw.aclose()


def unmerged(ticket: Ticket) -> str:
    """A ticket's JSON as the release before merges (schema 9, layout 3) wrote it."""
    data = ticket.model_dump(mode="json")
    del data["merged"], data["merged_into"]
    return json.dumps(data)


async def test_a_version_9_file_is_upgraded_and_its_tickets_are_not_merged(
        tmp_path: Path, clock: FakeClock) -> None:
    """The release before merges (schema 9, stamped readable from 9) left tickets without the
    fields: upgraded to 10 in place, read as merged with none, a merge written on them, and
    the file stamped readable from 10, since release 9 forbids the unknown fields (and the
    status merged) and would fail on every ticket merged from now on."""
    path = tmp_path / "v9.db"
    store = SqliteStore(path, clock=clock)
    old = [Ticket(id=f"T-{n}", signal_id=f"x:{n}", route="r", customer_key=f"c{n}",
                  conversation_key=f"v{n}", created_at=clock(), tags=("vip",), version=1)
           for n in (1, 2)]
    fx = Effects()
    for t in old:
        fx.create(t)
    await store.apply(fx)
    await store.close()
    db = sqlite3.connect(path)  # as release 9 left it
    for t in old:
        db.execute("UPDATE records SET json = ? WHERE id = ?", (unmerged(t), t.id))
    db.execute("PRAGMA user_version = 9")
    db.execute("PRAGMA application_id = 9")
    db.commit()
    db.close()
    store = SqliteStore(path, clock=clock)
    try:
        source, target = await store.get_ticket("T-2"), await store.get_ticket("T-1")
        assert source is not None and target is not None
        assert (source.merged_into, target.merged) == (None, ())
        fx = Effects()
        fx.update(source.model_copy(update={"status": "merged", "merged_into": "T-1",
                                            "version": 2}), expected=1)
        fx.update(target.model_copy(update={"merged": ("T-2",), "version": 2}), expected=1)
        assert await store.apply(fx)
        found = await store.find_open_ticket("v2", "c2")  # T-2's conversation: T-1 now
        assert found is not None and found.id == "T-1"
    finally:
        await store.close()
    assert schema(path)[0] == SCHEMA_VERSION == 19
    assert stamp(path) == READABLE_FROM == 19  # release 9 (reads up to 9) refuses it


async def test_a_redis_data_set_of_layout_3_is_stamped_4_and_its_tickets_are_not_merged(
        redis_url: str, clock: FakeClock) -> None:
    """Data the release before merges stamped (layout 3), with a ticket it wrote: read as not
    merged, and the stamp raised to 4, which that release refuses (it reads 3)."""
    raw = aioredis.Redis.from_url(redis_url, decode_responses=True)
    try:
        old = Ticket(id="T-1", signal_id="x:1", route="r", customer_key="c",
                     conversation_key="v", created_at=clock(), version=1)
        store = await RedisStore.connect(redis_url, clock=clock)
        fx = Effects()
        fx.create(old)
        await store.apply(fx)
        await store.close()
        await raw.set("socialops:ticket:T-1", unmerged(old))
        await raw.set("socialops:layout", 3)
        store = await RedisStore.connect(redis_url, clock=clock)
        try:
            ticket = await store.get_ticket("T-1")
            assert ticket is not None and (ticket.merged_into, ticket.merged) == (None, ())
            found = await store.find_open_ticket("v", "c")
            assert found is not None and found.id == "T-1"
        finally:
            await store.close()
        assert await raw.get("socialops:layout") == str(LAYOUT) == "13"
    finally:
        await raw.aclose()


def override(clock: FakeClock) -> ShiftOverride:
    return ShiftOverride(id="O-1", schedule="primary", person="bob", start=clock(),
                         end=clock() + timedelta(hours=2), by="alice", at=clock())


async def test_a_version_10_file_is_upgraded_and_keeps_overrides_made_in_chat(
        tmp_path: Path, clock: FakeClock) -> None:
    """The release before chat's on-call overrides (schema 10, stamped readable from 10) left
    its tickets as they were: upgraded to 11 in place, a ticket of it still read, an override
    stored and read back, and the file stamped readable from 11, since release 10 never reads
    overrides and would page the person who handed the shift away."""
    path = tmp_path / "v10.db"
    store = SqliteStore(path, clock=clock)
    fx = Effects()
    fx.create(Ticket(id="T-1", signal_id="x:1", route="r", customer_key="c",
                     conversation_key="v", created_at=clock(), version=1))
    await store.apply(fx)
    await store.close()
    db = sqlite3.connect(path)  # as release 10 left it
    db.execute("PRAGMA user_version = 10")
    db.execute("PRAGMA application_id = 10")
    db.commit()
    db.close()
    store = SqliteStore(path, clock=clock)
    try:
        assert await store.get_ticket("T-1") is not None
        fx = Effects()
        fx.put(K.OVERRIDE, "O-1", override(clock).model_dump_json())
        assert await store.apply(fx)
        [raw] = await store.list_raw(K.OVERRIDE)
        assert ShiftOverride.model_validate_json(raw) == override(clock)
    finally:
        await store.close()
    assert schema(path)[0] == SCHEMA_VERSION == 19
    assert stamp(path) == READABLE_FROM == 19  # release 10 (reads up to 10) refuses it


async def test_a_version_11_file_is_upgraded_and_its_waiting_cards_stay_in_order(
        tmp_path: Path, clock: FakeClock) -> None:
    """The release before edit lanes (schema 11) kept no ``lane``: upgraded to 12 in place,
    every card it left waiting is of its channel's posts and goes out in its order, an edit
    of a card already shown queued after the upgrade goes in the edit lane, and the file is
    stamped readable from 12 (release 11 reads an item's ``lane`` as an unknown field)."""
    path = tmp_path / "v11.db"
    store = SqliteStore(path, clock=clock)
    fx = Effects()
    fx.send(card(clock, "T-1"))
    await store.apply(fx)
    [t1] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    await store.finish(t1.key, owner="w",
                       ref=MessageRef(workspace="console", channel="c", message_id="m1"))
    fx = Effects()
    for key in ("n1", "n2"):
        fx.send(card(clock, key))
    await store.apply(fx)
    await store.close()
    db = sqlite3.connect(path)  # as release 11 left it: no lane
    db.execute("DROP INDEX outbox_lanes")
    db.execute("DROP INDEX outbox_card")
    db.execute("ALTER TABLE outbox DROP COLUMN lane")
    db.execute("PRAGMA user_version = 11")
    db.execute("PRAGMA application_id = 11")
    db.commit()
    db.close()
    store = SqliteStore(path, clock=clock)
    try:
        fx = Effects()
        fx.send(card(clock, "T-1#2", edit=True))
        await store.apply(fx)
        got = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10,
                                    chain=5)
        assert [(i.key, i.lane) for i in got] == [
            ("n1@c", ""), ("n2@c", ""), ("T-1#2@c", K.EDITS)]
    finally:
        await store.close()
    assert schema(path)[0] == SCHEMA_VERSION == 19
    assert stamp(path) == READABLE_FROM == 19  # release 11 (reads up to 11) refuses it


async def test_a_redis_data_set_of_layout_4_is_stamped_5_and_keeps_overrides_made_in_chat(
        redis_url: str, clock: FakeClock) -> None:
    """Data the release before chat's overrides stamped (layout 4): its ticket still read, an
    override stored and read back, and the stamp raised to 5, which that release refuses."""
    raw = aioredis.Redis.from_url(redis_url, decode_responses=True)
    try:
        store = await RedisStore.connect(redis_url, clock=clock)
        fx = Effects()
        fx.create(Ticket(id="T-1", signal_id="x:1", route="r", customer_key="c",
                         conversation_key="v", created_at=clock(), version=1))
        await store.apply(fx)
        await store.close()
        await raw.set("socialops:layout", 4)
        store = await RedisStore.connect(redis_url, clock=clock)
        try:
            assert await store.get_ticket("T-1") is not None
            fx = Effects()
            fx.put(K.OVERRIDE, "O-1", override(clock).model_dump_json())
            assert await store.apply(fx)
            [found] = await store.list_raw(K.OVERRIDE)
            assert ShiftOverride.model_validate_json(found) == override(clock)
        finally:
            await store.close()
        assert await raw.get("socialops:layout") == str(LAYOUT) == "13"
    finally:
        await raw.aclose()


# What the stores keep as JSON and read back (timers keep a RouteHit, chat's mutes a Silence)
STORED = (Ticket, Approval, Subscription, PersonLink, LinkRequest, AuditEvent, Signal, Mention,
          MessageRef, Trace, OutboxItem, RouteHit, Correction, Silence, ShiftOverride)
FIELDS = Path(__file__).with_name("stored_fields.txt")


def stored_fields() -> list[str]:
    """Every field of every model the stores keep, nested ones included: ``Model.field``."""
    found: dict[str, type[BaseModel]] = {}
    todo: list[object] = list(STORED)
    while todo:
        kind = todo.pop()
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            if kind.__name__ not in found:
                found[kind.__name__] = kind
                todo += [field.annotation for field in kind.model_fields.values()]
        else:  # list[X], X | None, Annotated[X, ...], dict[str, X]
            todo += typing.get_args(kind)
    return sorted(f"{name}.{field.alias or key}" for name, kind in found.items()
                  for key, field in kind.model_fields.items())


def test_the_records_stored_have_the_fields_the_store_versions_were_written_with() -> None:
    """Stored records are read with unknown fields forbidden (``bot.core.models.Record``). A
    field added is one the releases before cannot read: this release's approvals carry
    ``earlier_hashes``, and the release of 2026-11-30 15:57 (d433b8f) answers `status A-1` on
    them with a ValidationError traceback. A field removed is one this release cannot read in
    the records already stored. Either change moves the versions, so that an older release
    refuses the store in one line instead (test above) and a removed field gets its upgrade."""
    pinned = FIELDS.read_text(encoding="utf-8").splitlines()
    versions, fields = pinned[0], pinned[1:]
    now = stored_fields()
    added, removed = sorted(set(now) - set(fields)), sorted(set(fields) - set(now))
    assert not added and not removed, (
        f"stored fields changed (added {added}, removed {removed}): raise SCHEMA_VERSION "
        "(bot/store/sqlite_schema.py, with the version before it in UPGRADES and, for a removed "
        "field, an upgrade that takes it out of the stored JSON) and LAYOUT (bot/store/redis.py), "
        f"then write {FIELDS.name} anew: the new versions, then stored_fields() one a line")
    schema, layout = (int(word.strip(",")) for word in versions.split()[1::2])
    assert schema <= SCHEMA_VERSION and layout <= LAYOUT, versions


async def test_an_upgrade_that_waited_for_a_later_release_leaves_its_version_and_stamp(
        tmp_path: Path, clock: FakeClock) -> None:
    """Two processes open a version-7 file at once: this release and a later one that this
    release reads (stamped readable from 8). This one reads 7, then waits for the write lock
    while the later one upgrades the file to 9; it then found 9, readable by it, and wrote its
    own version and stamp (8, 8) over the later release's: the stamp was lowered, and the
    later release upgraded the file again at its next start. Now it leaves them as they are."""
    path = tmp_path / "v7.db"
    await SqliteStore(path, clock=clock).close()  # a file of this release's tables
    db = sqlite3.connect(path)  # as release 7 left it
    db.execute("PRAGMA user_version = 7")
    db.execute("PRAGMA application_id = 6")
    db.commit()
    db.close()
    later = sqlite3.connect(path, isolation_level=None)
    later.execute("BEGIN IMMEDIATE")  # the later release's upgrade holds the write lock
    waiting = threading.Event()
    ours = sqlite3.connect(path, isolation_level=None, timeout=10.0, check_same_thread=False)
    ours.set_trace_callback(lambda sql: waiting.set() if sql.startswith("BEGIN") else None)
    upgrade = threading.Thread(target=migrate, args=(ours,))
    upgrade.start()
    try:
        assert waiting.wait(10), "this release's upgrade never asked for the write lock"
        later.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        later.execute(f"PRAGMA application_id = {SCHEMA_VERSION}")
        later.execute("COMMIT")
    finally:
        upgrade.join(10)
        ours.close()
        later.close()
    assert schema(path)[0] == SCHEMA_VERSION + 1
    assert stamp(path) == SCHEMA_VERSION


async def test_a_redis_data_set_of_layout_5_keeps_a_cards_waiting_edits_in_order(
        redis_url: str, clock: FakeClock) -> None:
    """Layout 5 queued an edit of a card behind the card among its channel's posts, and kept
    no ``outbox:held`` key for it: stamped 6, this release writes that key for what waits, so
    the card's next edit, shown by then, still goes behind the first (not ahead of it in the
    edit lane)."""
    raw = aioredis.Redis.from_url(redis_url, decode_responses=True)
    try:
        await left_by_layout_5(redis_url, clock, raw)
        await assert_the_next_edit_goes_behind(redis_url, clock, raw)
    finally:
        await raw.aclose()


async def test_a_layout_5_upgrade_killed_after_raising_the_stamp_still_holds_waiting_edits(
        redis_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """The upgrade from layout 5 killed right after the stamp: the next start still writes
    the ``outbox:held`` keys of what layout 5 left waiting (the stamp is raised after them),
    so the card's next edit goes behind its earlier one, not ahead in the edit lane."""
    raw = aioredis.Redis.from_url(redis_url, decode_responses=True)
    try:
        await left_by_layout_5(redis_url, clock, raw)

        async def killed(self: RedisStore) -> None:
            raise SystemExit("killed")

        with monkeypatch.context() as patched:
            patched.setattr(RedisStore, "_hold_waiting_cards", killed)
            with pytest.raises(SystemExit):
                await RedisStore.connect(redis_url, clock=clock)
        await assert_the_next_edit_goes_behind(redis_url, clock, raw)
    finally:
        await raw.aclose()
