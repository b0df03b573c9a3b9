"""A second review of Bluesky publishing against the AT Protocol reference stack (dev-env's PDS
and AppView): what a moment of trouble between the approval and the record does to the post,
a record key another store used, a tag the lexicon refuses, and a handle our account gave up.
Each test failed on the code before its fix.

Every request goes to the real PDS; where a transport stands in front of it, it only fails or
delays one answer, the last inch no server can be asked to do on cue. The deployment and the
other accounts are test_bluesky_real.py's.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from bot.core.errors import PublishUncertain, RateLimited
from handlers.approvals import content_hash
from integrations.social.bluesky.source import BlueskyPublisher
from tests.interop.test_bluesky_real import (  # noqa: F401 (fixtures)
    SECRET,
    Deployer,
    World,
    canonical,
    deploy,
    iso,
    uri_of,
    wall,
    world,
)

if TYPE_CHECKING:
    from tests.interop.conftest import AtprotoStack

RESOLVE = "/xrpc/com.atproto.identity.resolveHandle"
PUT = "/xrpc/com.atproto.repo.putRecord"


class FirstResolveFails(httpx.AsyncBaseTransport):
    """The real PDS, but the first ``resolveHandle`` meets ``trouble``: a 503 from the proxy in
    front of it, a timeout, or the PDS's own 429 (@atproto/xrpc-server: ``RateLimitExceeded``
    with ``RateLimit-Reset`` in epoch seconds, as every rate-limited XRPC answers)."""

    def __init__(self, trouble: str) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.trouble = trouble
        self.met = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == RESOLVE and not self.met:
            self.met += 1
            if self.trouble == "timeout":
                raise httpx.ReadTimeout("no answer", request=request)
            if self.trouble == "429":
                reset = int(wall().timestamp()) + 120
                return httpx.Response(429, headers={
                    "ratelimit-limit": "3000", "ratelimit-remaining": "0",
                    "ratelimit-reset": str(reset), "ratelimit-policy": "3000;w=300"},
                    json={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"})
            return httpx.Response(503, text="upstream unavailable")
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.mark.parametrize("trouble", ["503", "timeout", "429"])
async def test_a_mention_is_not_published_as_plain_text_when_its_handle_cannot_be_asked(
    atproto: AtprotoStack, deploy: Deployer, world: World, trouble: str  # noqa: F811
) -> None:
    """A mention is a facet with the DID ``resolveHandle`` gives; without it the customer is
    not notified and the @handle is plain text, for good (a post is not edited). The PDS
    saying it knows no such handle (400) leaves it plain text, as the SDK does; a PDS that
    could not be asked (a 5xx, a timeout, a 429) said nothing of the handle. The publisher
    took all of them alike and published the approved reply without its mention."""
    bot, alice = atproto.account(f"ask-bot-{trouble}"), atproto.account(f"ask-al-{trouble}")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    text = f"@{alice.handle} it is fixed now, sorry for the wait 🙏"
    key = f"approval-ask-{trouble}"
    async with httpx.AsyncClient(transport=FirstResolveFails(trouble)) as flaky:
        publisher = BlueskyPublisher(d.cfg("bsky"), client=flaky, clock=wall)
        expected = RateLimited if trouble == "429" else PublishUncertain
        with pytest.raises(expected) as caught:
            await publisher.publish(text, reply_to=None, idempotency_key=key)
        assert "\n" not in str(caught.value)
        if isinstance(caught.value, RateLimited):
            assert 60 < caught.value.retry_after <= 121  # the PDS's reset, not a guess
        assert await world.own_posts(bot) == []  # nothing written before the retry
        # the approval's retry: the handle answers now, and the mention is the SDK's
        result = await publisher.publish(text, reply_to=None, idempotency_key=key,
                                         maybe_published=True)
    _, record = await world.record(uri_of(result.id))
    [sdk] = atproto.facets([text], resolve=True)
    assert canonical(record.get("facets", [])) == canonical(sdk)
    assert sdk and sdk[0]["features"][0]["did"] == alice.did


class HeldWrite(httpx.AsyncBaseTransport):
    """The real PDS, but the first ``putRecord`` waits in flight until ``release`` is set:
    a request sent while the publishing claim was held, arriving after another process took
    the claim over and published (a stalled connection, a slow proxy)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.sending = asyncio.Event()
        self.release = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == PUT and not self.sending.is_set():
            self.sending.set()
            await self.release.wait()
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_a_write_arriving_after_another_process_published_leaves_the_post_as_it_was(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """The look before writing (``getRecord`` at the approval's record key) and the claim
    check right before ``putRecord`` narrow the window, but a request already sent outlives
    both: it landed on the record the process that took over had written, and rewrote it (a
    new CID and ``createdAt``: the AppView re-indexes it, and a like or a reply's strong ref
    to the first CID points at a version that is no more). ``putRecord`` takes
    ``swapRecord: null``, "write only if there is none" (@atproto/pds: ``InvalidSwap``
    otherwise), which the PDS decides in the repo's own transaction."""
    bot = atproto.account("held-bot")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    text = "Both processes approve this once 🔁 #status"
    held = HeldWrite()
    async with httpx.AsyncClient(transport=held) as slow:
        first = BlueskyPublisher(d.cfg("bsky"), client=slow, clock=wall)
        stalled = asyncio.create_task(
            first.publish(text, reply_to=None, idempotency_key="approval-held"))
        await asyncio.wait_for(held.sending.wait(), 30)
        # meanwhile the process that took the claim over publishes the approval
        took_over = await d.publisher("bsky").publish(text, reply_to=None,
                                                      idempotency_key="approval-held")
        cid, record = await world.record(uri_of(took_over.id))
        held.release.set()
        late = await asyncio.wait_for(stalled, 30)
    assert late == took_over  # the record there is the post
    assert await world.record(uri_of(took_over.id)) == (cid, record)  # not rewritten
    [only] = await world.own_posts(bot)
    assert only["cid"] == cid and json.dumps(only["value"]) == json.dumps(record)


def approval_key(number: int, text: str) -> str:
    """The idempotency key handlers/approvals.py gives a publish: the approval's id, which a
    store numbers from A-1, and its text's hash."""
    return f"socialops-A-{number}-{content_hash(text)[:16]}"


def days_ago(days: float) -> Callable[[], datetime]:
    return lambda: wall() - timedelta(days=days)


async def test_another_stores_post_under_the_same_approval_key_is_not_taken_for_this_one(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """The record key is derived from the approval's id and text hash, and an approval's id
    is a store's own count (A-1, A-2, ...): a store started afresh (a move from SQLite to
    Redis, a reinstall) or a second deployment on the account (staging) numbers from A-1
    again, and a saved reply's text is the same each time. The look before writing took the
    record it found under that key, last month's reply to someone else, for this approval:
    recorded published with a link to the old post, the customer never answered. The look
    takes a record there for this approval's only as the other networks' looks do
    (``is_ours``): the same reply target, and made no earlier than its first attempt (less
    the clock skew); another is left as it is, and the post goes under another key."""
    bot, alice, bob = (atproto.account(h) for h in ("key-bot", "key-alice", "key-bob"))
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    text = "Thanks for reaching out! Please DM us your order number 🙏"
    key = approval_key(1, text)
    old_question, question = (await world.post(alice, "Where is my parcel?"),
                              await world.post(bob, "My order never came 😡"))
    atproto.process()
    # last month: the store before this one, its A-1 answering alice
    then = days_ago(30)
    old = await BlueskyPublisher(d.cfg("bsky"), client=d.client, clock=then).publish(
        text, reply_to=f"bluesky:{old_question.uri}", idempotency_key=key,
        attempted_since=then())
    old_cid, old_record = await world.record(uri_of(old.id))

    # now: this store's A-1, the same saved reply, answering bob
    first = wall()
    new = await d.publisher("bsky").publish(text, reply_to=f"bluesky:{question.uri}",
                                            idempotency_key=key, attempted_since=first)
    assert new.id != old.id
    _, record = await world.record(uri_of(new.id))
    assert record["reply"]["parent"]["uri"] == question.uri and record["text"] == text
    assert await world.record(uri_of(old.id)) == (old_cid, old_record)  # left as it was
    # a retry (a lost answer, another process) finds this one, and posts nothing more
    again = await d.publisher("bsky").publish(text, reply_to=f"bluesky:{question.uri}",
                                              idempotency_key=key, attempted_since=first,
                                              maybe_published=True)
    assert again == new
    assert len(await world.own_posts(bot)) == 2

    # a post, no reply: last month's A-2 of the same words is not this A-2
    notice = "Scheduled maintenance tonight 22:00-23:00 UTC 🛠️"
    old_notice = await BlueskyPublisher(d.cfg("bsky"), client=d.client, clock=then).publish(
        notice, reply_to=None, idempotency_key=approval_key(2, notice), attempted_since=then())
    now = wall()
    fresh = await d.publisher("bsky").publish(notice, reply_to=None,
                                              idempotency_key=approval_key(2, notice),
                                              attempted_since=now)
    assert fresh.id != old_notice.id
    _, written = await world.record(uri_of(fresh.id))
    assert written["createdAt"] >= iso(now - timedelta(seconds=1))
    assert await d.publisher("bsky").publish(
        notice, reply_to=None, idempotency_key=approval_key(2, notice), attempted_since=now,
        maybe_published=True) == fresh
    assert len(await world.own_posts(bot)) == 4


async def test_whoever_takes_the_handle_our_account_gave_up_is_no_own_account(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """Our posts are dropped by our accounts' DIDs and by the handles the config names. A
    handle is a name the account may give up (a company moving to its domain handle) and
    anyone may then take (the PDS frees it at once): while the config still names the old
    one, and the bot runs on its kept session (refreshed by DID), the posts of whoever took it
    were dropped as our own, every one, an impersonator's "support here, DM me" included.
    Once a handle's DID is known, the account is known by its DID alone."""
    bot = atproto.account("gave-up-bot")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                       "queries": ["Gaveup Cloud"], "backfill_minutes": 5}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    source = d.source("bsky")
    assert await source.poll() == []  # our DID learnt
    r = await world.http.post(f"{atproto.pds}/xrpc/com.atproto.identity.updateHandle",
                              headers={"Authorization": f"Bearer {bot.access_jwt}"},
                              json={"handle": "gave-up-bot-new.test"})
    assert r.status_code == 200, r.text
    taker = atproto.account("gave-up-taker")  # the handle, free again, taken by someone else
    r = await world.http.post(f"{atproto.pds}/xrpc/com.atproto.identity.updateHandle",
                              headers={"Authorization": f"Bearer {taker.access_jwt}"},
                              json={"handle": bot.handle})
    assert r.status_code == 200, r.text
    ours = await world.post(bot, "Gaveup Cloud support here: fixed now")
    theirs = await world.post(taker, "Gaveup Cloud support here, DM me your password")
    atproto.process()
    found = await source.poll()
    assert [m.id for m in found] == [f"bluesky:{theirs.uri}"]
    assert found[0].author.handle == bot.handle  # the handle in the config, someone else's
    assert f"own post: bluesky:{ours.uri}" in source.skipped


async def test_a_tag_over_the_lexicons_640_bytes_is_text_and_the_post_is_published(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """A tag facet's ``tag`` is at most 64 graphemes and 640 bytes (app.bsky.richtext.facet
    ``#tag``). The SDK checks the graphemes only, and so did the publisher: a tag of 30
    Scotland flags (a tag sequence, 28 bytes each: 30 graphemes, 840 bytes) became a facet the
    PDS refuses with the whole record (400 InvalidRequest), the approved post never
    published. Over either limit the tag is text, as a tag over 64 graphemes is."""
    bot = atproto.account("tagbytes-bot")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    scotland = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    text = f"New this week #{scotland * 30} and #fixed"
    [sdk] = atproto.facets([text])
    assert [f["features"][0]["tag"] for f in sdk] == [scotland * 30, "fixed"]
    refused = await world.http.post(
        f"{atproto.pds}/xrpc/com.atproto.repo.createRecord",
        headers={"Authorization": f"Bearer {bot.access_jwt}"},
        json={"repo": bot.did, "collection": "app.bsky.feed.post", "record": {
            "$type": "app.bsky.feed.post", "text": text, "createdAt": iso(wall()),
            "facets": sdk}})
    assert refused.status_code == 400 and "640" in refused.json()["message"], refused.text
    result = await d.publisher("bsky").publish(text, reply_to=None, idempotency_key="tagbytes")
    _, record = await world.record(uri_of(result.id))
    assert record["text"] == text
    assert [f["features"][0]["tag"] for f in record["facets"]] == ["fixed"]
