"""One stream of an X source that X does not answer: the others are read, and source health is
told which one (``failing_parts``).

X's per-stream failures were handled one by one (a 429 pausing its endpoint, a 503 skipping
its stream, a query X refuses); three were left (a review of the X source, 2026-12-07):

* a timeout (or a dropped connection) on one stream failed the source's whole poll: the other
  streams' tweets were thrown away and read (and, on X's pay-per-use plans, paid) again the
  next poll, and a query whose search keeps timing out hid every other stream for good;
* a 503 (or a timeout, or a 429) of the read that follows X's refusal of a stale ``since_id``
  (recent search reaches back 7 days, docs.x.com "Search Posts") failed the whole poll too;
* a stream failing every poll, the others read, was said in the log and counted as a skip
  only: X's source had no ``failing_parts``, which the Reddit, RSS and Mastodon sources give
  source health so it alerts on one part that keeps failing ("A feed of x1 is failing").

Each test failed before the fix."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from bot.core.errors import SourceError
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.integrations.test_x_over_capacity import OVER_CAPACITY, Search
from tests.integrations.test_x_rate_limit_remaining import serve_mentions
from tests.integrations.test_x_stale_since_id import RecentSearch
from tests.support.clock import FakeClock as Clock
from tests.support.fake_x import USER_ID, FakeX, stream_cursors
from tests.support.fakes import Cursors
from tests.support.netserver import Fault, NetServer

SEARCH = "/2/tweets/search/recent"
MENTIONS = f"/2/users/{USER_ID}/mentions"


def config(net: NetServer, *queries: str, mentions: bool = True) -> XSourceConfig:
    # a short timeout: the server's delay outlasts it, whatever the machine's speed
    return XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                         user_id=USER_ID, queries=queries, mentions=mentions, timeout=0.3)


async def test_a_timeout_on_one_query_leaves_the_other_streams_read(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        outage = world.add("acme is down again")
        refund = world.add("still no refund")
        question = world.add("@acmesupport hello?")
        Search(net, world)
        serve_mentions(net, world)
        net.fault("GET", SEARCH, Fault.delay(2.0))  # the first query's request times out
        store = Cursors()
        source = XSource(config(net, "acme", "refund"), store=store, client=client,
                         clock=clock)
        got = await source.poll()
        assert {m.id for m in got} == {f"x:{refund['id']}", f"x:{question['id']}"}
        kept = stream_cursors(store)
        assert "search:acme" not in kept  # not moved: read next poll
        assert kept["search:refund"] == refund["id"]
        [said] = source.skipped
        assert "timed out" in said and "not read this poll" in said
        assert set(source.failing_parts()) == {"search:acme"}
        again = await source.poll()  # "acme" is read: it finds @acmesupport too
        assert {m.id for m in again} == {f"x:{outage['id']}", f"x:{question['id']}"}
        assert source.failing_parts() == {}


async def test_a_timeout_on_every_stream_still_fails_the_poll(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.add("acme is down again")
        Search(net, world)
        net.fault("GET", SEARCH, Fault.delay(2.0))
        store = Cursors()
        source = XSource(config(net, "acme", mentions=False), store=store, client=client,
                         clock=clock)
        with pytest.raises(SourceError, match="timed out"):
            await source.poll()
        assert store.writes == 0
        assert set(source.failing_parts()) == {"search:acme"}


async def test_a_503_on_the_read_after_a_stale_since_id_skips_that_stream_alone(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        search = RecentSearch(clock)
        net.handler("GET", SEARCH, search)
        # the mentions timeline has no 7-day reach: its server's clock stands still
        mentions = RecentSearch(Clock(clock()))
        net.handler("GET", MENTIONS, mentions)
        cfg = config(net, "acme").model_copy(update={"timeout": 2.0})
        store = Cursors()
        search.add(clock() - timedelta(minutes=5), "acme is down again")
        mentions.add(clock() - timedelta(minutes=5), "@acmesupport hi")
        await XSource(cfg, store=store, client=client, clock=clock).poll()
        stale = stream_cursors(store)["search:acme"]
        clock.advance(days=8)  # a quiet week: X refuses the query's since_id
        late = search.add(clock() - timedelta(minutes=1), "acme support never answers")
        mentions.add(clock() - timedelta(minutes=1), "@acmesupport hello?")
        # the refusal passes (400), and the read from what X still holds meets a 503
        net.fault("GET", SEARCH, Fault.delay(0), Fault.http(503, None, OVER_CAPACITY))
        source = XSource(cfg, store=store, client=client, clock=clock)
        got = await source.poll()
        assert [m.text for m in got] == ["@acmesupport hello?"]
        assert stream_cursors(store)["search:acme"] == stale  # nothing past it was read
        assert any("503" in s and "not read this poll" in s for s in source.skipped)
        assert set(source.failing_parts()) == {"search:acme"}
        again = await source.poll()
        assert [m.id for m in again] == [f"x:{late}"]
        assert stream_cursors(store)["search:acme"] == late
        assert source.failing_parts() == {}


async def test_a_query_refused_and_one_over_capacity_are_both_failing_parts(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    """What source health alerts on: each stream that read nothing this poll, with why (the
    runtime's ``record_poll`` reads ``failing_parts`` after each poll, failed or not)."""
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        question = world.add("@acmesupport hello?")
        Search(net, world)
        serve_mentions(net, world)
        net.fault("GET", SEARCH, Fault.http(400, None, {
            "title": "Invalid Request", "detail": "One or more parameters to your request was "
            "invalid.", "errors": [{"message": "There were errors processing your request: "
                                    "Reference to invalid operator 'place_country'"}]}),
                  Fault.http(503, None, OVER_CAPACITY))
        source = XSource(config(net, "place_country:XX acme", "refund"), store=Cursors(),
                         client=client, clock=clock)
        got = await source.poll()
        assert [m.id for m in got] == [f"x:{question['id']}"]
        failing = source.failing_parts()
        assert set(failing) == {"search:place_country:XX acme", "search:refund"}
        assert "place_country" in failing["search:place_country:XX acme"]
        assert "503" in failing["search:refund"]
