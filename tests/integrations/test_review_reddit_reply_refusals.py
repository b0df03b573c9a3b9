"""Reddit's refusals of an approved reply, in its ``json.errors`` shape (``[code, message,
field]``, answered 200: reddit-archive/reddit r2/r2/lib/errors.py), read as a social media
manager whose approver sees one line: a locked thread (``THREAD_LOCKED``), an archived one
(``TOO_OLD``), a post its author deleted (``DELETED_LINK``) came back as ``reddit refused:
CODE: message: field``, never saying that nothing was posted or what to do; and a rate limit
Reddit put in milliseconds ("Take a break for 528 milliseconds", as PRAW's docs say it may)
waited the default ten minutes. Against the local Reddit's comment API (tests/support)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.core.errors import PublishError, RateLimited
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.publish import RedditPublisher
from tests.conftest import FakeClock
from tests.support.fake_reddit import Reddit
from tests.support.netserver import NetServer


@pytest.fixture
async def net() -> AsyncIterator[NetServer]:
    async with NetServer() as server:
        yield server


def publisher(net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> RedditPublisher:
    return RedditPublisher(RedditSourceConfig(
        id="rd", type="reddit", base_url=net.base, auth_url=net.base, client_id="cid",
        client_secret="sec", username="botuser", password="pw", timeout=5.0),
        client=client, clock=clock)


@pytest.mark.parametrize(("error", "said", "todo"), [
    (["THREAD_LOCKED", "Comments are locked.", "parent"], "locked", "unlock"),
    (["TOO_OLD", "that's a piece of history now; it's too late to reply to it", "parent"],
     "archived", "another way"),
    (["DELETED_LINK", "the link you are commenting on has been deleted", "parent"],
     "deleted by its author", "draft a reply elsewhere"),
    # the account banned from the subreddit, or one that takes approved users only (a Reddit
    # developer's second pass: said in Reddit's words alone before, nothing to do named)
    (["SUBREDDIT_NOTALLOWED", "you aren't allowed to post there.", "sr"],
     "may not post in its subreddit", "approved user"),
])
async def test_a_refused_reply_says_nothing_was_posted_and_what_to_do(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, error: list[str],
        said: str, todo: str) -> None:
    reddit = Reddit(net)
    reddit.refusals.append(error)
    with pytest.raises(PublishError) as caught:
        await publisher(net, client, clock).publish(
            "Sorry, we are on it", reply_to="reddit:t3_abc", idempotency_key="k")
    line = str(caught.value)
    assert "\n" not in line and error[0] in line and "t3_abc" in line, line
    assert said in line and "nothing was posted" in line and todo in line, line
    assert reddit.comments == []


@pytest.mark.parametrize(("words", "wait"), [
    # one unit more than named: Reddit rounds the time left down (r2 ``timetext``)
    ("you are doing that too much. try again in 7 minutes.", 480.0),
    ("Looks like you've been doing that a lot. Take a break for 3 seconds before trying "
     "again.", 4.0),
    ("Looks like you've been doing that a lot. Take a break for 528 milliseconds before "
     "trying again.", 0.529),
])
async def test_a_rate_limited_reply_waits_the_time_reddit_names(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, words: str,
        wait: float) -> None:
    reddit = Reddit(net)
    reddit.refusals.append(["RATELIMIT", words, "ratelimit"])
    pub = publisher(net, client, clock)
    with pytest.raises(RateLimited) as caught:
        await pub.publish("Sorry, we are on it", reply_to="reddit:t3_abc", idempotency_key="k")
    assert caught.value.retry_after == pytest.approx(wait)
    assert reddit.comments == []
    result = await pub.publish("Sorry, we are on it", reply_to="reddit:t3_abc",
                               idempotency_key="k")  # tried again after it: posted once
    assert [c["data"]["name"] for c in reddit.comments] == [result.id]
