"""A Mastodon answer saying the rate limit is spent (``X-RateLimit-Remaining: 0``, with its
``X-RateLimit-Reset``: docs.joinmastodon.org/api/rate-limits) was not read before a publish's
POST: the reply's own read of the post it answers, or the previous publish's answer, spent the
account's last request, and ``POST /api/v1/statuses`` went out anyway and drew a 429 (nothing
posted, a wasted request that a server counting refused ones holds against the account). Now
the publisher reads those headers on every answer, its POST's too, and waits: the publish is
postponed until the reset (``RateLimited``, nothing sent), then posted once. Against the local
Mastodon (tests/support/fake_mastodon.py) keeping the account's budget and sending the headers
on every answer (a feed reader operator's review, 2026-12-07; a POST was sent and refused
before)."""

from __future__ import annotations

import httpx
import pytest

from bot.core.errors import RateLimited
from tests.conftest import FakeClock
from tests.integrations.test_mastodon_publish_answers import publisher
from tests.support.fake_mastodon import FakeMastodon
from tests.support.netserver import NetServer

POST = "/api/v1/statuses"


async def test_a_reply_whose_read_spent_the_budget_waits_for_the_reset_then_posts_once(
        clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net, clock=clock)
        masto.add_status({"id": "1", "visibility": "public", "content": "<p>help</p>",
                          "account": {"acct": "ana@elsewhere.example"}})
        masto.limit_budget(1, window=240)  # the read of the post spends the last request
        pub = publisher(net, client, clock)
        with pytest.raises(RateLimited) as info:
            await pub.publish("@ana@elsewhere.example sorry", reply_to="mastodon:1",
                              idempotency_key="A-1:x")
        assert 230 <= info.value.retry_after <= 240, info.value.retry_after
        assert net.requests_to(POST, "POST") == []  # nothing sent, nothing refused
        assert masto.statuses == []

        clock.advance(seconds=info.value.retry_after + 1)  # the approval tries again after the wait
        await pub.publish("@ana@elsewhere.example sorry", reply_to="mastodon:1",
                          idempotency_key="A-1:x")
        await pub.publish("@ana@elsewhere.example sorry", reply_to="mastodon:1",
                          idempotency_key="A-1:x")
        assert len(net.requests_to(POST, "POST")) == 1
        assert [s["in_reply_to_id"] for s in masto.statuses] == ["1"]


async def test_a_post_whose_answer_spent_the_budget_holds_the_next_one_until_the_reset(
        clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net, clock=clock)
        masto.limit_budget(1, window=120)
        pub = publisher(net, client, clock)
        await pub.publish("Thanks!", reply_to=None, idempotency_key="A-2:x")
        with pytest.raises(RateLimited) as info:
            await pub.publish("Thanks again!", reply_to=None, idempotency_key="A-3:x")
        assert 110 <= info.value.retry_after <= 120, info.value.retry_after
        assert len(net.requests_to(POST, "POST")) == 1  # the second never sent
        clock.advance(seconds=info.value.retry_after + 1)
        await pub.publish("Thanks again!", reply_to=None, idempotency_key="A-3:x")
        assert [s["content"] for s in masto.statuses] == ["<p>Thanks!</p>",
                                                        "<p>Thanks again!</p>"]
