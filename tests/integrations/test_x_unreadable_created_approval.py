"""The approval behind ``test_x_unreadable_created``: X created the tweet and its 201 answer could
not be read; the approval ends ``failed`` and its approver is told publishing failed, while the
tweet is live (docs/workflows.md, Approvals: an unreadable answer says nothing of the post and
is tried again, looking first; delivery.md: "An approved post is published once"). A SQLite file
and a real redis-server. From a review of publishing once (2026-12-06); it failed before the
fix."""

from __future__ import annotations

import httpx
from aiohttp import web

from bot.core.config import ApprovalsConfig, PersonConfig
from bot.core.ports import Store
from bot.engine.effects import Applier
from handlers.approvals import ApprovalService
from handlers.audit import Audit
from handlers.identity import Directory
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XPublisher
from tests.conftest import FakeClock
from tests.support.fake_x import USER_ID, FakeX
from tests.support.netserver import NetServer

TEXT = "Thanks, we've fixed it!"


async def test_an_approval_whose_tweet_went_out_is_not_failed(
        store: Store, clock: FakeClock, net: NetServer, client: httpx.AsyncClient) -> None:
    fake = FakeX(net, clock=clock)

    async def created_but_garbled(request: web.Request) -> web.Response:
        sent = await request.json()
        fake.add(str(sent["text"]), in_reply_to=(sent.get("reply") or {}).get(
            "in_reply_to_tweet_id"))
        return web.Response(status=201, body=b'{"data": {"id": "', content_type="application/json")

    net.handler("POST", "/2/tweets", created_but_garbled)
    cfg = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                        user_token="user", user_id=USER_ID, timeout=2.0)
    service = ApprovalService(
        store, Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice"), PersonConfig(id="dave", role="approver")]),
        config=ApprovalsConfig(expire_hours=24), channels={},
        publishers={"x1": XPublisher(cfg, client=client, clock=clock)}, zones={})
    draft, _ = await service.draft(text=TEXT, network="x", account="x1", author="alice",
                                   reply_to="x:42")
    assert draft is not None
    answer = await service.approve(draft.id, "dave", shown_hash=draft.content_hash[:16])
    now = await store.get_approval(draft.id)
    assert now is not None
    assert len(fake.tweets) == 1  # the tweet is live
    assert now.status != "failed", (answer.text, now.error)
    if now.status == "published":
        assert now.published_id == fake.tweets[0]["id"]
