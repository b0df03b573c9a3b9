"""A rolling upgrade from 70f97283 to the release that follows a removed Reddit post approved
again (an operator's review, 2026-12-06; docs/storage.md, Upgrading). 70f97283 is run as it was:
its ``integrations/social/reddit/source.py`` (``releases/reddit_source_70f97283.py.txt``, ``git
show 70f97283:integrations/social/reddit/source.py``) beside this release's other modules, both
releases' sources taking turns at one source's cursor on one store, over real HTTP against
``tests/support/fake_reddit.py``'s ``Reads``.

This release kept a removed thing in ``#watch`` with the digest ``removed``, which 70f97283 reads
as a digest of words (it takes any string of 12 characters or fewer): it read the thing still
removed as a second removal (a tombstone its pipeline drops as stale) and stopped watching it, so
when a moderator approved it again no release said it was public again: its cards stayed marked
removed for good. This release now keeps such things under ``#removed``, which 70f97283 leaves
as it is (it writes back the keys of the cursor it does not read).
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

BEFORE = Path(__file__).parent / "releases" / "reddit_source_70f97283.py.txt"


def sources(net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
            reads: Reads) -> tuple[RedditSource, Any]:
    reads.serve(net)
    cfg = config(net, comments=True)
    old = load_release(BEFORE).RedditSource(cfg, store=store, client=client, clock=clock)
    return RedditSource(cfg, store=store, client=client, clock=clock), old


async def test_a_removal_survives_the_release_before_and_is_read_public_again_once(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads = Reads()
    post = reads.post("acme cloud is down", "since this morning",
                      at=clock.now - timedelta(minutes=5))
    new, old = sources(net, store, client, clock, reads)
    assert [m.id for m in await new.poll()] == [f"reddit:{post}"]
    reads.remove(post)
    clock.advance(minutes=1)
    gone = await new.poll()
    assert [(m.id, m.revision, m.removed_by) for m in gone] == [
        (f"reddit:{post}", "delete", "moderator")]
    clock.advance(minutes=1)
    assert await old.poll() == []  # no second removal, the thing still watched
    clock.advance(minutes=1)
    reads.approve(post, at=clock.now)
    assert await old.poll() == []  # the release before reads nothing of it
    clock.advance(minutes=1)
    back = await new.poll()
    assert [(m.id, m.revision) for m in back] == [(f"reddit:{post}", "edit")]
    clock.advance(minutes=1)
    assert await new.poll() == []  # once
    raw = await store.get_cursor("rd")
    assert raw is not None and post in json.loads(raw)[WATCH]  # watched for its edits again
