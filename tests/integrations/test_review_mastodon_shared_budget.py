"""Mastodon counts an access token's requests against its account (``* /api/*``, "Account
access", 300 in 5 minutes: docs.joinmastodon.org/api/rate-limits), whoever in socialops sends
them: the source's polls (notifications, with the token) and the publisher's reads and POSTs
spend one budget. Each kept its own record of ``X-RateLimit-Remaining: 0``: a poll that spent
the account's last request left the publisher unaware, and the approved reply's read of its
post (or its POST) went out and drew a 429 from the server (a refused request, the approval
postponed by the refusal). Now a source and a publisher of one server and token on one HTTP
client share the record, so the publish waits for the reset without sending anything, then
posts once. Against the local Mastodon (tests/support/fake_mastodon.py) keeping one budget
for the account and sending the headers on every answer (a review of exactly-once
publishing, 2026-12-07; a 429 was drawn before)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.core.errors import RateLimited
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonPublisher, MastodonSource
from tests.conftest import FakeClock
from tests.support.fake_mastodon import FakeMastodon
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer


def config(net: NetServer, **kw: Any) -> MastodonSourceConfig:
    return MastodonSourceConfig(id="fedi", type="mastodon", base_url=net.base, token="tok",
                                notifications=True, timeout=1.0, **kw)


async def test_a_poll_that_spent_the_accounts_budget_holds_the_publish_until_the_reset(
        clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net, clock=clock)
        source = MastodonSource(config(net), store=Cursors(), client=client, clock=clock)
        publisher = MastodonPublisher(config(net), client=client, clock=clock)
        masto.limit_budget(1, window=240)
        await source.poll()  # its read of the notifications spends the account's last request
        assert masto.budget == 0
        sent = len(net.requests)
        with pytest.raises(RateLimited) as info:
            await publisher.publish("Thanks, it is fixed now", reply_to=None,
                                    idempotency_key="A-1:x")
        assert 230 <= info.value.retry_after <= 240, info.value.retry_after
        assert len(net.requests) == sent  # nothing sent, so nothing refused (a 429)

        clock.advance(seconds=info.value.retry_after + 1)  # the approval's try after the wait
        await publisher.publish("Thanks, it is fixed now", reply_to=None,
                                idempotency_key="A-1:x")
        assert [s["content"] for s in masto.statuses] == ["<p>Thanks, it is fixed now</p>"]


async def test_accounts_of_other_tokens_keep_their_own_budget(clock: FakeClock) -> None:
    """Another token is another account, whose budget the first one's spending leaves whole."""
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net, clock=clock)
        source = MastodonSource(config(net), store=Cursors(), client=client, clock=clock)
        other = MastodonPublisher(MastodonSourceConfig(
            id="other", type="mastodon", base_url=net.base, token="another", timeout=1.0),
            client=client, clock=clock)
        masto.limit_budget(1, window=240)
        await source.poll()
        masto.limit_budget(5, window=240)  # the server's count of the other account
        await other.publish("Thanks, it is fixed now", reply_to=None, idempotency_key="A-2:x")
        assert len(net.requests_to("/api/v1/statuses", "POST")) == 1
