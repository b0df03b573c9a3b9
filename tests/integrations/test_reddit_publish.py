"""The Reddit publisher over real HTTP: the comment body, the recorded write envelopes, Reddit's
errors, and no double post when an ambiguous failure (500, timeout) is retried."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.app.compose import build_publisher, build_source
from bot.core.errors import PublishError, PublishUncertain, RateLimited
from bot.core.ports import Publisher
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.source import RedditPublisher
from tests.conftest import FakeClock
from tests.support.fake_reddit import REDDIT, TOKEN, Reddit
from tests.support.fakes import Cursors
from tests.support.netserver import Fault, NetServer

PARENT = "t3_4b1tfm"  # the thread of the recorded comment


@pytest.fixture
async def net() -> AsyncIterator[NetServer]:
    async with NetServer() as server:
        server.json("POST", TOKEN, {"access_token": "tok", "token_type": "bearer",
                                    "expires_in": 3600, "scope": "*"})
        yield server


@pytest.fixture
def reddit(net: NetServer) -> Reddit:
    return Reddit(net)


def config(net: NetServer, **kw: Any) -> RedditSourceConfig:
    base: dict[str, Any] = {"id": "rd", "type": "reddit", "base_url": net.base,
                            "auth_url": net.base, "client_id": "cid", "client_secret": "sec",
                            "username": "botuser", "password": "pw", "timeout": 5.0}
    return RedditSourceConfig(**{**base, **kw})


def publisher(net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
              **kw: Any) -> RedditPublisher:
    return RedditPublisher(config(net, **kw), client=client, clock=clock)


async def test_reply_body_and_the_recorded_envelope(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    net.fixture("POST", "/api/comment", REDDIT / "editusertext_response.json")
    result = await publisher(net, client, clock).publish(
        "Thanks & see you soon\n\n*bold*", reply_to=f"reddit:{PARENT}", idempotency_key="k1")
    assert result.id == "t1_d1616q2"
    # the answer has no permalink, and the recording's subreddit is its placeholder
    # "<TEST_SUBREDDIT>", no name Reddit gives: no address is made of it (one is made of a
    # subreddit's name: test_a_permalink_off_the_site_in_the_answer_is_not_the_published_address)
    assert result.url is None
    (post,) = net.requests_to("/api/comment")
    assert dict(httpx.QueryParams(post.body.decode())) == {
        "thing_id": PARENT, "text": "Thanks & see you soon\n\n*bold*", "api_type": "json"}
    assert post.headers["Authorization"] == "bearer tok"
    assert post.headers["User-Agent"] == "python:socialops.cid:0.1 (by /u/botuser)"
    assert post.q("raw_json") == "1"


async def test_the_same_key_twice_posts_once(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, reddit: Reddit) -> None:
    pub = publisher(net, client, clock)
    first = await pub.publish("hello", reply_to="t1_parent1", idempotency_key="k")
    again = await pub.publish("hello", reply_to="t1_parent1", idempotency_key="k")
    assert first == again and len(reddit.comments) == 1


@pytest.mark.parametrize("how", ["500", "hang", "garbled", "jquery", "no_thing"])
async def test_an_ambiguous_failure_that_landed_is_found_not_posted_again(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, reddit: Reddit,
        how: str) -> None:
    reddit.fail_after_landing.append(how)
    # a hang (1.5 s) is waited out for the timeout; one of 0.5 s (the file's once) cut short the
    # token's request on a loaded machine (3 test workers on 2 CPUs): "access_token timed out"
    pub = publisher(net, client, clock, **({"timeout": 1.0} if how == "hang" else {}))
    result = await pub.publish("We fixed it", reply_to="reddit:t1_parent1",
                               idempotency_key="k")
    assert len(reddit.comments) == 1 and len(net.requests_to("/api/comment")) == 1
    assert result.id == reddit.comments[0]["data"]["name"]
    assert result.url and result.url.endswith(f"/{reddit.comments[0]['data']['id']}/")


async def test_a_failure_that_did_not_land_is_retried_after_a_look(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, reddit: Reddit) -> None:
    # the comment did not land and the look after the failure fails too: still ambiguous
    net.fault("POST", "/api/comment", Fault.server_error(503))
    net.fault("GET", "/user/botuser/comments", Fault.server_error(503))
    pub = publisher(net, client, clock)
    # unconfirmed: the approval tries again later with the same key, looking first (it failed
    # for good before, to be drafted again under another key)
    with pytest.raises(PublishUncertain, match="503"):
        await pub.publish("We fixed it", reply_to="t1_parent1", idempotency_key="k")
    assert reddit.comments == []
    result = await pub.publish("We fixed it", reply_to="t1_parent1", idempotency_key="k")
    assert len(reddit.comments) == 1 and result.id == reddit.comments[0]["data"]["name"]
    # the retry looked at the account's comments before posting (the parent's read as it is
    # now, /api/info, is just before each post: tests/integrations/
    # test_review_reddit_reply_to_removed.py)
    kinds = [(r.method, r.path) for r in net.requests if r.path not in (TOKEN, "/api/info")]
    assert kinds[-2:] == [("GET", "/user/botuser/comments"), ("POST", "/api/comment")]


async def test_a_same_text_reply_to_another_parent_is_not_taken_for_ours(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, reddit: Reddit) -> None:
    pub = publisher(net, client, clock)
    await pub.publish("Thanks!", reply_to="t1_other", idempotency_key="a")
    reddit.fail_after_landing.append("500")
    # the failing post lands, so the look finds it: matched on the parent, not the text alone
    result = await pub.publish("Thanks!", reply_to="t1_parent1", idempotency_key="b")
    assert result.id == reddit.comments[0]["data"]["name"] != reddit.comments[1]["data"]["name"]


async def test_reddit_errors_are_publish_errors_and_ratelimit_waits(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    net.json("POST", "/api/comment", {"json": {"errors": [
        ["THREAD_LOCKED", "comments are locked", "parent"]]}})
    pub = publisher(net, client, clock)
    with pytest.raises(PublishError, match="THREAD_LOCKED: comments are locked"):
        await pub.publish("x", reply_to="t3_abc", idempotency_key="1")
    net.json("POST", "/api/comment", {"json": {"errors": [
        ["RATELIMIT", "you are doing that too much. try again in 7 minutes.", "ratelimit"]]}})
    with pytest.raises(RateLimited) as caught:
        await pub.publish("x", reply_to="t3_abc", idempotency_key="2")
    assert caught.value.retry_after == 480  # 7 minutes rounded down: 8 is past it
    net.fixture("POST", "/api/comment", REDDIT / "error_400_gold_required.json")
    with pytest.raises(PublishError, match="GOLD_REQUIRED"):
        await pub.publish("x", reply_to="t3_abc", idempotency_key="3")
    net.fixture("POST", "/api/comment", REDDIT / "error_400_html_body.html")
    with pytest.raises(PublishError, match="text/html"):
        await pub.publish("x", reply_to="t3_abc", idempotency_key="4")
    # an envelope without a comment says nothing of one: looked for, unconfirmed
    net.fixture("POST", "/api/comment", REDDIT / "submit_response.json")
    with pytest.raises(PublishUncertain, match="answered no comment"):
        await pub.publish("x", reply_to="t3_abc", idempotency_key="5")


@pytest.mark.parametrize("reply_to,kw,words", [
    (None, {}, "only replies"),
    ("t3_abc", {"username": None, "password": None}, "script app"),
    ("mastodon:12345", {}, "cannot reply"),
])
async def test_what_cannot_be_published_is_refused_before_sending(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, reply_to: str | None,
        kw: dict[str, Any], words: str) -> None:
    with pytest.raises(PublishError, match=words):
        await publisher(net, client, clock, **kw).publish("x", reply_to=reply_to,
                                                         idempotency_key="k")
    assert net.requests == []


async def test_the_registry_builds_the_reddit_source_and_publisher(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    cfg = config(net, subreddits=("socialops",))

    src = build_source(cfg, store=Cursors(), client=client, clock=clock)
    pub = build_publisher(cfg, client=client, clock=clock)
    assert src.network == "reddit" and src.id == "rd"
    assert isinstance(pub, RedditPublisher)
    typed: Publisher = pub
    assert typed.network == "reddit"


async def test_a_retry_finds_its_earlier_comment_past_what_the_account_posted_since(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, reddit: Reddit) -> None:
    """The process that commented died; while its publishing lease ran, the account posted 120
    more comments. The next attempt (a new process) pages back to it instead of reposting."""
    first = await publisher(net, client, clock).publish(
        "We fixed it", reply_to="reddit:t1_parent1", idempotency_key="k")
    busy = publisher(net, client, clock)
    for n in range(120):
        await busy.publish(f"reply {n}", reply_to=f"reddit:t1_other{n}", idempotency_key=f"b{n}")
    again = await publisher(net, client, clock).publish(
        "We fixed it", reply_to="reddit:t1_parent1", idempotency_key="k", maybe_published=True)
    assert again == first and len(reddit.comments) == 121
    looks = net.requests_to("/user/botuser/comments")
    assert [r.q("limit") for r in looks] == ["100", "100"]


async def test_a_retry_whose_look_cannot_reach_the_first_attempt_posts_nothing(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The first attempt's comment landed (its answer lost); by the retry the account had
    commented 520 times more, past the 500 the look reads. Not having reached the first
    attempt, the look has not seen whether ours is out: the retry is unconfirmed (the approval
    tries again later, then gives up saying it may be out), nothing posted. Before, 'not among
    the newest 500' was taken for 'not posted': commented twice."""
    reddit = Reddit(net, clock=clock)
    first_attempt = clock()
    ours = reddit.add("We fixed it", parent="t1_parent1", at=first_attempt)
    for n in range(520):
        reddit.add(f"reply {n}", parent=f"t1_other{n}",
                   at=first_attempt + timedelta(seconds=n + 1))
    clock.advance(minutes=10)
    with pytest.raises(PublishUncertain, match="500 comments"):
        await publisher(net, client, clock).publish(
            "We fixed it", reply_to="reddit:t1_parent1", idempotency_key="k",
            maybe_published=True, attempted_since=first_attempt)
    assert [c for c in reddit.comments if c["data"]["parent_id"] == "t1_parent1"] == [ours]


