"""Looking one Reddit post or comment up by its address (``RedditSource.lookup``, what ``why``
asks for a post socialops never fetched): ``/api/info?id=<fullname>`` on the local server
speaking Reddit's API, with OAuth when the account has an app and on the public site without
one, fed with the real recorded things in fixtures/real/reddit (among them praw's recording of
``/api/info`` for a deleted comment)."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.core.errors import MalformedPayload, RateLimited, SourceAuthError, SourceError
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.parse import fullname_of
from integrations.social.reddit.source import RedditSource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.netserver import Fault, NetServer

REDDIT = Path(__file__).parents[1] / "fixtures" / "real" / "reddit"
TOKEN = "/api/v1/access_token"
POST_URL = ("https://www.reddit.com/r/AskReddit/comments/48fbm9/"
            "serious_parents_of_reddit_whats_the_biggest_lie/")


def real(name: str) -> Any:
    return json.loads((REDDIT / name).read_text(encoding="utf-8"))


def recorded_post() -> dict[str, Any]:
    thing: dict[str, Any] = copy.deepcopy(
        real("subreddit_new_listing_100_after_cursor.json")["data"]["children"][0])
    return thing


def recorded_comment() -> dict[str, Any]:
    thing: dict[str, Any] = copy.deepcopy(
        real("subreddit_comments_stream_page.json")["data"]["children"][0])
    return thing


class Info:
    """``/api/info``: a Listing of the things named in ``id`` (comma-separated fullnames) that
    it has; ids it does not have are left out, as Reddit leaves them out."""

    def __init__(self, things: list[dict[str, Any]]) -> None:
        self.things = {t["data"]["name"]: t for t in things}

    async def __call__(self, request: web.Request) -> web.Response:
        names = request.query.get("id", "").split(",")
        found = [self.things[n] for n in names if n in self.things]
        return web.json_response({"kind": "Listing", "data": {
            "after": None, "before": None, "dist": len(found), "children": found}})


@pytest.fixture
async def net() -> AsyncIterator[NetServer]:
    async with NetServer() as server:
        server.json("POST", TOKEN, {"access_token": "tok-1", "token_type": "bearer",
                                    "expires_in": 3600, "scope": "*"})
        things = [recorded_post(), recorded_comment(),
                  real("comment_info_deleted.json")["data"]["children"][0]]
        server.handler("GET", "/api/info", Info(things))
        server.handler("GET", "/api/info.json", Info(things))  # the public site's form
        yield server


def source(net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
           **kw: Any) -> RedditSource:
    base: dict[str, Any] = {"id": "rd", "type": "reddit", "base_url": net.base,
                            "auth_url": net.base, "client_id": "cid", "client_secret": "sec",
                            "subreddits": ("AskReddit",), "comments": False, "timeout": 1.0}
    return RedditSource(RedditSourceConfig(**{**base, **kw}), store=Cursors(), client=client,
                        clock=clock, web_url=net.base)


def test_addresses() -> None:
    assert fullname_of(POST_URL) == "t3_48fbm9"
    assert fullname_of("https://old.reddit.com/r/AskReddit/comments/48fbm9/x/d0jcbnd/") == \
        "t1_d0jcbnd"
    assert fullname_of("https://www.reddit.com/r/kakapo/comments/654eqk/comment/dgauydy/") == \
        "t1_dgauydy"
    assert fullname_of("https://reddit.com/comments/48fbm9") == "t3_48fbm9"
    assert fullname_of("https://np.reddit.com/user/someone/comments/48fbm9/title/") == \
        "t3_48fbm9"
    assert fullname_of("https://redd.it/48fbm9") == "t3_48fbm9"
    assert fullname_of("https://www.reddit.com/r/AskReddit/comments/48FBM9/x/?context=3") == \
        "t3_48fbm9"
    for other in ("https://www.reddit.com/r/AskReddit/", "https://www.reddit.com/r/a/s/Xy12",
                  "https://notreddit.com/r/a/comments/48fbm9/", "https://redd.it/",
                  "https://www.reddit.com/user/someone"):
        assert fullname_of(other) is None, other


async def test_a_post_and_a_comment_are_looked_up_with_oauth_and_equal_the_polled_ones(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    post, comment = recorded_post(), recorded_comment()
    clock.now = datetime.fromtimestamp(post["data"]["created_utc"], UTC) + timedelta(minutes=1)
    net.json("GET", "/r/AskReddit/new", {"kind": "Listing", "data": {
        "after": None, "before": None, "children": [post]}})
    src = source(net, client, clock)
    [polled] = await src.poll()
    assert await src.lookup(POST_URL) == polled  # the same Mention, raw thing and all
    assert await src.lookup("https://redd.it/48fbm9") == polled
    found = await src.lookup("https://www.reddit.com/r/kakapo/comments/654eqk/_/dgauydy/")
    assert found is not None and found.id == "reddit:t1_dgauydy" and found.text == "i lick it"
    assert found.thread_id == "t3_654eqk" and found.reply_to == "t1_dg7dqfd"
    asked = net.requests_to("/api/info")
    assert [r.q("id") for r in asked] == ["t3_48fbm9", "t3_48fbm9", "t1_dgauydy"]
    assert all(r.headers["Authorization"] == "bearer tok-1" and r.q("raw_json") == "1"
               for r in asked)
    assert comment["data"]["name"] == "t1_dgauydy"


async def test_without_an_app_the_public_site_is_asked(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    src = source(net, client, clock, client_id=None, client_secret=None)
    found = await src.lookup(POST_URL)
    assert found is not None and found.id == "reddit:t3_48fbm9"
    [asked] = net.requests_to("/api/info.json")
    assert "Authorization" not in asked.headers and asked.q("id") == "t3_48fbm9"
    assert asked.headers["User-Agent"].startswith("python:socialops")
    assert net.requests_to(TOKEN) == []
    # Reddit may refuse clients without OAuth altogether: that is an auth error to act on
    net.fault("GET", "/api/info.json", Fault.http(403, None, "<html>blocked</html>"))
    with pytest.raises(SourceAuthError, match="client_id"):
        await src.lookup(POST_URL)


async def test_a_deleted_or_unknown_thing_or_an_address_of_none_is_none(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    src = source(net, client, clock)
    # praw's recording: /api/info for a comment deleted since ([deleted] author and body)
    assert await src.lookup("https://www.reddit.com/r/test/comments/52o2fl/_/d7ltvl0/") is None
    assert await src.lookup("https://www.reddit.com/r/test/comments/zzzzzz/") is None
    before = len(net.requests)
    assert await src.lookup("https://www.reddit.com/r/a/s/Xy12") is None
    assert len(net.requests) == before


@pytest.mark.parametrize(("fault", "error"), [
    (Fault.http(403, None, {"message": "Forbidden", "error": 403}), SourceAuthError),
    (Fault.server_error(503), SourceError),
    (Fault.delay(2.0), SourceError),
    (Fault.truncated(), SourceError),
    (Fault.malformed_json(), MalformedPayload),
    (Fault.http(200, {"Content-Type": "application/json"}, {"kind": "t3"}), MalformedPayload),
    (Fault.http(200, {"Content-Type": "application/json"}, {"kind": "Listing", "data": {
        "children": [{"kind": "t3", "data": {"id": "48fbm9", "name": "t3_48fbm9"}}]}}),
     MalformedPayload),  # a post without a title or a time
    (Fault.http(400, {"Content-Type": "text/html"}, "<html>bad</html>"), SourceError),
])
async def test_failures_are_our_errors(net: NetServer, client: httpx.AsyncClient,
                                       clock: FakeClock, fault: Fault,
                                       error: type[Exception]) -> None:
    net.fault("GET", "/api/info", fault)
    src = source(net, client, clock)
    with pytest.raises(error) as info:
        await src.lookup(POST_URL)
    assert not isinstance(info.value, httpx.HTTPError)
    assert await src.lookup(POST_URL) is not None


async def test_refused_credentials_and_a_rate_limit(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    src = source(net, client, clock)
    net.fault("GET", "/api/info", Fault.http(401, {"www-authenticate": 'Bearer error="x"'},
                                             real("error_401_unauthorized.json")))
    with pytest.raises(SourceAuthError):  # refused with a token fetched for this request
        await src.lookup(POST_URL)
    net.fault("GET", "/api/info", Fault.http(429, {"Retry-After": "33"}, "{}"))
    with pytest.raises(RateLimited) as info:
        await src.lookup(POST_URL)
    assert info.value.retry_after == 33


async def test_what_a_lookup_refuses_or_re_dates_is_said_and_not_counted(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """A lookup is not a poll: the skip count (``socialops_mentions_skipped_total``) is what
    polls met. Looking up a post dated 2191 with a permalink on another site counted the date
    (one of two fields) and only logged the address; both are now said, one warning line
    each naming the lookup, and neither counted. The poll of the same post counts it."""
    post = recorded_post()
    post["data"]["created_utc"] = 7_000_000_000.0  # 2191
    post["data"]["permalink"] = "https://evil.example/r/AskReddit/comments/48fbm9/"
    net.handler("GET", "/api/info", Info([post]))
    src = source(net, client, clock)
    with caplog.at_level("WARNING"):
        found = await src.lookup(POST_URL)
    assert found is not None and found.created_at == clock.now
    assert found.url == "https://www.reddit.com/r/AskReddit/comments/48fbm9/".replace(
        "https://www.reddit.com", net.base)
    assert src.skipped.total == 0 and list(src.skipped) == []
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2, lines
    assert lines[0].startswith("reddit source rd (lookup): reddit:t3_48fbm9: permalink "
                               "'https://evil.example/")
    assert lines[1].startswith("reddit source rd (lookup): reddit:t3_48fbm9: created_utc "
                               "2191-")
