"""A Reddit thing whose id no Reddit thing has must not pin the source's cursor.

Reddit's ids are ASCII base 36 (``[0-9a-z]``) and grow with time; the source orders fullnames by
``int(id, 36)``, which also takes other scripts' digits (``"٩"``, ``"９"``) and any length. One
thing named ``t3_٩٩٩٩٩٩٩٩٩٩٩٩`` (or ``t3_zzzzzzzzzzzz``) in a listing became the stream's cursor,
orders of magnitude past every real id: each later post was "not newer" than it and dropped,
silently, at every poll for good. Such an id is one the source cannot order: it never becomes
the cursor (nor one a page is asked ``before``), and its thing is read as any other, not dropped.
Over the local Reddit server (``World`` plays ``before``/``after``), cursors in a SQLite file."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import httpx
import pytest

from bot.core.ports import Store
from integrations.social.reddit.source import fullname_order
from tests.conftest import FakeClock
from tests.integrations.test_reddit import (
    World,
    listing_cursors,
    net,
    numbers,
    source,
    store,
    synthetic,
)
from tests.support.netserver import NetServer

__all__ = ["net", "store"]  # the fixtures, shared with test_reddit.py

HOSTILE = ["٩٩٩٩٩٩٩٩٩٩٩٩",  # Arabic-Indic nines: int(…, 36) reads them as 9s
           "９９９９９９９９９９９９",  # fullwidth nines
           "zzzzzzzzzzzz"]  # ASCII, 36**12: a real id is 7 characters today


def _renamed(thing: dict[str, object], native: str) -> dict[str, object]:
    data = dict(thing["data"])  # type: ignore[call-overload]
    data.update(id=native, name=f"t3_{native}", title="post-99 hostile")
    return {**thing, "data": data}


@pytest.mark.parametrize("native", HOSTILE)
async def test_a_post_after_a_thing_with_an_absurd_id_is_read(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        native: str) -> None:
    world = World(synthetic(5, newest=clock.now))
    net.handler("GET", "/r/socialops/new", world)
    src = source(net, store, client, clock)
    assert numbers(await src.poll()) == [0, 1, 2, 3, 4]
    clock.advance(minutes=2)
    hostile = _renamed(synthetic(1, newest=clock.now, start=5)[0], native)
    world.things[:0] = [*synthetic(1, newest=clock.now, start=6), hostile]
    assert numbers(await src.poll()) == [6, 99]  # the odd thing too: read, not dropped
    cursor = (await listing_cursors(store))["new:socialops"]
    assert cursor == world.names()[0] and cursor.isascii()
    clock.advance(minutes=3)
    world.things[:0] = synthetic(3, newest=clock.now, start=7)
    assert numbers(await src.poll()) == [7, 8, 9]
    assert await src.poll() == []


@pytest.mark.parametrize("native", HOSTILE)
async def test_a_first_run_beside_a_thing_with_an_absurd_id_fixes_a_real_cursor(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        native: str) -> None:
    things = synthetic(5, newest=clock.now)
    things[2] = _renamed(things[2], native)
    world = World(things)
    net.handler("GET", "/r/socialops/new", world)
    src = source(net, store, client, clock, backfill_minutes=60)
    assert numbers(await src.poll()) == [0, 1, 3, 4, 99]
    clock.advance(minutes=3)
    world.things[:0] = synthetic(2, newest=clock.now, start=5)
    assert numbers(await src.poll()) == [5, 6]


def test_only_ascii_base36_ids_are_ordered() -> None:
    assert fullname_order("t3_1abc") == int("1abc", 36)
    for odd in ("t3_٩", "t3_９", "t3_ABC", "t3_ 1", "t3_1_0", "t3_-1", "t3_+1", "t3_" + "1" * 14):
        assert fullname_order(odd) == -1, odd


@pytest.mark.parametrize("native", HOSTILE)
async def test_a_cursor_such_a_thing_left_in_the_store_is_read_past(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        native: str, caplog: pytest.LogCaptureFixture) -> None:
    """A cursor a release before this one stored from such a thing: one not spelled as Reddit
    spells ids, or past the listing's newest by orders of magnitude (``before`` it is empty,
    and the head older than it), is read past as a first run (``backfill_minutes``), with one
    warning, and replaced by a real one; an older post is not read again."""
    await store.set_cursor("rd", json.dumps({"new:socialops": f"t3_{native}"}))
    world = World(synthetic(5, newest=clock.now - timedelta(hours=3)))  # outside the window
    world.things[:0] = synthetic(2, newest=clock.now, start=5)
    net.handler("GET", "/r/socialops/new", world)
    src = source(net, store, client, clock, backfill_minutes=60)
    assert numbers(await src.poll()) == [5, 6]
    assert await listing_cursors(store) == {
        "new:socialops": world.names()[0]}
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warned) == 1 and "no id Reddit gives" in warned[0], warned
    clock.advance(minutes=2)
    world.things[:0] = synthetic(1, newest=clock.now, start=7)
    assert numbers(await src.poll()) == [7]


async def test_such_a_cursor_over_an_empty_listing_is_dropped_once(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """Read past over a listing with nothing in it, the cursor was kept, and said again at
    every poll until a post came; it goes, and the next poll is a quiet first run."""
    await store.set_cursor("rd", json.dumps({"new:socialops": "t3_٩٩٩٩"}))
    net.handler("GET", "/r/socialops/new", World([]))
    src = source(net, store, client, clock)
    for _ in range(2):
        assert await src.poll() == []
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warned) == 1, warned
    assert await listing_cursors(store) == {}
