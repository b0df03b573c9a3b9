"""A retweet of a post made before the stream began is a mention now, over real HTTP against a
local recent search that honours ``since_id`` and ``start_time`` as X does.

A retweet's own id is new, past the stream's ``since_id``; the post it shares was left out when
its id was at or before that ``since_id``, taken for a post the stream read when it was posted
(test_x_retweets: read again days later, it was a second card). A post made before the stream
began was never read: a complaint of last month, retweeted today to the brand's followers, was
left out, counted as "read by an earlier poll", and no one saw it. Now it is read, once (its
next retweets are left out, across a restart too); a post the stream read is left out as
before. From a review of the X source (2026-12-07); the first test failed before the fix."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from aiohttp import web

from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.integrations.test_x_retweets import COMPLAINT, config
from tests.support.fake_x import USER_ID, FakeX
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

SEARCH = "/2/tweets/search/recent"


def serve_search(net: NetServer, world: FakeX) -> None:
    """Recent search over ``world``: the tweets past ``since_id`` (else made since
    ``start_time``), newest first, retweets by @fan of posts by @waiter, each post whole in
    ``includes.tweets``."""

    async def search(request: web.Request) -> web.Response:
        fields = set(request.query.get("tweet.fields", "").split(","))
        expansions = set(request.query.get("expansions", "").split(","))
        since, start = request.query.get("since_id"), request.query.get("start_time")
        begin = (datetime.strptime(start, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
                 if start else None)
        found = [t for t in reversed(world.tweets)
                 if (since is None or int(t["id"]) > int(since))
                 and (begin is None or t["created_at"] >= begin)]
        data = [{**world.item(t, fields), "author_id": "7" if t.get("retweet_of") else "42"}
                for t in found]
        body: dict[str, Any] = {"meta": {"result_count": len(data)}}
        if data:
            body["data"] = data
            body["meta"]["newest_id"] = data[0]["id"]
            body["includes"] = {"users": [
                {"id": "42", "username": "waiter"}, {"id": "7", "username": "fan"},
                {"id": USER_ID, "username": "acmesupport"}]}
            if shared := world.referenced(data, fields, expansions):
                body["includes"]["tweets"] = [{**t, "author_id": "42"} for t in shared]
        return web.json_response(body)

    net.handler("GET", SEARCH, search)


async def test_a_retweet_of_a_post_older_than_the_stream_is_read_once(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        old = world.add(COMPLAINT, at=clock() - timedelta(days=30))
        world.add("@acmesupport hello")
        serve_search(net, world)
        store = Cursors()
        source = XSource(config(net), store=store, client=client, clock=clock)
        assert [m.text for m in await source.poll()] == ["@acmesupport hello"]
        clock.advance(hours=2)
        world.retweet(old, author="waiter")
        [mention] = await source.poll()
        assert mention.id == f"x:{old['id']}" and mention.text == COMPLAINT
        assert mention.author.handle == "waiter"
        # retweeted again days later, past the pipeline's dedup, in another process
        clock.advance(hours=80)
        world.retweet(old, author="waiter")
        again = XSource(config(net), store=store, client=client, clock=clock)
        assert await again.poll() == []
        assert any("retweet" in s for s in again.skipped), list(again.skipped)
    kept = json.loads(store.values["x1"])["search:@acmesupport#retweets"]
    assert kept["read"] == [old["id"]]


async def test_a_retweet_of_a_post_the_stream_read_is_still_left_out(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        read = world.add(COMPLAINT)
        serve_search(net, world)
        source = XSource(config(net), store=Cursors(), client=client, clock=clock)
        assert [m.id for m in await source.poll()] == [f"x:{read['id']}"]
        clock.advance(hours=80)
        world.retweet(read, author="waiter")
        assert await source.poll() == []
        assert any("retweet" in s for s in source.skipped), list(source.skipped)


async def test_a_cursor_of_a_release_before_leaves_every_older_post_out(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    """When a stream saved by a release before began is not known: a post at or before its
    since_id may have been read, so it is left out, as before."""
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        old = world.add(COMPLAINT, at=clock() - timedelta(days=30))
        hello = world.add("@acmesupport hello")
        serve_search(net, world)
        store = Cursors()
        store.values["x1"] = json.dumps({"search:@acmesupport": hello["id"]})
        world.retweet(old, author="waiter")
        source = XSource(config(net), store=store, client=client, clock=clock)
        assert await source.poll() == []
        assert "search:@acmesupport#retweets" not in json.loads(store.values["x1"])
