"""The X source and publisher over real HTTP against a local server replaying tweepy's
recorded v2 pages (tests/fixtures/real/x) with their rate-limit headers."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.core.errors import (
    MalformedPayload,
    PublishError,
    PublishUncertain,
    RateLimited,
    SourceAuthError,
    SourceError,
)
from integrations.social.x.config import XSourceConfig
from integrations.social.x.parse import snowflake_time
from integrations.social.x.source import XPublisher, XSource, _reset_after
from tests.conftest import FakeClock
from tests.support.fake_x import USER_ID as WIRE_USER
from tests.support.fake_x import FakeX as WireX
from tests.support.fake_x import stream_cursors
from tests.support.fakes import Cursors
from tests.support.netserver import Fault, NetServer

X = Path(__file__).parents[1] / "fixtures" / "real" / "x"


def fixture(name: str) -> tuple[Any, dict[str, str]]:
    meta_path = X / name.replace(".json", ".meta.json")
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {"headers": {}}
    return json.loads((X / name).read_text(encoding="utf-8")), meta["headers"]


@dataclass
class FakeX:
    requests: list[tuple[str, dict[str, str], Any]] = field(default_factory=list)
    faults: list[web.Response | str] = field(default_factory=list)
    posted: list[dict[str, Any]] = field(default_factory=list)
    # the next_token every search page answers, when set (a hostile or broken server)
    next_token: str | None = None
    own_next_token: str | None = None  # the same, for every page of the account's tweets
    # created_at of the search page's tweets, newest first, when set (the recording has none)
    search_dated: list[str] | None = None
    # ids of the search page's tweets put in place of the recorded ones, by position
    search_ids: dict[int, str] = field(default_factory=dict)
    made: list[str] = field(default_factory=list)  # each posted tweet's created_at
    server: TestServer | None = None

    # the Authorization header of every request, in order
    auth: list[str] = field(default_factory=list)

    def record(self, request: web.Request, body: Any = None) -> web.Response | str | None:
        self.requests.append((request.path, dict(request.query), body))
        self.auth.append(request.headers.get("Authorization", ""))
        return self.faults.pop(0) if self.faults else None

    async def search(self, request: web.Request) -> web.Response:
        if (fault := self.record(request)) is not None:
            assert isinstance(fault, web.Response)
            return fault
        payload, headers = fixture("search_recent_tweets.json")
        for tweet, made in zip(payload["data"], self.search_dated or (), strict=False):
            tweet["created_at"] = made
        for at, tweet_id in self.search_ids.items():
            payload["data"][at]["id"] = tweet_id
        if self.next_token is not None:
            payload["meta"]["next_token"] = self.next_token
        elif "next_token" in request.query:  # the second and last page
            payload = {"meta": {"result_count": 0}}
        return web.json_response(payload, headers={k: v for k, v in headers.items()
                                                   if k.startswith("x-rate")})

    async def mentions(self, request: web.Request) -> web.Response:
        self.record(request)
        if "next_token" in request.query:  # the timelines page with pagination_token only
            return web.json_response({"errors": [{
                "parameters": {"next_token": [request.query["next_token"]]},
                "message": "The query parameters [next_token] is not one of [id,since_id,"
                           "until_id,max_results,pagination_token,start_time,end_time,"
                           "expansions,tweet.fields,user.fields]"}],
                "title": "Invalid Request", "detail": "One or more parameters to your request "
                "was invalid.", "type": "https://api.twitter.com/2/problems/invalid-request"},
                status=400)
        if "pagination_token" in request.query:  # the second and last page
            return web.json_response({"meta": {"result_count": 0}})
        payload, _ = fixture("user_mentions_timeline_page.json")
        return web.json_response(payload)

    async def post(self, request: web.Request) -> web.Response:
        body = await request.json()
        fault = self.record(request, body)
        if isinstance(fault, web.Response):
            return fault
        self.posted.append(body)  # it lands even when the answer is lost
        self.made.append(f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%S.000Z}")
        if fault == "lose-answer":
            return web.Response(status=503)
        tid = str(1456012973835788293 + len(self.posted))
        return web.json_response({"data": {"id": tid, "text": body["text"]}}, status=201)

    async def own_tweets(self, request: web.Request) -> web.Response:
        if isinstance(fault := self.record(request), web.Response):
            return fault
        data = [{"id": str(1456012973835788293 + i + 1), "text": p["text"].replace("&", "&amp;"),
                 "created_at": self.made[i],
                 "referenced_tweets": [{"type": "replied_to",
                                        "id": p.get("reply", {}).get("in_reply_to_tweet_id")}]}
                for i, p in enumerate(self.posted)]
        meta: dict[str, Any] = {"result_count": len(data)}
        if self.own_next_token is not None:
            meta["next_token"] = self.own_next_token
        return web.json_response({"data": data[::-1], "meta": meta})


@pytest.fixture
async def fake_x() -> AsyncIterator[FakeX]:
    fx = FakeX()
    app = web.Application()
    app.router.add_get("/2/tweets/search/recent", fx.search)
    app.router.add_get("/2/users/{id}/mentions", fx.mentions)
    app.router.add_get("/2/users/{id}/tweets", fx.own_tweets)
    app.router.add_post("/2/tweets", fx.post)
    fx.server = TestServer(app, host="127.0.0.1", port=0)
    await fx.server.start_server()
    yield fx
    await fx.server.close()


def config(fx: FakeX, **kw: Any) -> XSourceConfig:
    assert fx.server is not None
    return XSourceConfig(id="x1", type="x", base_url=str(fx.server.make_url("/")),
                         bearer_token="app", user_token="user", user_id="783214",
                         queries=("Tweepy",), timeout=2.0, **kw)


async def test_search_and_mentions_page_back_and_keep_since_id(
        fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock) -> None:
    cursors = Cursors()
    src = XSource(config(fake_x, mentions=True), store=cursors, client=client, clock=clock)
    got = await src.poll()
    assert len(got) == 20  # 10 from search, 10 mentions
    first = fake_x.requests[0][1]
    assert first["query"] == "Tweepy" and first["max_results"] == "100"
    assert first["start_time"] == "2026-11-23T08:00:00Z" and "since_id" not in first
    assert "referenced_tweets" in first["tweet.fields"]
    assert first["expansions"] == ("author_id,referenced_tweets.id,"
                                   "referenced_tweets.id.author_id")
    assert fake_x.requests[1][1]["next_token"] == "b26v89c19zqg8o3fpzbn1e0ffhxjiofzw6po136rvbnul"
    assert stream_cursors(cursors) == {"search:Tweepy": "1578516068309794817",
                                       "mentions": "1578516295611748353"}
    fake_x.requests.clear()
    await XSource(config(fake_x, mentions=True), store=cursors, client=client,
                  clock=clock).poll()
    assert fake_x.requests[0][1]["since_id"] == "1578516068309794817"
    assert fake_x.requests[-1][1]["since_id"] == "1578516295611748353"


async def test_a_server_that_ignores_since_id_delivers_nothing_again_and_stops_its_walk(
        fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """This server answers the same page whatever ``since_id`` says (a proxy or an
    X-compatible server that ignores it), with a ``next_token`` every time: the second poll
    returned the first poll's ten tweets again, which dedup forgets after its window while
    recent search reaches back 7 days, and walked ``MAX_PAGES`` pages of them into a backlog
    for the next poll. Tweets at or before ``since_id`` are left out and counted, and the
    walk stops at the first page that holds one (newest first: the rest is older)."""
    cursors = Cursors()
    first = await XSource(config(fake_x), store=cursors, client=client, clock=clock).poll()
    assert len(first) == 10
    fake_x.requests.clear()
    fake_x.next_token = "more"
    src = XSource(config(fake_x), store=cursors, client=client, clock=clock)
    assert await src.poll() == []
    assert len(fake_x.requests) == 1 and fake_x.requests[0][1]["since_id"]
    assert src.skipped.total == 10  # socialops_mentions_skipped_total
    assert src.skipped == ["x: /2/tweets/search/recent answered 10 tweet(s) at or before its "
                           "since_id: left out, the walk stops there"]
    assert stream_cursors(cursors) == {"search:Tweepy": "1578516068309794817"}


async def test_a_server_that_ignores_start_time_delivers_no_tweet_older_than_the_backfill(
        fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The first poll asks for ``start_time = now - backfill`` (08:00 here). This server
    ignores it (a proxy or an X-compatible one) and answers a week of recent search, with a
    ``next_token`` every time: tweets of days before were alerted on the first day, and walked
    ``MAX_PAGES`` pages into a backlog. Tweets whose ``created_at`` is before ``start_time``
    are left out and counted, and the walk stops there (newest first: the rest is older)."""
    fake_x.next_token = "more"
    fake_x.search_dated = (["2026-11-23T08:59:00.000Z", "2026-11-23T08:30:00.000Z",
                            "2026-11-23T08:00:00.000Z"]  # start_time is inclusive
                           + [f"2026-11-{22 - n:02d}T12:00:00.000Z" for n in range(7)])
    src = XSource(config(fake_x), store=Cursors(), client=client, clock=clock)
    got = await src.poll()
    assert sorted(m.created_at.strftime("%d %H:%M") for m in got) == ["23 08:00", "23 08:30",
                                                                       "23 08:59"]
    assert len(fake_x.requests) == 1 and fake_x.requests[0][1]["start_time"] == \
        "2026-11-23T08:00:00Z"
    assert src.skipped.total == 7  # socialops_mentions_skipped_total
    assert src.skipped == ["x: /2/tweets/search/recent answered 7 tweet(s) made before its "
                           "start_time 2026-11-23T08:00:00Z: left out, the walk stops there"]


