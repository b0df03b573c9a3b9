"""A Mastodon publish whose outcome was unclear, retried after the operator swapped the token for
one made with another application (a review of exactly-once publishing, 2026-12-07).

The look before a retry takes a status of the approval's text and reply target for its own
only if it was posted with the publishing application (``application``, which Mastodon shows
the account's own token), so the same reply posted by hand ("Web") is not taken for it. It
compared with the application of the token in use now: the first try posted with app A's
token and its process died before recording the post; the operator set app B's token and
restarted; the retry judged A's status "made by hand" and posted the reply again. A Mastodon
keeps ``Idempotency-Key`` for an hour only, and Takahē and GoToSocial ignore it: a second post.
Each publishing claim now records, before its post, which application and account it posts
with; the look takes a status of any of them. Against the local Mastodon-API server and a real
SQLite file; the transport in front of the server holds the answer to the POST (the process
dies there), the one thing no server does on cue.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

from bot.core.config import StoreConfig
from bot.core.errors import PublishNotSent
from bot.core.models import Approval, HistoryEntry
from bot.core.ports import PUBLISH_POSTED_AS, Store
from bot.store import open_store
from handlers.approvals import ApprovalService
from handlers.cards import CLAIMED, POSTING_AS, possible_posters
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonPublisher
from tests.support.clock import FakeClock
from tests.support.fake_mastodon import FakeMastodon
from tests.support.lost_claim import service
from tests.support.netserver import NetServer

TEXT = "@ann thanks, we are on it"


class DiesAtPost(httpx.AsyncBaseTransport):
    """The local server; the answer to the first POST (to ``post_path``, if given: the post,
    not a session's) is never read (the process that posted dies there)."""

    def __init__(self, post_path: str | None = None) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.post_path = post_path
        self.posted = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        answer = await self.inner.handle_async_request(request)
        if (request.method == "POST" and not self.posted.is_set()
                and self.post_path in (None, request.url.path)):
            await answer.aread()
            self.posted.set()
            await asyncio.Event().wait()  # killed: the answer is never read
        return answer

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_a_retry_after_the_token_was_swapped_for_another_apps_posts_nothing_again(
        tmp_path: Path, clock: FakeClock) -> None:
    async with NetServer() as net:
        fake = FakeMastodon(net, idempotency=False, clock=clock)  # Takahē, GoToSocial
        config = StoreConfig(backend="sqlite", path=str(tmp_path / "socialops.db"))
        cfg = MastodonSourceConfig(id="m", type="mastodon", base_url=net.base, token="tok-a",
                                   hashtags=("acme",), timeout=2, interval=30)
        transport = DiesAtPost()
        async with httpx.AsyncClient(transport=transport) as client:
            store = await open_store(config, redis_url=None, clock=clock)
            dying = service(store, clock, "mastodon",
                            MastodonPublisher(cfg, client=client, clock=clock))
            draft, said = await dying.draft(text=TEXT, network="mastodon", account="mastodon",
                                            author="alice", reply_to="mastodon:42")
            assert draft is not None, said
            publishing = asyncio.create_task(
                dying.approve(draft.id, "dave", shown_hash=draft.content_hash[:16]))
            await asyncio.wait_for(transport.posted.wait(), 30)
            publishing.cancel()  # the process is killed after the POST, before its record
            await asyncio.gather(publishing, return_exceptions=True)
            await store.close()
            assert len(fake.statuses) == 1

            fake.app = "socialops-2"  # the operator's new token, of another application
            swapped = cfg.model_copy(update={"token": "tok-b"})
            clock.advance(minutes=5)  # past the claim's lease: the publish timer is due
            store = await open_store(config, redis_url=None, clock=clock)
            try:
                later = service(store, clock, "mastodon",
                                MastodonPublisher(swapped, client=client, clock=clock))
                await due_publishes(store, later, clock)
                done = await store.get_approval(draft.id)
            finally:
                await store.close()
    assert done is not None and done.status == "published", done
    assert [s["id"] for s in fake.statuses] == [done.published_id]  # posted once


def test_a_claim_recorded_before_the_poster_was_kept_reads_as_none(clock: FakeClock) -> None:
    """A claim an earlier release recorded (``attempt 1``, no poster) reads as no poster: its
    try's look compares with the token in use, as before; one recorded now reads back whole."""
    claims = (HistoryEntry(at=clock(), actor="socialops", action=CLAIMED, detail="attempt 1"),
              HistoryEntry(at=clock(), actor="socialops", action=CLAIMED,
                           detail=f'attempt 2{POSTING_AS}{{"app":"a; b"}}'))
    a = Approval(id="A-1", status="publishing", text=TEXT, network="mastodon",
                 account="mastodon", author="alice", content_hash="0" * 64,
                 created_at=clock(), history=claims[:1])
    assert possible_posters(Approval.from_json(a.to_json())) == ()
    assert possible_posters(a.model_copy(update={"history": claims})) == ('{"app":"a; b"}',)


async def test_a_retry_whose_token_now_posts_as_another_account_posts_nothing(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The earlier attempt's claim recorded another account (the token swapped for another
    account's): its post, if made, is not among this account's statuses, so not finding it
    there says nothing; the try posts nothing and stays unconfirmed, saying where to look."""
    fake = FakeMastodon(net, idempotency=False, clock=clock)
    cfg = MastodonSourceConfig(id="m", type="mastodon", base_url=net.base, token="tok-b",
                               hashtags=("acme",), timeout=2, interval=30)
    publisher = MastodonPublisher(cfg, client=client, clock=clock)
    other = json.dumps({"app": "socialops", "account": "1", "server": publisher.server})
    recorded = PUBLISH_POSTED_AS.set((other,))
    try:
        with pytest.raises(PublishNotSent, match=r"posted as account 1 on .* look at that "
                                                 r"account's posts"):
            await publisher.publish(TEXT, reply_to="mastodon:42", idempotency_key="k",
                                    maybe_published=True, attempted_since=clock())
    finally:
        PUBLISH_POSTED_AS.reset(recorded)
    assert fake.statuses == [] and not net.requests_to("/api/v1/statuses", "POST")


async def due_publishes(store: Store, approvals: ApprovalService, clock: FakeClock) -> None:
    """The publish timers due now, fired as the timer loop fires them."""
    for timer in await store.take_due(clock(), lease_seconds=60):
        if timer.id.startswith("publish"):
            await approvals.publish_due(timer)
