"""Reddit search indexes late (review 2026-12-06, "never silent"), over real HTTP against a
local server speaking Reddit's listing format (``test_reddit.World``), on a real SQLite store.

A post is listed by ``/search`` only once Reddit's search has indexed it, which takes from
seconds to minutes after it appeared in ``/r/<sub>/new``; the search listing (``sort=new``)
then places it by its creation time, behind posts indexed before it. ``before=<cursor>`` asks
for what is listed ahead of the cursor, so a post indexed after the cursor moved past its time
was never asked for: lost, silently, for good. The Hacker News source reads its search back
15 minutes each poll for the same reason (integrations/social/hackernews); Reddit search
now does too, the names read kept beside the cursor so nothing is sent twice.
"""

from __future__ import annotations

from datetime import timedelta

import httpx

from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.integrations.test_reddit import (  # noqa: F401
    World,
    net,
    source,
    store,
    synthetic,
)
from tests.support.netserver import NetServer


async def test_a_post_indexed_after_the_cursor_passed_it_is_read_once(
        net: NetServer, store: Store, client: httpx.AsyncClient,  # noqa: F811
        clock: FakeClock) -> None:
    # posts 0..4, one a minute, the newest a minute ago; post-2 (made 3 minutes ago) is not
    # indexed yet
    made = synthetic(5, newest=clock.now - timedelta(minutes=1))
    late = made[2]
    live = World([t for t in made if t is not late])
    net.handler("GET", "/r/socialops/search", live)
    net.handler("GET", "/r/socialops/new", World([]))
    src = source(net, store, client, clock, queries=("acme",))
    first = await src.poll()
    assert sorted(m.text for m in first) == ["post-0", "post-1", "post-3", "post-4"]
    # search indexes it now: listed by its time, behind post-3 and post-4 (the cursor)
    live.things.insert(2, late)
    clock.advance(seconds=60)
    assert [m.text for m in await src.poll()] == ["post-2"]
    # not again: not by this source, nor by a new one on the same store (a restart)
    clock.advance(seconds=60)
    assert await src.poll() == []
    assert await source(net, store, client, clock, queries=("acme",)).poll() == []
    # a newer post is read as before, and the late one is still not read again
    live.things.insert(0, synthetic(1, newest=clock.now, start=5)[0])
    clock.advance(seconds=60)
    assert [m.text for m in await src.poll()] == ["post-5"]


async def test_a_post_indexed_later_than_the_lookback_is_not_taken(
        net: NetServer, store: Store, client: httpx.AsyncClient,  # noqa: F811
        clock: FakeClock) -> None:
    """The look back is bounded (``SEARCH_LOOKBACK``): a post made long before the poll is
    history (the first run's backfill decides about those), not a late one."""
    made = synthetic(3, newest=clock.now - timedelta(minutes=1))
    old = synthetic(1, newest=clock.now - timedelta(minutes=40), start=10)[0]
    live = World(list(made))
    net.handler("GET", "/r/socialops/search", live)
    net.handler("GET", "/r/socialops/new", World([]))
    src = source(net, store, client, clock, queries=("acme",), backfill_minutes=10)
    assert len(await src.poll()) == 3
    live.things.append(old)
    clock.advance(seconds=60)
    assert await src.poll() == []
