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

A fourth review of publishing (2026-12-07) asked whether the draft's time lets a reply posted
by hand since, in the same thread, stand in for the approval's (as it did on Mastodon): it
does not, the look reading the approval's own record key only; the last test keeps it so.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from bot.core.ports import PUBLISH_CLAIMS_LOSSY, PUBLISH_DRAFTED
from integrations.social.bluesky.source import BlueskyPublisher, rkey_for
from tests.interop.test_bluesky_real import (  # noqa: F401 (fixtures)
    SECRET,
    Deployer,
    World,
    deploy,
    wall,
    world,
)
from tests.interop.test_bluesky_review_publishing import PUT, approval_key, days_ago
from tests.support.clock import FakeClock
from tests.support.lost_claim import (  # noqa: F401 (redis: a fixture)
    PostedThenDies,
    published_once,
    redis,
)

if TYPE_CHECKING:
    from tests.interop.conftest import AtprotoStack
    from tests.support.redis_server import OwnRedis

TEXT = "Thanks for your patience, the outage is over now 🙏"


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
    transport = PostedThenDies(redis, PUT)
    async with httpx.AsyncClient(transport=transport) as dying:
        done = await published_once(
            redis, clock, transport, text=TEXT, network="bluesky", account="bsky",
            first=lambda: BlueskyPublisher(d.cfg("bsky"), client=dying, clock=clock),
            second=lambda: BlueskyPublisher(d.cfg("bsky"), client=d.client, clock=clock))
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


async def test_a_reply_posted_by_hand_since_the_draft_is_not_taken_for_its_post(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """A draft whose time moved past a reply posted by hand (rescheduled, or turned back by a
    429), the same words in the same thread by the same account, made after the draft was
    written: a retry on a Redis store (which may have lost a claim) takes no post made by
    hand for its own, since it looks only under the approval's record key, and an app posts
    under a key of its own time (createRecord: a TID). The approved reply is written."""
    bot, alice = atproto.account("hand-bot"), atproto.account("hand-al")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    parent = await world.post(alice, "the app logs me out every hour")
    by_hand = await world.post(bot, TEXT, reply_to=parent)
    atproto.process()  # the AppView has indexed both (the reply reads its parent there)
    drafted = PUBLISH_DRAFTED.set(wall() - timedelta(hours=1))
    lossy = PUBLISH_CLAIMS_LOSSY.set(True)
    try:
        result = await d.publisher("bsky").publish(
            TEXT, reply_to=f"bluesky:{parent.uri}", idempotency_key=approval_key(1, TEXT),
            maybe_published=True, attempted_since=wall() - timedelta(minutes=10))
    finally:
        PUBLISH_DRAFTED.reset(drafted)
        PUBLISH_CLAIMS_LOSSY.reset(lossy)
    assert result.id.endswith(f"/{rkey_for(approval_key(1, TEXT))}")
    assert sorted(p["uri"] for p in await world.own_posts(bot)) == sorted(
        [by_hand.uri, result.id.removeprefix("bluesky:")])
