"""One search X refuses does not stop a source's other searches and its mentions.

X answers a query it will not run with ``400`` and the reason in ``errors[].message``: an
operator the app's access does not include ("Reference to invalid operator 'filter'. Operator is
not available in current product or product packaging.", as logged by projects moving to X's
pay-per-use tier), a query over its length, a malformed one. The source raised it out of the
whole poll: the other queries and the mentions timeline, read before or after it, were never
delivered, at every poll, for as long as the query stayed in the config; and the line named no
query. Now that stream is skipped with one warning line naming the query and X's reason
(counted in ``socialops_mentions_skipped_total``), the other streams are read and their cursors
kept; a source whose every stream is refused still fails its poll, in X's words. From a review
of the X source (2026-12-07); the first test failed before the fix."""

from __future__ import annotations

import httpx
import pytest
from aiohttp import web

from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import Refused, XSource
from tests.conftest import FakeClock
from tests.support.fake_x import USER_ID, FakeX, stream_cursors
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

SEARCH = "/2/tweets/search/recent"
BAD = "acme filter:replies"
REFUSAL = {"errors": [{"parameters": {"query": [BAD]}, "message": (
    "There were errors processing your request: Reference to invalid operator 'filter'. "
    "Operator is not available in current product or product packaging.")}],
    "title": "Invalid Request", "detail": "One or more parameters to your request was invalid.",
    "type": "https://api.twitter.com/2/problems/invalid-request"}


def serve(net: NetServer, world: FakeX) -> None:
    async def search(request: web.Request) -> web.Response:
        if request.query["query"] == BAD:
            return web.json_response(REFUSAL, status=400)
        fields = set(request.query.get("tweet.fields", "").split(","))
        data = [{**world.item(t, fields), "author_id": "42"} for t in reversed(world.tweets)]
        return web.json_response({
            "data": data, "includes": {"users": [{"id": "42", "username": "waiter"}]},
            "meta": {"result_count": len(data), "newest_id": data[0]["id"]}})

    net.handler("GET", SEARCH, search)


def config(net: NetServer, queries: tuple[str, ...]) -> XSourceConfig:
    return XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                         user_id=USER_ID, queries=queries, timeout=2.0)


async def test_a_query_x_refuses_leaves_the_other_queries_read(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        tweet = world.add("acme ate my refund again")
        serve(net, world)
        store = Cursors()
        source = XSource(config(net, (BAD, "acme refund")), store=store, client=client,
                         clock=clock)
        mentions = await source.poll()
    assert [m.id for m in mentions] == [f"x:{tweet['id']}"]
    assert stream_cursors(store) == {"search:acme refund": tweet["id"]}
    [said] = [str(s) for s in source.skipped]
    assert BAD in said and "Operator is not available" in said and "queries" in said, said


async def test_a_source_whose_every_query_is_refused_fails_its_poll(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        serve(net, FakeX(net, clock=clock))
        source = XSource(config(net, (BAD,)), store=Cursors(), client=client, clock=clock)
        with pytest.raises(Refused, match="Operator is not available"):
            await source.poll()