async def test_one_tweet_out_of_place_is_left_out_alone_and_the_walk_goes_on(
        fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """One tweet dated before ``start_time`` (or at or before ``since_id``) among newer ones
    is a damaged one, not the history a server that ignores the bound answers (that ends the
    page, newest first): the walk stopped at it, and every tweet of the pages after it was
    never read, while the cursor moved past them. It is left out and counted alone, and the
    walk goes on to the next page."""
    fake_x.search_dated = (["2026-11-23T08:59:00.000Z", "2006-03-21T20:50:14.000Z"]
                           + ["2026-11-23T08:30:00.000Z"] * 8)
    src = XSource(config(fake_x), store=Cursors(), client=client, clock=clock)
    got = await src.poll()
    assert len(got) == 9
    assert [q.get("next_token") is not None for _, q, _ in fake_x.requests] == [False, True]
    assert src.skipped == ["x: /2/tweets/search/recent answered 1 tweet(s) dated at or before "
                           "what it was asked for among newer ones (a damaged id or "
                           "created_at): left out"]
    # the same for an id at or before since_id, on a later poll
    cursors = Cursors()
    await XSource(config(fake_x), store=cursors, client=client, clock=clock).poll()
    fake_x.requests.clear()
    fake_x.search_dated = None
    fake_x.search_ids = {n: str(1578516068309794817 + 10 - n) for n in range(10)}
    fake_x.search_ids[3] = "20"
    src = XSource(config(fake_x), store=cursors, client=client, clock=clock)
    assert len(await src.poll()) == 9
    assert len(fake_x.requests) == 2 and src.skipped.total == 1


async def test_the_mentions_timeline_pages_with_pagination_token_and_the_same_credentials(
        fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """X's timelines take ``pagination_token`` (search takes ``next_token``) and answer 400 to
    the other (docs.x.com, "Pagination"); every page carries the stream's own token."""
    src = XSource(config(fake_x, mentions=True), store=Cursors(), client=client, clock=clock)
    await src.poll()
    timeline = [(q, a) for (path, q, _), a in zip(fake_x.requests, fake_x.auth, strict=True)
                if path.endswith("/mentions")]
    assert [q.get("pagination_token") for q, _ in timeline] == [
        None, "7140dibdnow9c7btw423i3sy3u5zupmkcpofxcsmxj48j"]
    assert all("next_token" not in q for q, _ in timeline)
    assert [a for _, a in timeline] == ["Bearer user", "Bearer user"]
    search = [a for (path, _, _), a in zip(fake_x.requests, fake_x.auth, strict=True)
              if path.endswith("/search/recent")]
    assert search == ["Bearer app", "Bearer app"]  # not the paging token as a credential


async def test_a_stored_cursor_that_is_no_tweet_id_is_ignored(
        fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    # saved from a page whose newest_id was "0x10": int() of it failed every poll after
    cursors = Cursors()
    cursors.values["x1"] = json.dumps({"search:Tweepy": "0x10"})
    got = await XSource(config(fake_x), store=cursors, client=client, clock=clock).poll()
    assert len(got) == 10
    assert "since_id" not in fake_x.requests[0][1] and "start_time" in fake_x.requests[0][1]
    assert stream_cursors(cursors) == {"search:Tweepy": "1578516068309794817"}
    assert "not a tweet id" in caplog.text


@pytest.mark.parametrize(("token", "pages", "why"), [
    ("b26v89c19zqg8o3fpzbn1e0ffhxjiofzw6po136rvbnul", 2,
     "'b26v89c19zqg8o3fpzbn1e0ffhxjiofzw6po136r' came back again"),
    ("7" * 100_000, 1, "is 100,000 bytes long (at most 512)"),
    # 200 characters, but 800 bytes in UTF-8, as a URL carries it (3,200 percent-encoded)
    ("\U0001f600" * 200, 1, "is 800 bytes long (at most 512)")])
async def test_a_next_token_that_repeats_or_is_absurdly_long_stops_paging(
        fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture, token: str, pages: int, why: str) -> None:
    """A server answering the token it was just given (every poll fetched MAX_PAGES copies of
    one page) or a 100 KB one (every poll failed on a URL the server refuses) ends the walk:
    one warning line, one count in the skip log, the tweets read so far kept, the cursor
    moved."""
    fake_x.next_token = token
    cursors = Cursors()
    src = XSource(config(fake_x), store=cursors, client=client, clock=clock)
    with caplog.at_level("WARNING"):
        got = await src.poll()
    assert len(got) == 10
    assert len(fake_x.requests) == pages
    assert all(len(q.get("next_token", "").encode()) <= 512 for _, q, _ in fake_x.requests)
    reason = (f"x: next_token of /2/tweets/search/recent {why}: paging stopped, what lies past "
              "that page is not read (the cursor moves to the newest)")
    assert list(src.skipped) == [reason] and src.skipped.total == 1  # type: ignore[attr-defined]
    assert [r.getMessage() for r in caplog.records] == [f"x source x1: {reason}"]
    assert stream_cursors(cursors) == {"search:Tweepy": "1578516068309794817"}


async def test_the_look_before_a_retry_stops_at_a_pagination_token_that_repeats(
        fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """The look pages the account's tweets with ``pagination_token``: the same one answered
    again ends it (it read LOOK_PAGES copies of one page), said in one warning line."""
    fake_x.own_next_token = "7140dibdnow9c7btw423hv9qw4l78it1roczd6anql1yu"
    pub = XPublisher(config(fake_x), client=client, clock=clock)
    with caplog.at_level("WARNING"):
        await pub.publish("Hello", reply_to=None, idempotency_key="A-5", maybe_published=True)
    looks = [q for path, q, _ in fake_x.requests if path.endswith("/tweets") and "users" in path]
    assert [q.get("pagination_token") for q in looks] == [None, fake_x.own_next_token]
    assert len(fake_x.posted) == 1
    assert [r.getMessage() for r in caplog.records] == [
        "x publisher x1: x: pagination_token of /2/users/783214/tweets '7140dibdnow9c7btw423hv9q"
        "w4l78it1roczd6an' came back again: paging stopped, the look reads no further"]


async def test_faults(fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = datetime.fromtimestamp(1665183000, tz=UTC)
    src = XSource(config(fake_x), store=Cursors(), client=client, clock=clock)
    body, _ = fixture("error_429_too_many_requests_observed.json")
    fake_x.faults = [
        web.json_response(body, status=429, headers={"x-rate-limit-remaining": "0",
                                                     "x-rate-limit-reset": "1665183229"}),
        web.json_response({"title": "Unauthorized", "status": 401}, status=401),
        web.Response(status=200, text='{"data": [', content_type="application/json"),
    ]
    with pytest.raises(RateLimited) as info:
        await src.poll()
    assert info.value.retry_after == 229
    clock.advance(seconds=230)  # search is not asked again before X's reset
    with pytest.raises(SourceAuthError):
        await src.poll()
    with pytest.raises(MalformedPayload):
        await src.poll()


async def test_publish_reply_body(fake_x: FakeX, client: httpx.AsyncClient,
                                  clock: FakeClock) -> None:
    pub = XPublisher(config(fake_x), client=client, clock=clock)
    result = await pub.publish("Thanks & sorry!", reply_to="x:1578516295611748353",
                               idempotency_key="A-1")
    assert fake_x.posted == [{"text": "Thanks & sorry!",
                              "reply": {"in_reply_to_tweet_id": "1578516295611748353"}}]
    assert result.id == "1456012973835788294"
    assert result.url and result.url.endswith("/status/1456012973835788294")


async def test_a_retried_publish_after_a_lost_answer_does_not_post_twice(
        fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock) -> None:
    pub = XPublisher(config(fake_x), client=client, clock=clock)
    # the post lands but its answer is lost, and so is the first look at our own tweets
    fake_x.faults = ["lose-answer", web.Response(status=503)]
    # unconfirmed: the approval tries again later with the same key, looking first (it failed
    # for good before, to be drafted again under another key)
    with pytest.raises(PublishUncertain):
        await pub.publish("We fixed it & shipped", reply_to="x:42", idempotency_key="A-2")
    again = await pub.publish("We fixed it & shipped", reply_to="x:42", idempotency_key="A-2")
    assert len(fake_x.posted) == 1
    assert again.id == "1456012973835788294"
    # and once known, the same key answers from memory
    assert (await pub.publish("We fixed it & shipped", reply_to="x:42",
                              idempotency_key="A-2")) == again
    assert len(fake_x.posted) == 1


async def test_an_answer_lost_once_is_recovered_in_the_same_call(
        fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock) -> None:
    pub = XPublisher(config(fake_x), client=client, clock=clock)
    fake_x.faults = ["lose-answer"]
    first = await pub.publish("Hello", reply_to=None, idempotency_key="A-4")
    assert len(fake_x.posted) == 1 and first.id == "1456012973835788294"


async def test_publish_refused_is_a_publish_error(
        fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock) -> None:
    pub = XPublisher(config(fake_x), client=client, clock=clock)
    fake_x.faults = [web.json_response({"title": "Unauthorized", "status": 401}, status=401)]
    with pytest.raises(PublishError, match="401"):
        await pub.publish("hi", reply_to=None, idempotency_key="A-3")


@pytest.fixture
async def x_net() -> AsyncIterator[tuple[NetServer, WireX]]:
    async with NetServer() as net:
        yield net, WireX(net)


def wire_config(net: NetServer) -> XSourceConfig:
    return XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                         user_token="user", user_id=WIRE_USER, timeout=2.0)


async def test_a_retry_after_a_crash_finds_the_earlier_tweet_whose_link_x_wrapped(
        x_net: tuple[NetServer, WireX], client: httpx.AsyncClient, clock: FakeClock) -> None:
    """X wraps every link in t.co: the look compares the text with its links unwrapped."""
    net, world = x_net
    text = "Fixed & deployed, details: https://status.acme.test/incidents/42-login-eu"
    first = await XPublisher(wire_config(net), client=client, clock=clock).publish(
        text, reply_to="x:42", idempotency_key="A-1")
    assert world.tweets[0]["text"] != text  # what X shows is the t.co form
    # the process died before recording the result; the next one may have posted: it looks
    again = await XPublisher(wire_config(net), client=client, clock=clock).publish(
        text, reply_to="x:42", idempotency_key="A-1", maybe_published=True)
    assert again == first and len(world.tweets) == 1


async def test_the_look_pages_back_past_what_the_account_posted_since(
        x_net: tuple[NetServer, WireX], client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Another process kept publishing during the lease: the earlier tweet is 150 deep."""
    net, world = x_net
    earlier = world.add("We are on it.", in_reply_to="42")
    for n in range(150):
        world.add(f"reply {n}", in_reply_to=str(n))
    found = await XPublisher(wire_config(net), client=client, clock=clock).publish(
        "We are on it.", reply_to="x:42", idempotency_key="A-1", maybe_published=True)
    assert found.id == earlier["id"] and len(world.tweets) == 151
    looks = net.requests_to(f"/2/users/{WIRE_USER}/tweets")
    assert [r.q("max_results") for r in looks] == ["100", "100"]
    assert "entities" in str(looks[0].q("tweet.fields"))


def test_a_reset_header_that_is_no_number_is_ignored() -> None:
    # httpx decodes headers as Latin-1: "\xb2" is "²", which isdigit() passes and float() refuses
    assert _reset_after(httpx.Headers({"x-rate-limit-reset": b"\xb2"}), 0.0) == -1.0
    assert _reset_after(httpx.Headers({"x-rate-limit-reset": "100"}), 40.0) == 60.0


async def test_a_429_at_publish_waits_and_a_4xx_is_final(
        fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """X's 429 (its free tier allows 17 posts a day) asks the approval to wait, nothing
    posted: before, it failed the approval for good ('x: publish failed: ... rate limited').
    A 400 X answers for the request itself is final, not tried again."""
    pub = XPublisher(config(fake_x), client=client, clock=clock)
    reset = int(clock().timestamp()) + 3600
    fake_x.faults = [web.json_response({"title": "Too Many Requests"}, status=429, headers={
        "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)})]
    with pytest.raises(RateLimited) as waited:
        await pub.publish("Hello", reply_to="x:42", idempotency_key="A-5")
    assert 3500 < waited.value.retry_after <= 3600
    clock.advance(seconds=3601)  # POST /2/tweets is not asked again before X's reset
    fake_x.faults = [web.json_response({"detail": "Your Tweet text is too long."},
                                       status=400) for _ in range(3)]
    with pytest.raises(PublishError) as refused:
        await pub.publish("Hello", reply_to="x:42", idempotency_key="A-6")
    assert not isinstance(refused.value, PublishUncertain)
    assert fake_x.posted == []


def search_page(*tweets: tuple[str, str, str]) -> dict[str, Any]:
    """A recent search page of (id, author id, text), authors expanded, as X answers with
    ``expansions=author_id`` (docs.x.com, "Search Posts: recent")."""
    return {"data": [{"id": i, "author_id": a, "text": t, "created_at": "2026-11-23T08:30:00.000Z",
                      "edit_history_tweet_ids": [i]} for i, a, t in tweets],
            "includes": {"users": [{"id": a, "username": f"u{a}", "name": f"U {a}"}
                                   for _, a, _ in tweets]},
            "meta": {"result_count": len(tweets), "newest_id": tweets[0][0],
                     "oldest_id": tweets[-1][0]}}


async def test_an_account_that_posts_without_user_id_knows_its_own_tweets(
        x_net: tuple[NetServer, WireX], client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A source that searches and posts (``user_token``) but was given no ``user_id``: the
    company's own tweets its query matches came back as mentions, alerts on our own words.
    It asks ``GET /2/users/me`` once, at the first poll, and leaves them out as own posts."""
    net, _ = x_net
    net.json("GET", "/2/tweets/search/recent", search_page(
        ("1860000000000000002", WIRE_USER, "Acme status: all systems go"),
        ("1860000000000000001", "555", "acme is down for me")))
    cfg = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                        user_token="user", queries=("acme",), timeout=2.0)
    src = XSource(cfg, store=Cursors(), client=client, clock=clock)
    assert [m.id for m in await src.poll()] == ["x:1860000000000000001"]
    assert any("own post" in s for s in src.skipped)
    await src.poll()
    assert len(net.requests_to("/2/users/me")) == 1


async def test_a_refused_users_me_holds_the_poll_asked_again_each_time(
        x_net: tuple[NetServer, WireX], client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """A refused user token (401): the poll read on, said once, and the account's own tweets
    came in as mentions for as long as the bot ran. Now it reads nothing, saying so in one
    line (the refused token pauses the source), and asks again at each poll: the token may
    be renewed. Another source's refused token is named, this source's own token being fine."""
    net, _ = x_net
    net.json("GET", "/2/tweets/search/recent", search_page(
        ("1860000000000000002", WIRE_USER, "Acme status: all systems go"),
        ("1860000000000000001", "555", "acme is down for me")))
    net.json("GET", "/2/users/me", {"title": "Unauthorized", "status": 401}, status=401)
    cfg = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                        user_token="user", queries=("acme",), timeout=2.0)
    src = XSource(cfg, store=Cursors(), client=client, clock=clock)
    for _ in range(2):
        with pytest.raises(SourceAuthError) as failed:
            await src.poll()
    said = str(failed.value)
    assert "\n" not in said and "401" in said and "nothing is read until" in said, said
    assert len(net.requests_to("/2/users/me")) == 2
    assert net.requests_to("/2/tweets/search/recent") == []
    search = XSourceConfig(id="x-search", type="x", base_url=net.base, bearer_token="app",
                           queries=("acme",), timeout=2.0)
    other = XSource(search, store=Cursors(), client=client, clock=clock, peers=(search, cfg))
    with pytest.raises(SourceError) as failed:
        await other.poll()
    said = str(failed.value)
    assert not isinstance(failed.value, SourceAuthError), said  # its own token is fine
    assert "the account of source x1" in said and "renew x1's token" in said, said
    assert "user" not in said.replace("user_token", "").replace("/2/users/me", ""), said
    net.json("GET", "/2/users/me", {"data": {"id": WIRE_USER, "username": "acme"}})
    for source in (src, other):  # renewed: read, the account's tweet left out
        assert [m.id for m in await source.poll()] == ["x:1860000000000000001"]
    assert caplog.text.count("cannot tell which account") == 0


async def test_a_users_me_timing_out_leaves_the_cursor_and_reads_what_came_meanwhile(
        x_net: tuple[NetServer, WireX], client: httpx.AsyncClient, clock: FakeClock) -> None:
    """``/2/users/me`` timing out: the poll read on, the team's tweet a mention. It fails
    instead (backed off by the runtime), nothing read and no cursor stored; the next poll
    that learns the account reads the customer's tweet, ours left out."""
    net, _ = x_net
    net.json("GET", "/2/tweets/search/recent", search_page(
        ("1860000000000000002", WIRE_USER, "Acme status: all systems go"),
        ("1860000000000000001", "555", "acme is down for me")))
    net.fault("GET", "/2/users/me", Fault.delay(3.0))
    cfg = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                        user_token="user", queries=("acme",), timeout=0.5)
    cursors = Cursors()
    src = XSource(cfg, store=cursors, client=client, clock=clock)
    with pytest.raises(SourceError, match="timed out") as failed:
        await src.poll()
    assert not isinstance(failed.value, (SourceAuthError, RateLimited))
    assert await cursors.get_cursor("x1") is None
    assert net.requests_to("/2/tweets/search/recent") == []
    assert [m.id for m in await src.poll()] == ["x:1860000000000000001"]
    assert any(s.startswith("own post") for s in src.skipped)


async def test_a_tweet_dated_2199_is_dated_by_its_snowflake_id_logged_and_counted(
        fake_x: FakeX, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """created_at 2199 (an X-compatible server writes what it likes) was kept: first in its
    author's history for ever. The id X made it with says when: it is dated so, with one
    warning line and one count."""
    fake_x.search_dated = ["2199-12-31T00:00:00.000Z"]
    src = XSource(config(fake_x), store=Cursors(), client=client, clock=clock)
    got = await src.poll()
    payload, _ = fixture("search_recent_tweets.json")
    first = payload["data"][0]["id"]
    [far] = [m for m in got if m.native_id == first]
    assert far.created_at == snowflake_time(first) and far.created_at.year < 2199
    assert src.skipped.total == 1 and f"x:{first}: created_at 2199" in src.skipped[0]
    assert "snowflake" in src.skipped[0]
