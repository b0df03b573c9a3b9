"""Upgrading from the release before today's (10490eb3, schema 14, Redis layout 8) to the one
that keeps who took a post down (``Mention.removed_by``) and a card field's right-to-left names
(``CardField.names``), on a real SQLite file and a real redis-server (docs/storage.md,
Upgrading).

Both fields were added without moving the versions: the release before, run on the store as
this one left it (a rollback, or a process of it left running in a rolling upgrade), took each
removed post's stored signal for damaged (``mention.removed_by: Extra inputs are not
permitted ... restore it from a backup``) and its spike timer failed on it at every try; a spike
card naming an Arabic author it claimed was listed dead, damaged (tried with 10490eb3 in a git
worktree against a SQLite file and a redis-server this release wrote). Now the versions move,
so that release refuses the store in one line; what it left is read as before.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import redis.asyncio as aioredis

from bot.core.cards import Card, CardField, OutboxItem
from bot.core.effects import Effects
from bot.core.models import Author, Mention, Signal
from bot.core.ports import Store
from bot.store.redis import LAYOUT, RedisStore
from bot.store.sqlite import SqliteStore
from bot.store.sqlite_schema import READABLE_FROM, SCHEMA_VERSION
from tests.conftest import FakeClock
from tests.store.test_store_versions import schema, stamp

NAME = "\u0645\u062d\u0645\u062f"  # an Arabic handle, right to left


def post(clock: FakeClock, n: int, *, removed: bool = False) -> Signal:
    m = Mention(id=f"reddit:t3_p{n}", network="reddit", source="rd", text="acme is down",
                author=Author(id=f"a{n}", handle=f"u{n}"),
                created_at=clock() - timedelta(hours=1))
    if removed:
        m = m.model_copy(update={"text": "", "revision": "delete", "revised_at": clock(),
                                 "removed_by": "moderator"})
    return Signal(mention=m)


def spike_card(clock: FakeClock, key: str, *, names: tuple[str, ...] = ()) -> OutboxItem:
    field = CardField(name="Authors", value=f"{NAME} (3), bob (2)" if names else "bob (2)",
                      names=names)
    return OutboxItem.new(key=f"{key}@c", workspace="console", channel="c",
                          card=Card(kind="alert", key=key, title="Spike", fields=(field,)),
                          now=clock())


async def left_by_the_release_before(store: Store, clock: FakeClock) -> None:
    """A post and a spike card with no right-to-left name: as the release before wrote them
    (its records are this release's without the two fields, which are left out when unset)."""
    fx = Effects()
    fx.signals.append((post(clock, 1), 3600, 3600))
    fx.send(spike_card(clock, "s1"))
    assert await store.apply(fx)
    # what the release before could read: neither field is written when unset
    assert "removed_by" not in post(clock, 1).model_dump_json()
    assert "names" not in spike_card(clock, "s1").model_dump_json()


async def read_and_write_after_the_upgrade(store: Store, clock: FakeClock) -> None:
    before = await store.get_signal("reddit:t3_p1")
    assert before is not None and before.mention.removed_by is None
    [waiting] = await store.list_outbox(status="pending")
    assert waiting.card.fields[0].names == ()
    fx = Effects()
    fx.signals.append((post(clock, 2, removed=True), 3600, 3600))
    fx.send(spike_card(clock, "s2", names=(NAME,)))
    assert await store.apply(fx)
    gone = await store.get_signal("reddit:t3_p2")
    assert gone is not None and gone.mention.removed_by == "moderator"
    named = [i for i in await store.list_outbox(status="pending") if i.card.key == "s2"]
    assert [i.card.fields[0].names for i in named] == [(NAME,)]
    assert store.unreadable_records() == {}


async def test_a_version_14_file_is_upgraded_and_refused_by_the_release_before(
        tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "v14.db"
    store = SqliteStore(path, clock=clock)
    try:
        await left_by_the_release_before(store, clock)
    finally:
        await store.close()
    db = sqlite3.connect(path)  # as the release before (10490eb3) left it
    db.execute("PRAGMA user_version = 14")
    db.execute("PRAGMA application_id = 14")
    db.commit()
    db.close()
    store = SqliteStore(path, clock=clock)
    try:
        await read_and_write_after_the_upgrade(store, clock)
    finally:
        await store.close()
    # upgraded to this release's schema (15 when written, 16 since the claim timeout kept)
    assert schema(path)[0] == SCHEMA_VERSION >= 15
    assert stamp(path) == READABLE_FROM >= 15  # release 14 (reads up to 14) refuses it


async def test_a_redis_data_set_of_layout_8_is_stamped_9(
        redis_url: str, clock: FakeClock) -> None:
    raw = aioredis.Redis.from_url(redis_url, decode_responses=True)
    try:
        store = await RedisStore.connect(redis_url, clock=clock)
        try:
            await left_by_the_release_before(store, clock)
        finally:
            await store.close()
        await raw.set("socialops:layout", 8)
        store = await RedisStore.connect(redis_url, clock=clock)
        try:
            await read_and_write_after_the_upgrade(store, clock)
        finally:
            await store.close()
        # the release before refuses data stamped above its 8, in one line
        # (9 when written, 10 since the claim timeout kept)
        assert await raw.get("socialops:layout") == str(LAYOUT) and LAYOUT >= 9
    finally:
        await raw.aclose()
