"""X answers the POST that created the tweet with a body that cannot be read (a proxy that mangled
it, a 201 cut short): the tweet is live, so the publish must not say "failed, nothing posted"
(docs/workflows.md: an unreadable answer is a failure that says nothing of the post, tried again
with the same key, looking first). From a review of publishing once (2026-12-06); it failed
before the fix."""

from __future__ import annotations

import httpx
import pytest
from aiohttp import web

from bot.core.errors import PublishError, PublishUncertain
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XPublisher
from tests.conftest import FakeClock
from tests.support.fake_x import USER_ID, FakeX
from tests.support.netserver import NetServer

TEXT = "Thanks, we've fixed it!"


@pytest.mark.parametrize("body", [b'{"data": {"id": "17', b"<html>ok</html>", b""],
                         ids=["cut-json", "html", "empty"])
async def test_a_created_tweet_whose_answer_is_unreadable_is_not_failed_as_unposted(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, body: bytes) -> None:
    fake = FakeX(net, clock=clock)

    async def created_but_garbled(request: web.Request) -> web.Response:
        sent = await request.json()
        fake.add(str(sent["text"]), in_reply_to=(sent.get("reply") or {}).get(
            "in_reply_to_tweet_id"))
        return web.Response(status=201, body=body, content_type="application/json")

    net.handler("POST", "/2/tweets", created_but_garbled)
    cfg = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                        user_token="user", user_id=USER_ID, timeout=2.0)
    pub = XPublisher(cfg, client=client, clock=clock)
    try:
        result = await pub.publish(TEXT, reply_to="x:42", idempotency_key="socialops-A-1-x")
    except PublishUncertain:
        result = None  # acceptable: tried again later, looking first
    except PublishError as exc:
        pytest.fail(f"the tweet is live ({len(fake.tweets)} on X), but the publish was failed "
                    f"at once as final: {exc}")
    assert len(fake.tweets) == 1
    if result is not None:
        assert result.id == fake.tweets[0]["id"]
