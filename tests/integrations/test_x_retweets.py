"""A retweet read by the X source, over real HTTP against the local X (``tests/support/fake_x``).

X answers a retweet's ``text`` as "RT @<author>: " and the first 140 characters of the post it
shares, cut with an ellipsis; the whole post comes only in ``includes.tweets``, to a read asking
``expansions=referenced_tweets.id`` (DocNow/twarc#452: "The API itself delivers those tweets
truncated"; tweepy/tweepy#1915; X's Andy Piper on xdevplatform/twitter-api-typescript-sdk#35).
The source asked ``expansions=author_id`` only and read a retweet as the retweeter's post: a
complaint retweeted (a search without ``-is:retweet``, such as ``@acmesupport``, reads
retweets) reached the card and the rules cut after 140 characters (the order number, the link,
the brand past the cut never read), once per retweet, each a post of its own whose reply went
to the retweeter. A retweet is now the post it shares, as a Mastodon boost is the boosted
status. From a review of the X source (2026-12-07); the first three tests failed
before the fix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from aiohttp import web

from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.support.fake_x import USER_ID, FakeX
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

SEARCH = "/2/tweets/search/recent"
COMPLAINT = ("Third week without my refund for order 88123, three agents, three different "
             "answers, and the chatbot loops. Filing a chargeback tomorrow unless "
             "@AcmeSupport answers: https://pastebin.example/acme-log #AcmeRefunds")


def serve_search(net: NetServer, world: FakeX, *, author: str = "42",
                 retweeter: str = "7") -> None:
    """Recent search answering every tweet of ``world`` (newest first) as X shapes each for
    the ``tweet.fields`` and ``expansions`` asked; the retweeter ``retweeter`` (@fan, or the
    team's own @acmesupport), the author ``author`` (@waiter, or @acmesupport)."""

    async def search(request: web.Request) -> web.Response:
        fields = set(request.query.get("tweet.fields", "").split(","))
        expansions = set(request.query.get("expansions", "").split(","))
        data = [{**world.item(t, fields), "author_id": retweeter if t.get("retweet_of") else author}
                for t in reversed(world.tweets)]
        includes: dict[str, Any] = {"users": [
            {"id": "42", "username": "waiter", "name": "R. Waiter"},
            {"id": "7", "username": "fan", "name": "A. Fan"},
            {"id": USER_ID, "username": "acmesupport", "name": "Acme Support"}]}
        if shared := world.referenced(data, fields, expansions):
            includes["tweets"] = [{**t, "author_id": author} for t in shared]
        return web.json_response({"data": data, "includes": includes, "meta": {
            "result_count": len(data), "newest_id": data[0]["id"],
            "oldest_id": data[-1]["id"]}})

    net.handler("GET", SEARCH, search)


def config(net: NetServer) -> XSourceConfig:
    return XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                         user_id=USER_ID, queries=("@acmesupport",), timeout=2.0)


async def test_a_retweet_is_read_with_the_whole_post_it_shares(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        original = world.add(COMPLAINT)
        world.retweet(original, author="waiter")
        world.tweets.remove(original)  # the search answers the retweet alone
        serve_search(net, world)
        source = XSource(config(net), store=Cursors(), client=client, clock=clock)
        [mention] = await source.poll()
    assert mention.text == COMPLAINT, mention.text
    assert mention.id == f"x:{original['id']}"
    assert mention.url == f"https://x.com/waiter/status/{original['id']}"
    assert mention.author.handle == "waiter"  # who complained, whom a reply answers
    assert mention.links == ("https://pastebin.example/acme-log",)
    assert "AcmeRefunds" in mention.hashtags
    assert "AcmeSupport" in mention.handles


async def test_a_post_retweeted_again_and_again_is_one_mention(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        original = world.add(COMPLAINT)
        for _ in range(3):
            world.retweet(original, author="waiter")
        serve_search(net, world)
        source = XSource(config(net), store=Cursors(), client=client, clock=clock)
        mentions = await source.poll()
    assert [m.id for m in mentions] == [f"x:{original['id']}"]
    assert mentions[0].text == COMPLAINT


@pytest.mark.parametrize(("author", "retweeter"), [
    (USER_ID, "7"),  # @fan's retweet of the team's own post
    # the team's own retweet of a customer's praise is the team's act, as its own posts are:
    # read as the customer's post it made a card (a ticket) of what the team had just shared
    # (a review, 2026-12-07; failed before)
    ("42", USER_ID),
])
async def test_a_retweet_of_or_by_the_team_is_its_own_and_left_out(
        client: httpx.AsyncClient, clock: FakeClock, author: str, retweeter: str) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        original = world.add("Thanks @AcmeSupport, refund arrived in a day! status.acme.test")
        world.retweet(original, author="acmesupport" if author == USER_ID else "waiter")
        world.tweets.remove(original)
        serve_search(net, world, author=author, retweeter=retweeter)
        source = XSource(config(net), store=Cursors(), client=client, clock=clock)
        assert await source.poll() == []
        assert any("own post" in s for s in source.skipped), list(source.skipped)


@pytest.mark.parametrize("included", [
    lambda original: [],  # a post X will not show (deleted, protected), left out
    # social content is hostile: an ``includes.tweets`` entry without text loses no retweet
    lambda original: [{"id": original["id"]}],
])
async def test_a_retweet_whose_post_is_not_answered_whole_keeps_its_own_text(
        client: httpx.AsyncClient, clock: FakeClock,
        included: Callable[[dict[str, Any]], list[dict[str, Any]]]) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        original = world.add(COMPLAINT)
        world.retweet(original, author="waiter")
        world.tweets.remove(original)
        world.referenced = lambda *_: included(original)  # type: ignore[method-assign]
        serve_search(net, world)
        source = XSource(config(net), store=Cursors(), client=client, clock=clock)
        [mention] = await source.poll()
    assert mention.text.startswith("RT @waiter: Third week") and mention.text.endswith("…")
    assert mention.author.handle == "fan"


async def test_a_retweet_of_a_post_read_by_an_earlier_poll_is_no_new_post(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A retweet is a new tweet, past the stream's since_id; the post it shares may be one an
    earlier poll read and carded. Read as that post, it came again as new once the
    pipeline's dedup window (72 h) had passed: a second card for a handled complaint, each
    time it was retweeted (a review, 2026-12-07; failed before)."""
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        original = world.add(COMPLAINT)
        serve_search(net, world)
        source = XSource(config(net), store=Cursors(), client=client, clock=clock)
        assert [m.id for m in await source.poll()] == [f"x:{original['id']}"]
        clock.advance(hours=80)
        world.retweet(original, author="waiter")
        world.tweets.remove(original)  # past since_id: the search answers the retweet alone
        assert await source.poll() == []
        assert any("retweet" in s for s in source.skipped), list(source.skipped)
