"""A 429 pauses the endpoint X refused, not the whole source.

X limits each endpoint apart ("Endpoint-specific: Each endpoint has its own limit",
https://docs.x.com/fundamentals/rate-limits), answers a request past the limit with "429 Too
Many Requests", and says in ``x-rate-limit-reset`` ("Unix timestamp when the limit resets")
when that endpoint may be asked again. A 429 of recent search failed the source's whole poll
and paused the source: the mentions timeline, which has its own window and holds the posts that
name the account, went unread till search's reset. Now the refused endpoint alone waits (its
reset, kept with the cursor as a spent window is: ``test_x_kept_windows``), and the source's
other endpoints are read. A 429 whose reset is missing or no number waits X's 15-minute window,
bounded, said in one line. From a review of the X source (2026-12-07); each test failed
before the fix."""

from __future__ import annotations

import logging

import httpx
import pytest
from aiohttp import web

from bot.core.errors import RateLimited
from bot.store import Store
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.integrations.test_x_rate_limit_remaining import serve_mentions
from tests.integrations.test_x_rate_limited_mid_poll import SEARCH, Window, config
from tests.support.fake_x import FakeX
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer


async def test_a_429_of_search_leaves_the_mentions_timeline_read(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        question = world.add("@acmesupport acme charged me twice")
        window = Window(net, world, clock, budget=0)  # search: 429, till its reset
        asked = serve_mentions(net, world)
        cfg = config(net).model_copy(update={"mentions": True})
        source = XSource(cfg, store=Cursors(), client=client, clock=clock)
        first = await source.poll()
        assert [m.id for m in first] == [f"x:{question['id']}"]
        assert window.used == 1, "the second query asked a search X had refused"
        clock.advance(minutes=1)
        later = world.add("@acmesupport still waiting")
        second = await source.poll()
        assert [m.id for m in second] == [f"x:{later['id']}"]
        assert window.used == 1 and len(asked) == 2
        clock.advance(minutes=15)  # search's new window
        window.budget = 5
        await source.poll()
        assert window.asked == ["acme", "refund"]


class Refusing:
    """Recent search answering every request 429 with ``headers`` (a reset X did not say, or
    not as a number: a proxy's, a changed header)."""

    def __init__(self, net: NetServer, headers: dict[str, str]) -> None:
        self.headers, self.used = headers, 0
        net.handler("GET", SEARCH, self.search)

    async def search(self, request: web.Request) -> web.Response:
        self.used += 1
        return web.json_response({"title": "Too Many Requests", "detail": "Too Many Requests",
                                  "type": "about:blank", "status": 429}, status=429,
                                 headers=self.headers)


@pytest.mark.parametrize("headers", [{}, {"x-rate-limit-reset": "soon"},
                                     {"x-rate-limit-reset": ""},
                                     {"x-rate-limit-reset": "1.7e9"}])
async def test_a_429_without_a_readable_reset_waits_a_bounded_default_said_once(
        client: httpx.AsyncClient, clock: FakeClock, caplog: pytest.LogCaptureFixture,
        headers: dict[str, str]) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        search = Refusing(net, headers)
        asked = serve_mentions(net, world)
        cfg = config(net).model_copy(update={"mentions": True})
        source = XSource(cfg, store=Cursors(), client=client, clock=clock)
        caplog.set_level(logging.INFO, logger="integrations.social.x.source")
        for _ in range(3):
            world.add("@acmesupport hello?")
            assert len(await source.poll()) == 1
            clock.advance(minutes=4)
        assert search.used == 1 and len(asked) == 3
        said = [r.getMessage() for r in caplog.records if r.name.endswith("x.source")]
        assert len(said) == 1, said  # one line for the 429, whose reset X did not say
        assert "/2/tweets/search/recent" in said[0] and "x-rate-limit-reset" in said[0]
        clock.advance(minutes=4)  # 16 minutes: X's window, waited
        await source.poll()
        assert search.used == 2


async def test_a_429_that_failed_the_poll_is_kept_for_a_restart(
        client: httpx.AsyncClient, clock: FakeClock, store: Store) -> None:
    """A poll refused whole (every stream's endpoint refused) moves no stream's cursor, but
    keeps the window X named: the restarted source waits for it unasked."""
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.add("acme is down again")
        window = Window(net, world, clock, budget=0)
        cfg = config(net).model_copy(update={"queries": ("acme",)})
        with pytest.raises(RateLimited):
            await XSource(cfg, store=store, client=client, clock=clock).poll()
        with pytest.raises(RateLimited):
            await XSource(cfg, store=store, client=client, clock=clock).poll()
        assert window.used == 1


async def test_a_spent_window_without_a_readable_reset_waits_the_same_default(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    """``x-rate-limit-remaining: 0`` beside a reset that is no number was taken for no window:
    the next request was sent, and met X's 429."""
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.add("acme is down again")
        asked: list[str] = []

        async def search(request: web.Request) -> web.Response:
            asked.append(request.query["query"])
            return web.json_response({"meta": {"result_count": 0}}, headers={
                "x-rate-limit-remaining": "0", "x-rate-limit-reset": "soon"})

        net.handler("GET", SEARCH, search)
        cfg = config(net).model_copy(update={"queries": ("acme",)})
        source = XSource(cfg, store=Cursors(), client=client, clock=clock)
        assert await source.poll() == []
        clock.advance(minutes=14)
        with pytest.raises(RateLimited):
            await source.poll()
        clock.advance(minutes=2)
        assert await source.poll() == []
        assert asked == ["acme", "acme"]
