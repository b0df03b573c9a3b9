"""The Mastodon publisher against the local Mastodon's documented answers to
``POST /api/v1/statuses`` (tests/support/fake_mastodon.py): the language kept on the status, a
reply to a deleted status (404), a status over the instance's limit (422) and a spent rate
limit (429 with ``X-RateLimit-Reset`` and no ``Retry-After``). Each says whether the approval
waits, is tried again or fails, and nothing is posted twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.core.errors import PublishError, PublishUncertain, RateLimited
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonPublisher
from tests.conftest import FakeClock
from tests.support.fake_mastodon import FakeMastodon
from tests.support.netserver import NetServer


def publisher(net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
              **kw: Any) -> MastodonPublisher:
    return MastodonPublisher(MastodonSourceConfig(
        id="fedi", type="mastodon", base_url=net.base + "/", token="tok", **kw),
        client=client, clock=clock)


async def test_the_language_is_kept_on_the_status(clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net, clock=clock)
        await publisher(net, client, clock, language="de").publish(
            "Danke!", reply_to=None, idempotency_key="A-1:x")
        await publisher(net, client, clock).publish("Thanks!", reply_to=None,
                                                    idempotency_key="A-2:x")
        assert [s["language"] for s in masto.statuses] == ["de", None]


async def test_a_reply_to_a_deleted_status_fails_saying_so(clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net, clock=clock)
        masto.add_status({"id": "1", "visibility": "public", "content": "<p>help</p>"})
        masto.delete_status("1")
        with pytest.raises(PublishError) as info:
            await publisher(net, client, clock).publish("sorry", reply_to="mastodon:1",
                                                        idempotency_key="A-3:x")
        assert not isinstance(info.value, PublishUncertain)
        assert "the status to reply to (1 on " in str(info.value)
        assert str(info.value).endswith("does not appear to exist.); nothing was posted")
        assert masto.statuses == []


async def test_a_status_over_the_instances_limit_is_refused_for_good(clock: FakeClock) -> None:
    """max_characters on the source said more than the instance takes (or the instance
    lowered it since the draft): the 422 fails the approval with the server's words."""
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net, clock=clock, max_characters=500)
        pub = publisher(net, client, clock, max_characters=600)
        assert await pub.post_problem("a" * 550) is None  # drafted: the source said 600
        with pytest.raises(PublishError) as info:
            await pub.publish("a" * 550, reply_to=None, idempotency_key="A-4:x")
        assert not isinstance(info.value, PublishUncertain)
        assert str(info.value) == ("mastodon: publish answered 422: Validation failed: Text "
                                   "character limit of 500 exceeded")
        # at the limit, with a link counted as 23 and a family emoji as one: taken
        text = "👨‍👩‍👧 " + "b" * 474 + " https://acme.example.com/" + "c" * 60
        await pub.publish(text, reply_to=None, idempotency_key="A-5:x")
        assert len(masto.statuses) == 1


async def test_a_spent_rate_limit_waits_until_the_reset(clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net, clock=clock)
        masto.rate_limited_until = clock() + timedelta(minutes=4)
        with pytest.raises(RateLimited) as info:
            await publisher(net, client, clock).publish("sorry", reply_to=None,
                                                        idempotency_key="A-6:x")
        assert 230 <= info.value.retry_after <= 240, info.value.retry_after
        assert masto.statuses == []


async def test_a_status_url_on_another_host_is_not_the_cards_link(clock: FakeClock) -> None:
    """The server's answer names the status's address, and the approval card links to it: a
    server that names another host's (a proxy rewriting, a compromised instance, a phishing
    page) would have the team click through to that host believing it their post. Our own
    status is on our server: its ``uri`` there when the ``url`` is elsewhere, else no link
    (the card names the status's id)."""
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net, clock=clock)
        masto.status_url = "https://phish.example/@acme"
        done = await publisher(net, client, clock).publish("Thanks!", reply_to=None,
                                                           idempotency_key="A-7:x")
        assert done.url == f"{net.base}/statuses/1"
        masto.status_uri = "https://phish.example/users/acme/statuses"
        done = await publisher(net, client, clock).publish("Thanks again!", reply_to=None,
                                                           idempotency_key="A-8:x")
        assert done.id == masto.statuses[-1]["id"] and done.url is None
        # the same when the post is found by the look after a lost answer (a 502)
        masto.lose_answers = 1
        done = await publisher(net, client, clock).publish("Once more", reply_to=None,
                                                           idempotency_key="A-9:x")
        assert done.id == masto.statuses[-1]["id"] and done.url is None
        assert len(masto.statuses) == 3
        # the server's own address, written another way (capitals, the default port), is its
        masto.status_url = net.base.replace("127.0.0.1", "127.0.0.1.").upper() + "/@acme"
        masto.idempotency = True
        done = await publisher(net, client, clock).publish("Last", reply_to=None,
                                                           idempotency_key="A-10:x")
        assert done.url == masto.statuses[-1]["url"]
