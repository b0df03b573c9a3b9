"""A 429 part way through a poll keeps what the poll's earlier streams read.

X limits each endpoint per 15-minute window and answers the request past the limit with 429 and
``x-rate-limit-reset`` (docs.x.com, "Rate limits": "When you exceed a rate limit, you'll receive
a 429 Too Many Requests response"). A source reads its queries, then its mentions, one after the
other. The source raised the 429 out of the whole poll: what the queries before it had read was
thrown away and read again after the wait (paid again on X's pay-per-use plans, where each post
read is billed), and a source whose one poll asks more than a window allows (several queries in
a flood of tweets, a low tier) was thrown back every window at the same place and delivered
nothing, ever. Now the streams read before the 429 are delivered and their cursors kept; the
source then waits for the reset (its next poll raises the 429's wait without asking X) and
reads the others. From a review of the X source (2026-12-07); the first test failed before the
fix."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from aiohttp import web

from bot.core.errors import RateLimited
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.support.fake_x import USER_ID, FakeX, stream_cursors
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

SEARCH = "/2/tweets/search/recent"
WINDOW = timedelta(minutes=15)


class Window:
    """Recent search with ``budget`` requests a 15-minute window, as X counts them."""

    def __init__(self, net: NetServer, world: FakeX, clock: FakeClock, budget: int) -> None:
        self.world, self.clock, self.budget = world, clock, budget
        self.reset = clock() + WINDOW
        self.used = 0
        self.asked: list[str] = []
        net.handler("GET", SEARCH, self.search)

    async def search(self, request: web.Request) -> web.Response:
        if self.clock() >= self.reset:
            self.reset, self.used = self.clock() + WINDOW, 0
        self.used += 1
        headers = {"x-rate-limit-limit": str(self.budget),
                   "x-rate-limit-remaining": str(max(0, self.budget - self.used)),
                   "x-rate-limit-reset": str(int(self.reset.timestamp()))}
        if self.used > self.budget:
            return web.json_response({"title": "Too Many Requests", "detail": "Too Many "
                                      "Requests", "type": "about:blank", "status": 429},
                                     status=429, headers=headers)
        query = request.query["query"]
        self.asked.append(query)
        fields = set(request.query.get("tweet.fields", "").split(","))
        data = [{**self.world.item(t, fields), "author_id": "42"}
                for t in reversed(self.world.tweets) if query in t["sent"]]
        body = {"data": data, "includes": {"users": [{"id": "42", "username": "waiter"}]},
                "meta": {"result_count": len(data), "newest_id": data[0]["id"]}} if data else {
                "meta": {"result_count": 0}}
        return web.json_response(body, headers=headers)


def config(net: NetServer) -> XSourceConfig:
    return XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                         user_id=USER_ID, queries=("acme", "refund"), timeout=2.0)


async def test_a_429_on_the_second_query_keeps_the_first_querys_tweets(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        outage = world.add("acme is down again")
        refund = world.add("still no refund")
        window = Window(net, world, clock, budget=1)
        store = Cursors()
        source = XSource(config(net), store=store, client=client, clock=clock)
        first = await source.poll()
        assert [m.id for m in first] == [f"x:{outage['id']}"]
        assert stream_cursors(store) == {"search:acme": outage["id"]}
        with pytest.raises(RateLimited) as wait:  # the window is spent: X is not asked
            await source.poll()
        assert 0 < wait.value.retry_after <= WINDOW.total_seconds()
        assert window.asked == ["acme"]
        clock.advance(minutes=15)
        second = await source.poll()  # acme first (nothing new), then refund: over budget
        assert second == [] and window.asked == ["acme", "acme"]
        clock.advance(minutes=15)
        window.budget = 2
        third = await source.poll()
    assert [m.id for m in third] == [f"x:{refund['id']}"]
    assert stream_cursors(store) == {"search:acme": outage["id"],
                                     "search:refund": refund["id"]}


async def test_a_429_on_the_first_stream_fails_the_poll_as_before(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.add("acme is down again")
        Window(net, world, clock, budget=0)
        source = XSource(config(net), store=Cursors(), client=client, clock=clock)
        with pytest.raises(RateLimited):
            await source.poll()
