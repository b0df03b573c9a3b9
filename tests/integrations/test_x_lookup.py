"""Looking one tweet up by its address (``XSource.lookup``, what ``why`` asks for a post
socialops never fetched): ``GET /2/tweets/:id`` with the bearer token and the fields and
expansions the search asks for, against a local server speaking X API v2 with the recorded
tweet of X's own Postman collection (fixtures/real/x).

X answers a tweet it will not show with ``200`` and only ``errors`` (a "404" in a 200, as
the recorded exchange in the gist semifor/22e04b7dbe6e9ed16eabea7bfd6c5d37 shows for a user):
``.../problems/resource-not-found`` for a deleted tweet, ``.../not-authorized-for-resource``
for a protected one."""

from __future__ import annotations

import copy
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.app.post_ids import mention_id_of
from bot.core.errors import MalformedPayload, RateLimited, SourceAuthError, SourceError
from integrations.social.x.config import XSourceConfig
from integrations.social.x.parse import tweet_id_of
from integrations.social.x.source import EXPANSIONS, TWEET_FIELDS, USER_FIELDS, XSource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.netserver import Fault, NetServer

X = Path(__file__).parents[1] / "fixtures" / "real" / "x"
TWEET_ID = "1275828087666679809"
PROBLEMS = "https://api.twitter.com/2/problems"


def recorded() -> dict[str, Any]:
    tweet: dict[str, Any] = json.loads(
        (X / "tweet_lookup_entities_urls_unwound_postman_example.json").read_text())["data"]
    return tweet


USER = {"id": "2244994945", "username": "TwitterDev", "name": "Twitter Dev",
        "public_metrics": {"followers_count": 513962}}


class Tweets:
    """Recent search over the tweets it holds, and ``/2/tweets/:id`` for each, with
    ``includes.users`` when ``expansions=author_id`` asks for them."""

    def __init__(self, net: NetServer) -> None:
        self.net = net
        self.tweets: dict[str, dict[str, Any]] = {}
        self.gone: dict[str, str] = {}  # id -> problem type
        net.handler("GET", "/2/tweets/search/recent", self._search)

    def add(self, tweet: dict[str, Any]) -> None:
        self.tweets[tweet["id"]] = tweet
        self.net.handler("GET", f"/2/tweets/{tweet['id']}", self._one)

    def hide(self, tweet_id: str, problem: str) -> None:
        self.tweets.pop(tweet_id, None)
        self.gone[tweet_id] = problem
        self.net.handler("GET", f"/2/tweets/{tweet_id}", self._one)

    def _includes(self, request: web.Request) -> dict[str, Any]:
        wanted = "author_id" in request.query.get("expansions", "").split(",")
        return {"includes": {"users": [USER]}} if wanted else {}

    async def _search(self, request: web.Request) -> web.Response:
        data = list(self.tweets.values())
        return web.json_response({"data": data, **self._includes(request), "meta": {
            "result_count": len(data), "newest_id": max(self.tweets)}})

    async def _one(self, request: web.Request) -> web.Response:
        if not request.headers.get("Authorization", "").startswith("Bearer "):
            return web.json_response({"title": "Unauthorized", "type": "about:blank",
                                      "status": 401, "detail": "Unauthorized"}, status=401)
        tweet_id = request.path.rsplit("/", 1)[-1]
        if tweet_id in self.gone:
            kind = self.gone[tweet_id]
            title, detail = (("Not Found Error", "Could not find tweet with id")
                             if kind == "resource-not-found" else
                             ("Authorization Error", "Sorry, you are not authorized to see "
                                                     "the Tweet with id"))
            return web.json_response({"errors": [{
                "value": tweet_id, "detail": f"{detail}: [{tweet_id}].", "title": title,
                "resource_type": "tweet", "parameter": "id", "resource_id": tweet_id,
                "type": f"{PROBLEMS}/{kind}"}]})
        return web.json_response({"data": self.tweets[tweet_id], **self._includes(request)})


@pytest.fixture
def tweets(net: NetServer) -> Tweets:
    t = Tweets(net)
    t.add(recorded())
    return t


def source(net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
           **kw: Any) -> XSource:
    base: dict[str, Any] = {"id": "x", "type": "x", "base_url": net.base,
                            "bearer_token": "app-token", "queries": ("sentiment",),
                            "timeout": 1.0}
    return XSource(XSourceConfig(**{**base, **kw}), store=Cursors(), client=client,
                   clock=clock)


