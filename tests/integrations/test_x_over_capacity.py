"""X over capacity (503), and a 200 that holds only errors, on one of a source's streams.

X answers "503 Service Unavailable: The Twitter servers are up, but overloaded with requests.
Try again later", with error code 130 "Over capacity" (https://developer.x.com/en/docs/
twitter-api/v1/basics/response-codes), and a request it serves only in part with 200 and
``errors`` beside ``data`` ("partial errors"); one it cannot serve at all with 200, ``errors``
and no ``data``. A 503 on one query failed the source's whole poll: the mentions timeline, and
the queries read before it, were thrown away till X recovered, and a 503 on a walk's second page
threw its first away too, each poll it came. Now the stream alone is skipped, counted in
``socialops_mentions_skipped_total`` with one warning line, its cursor unmoved; a walk cut short
is delivered so far and goes on from the page X refused at the next poll (its cursor moves to
the newest only then); a poll every stream of which X refused still fails. A 200 with errors, a
``meta`` and no ``data`` was an empty page, said nowhere. From a review of the X source
(2026-12-07); each test failed before the fix but the one marked."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.core.errors import SourceError
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.integrations.test_x_rate_limit_remaining import serve_mentions
from tests.integrations.test_x_rate_limited_mid_poll import SEARCH, config
from tests.support.fake_x import FakeX, stream_cursors
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

OVER_CAPACITY = {"errors": [{"message": "Over capacity", "code": 130}]}
NOT_FOUND = {"errors": [{"title": "Not Found Error", "detail": "Could not find the query's "
                         "results.", "type": "https://api.x.com/2/problems/resource-not-found"}]}


class Search:
    """Recent search over ``world``, ``per_page`` tweets a page, newest first, honouring
    ``since_id`` and ``start_time``, paged with ``next_token``. ``faults`` answer first, each
    once: by page (``""`` the first page, else its token)."""

    def __init__(self, net: NetServer, world: FakeX, per_page: int = 100) -> None:
        self.world, self.per_page = world, per_page
        self.faults: dict[str, list[web.Response]] = {}
        self.asked: list[tuple[str, str]] = []  # (query, page token)
        net.handler("GET", SEARCH, self.search)

    async def search(self, request: web.Request) -> web.Response:
        query, page = request.query["query"], request.query.get("next_token", "")
        self.asked.append((query, page))
        if self.faults.get(page):
            return self.faults[page].pop(0)
        since = request.query.get("since_id")
        fields = set(request.query.get("tweet.fields", "").split(","))
        found = [t for t in reversed(self.world.tweets) if query in t["sent"]
                 and (since is None or int(t["id"]) > int(since))]
        at = int(page or 0)
        data = [{**self.world.item(t, fields), "author_id": "42"}
                for t in found[at:at + self.per_page]]
        meta: dict[str, Any] = {"result_count": len(data)}
        if data:
            meta["newest_id"] = data[0]["id"]
        if at + self.per_page < len(found):
            meta["next_token"] = str(at + self.per_page)
        body: dict[str, Any] = {"meta": meta}
        if data:
            body.update(data=data, includes={"users": [{"id": "42", "username": "waiter"}]})
        return web.json_response(body)


def unavailable() -> web.Response:
    return web.json_response(OVER_CAPACITY, status=503)


async def test_over_capacity_on_one_query_leaves_the_other_streams_read(
        client: httpx.AsyncClient, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        outage = world.add("acme is down again")
        refund = world.add("still no refund")
        question = world.add("@acmesupport hello?")
        search = Search(net, world)
        serve_mentions(net, world)
        search.faults[""] = [unavailable()]  # the first query's request
        store = Cursors()
        cfg = config(net).model_copy(update={"mentions": True})
        source = XSource(cfg, store=store, client=client, clock=clock)
        caplog.set_level(logging.INFO, logger="integrations.social.x.source")
        got = await source.poll()
        assert {m.id for m in got} == {f"x:{refund['id']}", f"x:{question['id']}"}
        assert "search:acme" not in stream_cursors(store)  # read again next poll
        assert len(source.skipped) == 1 and "Over capacity" in source.skipped[0]
        said = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(said) == 1 and "503" in said[0].getMessage(), said
        again = await source.poll()  # "acme" is read: it finds @acmesupport too
        assert {m.id for m in again} == {f"x:{outage['id']}", f"x:{question['id']}"}


async def test_over_capacity_on_a_walks_second_page_keeps_the_first_and_the_rest(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        tweets = [world.add(f"acme outage report {n}") for n in range(5)]
        search = Search(net, world, per_page=2)
        search.faults["2"] = [unavailable()]
        store = Cursors()
        cfg = config(net).model_copy(update={"queries": ("acme",)})
        source = XSource(cfg, store=store, client=client, clock=clock)
        first = await source.poll()
        assert {m.id for m in first} == {f"x:{t['id']}" for t in tweets[3:]}
        kept = stream_cursors(store)
        # not moved past what the walk did not read: it goes on from the page refused
        assert "search:acme" not in kept and kept["search:acme#backlog"]["page"] == "2"
        assert len(source.skipped) == 1
        rest = await source.poll()
        assert {m.id for m in rest} == {f"x:{t['id']}" for t in tweets[:3]}
        assert stream_cursors(store) == {"search:acme": tweets[-1]["id"]}
        assert search.asked == [("acme", ""), ("acme", "2"), ("acme", "2"), ("acme", "4")]


async def test_over_capacity_on_every_stream_fails_the_poll(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Passed before the fix too (the poll failed at the first 503): what source health counts
    and alerts on stays a failed poll when nothing of the source could be read."""
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.add("acme is down again")
        search = Search(net, world)
        search.faults[""] = [unavailable(), unavailable()]
        store = Cursors()
        source = XSource(config(net), store=store, client=client, clock=clock)
        with pytest.raises(SourceError, match="503"):
            await source.poll()
        assert store.writes == 0


async def test_a_200_of_errors_with_a_meta_and_no_data_is_said_and_moves_no_cursor(
        client: httpx.AsyncClient, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.add("acme is down again")
        refund = world.add("still no refund")
        search = Search(net, world)
        search.faults[""] = [web.json_response({**NOT_FOUND, "meta": {"result_count": 0}})]
        store = Cursors()
        source = XSource(config(net), store=store, client=client, clock=clock)
        caplog.set_level(logging.INFO, logger="integrations.social.x.source")
        got = await source.poll()
        assert [m.id for m in got] == [f"x:{refund['id']}"]
        assert "search:acme" not in stream_cursors(store)
        assert len(source.skipped) == 1 and "Could not find" in source.skipped[0]
        said = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(said) == 1, said


async def test_a_200_of_errors_on_a_walks_second_page_goes_on_from_that_page(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        tweets = [world.add(f"acme outage report {n}") for n in range(3)]
        search = Search(net, world, per_page=2)
        search.faults["2"] = [web.json_response(NOT_FOUND)]
        store = Cursors()
        cfg = config(net).model_copy(update={"queries": ("acme",)})
        source = XSource(cfg, store=store, client=client, clock=clock)
        first = await source.poll()
        assert {m.id for m in first} == {f"x:{t['id']}" for t in tweets[1:]}
        assert "search:acme" not in stream_cursors(store)
        assert len(source.skipped) == 1
        rest = await source.poll()
        assert [m.id for m in rest] == [f"x:{tweets[0]['id']}"]
        assert stream_cursors(store) == {"search:acme": tweets[-1]["id"]}
