"""A Bluesky publish whose claim a Redis restart lost, against the AT Protocol reference PDS and
a real redis-server (a fifth review of Bluesky publishing).

The approval's first publishing claim is how the publisher knew an earlier attempt's post for
its own: a record at the approval's record key was taken only if made no earlier than that
claim (less 2 minutes), and the record key taken when another approval's post held it (the
fallback, ``rkey_for(key@<first attempt>)``) was derived from that claim's time. A Redis
without an append-only file (``store.accept_data_loss: true``), restarted, comes back from its
last snapshot: the draft approved, its claim gone. The process that posted died before it
recorded the post (killed at the PDS's answer); the publish timer, back too, fired in another
process minutes later, whose first attempt was now its own. It took the post under the
approval's key for an older approval's (made before its "first attempt"), or, on the fallback
key, looked under a key of its own time, found nothing, and posted a second time.

The publisher knows the post for its own by the draft's time, which no claim lost changes,
and derives the fallback key from it. Every request goes to the real PDS; the transport in
front of it only restarts Redis at the answer to the post and holds that answer (the process
dies there), the last inch no server does on cue.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from bot.core.config import ApprovalsConfig, ChannelConfig, PersonConfig, StoreConfig
from bot.core.ports import PUBLISH_DRAFTED
from bot.engine.effects import Applier
from bot.store import open_store
from handlers.approvals import ApprovalService
from handlers.audit import Audit
from handlers.cards import possible_posts
from handlers.identity import Directory
from integrations.social.bluesky.source import BlueskyPublisher, rkey_for
from tests.interop.test_bluesky_real import (  # noqa: F401 (fixtures)
    SECRET,
    Deployer,
    Deployment,
    World,
    deploy,
    wall,
    world,
)
from tests.interop.test_bluesky_review_publishing import PUT, approval_key, days_ago
from tests.support.clock import FakeClock
from tests.support.redis_server import OwnRedis

if TYPE_CHECKING:
    from bot.core.models import Approval
    from bot.core.ports import Store
    from tests.interop.conftest import AtprotoStack

TEXT = "Thanks for your patience, the outage is over now 🙏"


class PostedThenDies(httpx.AsyncBaseTransport):
    """The real PDS; at its answer to the first ``putRecord`` (the post is written), Redis is
    killed and started again from its snapshot, and the answer is never read: the process that
    posted dies there."""

    def __init__(self, redis: OwnRedis) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.redis = redis
        self.posted = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        answer = await self.inner.handle_async_request(request)
        if request.url.path == PUT and not self.posted.is_set():
            await answer.aread()
            await asyncio.to_thread(self.redis.stop, kill=True)
            await asyncio.to_thread(self.redis.start, *NO_AOF)
            self.posted.set()
            await asyncio.Event().wait()  # killed: the answer is never read
        return answer

    async def aclose(self) -> None:
        await self.inner.aclose()


NO_AOF = ("--appendonly", "no", "--save", "")


def service(store: Store, clock: FakeClock, publisher: BlueskyPublisher) -> ApprovalService:
    return ApprovalService(
        store, Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice"), PersonConfig(id="dave", role="approver")]),
        config=ApprovalsConfig(expire_hours=24, channel="approvals"),
        channels={"approvals": ChannelConfig(workspace="console", id="approvals")},
        publishers={"bsky": publisher}, zones={})


@pytest.fixture
async def redis(tmp_path: Path) -> AsyncIterator[OwnRedis]:
    server = OwnRedis(tmp_path / "redis", *NO_AOF)
    yield server
    server.stop(kill=True)


async def redis_store(redis: OwnRedis, clock: FakeClock) -> Store:
    """A process's store: the Redis, which keeps no append-only file (accept_data_loss)."""
    return await open_store(StoreConfig(backend="redis", redis_url=redis.url,
                                        accept_data_loss=True), redis_url=None, clock=clock)