def test_addresses() -> None:
    assert tweet_id_of(f"https://x.com/TwitterDev/status/{TWEET_ID}") == TWEET_ID
    assert tweet_id_of(f"https://twitter.com/TwitterDev/status/{TWEET_ID}?s=20") == TWEET_ID
    assert tweet_id_of(f"https://mobile.twitter.com/a/statuses/{TWEET_ID}/") == TWEET_ID
    assert tweet_id_of(f"https://www.x.com/i/web/status/{TWEET_ID}") == TWEET_ID
    assert tweet_id_of(f"https://x.com/TwitterDev/status/{TWEET_ID}/photo/1") == TWEET_ID
    for other in ("https://x.com/TwitterDev", "https://x.com/a/status/abc",
                  f"https://example.com/a/status/{TWEET_ID}", "https://x.com/a/lists/123"):
        assert tweet_id_of(other) is None, other


async def test_a_tweet_is_looked_up_with_the_search_fields_and_equals_the_polled_one(
        net: NetServer, tweets: Tweets, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = datetime(2020, 6, 24, 16, 30, tzinfo=UTC)
    src = source(net, client, clock)
    [polled] = await src.poll()
    found = await src.lookup(f"https://twitter.com/TwitterDev/status/{TWEET_ID}?s=20")
    assert found == polled  # the same Mention, raw tweet and all
    assert found.author.handle == "TwitterDev" and found.author.followers == 513962
    assert found.links == (recorded()["entities"]["urls"][0]["unwound_url"],)
    [asked] = net.requests_to(f"/2/tweets/{TWEET_ID}")
    assert asked.headers["Authorization"] == "Bearer app-token"
    assert (asked.q("tweet.fields"), asked.q("expansions"), asked.q("user.fields")) == (
        TWEET_FIELDS, EXPANSIONS, USER_FIELDS)
    assert clock.now - found.created_at < timedelta(minutes=5)


async def test_deleted_protected_or_unreadable_tweets_are_none(
        net: NetServer, tweets: Tweets, client: httpx.AsyncClient, clock: FakeClock) -> None:
    src = source(net, client, clock)
    tweets.hide("1", "resource-not-found")
    tweets.hide("2", "not-authorized-for-resource")
    assert await src.lookup("https://x.com/someone/status/1") is None
    assert await src.lookup("https://x.com/someone/status/2") is None
    net.json("GET", "/2/tweets/3", {"title": "Not Found"}, status=404)
    assert await src.lookup("https://x.com/someone/status/3") is None
    # no bearer token: X has no unauthenticated reads, so nothing is asked
    before = len(net.requests)
    assert await source(net, client, clock, bearer_token=None).lookup(
        f"https://x.com/TwitterDev/status/{TWEET_ID}") is None
    assert await src.lookup("https://x.com/TwitterDev") is None
    assert len(net.requests) == before


@pytest.mark.parametrize(("fault", "error"), [
    (Fault.http(401, None, {"title": "Unauthorized", "status": 401}), SourceAuthError),
    (Fault.http(403, None, {"title": "Forbidden", "status": 403}), SourceAuthError),
    (Fault.server_error(503), SourceError),
    (Fault.delay(2.0), SourceError),
    (Fault.truncated(), SourceError),
    (Fault.malformed_json(), MalformedPayload),
    (Fault.http(200, {"Content-Type": "application/json"}, [1]), MalformedPayload),
    (Fault.http(200, {"Content-Type": "application/json"}, {"data": {"id": TWEET_ID}}),
     MalformedPayload),  # a tweet without text
    (Fault.http(200, {"Content-Type": "application/json"},
                {"data": {"id": "42", "text": "another"}}), MalformedPayload),
    (Fault.http(200, {"Content-Type": "application/json"},
                {"errors": [{"title": "Something else", "type": "about:blank"}]}),
     SourceError),
    (Fault.http(400, None, {"title": "Invalid Request", "detail": "bad id"}), SourceError),
])
async def test_failures_are_our_errors(net: NetServer, tweets: Tweets,
                                       client: httpx.AsyncClient, clock: FakeClock,
                                       fault: Fault, error: type[Exception]) -> None:
    net.fault("GET", f"/2/tweets/{TWEET_ID}", fault)
    src = source(net, client, clock)
    url = f"https://x.com/TwitterDev/status/{TWEET_ID}"
    with pytest.raises(error) as info:
        await src.lookup(url)
    assert not isinstance(info.value, httpx.HTTPError)
    assert await src.lookup(url) is not None


async def test_a_rate_limit_waits_until_the_reset(
        net: NetServer, tweets: Tweets, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    reset = str(int(clock.now.timestamp()) + 600)
    body = json.loads((X / "error_429_too_many_requests_observed.json").read_text())
    net.fault("GET", f"/2/tweets/{TWEET_ID}", Fault.http(429, {"x-rate-limit-reset": reset},
                                                         copy.deepcopy(body)))
    with pytest.raises(RateLimited) as info:
        await source(net, client, clock).lookup(f"https://x.com/TwitterDev/status/{TWEET_ID}")
    assert info.value.retry_after == pytest.approx(600)


async def test_an_id_longer_than_a_snowflake_names_no_tweet(
        net: NetServer, tweets: Tweets, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """An X id is a 64-bit snowflake, 19 digits at most (``is_tweet_id``; the v2 spec's
    TweetId is ``^[0-9]{1,19}$``): X answers a 20-digit one 400 invalid-request. The address
    read 20 digits as an id, so the lookup asked X and failed ('looking it up failed: ...
    400'), and ``why`` said so, of an address that names no tweet at all."""
    long_id = "1" + TWEET_ID  # 20 digits
    net.fault("GET", f"/2/tweets/{long_id}", Fault.http(400, None, {
        "errors": [{"parameters": {"id": [long_id]},
                    "message": f"The `id` query parameter value [{long_id}] is not valid"}],
        "title": "Invalid Request", "detail": "One or more parameters to your request was "
        "invalid.", "type": f"{PROBLEMS}/invalid-request"}))
    src = source(net, client, clock)
    for url in (f"https://x.com/TwitterDev/status/{long_id}",
                f"https://x.com/i/web/status/{long_id}/photo/1",
                f"https://twitter.com/a/status/{'9' * 20}?s=20"):
        assert tweet_id_of(url) is None, url
        assert mention_id_of(url) is None, url
        assert await src.lookup(url) is None, url
    assert net.requests_to(f"/2/tweets/{long_id}") == []
    assert tweet_id_of(f"https://x.com/a/status/{'9' * 19}") == "9" * 19  # 19: still read


async def test_why_asks_the_x_source_for_an_address_it_reads(
        net: NetServer, tweets: Tweets, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """why picks the sources to ask by the address's network (``network_of``) and the X
    source reads the tweet's id from it (``tweet_id_of``): one list of X's hosts for both. An
    address typed with a fullwidth ｘ (an input method's; IDNA's x.com) was read by the source
    but called an RSS post's by why, which asked no X source and answered nothing found."""
    from bot.app.compose import look_up

    src = source(net, client, clock)
    for url in (f"https://ｘ.com/TwitterDev/status/{TWEET_ID}",
                f"https://TWITTER.com./TwitterDev/status/{TWEET_ID}"):
        looked = await look_up(url, {"x": src}, [src.config])
        assert looked.post is not None and looked.post.id == f"x:{TWEET_ID}", (url, looked)


async def test_what_a_lookup_refuses_or_re_dates_is_said_and_not_counted(
        net: NetServer, tweets: Tweets, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lookup is not a poll: a tweet dated 2199 whose author's username is no X username,
    looked up (``why``), counted its date in the poll's skip count and not its username. Both
    are said in a warning line naming the lookup, neither counted."""
    tweet = recorded()
    tweet["created_at"] = "2199-12-31T00:00:00.000Z"
    tweets.add(tweet)
    monkeypatch.setitem(USER, "username", "Twitter/Dev")
    clock.now = datetime(2020, 6, 24, 16, 30, tzinfo=UTC)
    src = source(net, client, clock)
    with caplog.at_level(logging.WARNING):
        found = await src.lookup(f"https://x.com/TwitterDev/status/{TWEET_ID}")
    assert found is not None and found.created_at.year == 2020
    assert found.url == f"https://x.com/i/web/status/{TWEET_ID}"
    assert src.skipped.total == 0
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2, lines
    assert all(line.startswith(f"x source x (lookup): x:{TWEET_ID}: ") for line in lines)