@pytest.mark.parametrize("permalink", ["https://evil.example/x", "//evil.example/x",
                                       "/\\evil.example/x", "javascript:alert(1)"])
async def test_a_permalink_off_the_site_in_the_answer_is_not_the_published_address(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, permalink: str,
        caplog: pytest.LogCaptureFixture) -> None:
    """Our reply's address, shown in chat, was joined from the answer's ``permalink`` without
    the check a polled thing's gets: "https://evil.example/x" became
    https://www.reddit.com/https://evil.example/x. It is refused as the parser refuses it (one
    warning line) and the address is made of the comment's ids."""
    answer = json.loads((REDDIT / "editusertext_response.json").read_text(encoding="utf-8"))
    thing = answer["json"]["data"]["things"][0]["data"]
    # the recording's subreddit is a placeholder, "<TEST_SUBREDDIT>": a name Reddit gives here
    thing["permalink"], thing["subreddit"] = permalink, "kakapo"
    net.json("POST", "/api/comment", answer)
    with caplog.at_level(logging.WARNING):
        result = await publisher(net, client, clock).publish(
            "Thanks", reply_to=f"reddit:{PARENT}", idempotency_key="k1")
    assert result.url == "https://www.reddit.com/r/kakapo/comments/4b1tfm/_/d1616q2/"
    assert [r.getMessage() for r in caplog.records] == [
        f"reddit publisher rd: reddit:t1_d1616q2: permalink {permalink!r} is no address on "
        "https://www.reddit.com; not used"]