async def published_once(d: Deployment, redis: OwnRedis, clock: FakeClock,
                         transport: PostedThenDies) -> Approval:
    """A-1 drafted, approved for in 2 hours, snapshotted; published at its time by a process
    that dies at the PDS's answer while Redis restarts from the snapshot; then, 3 minutes
    later, by another process the timer (back with the snapshot) fires in. A-1 as stored
    then."""
    store = await redis_store(redis, clock)
    async with httpx.AsyncClient(transport=transport) as dying:
        first = service(store, clock, BlueskyPublisher(d.cfg("bsky"), client=dying, clock=clock))
        draft, _ = await first.draft(text=TEXT, network="bluesky", account="bsky",
                                     author="alice", publish_at=first.when("in 2h"))
        assert draft is not None and draft.id == "A-1"
        told = await first.approve(draft.id, "dave", shown_hash=draft.content_hash[:16])
        assert "publishes at" in told.text, told
        assert redis.cli("SAVE").strip() == "OK"  # the snapshot: approved, never claimed
        clock.advance(hours=2, minutes=1)
        [timer] = [t for t in await store.take_due(clock(), lease_seconds=60)
                   if t.id.startswith("publish_at:")]
        publishing = asyncio.create_task(first.publish_due(timer))
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
        second = service(store, clock, BlueskyPublisher(d.cfg("bsky"), client=d.client,
                                                        clock=clock))
        for timer in await store.take_due(clock(), lease_seconds=60):
            if timer.id.startswith("publish"):
                await second.publish_due(timer)
        done = await store.get_approval("A-1")
        assert done is not None and done.status == "published", done
        return done
    finally:
        await store.close()


@pytest.mark.parametrize("key", ["the approval's own", "the fallback (another's at its own)"])
async def test_a_post_whose_claim_a_redis_restart_lost_is_published_once(
    atproto: AtprotoStack, deploy: Deployer, world: World, redis: OwnRedis,  # noqa: F811
    key: str
) -> None:
    bot = atproto.account("lost-own-bot" if key.startswith("the approval") else "lost-fb-bot")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    clock = FakeClock(wall())
    others = []
    if key.startswith("the fallback"):
        # last month's A-1 of another store, the same saved words: its record holds the key
        then = days_ago(30)
        old = await BlueskyPublisher(d.cfg("bsky"), client=d.client, clock=then).publish(
            TEXT, reply_to=None, idempotency_key=approval_key(1, TEXT), attempted_since=then())
        assert old.id.endswith(f"/{rkey_for(approval_key(1, TEXT))}")
        others.append(old.id.removeprefix("bluesky:"))
    done = await published_once(d, redis, clock, PostedThenDies(redis))
    ours = [p for p in await world.own_posts(bot) if p["uri"] not in others]
    assert [p["value"]["text"] for p in ours] == [TEXT], ours  # posted once
    assert done.published_id == f"bluesky:{ours[0]['uri']}"


async def test_a_fallback_post_made_before_the_draft_time_was_known_is_found_by_the_retry(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """A try made by the release before this one put the fallback post under a key of its
    first attempt's time; the retry after the upgrade derives it from the draft's time, looks
    there first, then, finding nothing, under the first attempt's key, and takes that post
    rather than posting again."""
    bot = atproto.account("lost-legacy-bot")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    key, then = approval_key(1, TEXT), days_ago(30)
    await BlueskyPublisher(d.cfg("bsky"), client=d.client, clock=then).publish(
        TEXT, reply_to=None, idempotency_key=key, attempted_since=then())
    first = wall() - timedelta(minutes=10)
    before = await d.publisher("bsky").publish(TEXT, reply_to=None, idempotency_key=key,
                                               attempted_since=first)
    drafted = PUBLISH_DRAFTED.set(first - timedelta(hours=1))
    try:
        after = await d.publisher("bsky").publish(TEXT, reply_to=None, idempotency_key=key,
                                                  attempted_since=first, maybe_published=True)
    finally:
        PUBLISH_DRAFTED.reset(drafted)
    assert after == before
    assert len(await world.own_posts(bot)) == 2  # last month's and this one's
