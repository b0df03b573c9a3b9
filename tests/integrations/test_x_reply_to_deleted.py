"""X answers a reply to a tweet deleted since the mention (or one no longer visible) with ``403``
and a problem saying so ("You attempted to reply to a Tweet that is deleted or not visible to
you.", X error 385; e.g. plhery/node-twitter-api-v2#366). docs/workflows.md: "A refusal (a
refused token, a deleted post to reply to, ...) fails it at once, saying why". socialops reads
every 403 as a refused token, so the approver is told the token was refused (and goes to renew a
token that works) instead of that the customer's tweet is gone. From a review of publishing once
(2026-12-06); it failed before the fix."""

from __future__ import annotations

import httpx
import pytest

from bot.core.errors import PublishError
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XPublisher
from tests.conftest import FakeClock
from tests.support.fake_x import USER_ID, FakeX
from tests.support.netserver import Fault, NetServer

GONE = {"detail": "You attempted to reply to a Tweet that is deleted or not visible to you.",
        "type": "about:blank", "title": "Forbidden", "status": 403}


async def test_a_reply_to_a_deleted_tweet_says_the_tweet_is_gone_not_the_token(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    fake = FakeX(net, clock=clock)
    net.fault("POST", "/2/tweets", Fault.http(403, {"Content-Type": "application/json"}, GONE))
    cfg = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                        user_token="user", user_id=USER_ID, timeout=2.0)
    with pytest.raises(PublishError) as err:
        await XPublisher(cfg, client=client, clock=clock).publish(
            "Thanks, fixed!", reply_to="x:42", idempotency_key="socialops-A-1-abc")
    said = str(err.value)
    assert fake.tweets == []
    assert "token" not in said, said
    assert "deleted" in said or "not visible" in said, said
