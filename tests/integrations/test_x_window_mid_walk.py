"""A rate-limit window spent part way through one stream's walk keeps the pages it read.

X pages recent search 100 tweets a request, and counts each page as a request of the
15-minute window ("Each endpoint has its own limit", https://docs.x.com/fundamentals/rate-limits;
a low tier's recent search allows a handful a window). A walk whose window ran out after its
first page (``x-rate-limit-remaining: 0`` on it, or a 429 on the second) threw the pages it had
read away: the stream was left unread, its cursor unmoved, and the next window read the same
first page again, and ran out at the same place: a query with more new tweets than a window's
pages delivered nothing, ever. Now what the walk read is delivered, and the walk goes on from
the page it stopped at once the window resets (the cursor moves to the newest only then). From
a review of the X source (2026-12-07); the tests failed before the fix."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from aiohttp import web

from bot.core.errors import RateLimited
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.integrations.test_x_over_capacity import Search
from tests.integrations.test_x_rate_limited_mid_poll import config
from tests.support.fake_x import FakeX, stream_cursors
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

WINDOW = timedelta(minutes=15)


class Budgeted(Search):
    """``Search`` with ``budget`` requests a 15-minute window, as X counts them: each answer
    says how many are left and when the window resets; the one past it is a 429."""

    def __init__(self, net: NetServer, world: FakeX, clock: FakeClock, budget: int,
                 per_page: int) -> None:
        super().__init__(net, world, per_page=per_page)
        self.clock, self.budget, self.used = clock, budget, 0
        self.reset = clock() + WINDOW

    async def search(self, request: web.Request) -> web.Response:
        if self.clock() >= self.reset:
            self.reset, self.used = self.clock() + WINDOW, 0
        self.used += 1
        headers = {"x-rate-limit-limit": str(self.budget),
                   "x-rate-limit-remaining": str(max(0, self.budget - self.used)),
                   "x-rate-limit-reset": str(int(self.reset.timestamp()))}
        if self.used > self.budget:
            return web.json_response({"title": "Too Many Requests", "status": 429},
                                     status=429, headers=headers)
        answer = await super().search(request)
        answer.headers.update(headers)
        return answer


@pytest.mark.parametrize("told", [True, False], ids=["remaining-0", "429"])
async def test_a_window_spent_after_a_walks_first_page_keeps_it_and_goes_on_later(
        client: httpx.AsyncClient, clock: FakeClock, told: bool) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        tweets = [world.add(f"acme outage report {n}") for n in range(5)]
        search = Budgeted(net, world, clock, budget=1 if told else 5, per_page=2)
        if not told:  # X's counter and ours differ (another app process, a restart): a 429
            search.used = 4
        store = Cursors()
        cfg = config(net).model_copy(update={"queries": ("acme",)})
        source = XSource(cfg, store=store, client=client, clock=clock)
        first = await source.poll()
        assert {m.id for m in first} == {f"x:{t['id']}" for t in tweets[3:]}
        kept = stream_cursors(store)
        assert "search:acme" not in kept and kept["search:acme#backlog"]["page"] == "2"
        with pytest.raises(RateLimited):
            await source.poll()  # the window is spent: not asked
        clock.advance(minutes=15)
        search.budget = 5
        rest = await source.poll()
        assert {m.id for m in rest} == {f"x:{t['id']}" for t in tweets[:3]}
        assert stream_cursors(store) == {"search:acme": tweets[-1]["id"]}
