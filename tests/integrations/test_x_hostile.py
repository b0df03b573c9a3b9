"""What X sends beside good tweets, over real HTTP (a local server answering the recorded search
page): a stream answered with ``200`` and only ``errors`` (X's "404 in a 200", here the
mentions timeline of an account X no longer shows), and a reply whose reference has no id."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from aiohttp import web

from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.support.fake_x import stream_cursors
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

X = Path(__file__).parents[1] / "fixtures" / "real" / "x"
USER = "783214"
# X's problem for a user it cannot find (api.twitter.com/2/problems/resource-not-found), as the
# v2 API answers it in a 200
NOT_FOUND = {"errors": [{
    "value": USER, "detail": f"Could not find user with id: [{USER}].",
    "title": "Not Found Error", "resource_type": "user", "parameter": "id",
    "resource_id": USER, "type": "https://api.twitter.com/2/problems/resource-not-found"}]}


def search_page() -> dict[str, Any]:
    page = json.loads((X / "search_recent_tweets.json").read_text(encoding="utf-8"))
    del page["meta"]["next_token"]  # one page
    return dict(page)


def source(net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
           cursors: Cursors) -> XSource:
    config = XSourceConfig(id="x1", type="x", base_url=net.url("/"), bearer_token="app",
                           user_token="user", user_id=USER, queries=("Tweepy",),
                           mentions=True, timeout=2.0)
    return XSource(config, store=cursors, client=client, clock=clock)


async def test_a_stream_answered_with_errors_only_keeps_the_other_streams(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The poll raised on the mentions page, at every poll: the search's ten tweets were read
    and dropped each time, and no cursor was written."""
    net.json("GET", "/2/tweets/search/recent", search_page())
    net.json("GET", f"/2/users/{USER}/mentions", NOT_FOUND)
    cursors = Cursors()
    src = source(net, client, clock, cursors)
    got = await src.poll()
    assert len(got) == 10
    assert stream_cursors(cursors) == {"search:Tweepy": "1578516068309794817"}
    assert len(src.skipped) == 1 and src.skipped.total == 1
    assert "Could not find user" in src.skipped[0]
    assert src.skipped[0].endswith(f"/2/users/{USER}/mentions read no further this poll")
    # the stream is asked again next poll, from where it was
    await src.poll()
    assert len(net.requests_to(f"/2/users/{USER}/mentions")) == 2


