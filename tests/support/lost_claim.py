"""A publish whose claim a Redis restart lost: the scenario the publishing tests of every network
share (X, Reddit and Mastodon against their local servers, Bluesky against the reference PDS).

A Redis without an append-only file (``store.accept_data_loss: true``), restarted, comes back
from its last snapshot: the draft approved, its publishing claim gone. The process that posted
dies before it records the post (at the network's answer); the publish timer, back with the
snapshot, fires in another process minutes later. The transport in front of the real server
only restarts Redis at the answer to the post and holds that answer (the process dies there),
the last inch no server does on cue.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from bot.core.config import ApprovalsConfig, ChannelConfig, PersonConfig, StoreConfig
from bot.core.models import Approval
from bot.core.ports import Publisher, Store
from bot.engine.effects import Applier
from bot.store import open_store
from handlers.approvals import ApprovalService
from handlers.audit import Audit
from handlers.cards import possible_posts
from handlers.identity import Directory
from tests.support.clock import FakeClock
from tests.support.redis_server import OwnRedis

NO_AOF = ("--appendonly", "no", "--save", "")


class PostedThenDies(httpx.AsyncBaseTransport):
    """The real (or local) server; at its answer to the first POST to ``post_path`` (the post
    is made), Redis is killed and started again from its snapshot, and the answer is never
    read: the process that posted dies there."""

    def __init__(self, redis: OwnRedis, post_path: str) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.redis = redis
        self.post_path = post_path
        self.posted = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        answer = await self.inner.handle_async_request(request)
        if (request.method == "POST" and request.url.path == self.post_path
                and not self.posted.is_set()):
            await answer.aread()
            await asyncio.to_thread(self.redis.stop, kill=True)
            await asyncio.to_thread(self.redis.start, *NO_AOF)
            self.posted.set()
            await asyncio.Event().wait()  # killed: the answer is never read
        return answer

    async def aclose(self) -> None:
        await self.inner.aclose()


def service(store: Store, clock: FakeClock, account: str, publisher: Publisher
            ) -> ApprovalService:
    """Approvals with alice drafting and dave approving, publishing to ``account`` alone."""
    return ApprovalService(
        store, Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice"), PersonConfig(id="dave", role="approver")]),
        config=ApprovalsConfig(expire_hours=24, channel="approvals"),
        channels={"approvals": ChannelConfig(workspace="console", id="approvals")},
        publishers={account: publisher}, zones={})


@pytest.fixture
async def redis(tmp_path: Path) -> AsyncIterator[OwnRedis]:
    server = OwnRedis(tmp_path / "redis", *NO_AOF)
    yield server
    server.stop(kill=True)


async def redis_store(redis: OwnRedis, clock: FakeClock) -> Store:
    """A process's store: the Redis, which keeps no append-only file (accept_data_loss)."""
    return await open_store(StoreConfig(backend="redis", redis_url=redis.url,
                                        accept_data_loss=True), redis_url=None, clock=clock)


async def published_once(redis: OwnRedis, clock: FakeClock, transport: PostedThenDies, *,
                         text: str, network: str, account: str,
                         first: Callable[[], Publisher], second: Callable[[], Publisher],
                         reply_to: str | None = None) -> Approval:
    """A-1 drafted, approved for in 2 hours, snapshotted; published at its time by a process
    (its publisher ``first()``, whose requests go through ``transport``) that dies at the
    network's answer while Redis restarts from the snapshot; then, 3 minutes later, by another
    process the timer fires in (``second()``: nothing in memory). A-1 as stored then."""
    store = await redis_store(redis, clock)
    dying = service(store, clock, account, first())
    draft, said = await dying.draft(text=text, network=network,
                                    account=account, author="alice", reply_to=reply_to,
                                    publish_at=dying.when("in 2h"))
    assert draft is not None and draft.id == "A-1", said
    told = await dying.approve(draft.id, "dave", shown_hash=draft.content_hash[:16])
    assert "publishes at" in told.text, told
    assert redis.cli("SAVE").strip() == "OK"  # the snapshot: approved, never claimed
    clock.advance(hours=2, minutes=1)
    [timer] = [t for t in await store.take_due(clock(), lease_seconds=60)
               if t.id.startswith("publish_at:")]
    publishing = asyncio.create_task(dying.publish_due(timer))
    await asyncio.wait_for(transport.posted.wait(), 60)
    publishing.cancel()  # the process is killed
    await asyncio.gather(publishing, return_exceptions=True)
    await store.close()

    clock.advance(minutes=3)  # Redis and the deployment back
    store = await redis_store(redis, clock)
    try:
        again = await store.get_approval("A-1")
        # the claim is gone with what followed the snapshot
        assert again is not None and again.status == "approved" and not possible_posts(again)
        later = service(store, clock, account, second())
        for timer in await store.take_due(clock(), lease_seconds=60):
            if timer.id.startswith("publish"):
                await later.publish_due(timer)
        done = await store.get_approval("A-1")
        assert done is not None and done.status == "published", done
        return done
    finally:
        await store.close()
