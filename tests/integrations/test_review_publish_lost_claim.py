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

That look must not take the same reply posted by hand since the approval for a lost claim's
post (a fourth review, 2026-12-07): Mastodon names the application each status was posted
with, and the token's; X and Reddit name none (docs/networks.md, "A post made by hand").
"""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest

from bot.core.config import StoreConfig
from bot.core.ports import PUBLISH_CLAIMS_LOSSY, PUBLISH_NOT_BEFORE, Store
from bot.store import open_store
from handlers.approvals import ApprovalService
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonPublisher
from tests.integrations.test_publish_same_text_again import (  # noqa: F401 (world: a fixture)
    TEXT,
    WORLDS,
    World,
    world,
)
from tests.support.clock import FakeClock
from tests.support.fake_mastodon import ACCOUNT_ID, WEB, FakeMastodon
from tests.support.fake_x import USER_ID
from tests.support.lost_claim import (  # noqa: F401 (redis: a fixture)
    PostedThenDies,
    published_once,
    redis,
    service,
)
from tests.support.netserver import Fault, NetServer
from tests.support.redis_server import OwnRedis


@pytest.mark.parametrize("network", list(WORLDS))
async def test_a_post_whose_claim_a_redis_restart_lost_is_published_once(
        redis: OwnRedis, network: str) -> None:  # noqa: F811
    clock = FakeClock()
    async with NetServer() as net:
        transport = PostedThenDies(redis, "")
        async with httpx.AsyncClient(transport=transport) as client:
            on = WORLDS[network](net, client, clock)
            transport.post_path = on.post_path
            # last week's identical reply in the thread is not this one
            old = on.add(clock() - timedelta(days=7))
            done = await published_once(redis, clock, transport, text=TEXT, network=network,
                                        account=network, first=on.new_publisher,
                                        second=on.new_publisher, reply_to=on.reply_to)
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


@pytest.mark.parametrize("server", ["4.3 and later", "before 4.3, no read scope"])
async def test_a_reply_made_by_hand_after_the_approval_is_not_taken_for_its_post(
        redis_url: str, net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        server: str, caplog: pytest.LogCaptureFixture) -> None:
    """A Mastodon reply approved for in 2 hours; at its time the server answers 429 for 10
    minutes, and meanwhile someone posts the same words in the thread by hand, from the web
    interface. The approval's retry, on a Redis (which can lose a claim, so it looks first),
    took that status for the post of a claim lost: recorded published, the approved reply
    never posted, its card linking to the person's own post. Mastodon puts the application a
    status was posted with on the account's statuses (``application``, "Web" for the web
    interface) and says which the token belongs to (``GET /api/v1/apps/verify_credentials``):
    a status of another application is not ours. A server that does not say which (a
    Mastodon before 4.3 asks the token for the ``read`` scope) is looked at as before, and
    says so in one line."""
    fake = FakeMastodon(net, idempotency=False, clock=clock,
                        apps_refused=server.startswith("before"))
    cfg = MastodonSourceConfig(id="m", type="mastodon", base_url=net.base, token="tok",
                               hashtags=("acme",), timeout=2, interval=30)
    store = await open_store(StoreConfig(backend="redis"), redis_url=redis_url, clock=clock)
    try:
        approvals = service(store, clock, "mastodon",
                            MastodonPublisher(cfg, client=client, clock=clock))
        draft, said = await approvals.draft(
            text=TEXT, network="mastodon", account="mastodon", author="alice",
            reply_to="mastodon:42", publish_at=approvals.when("in 2h"))
        assert draft is not None, said
        await approvals.approve(draft.id, "dave", shown_hash=draft.content_hash[:16])
        clock.advance(hours=2, minutes=1)
        fake.rate_limited_until = clock() + timedelta(minutes=10)
        with caplog.at_level("INFO"):
            await due_publishes(store, approvals, clock)  # 429: put off, nothing posted
            clock.advance(minutes=5)
            by_hand = str(fake.add_own(TEXT, in_reply_to_id="42", app=WEB)["id"])
            clock.advance(minutes=6)
            await due_publishes(store, approvals, clock)
        done = await store.get_approval(draft.id)
    finally:
        await store.close()
    assert done is not None and done.status == "published", done
    ids = [str(s["id"]) for s in fake.statuses]
    if server.startswith("before"):  # the residual case: no way to tell, as before
        assert ids == [by_hand] and done.published_id == by_hand
        [said] = [r.getMessage() for r in caplog.records if "which application" in
                  r.getMessage()]
        assert "403" in said and "\n" not in said
    else:
        assert len(ids) == 2 and ids[0] == by_hand and done.published_id == ids[1]
        [said] = [r.getMessage() for r in caplog.records if "by hand" in r.getMessage()]
        assert by_hand in said and "'Web'" in said and "\n" not in said


async def due_publishes(store: Store, approvals: ApprovalService, clock: FakeClock) -> None:
    """The publish timers due now, fired as the timer loop fires them."""
    for timer in await store.take_due(clock(), lease_seconds=60):
        if timer.id.startswith("publish"):
            await approvals.publish_due(timer)