async def test_a_reply_whose_reference_has_no_id_answers_nothing(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """It answered the post "None": with no conversation_id, every such reply was one
    conversation (one customer's open ticket took them all)."""
    page = search_page()
    first, second = page["data"][0], page["data"][1]
    first["referenced_tweets"] = [{"type": "replied_to"}]
    second["referenced_tweets"] = [{"type": "replied_to", "id": None}]
    third = copy.deepcopy(page["data"][2])
    third["referenced_tweets"] = [{"type": "replied_to", "id": "1578511538419212288"}]
    page["data"][2] = third
    net.json("GET", "/2/tweets/search/recent", page)
    net.json("GET", f"/2/users/{USER}/mentions", {"meta": {"result_count": 0}})
    got = {m.native_id: m for m in await source(net, client, clock, Cursors()).poll()}
    assert got[first["id"]].reply_to is None and got[second["id"]].reply_to is None
    assert got[first["id"]].conversation_key == f"x:{first['id']}"
    assert got[third["id"]].reply_to == "1578511538419212288"


FUTURE_ID = "9223372036854775807"  # the largest snowflake: made in 2079


async def test_a_newest_id_dated_past_the_clock_moves_no_cursor(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """X's newest_id became the cursor as sent: one dated years ahead was the since_id of every
    later poll, which nothing newer can pass (each tweet has a smaller id): the stream silent
    for good. Such an id moves no cursor (one warning line, one count), and a stored one is
    ignored, as Mastodon's are."""
    page = search_page()
    page["meta"]["newest_id"] = FUTURE_ID
    net.json("GET", "/2/tweets/search/recent", page)
    net.json("GET", f"/2/users/{USER}/mentions", {"meta": {"result_count": 0}})
    cursors = Cursors()
    src = source(net, client, clock, cursors)
    assert len(await src.poll()) == 10
    assert "search:Tweepy" not in json.loads(cursors.values["x1"])
    assert src.skipped[-1] == (f"x: newest_id {FUTURE_ID} of /2/tweets/search/recent is dated "
                               "past our clock: the cursor stays")
    await cursors.set_cursor("x1", json.dumps({"search:Tweepy": FUTURE_ID}))
    await src.poll()
    asked = net.requests_to("/2/tweets/search/recent")[-1]
    assert asked.q("since_id") is None and asked.q("start_time") == "2026-11-23T08:00:00Z"


class Flood:
    """Recent search as X pages it: newest first, 100 a page, ``next_token`` to the next page,
    ``since_id`` or ``start_time`` bounding the walk (every page of a walk repeats them)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.tweets: list[dict[str, Any]] = []  # oldest first

    def add(self, n: int) -> None:
        at = self.clock.now - timedelta(minutes=50) + timedelta(seconds=n)
        snowflake = (int(at.timestamp() * 1000) - 1288834974657) << 22
        self.tweets.append({"id": str(snowflake), "text": f"acme flood {n}",
                            "created_at": at.isoformat().replace("+00:00", "Z")})

    async def __call__(self, request: web.Request) -> web.Response:
        q = request.query
        tweets = self.tweets[::-1]
        if "since_id" in q:
            tweets = [t for t in tweets if int(t["id"]) > int(q["since_id"])]
        elif "start_time" in q:
            tweets = [t for t in tweets if t["created_at"] >= q["start_time"]]
        start = int(q.get("next_token", "0"))
        page = tweets[start:start + 100]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta["newest_id"] = page[0]["id"]
        if start + 100 < len(tweets):
            meta["next_token"] = str(start + 100)
        return web.json_response({"data": page, "meta": meta} if page else {"meta": meta})


async def test_more_new_tweets_than_a_poll_reads_are_read_by_the_next_poll(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A poll reads 10 pages of 100, newest first, back to the since_id. With more new tweets
    than that (a flood of them matching a query) the cursor moved to the newest and the tweets
    between were never read: 1,050 new tweets, 50 lost, though the docs said the rest comes
    next poll. The next poll goes on from the page the last one stopped at."""
    flood = Flood(clock)
    flood.add(0)
    net.handler("GET", "/2/tweets/search/recent", flood)
    net.json("GET", f"/2/users/{USER}/mentions", {"meta": {"result_count": 0}})
    cursors = Cursors()
    src = source(net, client, clock, cursors)
    assert [m.text for m in await src.poll()] == ["acme flood 0"]
    for n in range(1, 1051):
        flood.add(n)
    first = await src.poll()
    assert len(first) == 1000
    assert json.loads(cursors.values["x1"])["search:Tweepy"] == flood.tweets[0]["id"]
    second = await src.poll()
    assert sorted(int(m.text.rsplit(" ", 1)[1]) for m in (*first, *second)) == list(
        range(1, 1051))
    assert stream_cursors(cursors) == {"search:Tweepy": flood.tweets[-1]["id"]}
    flood.add(2000)
    assert [m.text for m in await src.poll()] == ["acme flood 2000"]


async def test_a_page_the_last_poll_stopped_at_that_is_refused_starts_from_the_newest(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    flood = Flood(clock)
    for n in range(3):
        flood.add(n)

    async def refusing_stale(request: web.Request) -> web.Response:
        if request.query.get("next_token") == "stale":
            return web.json_response({"title": "Invalid Request", "status": 400,
                                      "detail": "next_token is invalid"}, status=400)
        return await flood(request)

    net.handler("GET", "/2/tweets/search/recent", refusing_stale)
    net.json("GET", f"/2/users/{USER}/mentions", {"meta": {"result_count": 0}})
    cursors = Cursors()
    await cursors.set_cursor("x1", json.dumps({
        "search:Tweepy": flood.tweets[0]["id"], "search:Tweepy#backlog": {
            "page": "stale", "bounds": {"since_id": flood.tweets[0]["id"]},
            "newest": flood.tweets[0]["id"]}}))
    src = source(net, client, clock, cursors)
    assert sorted(m.text for m in await src.poll()) == ["acme flood 1", "acme flood 2"]
    assert len(src.skipped) == 1 and "refused the page the last poll stopped at" in \
        src.skipped[0]
    assert stream_cursors(cursors) == {"search:Tweepy": flood.tweets[-1]["id"]}


async def test_a_stored_page_over_the_byte_bound_is_not_asked_for(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A backlog page is bounded as a followed token is, in bytes as the request carries it:
    200 emoji are 200 characters but 800 bytes (3,200 in the URL)."""
    flood = Flood(clock)
    for n in range(3):
        flood.add(n)
    net.handler("GET", "/2/tweets/search/recent", flood)
    net.json("GET", f"/2/users/{USER}/mentions", {"meta": {"result_count": 0}})
    cursors = Cursors()
    await cursors.set_cursor("x1", json.dumps({
        "search:Tweepy": flood.tweets[0]["id"], "search:Tweepy#backlog": {
            "page": "\U0001f600" * 200, "bounds": {"since_id": flood.tweets[0]["id"]},
            "newest": flood.tweets[0]["id"]}}))
    src = source(net, client, clock, cursors)
    assert sorted(m.text for m in await src.poll()) == ["acme flood 1", "acme flood 2"]
    asked = [r.q("next_token") for r in net.requests_to("/2/tweets/search/recent")]
    assert asked == [None], asked


async def test_a_username_that_is_none_is_counted_and_addresses_by_id(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """An author's username is pasted into the tweet's address: "jack/status/20?" made the
    card open tweet 20. Such a username shapes no address (the tweet by id), with one warning
    line and one count in the source's skip log (``mentions_skipped_total``)."""
    page = search_page()
    author = "2244994945"
    page["data"][0]["author_id"] = page["data"][1]["author_id"] = author
    page["includes"] = {"users": [{"id": author, "username": "jack/status/20?", "name": "Dev"}]}
    net.json("GET", "/2/tweets/search/recent", page)
    net.json("GET", f"/2/users/{USER}/mentions", {"meta": {"result_count": 0}})
    src = source(net, client, clock, Cursors())
    got = {m.native_id: m for m in await src.poll()}
    first = page["data"][0]["id"]
    assert got[first].url == f"https://x.com/i/web/status/{first}"
    assert all("status/20" not in (m.url or "") for m in got.values())
    assert src.skipped.total == 2
    assert all(r.endswith("author's username 'jack/status/20?' is no X username; addressed by id")
               for r in src.skipped)