@pytest.mark.parametrize("subreddit", ["evil.example/x", "../../evil", "<TEST_SUBREDDIT>",
                                       "kakapo?x=1", ""])
async def test_a_subreddit_no_name_of_reddit_s_makes_no_address(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, subreddit: str) -> None:
    """With the permalink refused, the address was joined from the answer's ``subreddit``
    unchecked (https://www.reddit.com/r/evil.example/x/comments/...). The parser's check: no
    address, and the reply is still published once."""
    answer = json.loads((REDDIT / "editusertext_response.json").read_text(encoding="utf-8"))
    thing = answer["json"]["data"]["things"][0]["data"]
    thing["permalink"], thing["subreddit"] = "https://evil.example/x", subreddit
    net.json("POST", "/api/comment", answer)
    result = await publisher(net, client, clock).publish(
        "Thanks", reply_to=f"reddit:{PARENT}", idempotency_key="k1")
    assert result.id == "t1_d1616q2" and result.url is None
    assert len(net.requests_to("/api/comment")) == 1


async def test_a_permalink_on_the_site_in_the_answer_is_the_published_address(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    answer = json.loads((REDDIT / "editusertext_response.json").read_text(encoding="utf-8"))
    thing = answer["json"]["data"]["things"][0]["data"]
    thing["permalink"] = "/r/kakapo/comments/4b1tfm/t/d1616q2/"
    net.json("POST", "/api/comment", answer)
    result = await publisher(net, client, clock).publish(
        "Thanks", reply_to=f"reddit:{PARENT}", idempotency_key="k1")
    assert result.url == "https://www.reddit.com/r/kakapo/comments/4b1tfm/t/d1616q2/"


@pytest.mark.parametrize("how", ["jquery", "no_thing"])
async def test_an_answer_of_no_known_shape_that_did_not_land_is_unconfirmed_not_failed(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, reddit: Reddit,
        how: str) -> None:
    """A 200 in JSON that is not Reddit's ``json`` envelope, or the envelope without the
    comment, says nothing of the comment: it was "nothing was posted" (or "comment answer
    without a thing"), failed for good, while the comment may be there (a second review,
    2026-12-07). It is looked for; not found, the publish is unconfirmed (tried again with the
    same key, looking first), not failed."""
    net.json("POST", "/api/comment", {"jquery": []} if how == "jquery"
             else {"json": {"errors": []}})
    pub = publisher(net, client, clock)
    with pytest.raises(PublishUncertain, match="reddit"):
        await pub.publish("We fixed it", reply_to="t1_parent1", idempotency_key="k")
    assert len(net.requests_to("/user/botuser/comments")) == 1  # looked
