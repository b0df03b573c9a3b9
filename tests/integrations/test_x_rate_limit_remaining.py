"""The X source stops asking an endpoint whose window X says is spent, before the 429.

X answers every request with ``x-rate-limit-limit``, ``x-rate-limit-remaining`` and
``x-rate-limit-reset`` (docs.x.com, "Rate limits": "x-rate-limit-remaining: the number of
requests left for the 15-minute window", the reset in epoch seconds). The source read only the
429's reset: an answer saying ``remaining: 0`` was followed by one more request all the same,
refused with 429 each window (X counts the refusals of an app that keeps asking past its limit,
and a polling app that meets 429 every window is one). Now a request to an endpoint whose
window is spent is not sent: it raises ``RateLimited`` until the reset, as the 429 would, and
what the poll read before is delivered (``test_x_rate_limited_mid_poll``). From a review of
the X source (2026-12-07); the first test failed before the fix."""

from __future__ import annotations

import httpx
import pytest
from aiohttp import web

from bot.core.errors import RateLimited
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.integrations.test_x_rate_limited_mid_poll import WINDOW, Window, config
from tests.support.fake_x import USER_ID, FakeX, stream_cursors
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer


async def test_a_spent_window_is_not_asked_again_before_its_reset(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        outage = world.add("acme is down again")
        refund = world.add("still no refund")
        window = Window(net, world, clock, budget=1)
        store = Cursors()
        source = XSource(config(net), store=store, client=client, clock=clock)
        first = await source.poll()
        # the answer to "acme" said none was left: "refund" waits, unasked (it was a 429)
        assert window.used == 1, "a request was sent past remaining: 0"
        assert [m.id for m in first] == [f"x:{outage['id']}"]
        assert stream_cursors(store) == {"search:acme": outage["id"]}
        with pytest.raises(RateLimited) as wait:
            await source.poll()
        assert 0 < wait.value.retry_after <= WINDOW.total_seconds()
        assert window.used == 1
        clock.advance(minutes=15)
        window.budget = 2
        second = await source.poll()
    assert [m.id for m in second] == [f"x:{refund['id']}"]
    assert window.used == 2  # a new window: both queries asked, none refused


async def test_a_spent_window_on_the_first_stream_fails_the_poll_unasked_next_time(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.add("acme is down again")
        window = Window(net, world, clock, budget=1)
        source = XSource(config(net).model_copy(update={"queries": ("acme",)}),
                         store=Cursors(), client=client, clock=clock)
        assert len(await source.poll()) == 1
        with pytest.raises(RateLimited):
            await source.poll()
        assert window.used == 1


async def test_a_window_with_requests_left_does_not_pause(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.add("acme is down again")
        world.add("still no refund")
        window = Window(net, world, clock, budget=5)
        source = XSource(config(net), store=Cursors(), client=client, clock=clock)
        assert len(await source.poll()) == 2
        assert len(await source.poll()) == 0
        assert window.used == 4


def serve_mentions(net: NetServer, world: FakeX) -> list[str]:
    """The mentions timeline (its own window, never spent here): the tweets of ``world``
    naming @acmesupport past ``since_id``; the since_ids asked, in order."""
    asked: list[str] = []

    async def mentions(request: web.Request) -> web.Response:
        since = request.query.get("since_id")
        asked.append(since or "")
        data = [{"id": t["id"], "text": t["sent"], "author_id": "42",
                 "edit_history_tweet_ids": [t["id"]]}
                for t in reversed(world.tweets) if "@acmesupport" in t["sent"]
                and (since is None or int(t["id"]) > int(since))]
        body = {"data": data, "includes": {"users": [{"id": "42", "username": "waiter"}]},
                "meta": {"result_count": len(data), "newest_id": data[0]["id"]}} if data else {
                "meta": {"result_count": 0}}
        return web.json_response(body, headers={"x-rate-limit-remaining": "74"})

    net.handler("GET", f"/2/users/{USER_ID}/mentions", mentions)
    return asked


async def test_a_spent_search_window_leaves_the_mentions_timeline_read(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    """X limits each endpoint apart: recent search spent, the mentions timeline (the posts
    that name the account, the ones a team answers first) is still X's to answer. Once the
    search said none was left, the whole source waited for the search's reset."""
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.add("the outage again")
        window = Window(net, world, clock, budget=1)
        asked = serve_mentions(net, world)
        cfg = config(net).model_copy(update={"queries": ("outage",), "mentions": True})
        source = XSource(cfg, store=Cursors(), client=client, clock=clock)
        assert len(await source.poll()) == 1
        clock.advance(minutes=1)
        question = world.add("@acmesupport where is my refund?")
        second = await source.poll()
        assert [m.id for m in second] == [f"x:{question['id']}"]
        assert window.used == 1 and len(asked) == 2
        clock.advance(minutes=15)
        assert await source.poll() == []  # the search's new window: asked again
        assert window.asked == ["outage", "outage"]
