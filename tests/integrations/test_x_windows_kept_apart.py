"""What an X rate-limit window kept in one process's memory, or by one source, costs: one
refused request, nothing posted or read twice (a review of the X source, 2026-12-07, deciding
whether to keep more; docs/networks.md says the decision).

X limits each endpoint apart, per app for the bearer token and per user for a user token
(docs.x.com, "Rate limits": "Per-app limits apply when using Bearer Token (app-only)
authentication"; "Each endpoint has its own limit"), answers each request with its window
(``x-rate-limit-remaining``, ``x-rate-limit-reset``) and one past it with 429 and the same
reset. So:

* the publisher's ``POST /2/tweets`` window is held in memory: a restart within a spent window
  posts once into X's 429, which posts nothing and names the reset the approval waits for
  (its next try is kept with the approval, in the store);
* two sources with one bearer token spend one window, each keeping its own: the second to ask
  meets one 429 and waits for the reset, unasked, as the first does.

These pin the decision; they passed before and after (no code changed but the local X's
``post_limit``)."""

from __future__ import annotations

import httpx
import pytest

from bot.core.errors import RateLimited
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XPublisher, XSource
from tests.conftest import FakeClock
from tests.integrations.test_x_rate_limited_mid_poll import WINDOW, Window
from tests.support.fake_x import USER_ID, FakeX, stream_cursors
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer


def account(net: NetServer) -> XSourceConfig:
    return XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                         user_token="user", user_id=USER_ID, timeout=2.0)


async def test_a_restarted_publisher_meets_one_429_in_a_spent_window_and_posts_nothing(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.post_limit = 1
        before = XPublisher(account(net), client=client, clock=clock)
        await before.publish("We're on it", reply_to=None, idempotency_key="A-1")
        with pytest.raises(RateLimited):  # the answer said none is left: not asked
            await before.publish("Fixed now", reply_to=None, idempotency_key="A-2")
        assert world.post_requests == 1
        after = XPublisher(account(net), client=client, clock=clock)  # a restart
        with pytest.raises(RateLimited) as waited:
            await after.publish("Fixed now", reply_to=None, idempotency_key="A-2")
        assert world.post_requests == 2 and len(world.tweets) == 1  # refused, nothing made
        assert 0 < waited.value.retry_after <= WINDOW.total_seconds()
        with pytest.raises(RateLimited):  # the 429's reset is kept: not asked again
            await after.publish("Fixed now", reply_to=None, idempotency_key="A-2")
        assert world.post_requests == 2
        clock.advance(seconds=waited.value.retry_after + 1)
        await after.publish("Fixed now", reply_to=None, idempotency_key="A-2")
    assert [t["sent"] for t in world.tweets] == ["We're on it", "Fixed now"]


async def test_two_sources_of_one_bearer_token_meet_one_429_each_per_spent_window(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        outage = world.add("acme is down again")
        refund = world.add("still no refund")
        window = Window(net, world, clock, budget=1)  # the app's recent search window
        first = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                              queries=("acme",), timeout=2.0)
        second = first.model_copy(update={"id": "x2", "queries": ("refund",)})
        store = Cursors()
        a = XSource(first, store=store, client=client, clock=clock)
        b = XSource(second, store=store, client=client, clock=clock)
        assert [m.id for m in await a.poll()] == [f"x:{outage['id']}"]
        with pytest.raises(RateLimited):  # b's window is a's: X refuses it
            await b.poll()
        assert window.used == 2
        for source in (a, b):  # each waits for the reset, unasked
            with pytest.raises(RateLimited):
                await source.poll()
        assert window.used == 2
        clock.advance(minutes=16)
        window.budget = 2
        assert await a.poll() == []
        assert [m.id for m in await b.poll()] == [f"x:{refund['id']}"]
        assert stream_cursors(store, "x2") == {"search:refund": refund["id"]}
