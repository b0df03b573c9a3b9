"""Upgrading to, and going back from, the release that follows Reddit's edits (an operator's
review, 2026-12-06; docs/storage.md, Upgrading). The release before, a952ba80, is run as it
was: its ``integrations/social/reddit/source.py`` (``releases/reddit_source_a952ba80.py.txt``,
``git show a952ba80:integrations/social/reddit/source.py``) against this release's other
modules, which it imports as it did (the same by hand with the whole release, ``git worktree
add ... a952ba80``, through real ``socialops`` processes on a SQLite file and a redis-server:
the same). Over real HTTP against ``tests/support/fake_reddit.py``'s ``Reads``, on a real
SQLite store, both releases' sources on one store, one after the other (stop every process
to upgrade).

Up: a cursor of the release before has no ``#watch``; this one reads it without error, and
follows the edits of what it reads from then on (what the release before read is not
watched). Back: the release before keeps the cursor's ``#watch`` as it is (it reads only its
listings' keys and writes the object back whole), and this release, started again, follows
the edits made meanwhile of what it read before.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from bot.core.ports import Store
from integrations.social.reddit.source import WATCH, RedditSource
from tests.conftest import FakeClock
from tests.integrations.test_reddit import config, net, store
from tests.support.fake_reddit import Reads
from tests.support.netserver import NetServer
from tests.support.releases import load_release

__all__ = ["net", "store"]

BEFORE = Path(__file__).parent / "releases" / "reddit_source_a952ba80.py.txt"


def release_before() -> Any:
    """integrations/social/reddit/source.py of a952ba80, run as it was."""
    return load_release(BEFORE)


def sources(net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
            reads: Reads) -> tuple[RedditSource, Any]:
    reads.serve(net)
    cfg = config(net, comments=True)
    old = release_before().RedditSource(cfg, store=store, client=client, clock=clock)
    return RedditSource(cfg, store=store, client=client, clock=clock), old


async def stored(store: Store) -> dict[str, Any]:
    raw = await store.get_cursor("rd")
    assert raw
    cursor = json.loads(raw)
    assert isinstance(cursor, dict)
    return cursor


async def test_upgrading_reads_the_release_befores_cursor_and_follows_edits_from_then_on(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads = Reads()
    before = reads.post("acme cloud is down", "since this morning",
                        at=clock.now - timedelta(minutes=5))
    new, old = sources(net, store, client, clock, reads)
    assert [m.id for m in await old.poll()] == [f"reddit:{before}"]
    assert WATCH not in await stored(store)
    clock.advance(minutes=1)
    after = reads.post("acme refunds are late", "two weeks now", at=clock.now)
    clock.advance(minutes=1)
    assert [m.id for m in await new.poll()] == [f"reddit:{after}"]  # no error, nothing twice
    reads.edit(before, "EDIT: acme refunded me", at=clock.now)
    reads.edit(after, "EDIT: refunded today", at=clock.now)
    clock.advance(minutes=1)
    got = await new.poll()
    assert [(m.id, m.revision) for m in got] == [(f"reddit:{after}", "edit")]


async def test_going_back_keeps_the_watch_and_upgrading_again_follows_the_edits_made_meanwhile(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads = Reads()
    post = reads.post("acme cloud is down", "since this morning",
                      at=clock.now - timedelta(minutes=5))
    new, old = sources(net, store, client, clock, reads)
    assert [m.id for m in await new.poll()] == [f"reddit:{post}"]
    watched = (await stored(store))[WATCH]
    assert list(watched) == [post]
    clock.advance(minutes=1)
    later = reads.post("acme again", "still down", at=clock.now)
    reads.edit(post, "EDIT: acme refunded me", at=clock.now)
    clock.advance(minutes=1)
    assert [m.id for m in await old.poll()] == [f"reddit:{later}"]  # no choke on #watch
    assert (await stored(store))[WATCH] == watched  # kept as it was
    clock.advance(minutes=1)
    assert [m.id for m in await old.poll()] == []
    clock.advance(minutes=1)
    got = await new.poll()
    assert [(m.id, m.revision) for m in got] == [(f"reddit:{post}", "edit")]
    assert got[0].text.endswith("acme refunded me")
    clock.advance(minutes=1)
    assert await new.poll() == []  # once
