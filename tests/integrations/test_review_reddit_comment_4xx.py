"""``POST /api/comment`` refused with a 4xx status, read as a Reddit API developer (a second
pass). Reddit answers a request it refuses before acting on it with a 4xx (a thread in a
subreddit made private or quarantined since: 403 with its ``reason``; a bad request: 400 with
Reddit's ``reason`` and ``explanation``, or an HTML page; a thread gone: 404): nothing was
posted. The publisher took each for an answer that says nothing of the comment, as a 5xx or a
timeout: the publish was left unconfirmed, tried four more times each reading the account's
comments first, and then given up saying any try may have posted it, "look at the account's
posts", of a comment Reddit never took. A 4xx (but 408, a request the server did not wait for,
and 429, a rate limit) is now final: one line with Reddit's words and "nothing was posted", no
look, and a later publish under the same key posts without looking first. Against the local
Reddit's comment API (tests/support/fake_reddit.py)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web

from bot.core.errors import PublishError, PublishNotSent, PublishUncertain
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.publish import RedditPublisher
from tests.conftest import FakeClock
from tests.support.fake_reddit import REDDIT, TOKEN, Reddit
from tests.support.netserver import Fault, NetServer

LOOK = "/user/botuser/comments"
JSON = {"Content-Type": "application/json; charset=UTF-8"}


@pytest.fixture
async def net() -> AsyncIterator[NetServer]:
    async with NetServer() as server:
        yield server


def publisher(net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> RedditPublisher:
    return RedditPublisher(RedditSourceConfig(
        id="rd", type="reddit", base_url=net.base, auth_url=net.base, client_id="cid",
        client_secret="sec", username="botuser", password="pw", timeout=5.0),
        client=client, clock=clock)


@pytest.mark.parametrize(("fault", "said"), [
    (Fault.http(403, JSON, {"reason": "private", "message": "Forbidden", "error": 403}),
     "403 private"),
    (Fault.http(403, JSON, {"reason": "quarantined", "message": "Forbidden", "error": 403}),
     "403 quarantined"),
    (Fault.http(400, JSON, (REDDIT / "error_400_gold_required.json").read_bytes()),
     "GOLD_REQUIRED"),
    (Fault.http(404, JSON, {"message": "Not Found", "error": 404}), "404"),
    (Fault.http(400, {"Content-Type": "text/html"}, "<html>bad request</html>"), "text/html"),
    (Fault.http(403, JSON, {"message": "Forbidden", "error": 403}), "403"),
], ids=["private", "quarantined", "gold-required", "not-found", "html-400", "no-reason"])
async def test_a_comment_refused_with_a_4xx_posted_nothing_and_is_not_looked_for(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, fault: Fault,
        said: str) -> None:
    reddit = Reddit(net)
    net.fault("POST", "/api/comment", fault)
    pub = publisher(net, client, clock)
    with pytest.raises(PublishError) as caught:
        await pub.publish("Sorry, we are on it", reply_to="reddit:t3_abc", idempotency_key="k")
    assert not isinstance(caught.value, PublishUncertain), caught.value
    line = str(caught.value)
    assert "\n" not in line and said in line and "nothing was posted" in line, line
    assert reddit.comments == [] and net.requests_to(LOOK) == []
    # the same key later (the thread readable again): posted, without looking first
    done = await pub.publish("Sorry, we are on it", reply_to="reddit:t3_abc",
                             idempotency_key="k")
    assert [c["data"]["name"] for c in reddit.comments] == [done.id]
    assert net.requests_to(LOOK) == []


@pytest.mark.parametrize("status", [408, 500, 502])
async def test_a_4xx_that_says_nothing_of_the_comment_is_still_looked_for(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, status: int) -> None:
    """408 (a proxy that stopped waiting) and a 5xx say nothing of the comment: looked for."""
    Reddit(net)
    net.fault("POST", "/api/comment", Fault.http(status, JSON, {"error": status}))
    with pytest.raises(PublishUncertain):
        await publisher(net, client, clock).publish(
            "Sorry, we are on it", reply_to="reddit:t3_abc", idempotency_key="k")
    assert net.requests_to(LOOK)



@pytest.mark.parametrize("how", ["503", "timeout"])
async def test_a_token_that_cannot_be_had_sent_no_comment_and_says_so(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, how: str) -> None:
    """The token request (``POST /api/v1/access_token``, each hour) answering 503 or timing
    out before the comment: nothing reached ``POST /api/comment``, but the failure came out of
    the post's own call, taken for one that may have posted: unconfirmed, looked for at every
    later try, and given up saying any try may have posted it (failed before). Now
    ``PublishNotSent``, saying nothing was posted yet, the key not left to look for."""
    reddit = Reddit(net)
    down = True

    async def token(request: web.Request) -> web.Response:
        if down:
            if how == "timeout":
                await asyncio.sleep(1.5)  # the publisher's timeout is 1 s
            return web.Response(status=503, text="<html>upstream</html>")
        return web.json_response({"access_token": "tok", "token_type": "bearer",
                                  "expires_in": 3600, "scope": "*"})
    net.handler("POST", TOKEN, token)
    pub = RedditPublisher(RedditSourceConfig(
        id="rd", type="reddit", base_url=net.base, auth_url=net.base, client_id="cid",
        client_secret="sec", username="botuser", password="pw", timeout=1.0),
        client=client, clock=clock)
    with pytest.raises(PublishNotSent, match="nothing was posted yet") as caught:
        await pub.publish("Sorry, we are on it", reply_to="reddit:t3_abc", idempotency_key="k")
    assert "\n" not in str(caught.value) and "may have" not in str(caught.value)
    assert net.requests_to("/api/comment") == [] and net.requests_to(LOOK) == []
    down = False
    done = await pub.publish("Sorry, we are on it", reply_to="reddit:t3_abc",
                             idempotency_key="k")
    assert [c["data"]["name"] for c in reddit.comments] == [done.id]
    assert net.requests_to(LOOK) == []  # nothing to look for
