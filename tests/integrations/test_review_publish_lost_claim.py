"""An X, Reddit or Mastodon publish whose claim a Redis restart lost, against local servers of
each network's API and a real redis-server (a review of exactly-once publishing, 2026-12-07).

None of the three has an idempotency key socialops can count on (X and Reddit none; a
Mastodon that ignores ``Idempotency-Key``, as Takahē does), so a try looks for an earlier try's
post before posting: only when the approval's record says an earlier claim may have posted,
and taking only a post made since that first claim (less 2 minutes). A Redis without an
append-only file (``store.accept_data_loss: true``), restarted, comes back from its last
snapshot; a failover to a replica behind its primary does the same: the draft approved, its
claim gone. The process that posted died before it recorded the post (killed at the network's
answer); the publish timer, back too, fired in another process minutes later, whose record
showed no earlier claim, so it looked for nothing and posted a second time (and had it looked,
its first attempt was its own, minutes after the post).

A try on a store that can lose an acknowledged write looks first, for a post made since the
draft was written (no lost claim moves that). Every request goes to the local server; the
transport in front of it only restarts Redis at the answer to the post and holds that answer
(the process dies there), the last inch no server does on cue.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from bot.core.config import ApprovalsConfig, ChannelConfig, PersonConfig, StoreConfig
from bot.core.models import Approval
from bot.core.ports import PUBLISH_CLAIMS_LOSSY, PUBLISH_NOT_BEFORE, Publisher, Store
from bot.engine.effects import Applier
from bot.store import open_store
from handlers.approvals import ApprovalService
from handlers.audit import Audit
from handlers.cards import possible_posts
from handlers.identity import Directory
from tests.integrations.test_publish_same_text_again import (  # noqa: F401 (world: a fixture)
    TEXT,
    WORLDS,
    World,
    world,
)
from tests.support.clock import FakeClock
from tests.support.fake_mastodon import ACCOUNT_ID
from tests.support.fake_x import USER_ID
from tests.support.netserver import Fault, NetServer
from tests.support.redis_server import OwnRedis

NO_AOF = ("--appendonly", "no", "--save", "")


class PostedThenDies(httpx.AsyncBaseTransport):
    """The local server; at its answer to the first post (the post is made), Redis is killed
    and started again from its snapshot, and the answer is never read: the process that posted
    dies there."""

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


async def published_once(network: str, on: World, redis: OwnRedis, clock: FakeClock,
                         transport: PostedThenDies) -> Approval:
    """A-1 (a reply) drafted, approved for in 2 hours, snapshotted; published at its time by a
    process that dies at the network's answer while Redis restarts from the snapshot; then, 3
    minutes later, by another process the timer (back with the snapshot) fires in (a new
    publisher: nothing in memory). A-1 as stored then."""
    store = await redis_store(redis, clock)
    first = service(store, clock, network, on.new_publisher())
    draft, said = await first.draft(text=TEXT, network=network,  # type: ignore[arg-type]
                                    account=network, author="alice", reply_to=on.reply_to,
                                    publish_at=first.when("in 2h"))
    assert draft is not None and draft.id == "A-1", said
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
        second = service(store, clock, network, on.new_publisher())
        for timer in await store.take_due(clock(), lease_seconds=60):
            if timer.id.startswith("publish"):
                await second.publish_due(timer)
        done = await store.get_approval("A-1")
        assert done is not None and done.status == "published", done
        return done
    finally:
        await store.close()


@pytest.mark.parametrize("network", list(WORLDS))
async def test_a_post_whose_claim_a_redis_restart_lost_is_published_once(
        redis: OwnRedis, network: str) -> None:
    clock = FakeClock()
    async with NetServer() as net:
        transport = PostedThenDies(redis, "")
        async with httpx.AsyncClient(transport=transport) as client:
            on = WORLDS[network](net, client, clock)
            transport.post_path = on.post_path
            # last week's identical reply in the thread is not this one
            old = on.add(clock() - timedelta(days=7))
            done = await published_once(network, on, redis, clock, transport)
        ids = on.ids()
        assert len(ids) == 2 and ids[0] == old, ids  # posted once
        assert done.published_id is not None and done.published_id.endswith(ids[1])


async def publish_as_approved(on: World, *, not_before: datetime, first: datetime,
                              maybe_published: bool, lossy: bool) -> str:
    """What a try publishes (the post's id), as the approvals handler calls the publisher: the
    record putting its post no earlier than ``not_before``, its first claim on record at
    ``first``."""
    drafted_at = PUBLISH_NOT_BEFORE.set(not_before)
    lossy_at = PUBLISH_CLAIMS_LOSSY.set(lossy)
    try:
        result = await on.new_publisher().publish(
            TEXT, reply_to=on.reply_to, idempotency_key="socialops-A-1-0123456789abcdef",
            maybe_published=maybe_published, attempted_since=first)
    finally:
        PUBLISH_NOT_BEFORE.reset(drafted_at)
        PUBLISH_CLAIMS_LOSSY.reset(lossy_at)
    return result.id


async def test_a_try_whose_record_lost_the_claim_that_posted_finds_that_post(
        world: World, clock: FakeClock) -> None:  # noqa: F811
    """The publisher's side of the above: the record shows no earlier claim (this try's is its
    first attempt, 3 minutes after the lost one posted), the store can lose one; the post
    since the draft is found, not made again. Last week's identical one is not it."""
    old = world.add(clock() - timedelta(days=7))
    landed = world.add(clock() - timedelta(minutes=3))
    found = await publish_as_approved(world, not_before=clock() - timedelta(hours=2),
                                      first=clock(), maybe_published=False, lossy=True)
    assert found.endswith(landed) and world.ids() == [old, landed]


