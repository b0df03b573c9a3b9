"""An endpoint's spent rate-limit window is kept with the source's cursor, in the store.

X answers every request with ``x-rate-limit-remaining`` and ``x-rate-limit-reset`` (epoch
seconds), and limits each endpoint in 15-minute windows ("Endpoint-specific: Each endpoint has
its own limit"; https://docs.x.com/fundamentals/rate-limits, and "If you are using OAuth 2.0
Bearer Token, you will have a separate limit per time period for requests made by your app":
https://developer.x.com/en/docs/twitter-api/rate-limits). The source stopped asking an
endpoint X said was spent, but kept that in memory only: a restart within the window, or
another process taking the source's lease over (several processes on one store), asked once
more and met X's 429. The window is now part of the cursor value, written in the same store
write as the cursor (on SQLite and on Redis alike), and read back at each poll. From a review
of the X source (2026-12-07); each test failed before the fix."""

from __future__ import annotations

import json

import httpx
import pytest

from bot.core.errors import RateLimited
from bot.engine.cursors import DeferredCursors
from bot.store import Store
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.integrations.test_x_rate_limited_mid_poll import Window, config
from tests.support.fake_x import FakeX
from tests.support.netserver import NetServer


async def test_a_restart_within_a_spent_window_asks_nothing(
        client: httpx.AsyncClient, clock: FakeClock, store: Store) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.add("acme is down again")
        window = Window(net, world, clock, budget=1)
        cfg = config(net).model_copy(update={"queries": ("acme",)})
        before = XSource(cfg, store=store, client=client, clock=clock)
        assert len(await before.poll()) == 1  # X said: none left this window
        kept = json.loads(await store.get_cursor("x1") or "{}")
        assert "/2/tweets/search/recent" in kept.get("#windows", {}), kept
        clock.advance(minutes=1)
        after = XSource(cfg, store=store, client=client, clock=clock)  # the bot restarted
        with pytest.raises(RateLimited) as wait:
            await after.poll()
        assert window.used == 1, "the restarted source asked X past remaining: 0"
        assert 0 < wait.value.retry_after <= 14 * 60
        clock.advance(minutes=15)
        window.budget = 5
        assert await after.poll() == []  # a new window: asked again
        assert window.used == 1  # the window's count started again at X
        assert "#windows" not in json.loads(await store.get_cursor("x1") or "{}")


async def test_two_processes_do_not_both_spend_one_window(
        client: httpx.AsyncClient, clock: FakeClock,
        two_stores: tuple[Store, Store]) -> None:
    """The source's lease passes to another process (its holder died, or lost the lease in a
    store blip): that process's source, made when it started, reads the window from the store
    at its next poll."""
    first, second = two_stores
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.add("acme is down again")
        window = Window(net, world, clock, budget=1)
        cfg = config(net).model_copy(update={"queries": ("acme",)})
        one = XSource(cfg, store=first, client=client, clock=clock)
        other = XSource(cfg, store=second, client=client, clock=clock)
        assert len(await one.poll()) == 1
        with pytest.raises(RateLimited):
            await other.poll()
        assert window.used == 1


async def test_a_damaged_stored_window_is_bounded(
        client: httpx.AsyncClient, clock: FakeClock, store: Store) -> None:
    """A stored window is the cursor's, and the cursor may be damaged: one a year ahead is
    waited for an hour at most (as a reset header of year 9999 is); one that is no number is
    no window."""
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        window = Window(net, world, clock, budget=5)
        cfg = config(net).model_copy(update={"queries": ("acme",)})
        far = clock().timestamp() + 365 * 86400
        await store.set_cursor("x1", json.dumps({"#windows": {
            "/2/tweets/search/recent": far, "/2/users/:id/mentions": "soon"}}))
        source = XSource(cfg, store=store, client=client, clock=clock)
        with pytest.raises(RateLimited) as wait:
            await source.poll()
        assert wait.value.retry_after <= 3600
        clock.advance(minutes=61)
        world.add("acme is down again")
        assert len(await source.poll()) == 1
        assert window.used == 1


async def test_the_window_is_written_in_the_cursors_own_write(
        client: httpx.AsyncClient, clock: FakeClock, store: Store) -> None:
    """In ``socialops run`` a poll's cursor writes wait for its batch to be committed
    (``DeferredCursors``): the window rides in the same value, so it is durable exactly when
    the cursor is, and a poll whose batch is lost leaves neither."""
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        outage = world.add("acme is down again")
        Window(net, world, clock, budget=1)
        cfg = config(net).model_copy(update={"queries": ("acme",)})
        cursors = DeferredCursors(store)
        tx = cursors.begin()
        await XSource(cfg, store=cursors, client=client, clock=clock).poll()
        cursors.end()
        assert await store.get_cursor("x1") is None  # nothing durable before the commit
        written = json.loads(tx.pending["x1"])
        assert written["search:acme"] == outage["id"]
        assert set(written["#windows"]) == {"/2/tweets/search/recent"}
