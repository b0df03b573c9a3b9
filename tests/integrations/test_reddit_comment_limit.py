"""Reddit's comment length at its boundary, over real HTTP to the local Reddit that refuses what
Reddit refuses. ``POST /api/comment`` validates its text with ``VMarkdownLength(['text',
'comment'], max_length=10000)``, whose ``VLength.run`` refuses ``len(text) > max_length`` with
``TOO_LONG`` (reddit-archive/reddit, r2/r2/controllers/api.py POST_comment and
r2/r2/controllers/validator/validator.py VLength): 10,000 code points, so a ZWJ family counts
as the code points it is made of, not as one character (as Mastodon and Bluesky count), and an
emoji as one (not as the two UTF-16 units Slack's limits are measured in). Before, a draft of
10,001 was taken, approved, and only then refused by Reddit."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.core import networks
from bot.core.errors import PublishError
from bot.core.text import graphemes, utf16_len
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.publish import MAX_COMMENT, RedditPublisher
from tests.conftest import FakeClock
from tests.support.fake_reddit import TOKEN, Reddit
from tests.support.netserver import NetServer

PARENT = "t3_4b1tfm"
FAMILY = "\U0001F469\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"  # 7 code points, 1 seen
# every kind of hostile text at once: a family, CJK, RTL with its marks, a letter under
# combining marks, a long link and mentions
PIECE = (f"{FAMILY} 返金は済みました مرحبا\u200f e\u0301\u0302\u0303 "
         "https://acme.example/track/" + "a" * 120 + " u/kasia u/ana ")


def hostile(n: int) -> str:
    """``n`` code points of ``PIECE`` repeated, never ending inside the family."""
    text = (PIECE * (n // len(PIECE) + 1))[:n]
    while text.endswith("\u200d"):
        text = text[:-1] + "x"
    return text


@pytest.fixture
async def net() -> AsyncIterator[NetServer]:
    async with NetServer() as server:
        yield server


def publisher(net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> RedditPublisher:
    return RedditPublisher(RedditSourceConfig(
        id="rd", type="reddit", base_url=net.base, auth_url=net.base, client_id="cid",
        client_secret="sec", username="botuser", password="pw", timeout=2.0),
        client=client, clock=clock)


async def test_the_local_reddit_refuses_what_reddit_refuses(
        net: NetServer, client: httpx.AsyncClient) -> None:
    reddit = Reddit(net)
    over = await client.post(f"{net.base}/api/comment", data={
        "thing_id": PARENT, "text": "x" * (MAX_COMMENT + 1), "api_type": "json"})
    assert over.json() == {"json": {"errors": [
        ["TOO_LONG", "this is too long (max: 10000)", "text"]]}}
    assert reddit.comments == []
    at = await client.post(f"{net.base}/api/comment", data={
        "thing_id": PARENT, "text": "x" * MAX_COMMENT, "api_type": "json"})
    assert at.json()["json"]["errors"] == []
    assert len(reddit.comments) == 1


@pytest.mark.parametrize("size", [MAX_COMMENT - 1, MAX_COMMENT])
async def test_a_hostile_comment_at_the_limit_goes_out_whole(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, size: int) -> None:
    reddit = Reddit(net)
    text = hostile(size)
    # the units differ: fewer graphemes than code points, more UTF-16 units
    assert len(text) == size and graphemes(text) < size < utf16_len(text)
    assert networks.post_problem("reddit", text) is None
    result = await publisher(net, client, clock).publish(
        text, reply_to=f"reddit:{PARENT}", idempotency_key="k")
    assert result.id == "t1_abc0"
    assert [c["data"]["body"] for c in reddit.comments] == [text]


async def test_one_over_is_refused_when_drafted_and_before_sending(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    Reddit(net)
    text = hostile(MAX_COMMENT + 1)
    said = ("Reddit comments are at most 10,000 characters (each code point counts: an emoji "
            "sequence may be several); this one has 10,001 (1 over)")
    assert networks.post_problem("reddit", text) == said
    with pytest.raises(PublishError) as refused:
        await publisher(net, client, clock).publish(
            text, reply_to=f"reddit:{PARENT}", idempotency_key="k")
    assert str(refused.value) == f"reddit: {said}"
    assert net.requests_to("/api/comment") == [] and net.requests_to(TOKEN) == []