async def test_a_post_an_earlier_release_made_after_its_first_claim_is_still_found(
        world: World, clock: FakeClock) -> None:  # noqa: F811
    """An approval an earlier release claimed (its first attempt on record), whose try posted
    and died: the retry after the upgrade looks from the draft's time, older than that claim,
    and takes the post for its own."""
    first = clock() - timedelta(minutes=10)
    landed = world.add(first + timedelta(seconds=20))
    found = await publish_as_approved(world, not_before=first - timedelta(days=2), first=first,
                                      maybe_published=True, lossy=False)
    assert found.endswith(landed) and world.ids() == [landed]


async def test_a_first_try_on_a_store_that_cannot_lose_a_claim_does_not_look(
        world: World, net: NetServer, clock: FakeClock) -> None:  # noqa: F811
    """SQLite keeps a commit through a killed process: a try with no earlier claim on record
    posts without reading the account's posts first."""
    await publish_as_approved(world, not_before=clock() - timedelta(hours=1), first=clock(),
                              maybe_published=False, lossy=False)
    assert [r.method for r in net.requests if r.path == world.post_path] == ["POST"]
    assert len(world.ids()) == 1


# each network's look, by the path it posts to
LOOKS = {"/2/tweets": f"/2/users/{USER_ID}/tweets", "/api/comment": "/user/botuser/comments",
         "/api/v1/statuses": f"/api/v1/accounts/{ACCOUNT_ID}/statuses"}


async def test_a_first_try_whose_look_for_a_lost_claims_post_fails_posts_saying_so(
        world: World, net: NetServer, clock: FakeClock,  # noqa: F811
        caplog: pytest.LogCaptureFixture) -> None:
    """No earlier claim on record, the look a Redis's first try makes answering 502: most
    likely nothing was lost, so the post goes out, in one warning line, rather than every
    first post of a flaky server waiting for the retries of an unconfirmed one."""
    net.fault("GET", LOOKS[world.post_path], *[Fault.server_error(502)] * 3)
    with caplog.at_level("WARNING"):
        await publish_as_approved(world, not_before=clock() - timedelta(hours=1),
                                  first=clock(), maybe_published=False, lossy=True)
    assert len(world.ids()) == 1
    [said] = [r.getMessage() for r in caplog.records if "the look before publishing" in
              r.getMessage()]
    assert "failed" in said and "posting" in said and "\n" not in said
