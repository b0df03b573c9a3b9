"""Reddit counts every request of an OAuth client against one budget ("100 queries per minute
per OAuth client id", the headers "based on client id only": r/modnews, "API Update: Continued
access to our API for moderators", 2023-05-31; ``X-Ratelimit-Used``, ``-Remaining``,
``-Reset``: github.com/reddit/reddit/wiki/API), whichever part of socialops sends them: the
source's polls and the publisher's read of the parent and its comment spend one budget. Each
kept its own record of ``X-Ratelimit-Remaining: 0``: a poll that spent the client's last
request left the publisher unaware, and the approved reply's read of its parent went out and
drew a 429. Now a source and a publisher of one API and client id on one HTTP client share the
record, so the publish waits for the reset without sending anything, then posts once. Against
the local Reddit (tests/support/fake_reddit.py) keeping the client's budget and sending the
headers on every answer, refusing a request past it."""

from __future__ import annotations

import httpx
import pytest

from bot.core.errors import RateLimited
from integrations.social.reddit.publish import RedditPublisher
from integrations.social.reddit.source import RedditSource
from tests.conftest import FakeClock
from tests.integrations.test_reddit import config, store
from tests.support.fake_reddit import Reads, Reddit
from tests.support.netserver import NetServer

__all__ = ["store"]


async def test_a_poll_that_spent_the_clients_budget_holds_the_publish_until_the_reset(
        store: object, client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        reads = Reads(remaining=1, reset=240)  # the poll's read of /new spends the last one
        reads.refuse_spent = True
        reads.serve(net)
        reddit = Reddit(net, clock=clock, budget=reads)
        post = reads.post("Acme is down", "since this morning", at=clock())
        source = RedditSource(config(net), store=store, client=client,  # type: ignore[arg-type]
                              clock=clock)
        publisher = RedditPublisher(config(net), client=client, clock=clock)
        await source.poll()
        assert reads.remaining == 0
        with pytest.raises(RateLimited) as info:
            await publisher.publish("Thanks, it is fixed now", reply_to=f"reddit:{post}",
                                    idempotency_key="A-1:x")
        assert 230 <= info.value.retry_after <= 240, info.value.retry_after
        assert reads.refused == 0  # nothing sent past the budget, so nothing refused (a 429)

        clock.advance(seconds=info.value.retry_after + 1)  # the approval's try after the wait
        reads.remaining = 600  # Reddit's window reset
        await publisher.publish("Thanks, it is fixed now", reply_to=f"reddit:{post}",
                                idempotency_key="A-1:x")
        assert [c["data"]["body"] for c in reddit.comments] == ["Thanks, it is fixed now"]
        assert reads.refused == 0


async def test_other_clients_keep_their_own_budget(
        store: object, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Another app (client id) is another budget, which the first one's spending leaves whole."""
    async with NetServer() as net:
        reads = Reads(remaining=1, reset=240)
        reads.serve(net)
        reddit = Reddit(net, clock=clock, budget=reads)
        post = reads.post("Acme is down", at=clock())
        source = RedditSource(config(net), store=store, client=client,  # type: ignore[arg-type]
                              clock=clock)
        other = RedditPublisher(config(net, client_id="other-app"), client=client, clock=clock)
        await source.poll()
        reads.remaining = 600  # the fake keeps one budget; the other app's is whole
        await other.publish("Thanks", reply_to=f"reddit:{post}", idempotency_key="A-2:x")
        assert [c["data"]["body"] for c in reddit.comments] == ["Thanks"]


async def test_the_token_request_neither_spends_nor_rewrites_the_clients_budget(
        store: object, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The token request goes to ``auth_url`` (www.reddit.com), not to the OAuth API whose
    requests Reddit counts per client id: any X-Ratelimit-* its answer carries is that host's
    (its own window, per address), not the client's. Taken for the client's, a token answer
    saying 0 left paused every poll and publish of the app unsent, its budget whole."""
    async with NetServer() as net:
        reads = Reads(remaining=600, reset=240)
        reads.token_headers = {"x-ratelimit-used": "300", "x-ratelimit-remaining": "0",
                               "x-ratelimit-reset": "600"}
        reads.serve(net)
        reads.post("Acme is down", at=clock())
        source = RedditSource(config(net), store=store, client=client,  # type: ignore[arg-type]
                              clock=clock)
        mentions = await source.poll()
        assert [m.text for m in mentions] == ["Acme is down"]
        assert source.api.remaining() == reads.remaining  # the client's, as the poll read it
