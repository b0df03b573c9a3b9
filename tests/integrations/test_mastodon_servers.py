"""Mastodon-API servers that differ from Mastodon where the API allows it
(tests/support/fake_mastodon.py): one that ignores ``Idempotency-Key``, and ones without the
streaming API."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import pytest

from bot.core.errors import PublishError
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonPublisher, MastodonSource
from integrations.social.mastodon.stream import MastodonStreamer
from tests.conftest import FakeClock
from tests.integrations.test_bluesky_services import Cursors
from tests.support.fake_mastodon import ACCOUNT_ID, FakeMastodon
from tests.support.netserver import Fault, NetServer


def config(net: NetServer, **kw: Any) -> MastodonSourceConfig:
    base: dict[str, Any] = {"id": "m", "type": "mastodon", "base_url": net.base, "token": "tok",
                            "hashtags": ("acme",), "timeout": 2, "interval": 30}
    return MastodonSourceConfig(**{**base, **kw})


@pytest.mark.parametrize("idempotency", [False, True], ids=["key-ignored", "key-honoured"])
async def test_a_lost_answer_then_a_retry_makes_one_reply(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, idempotency: bool) -> None:
    server = FakeMastodon(net, idempotency=idempotency)
    server.lose_answers = 2  # the reply is created, the answer never arrives
    # and the first look fails too, so the question is still open when the approval retries
    net.fault("GET", f"/api/v1/accounts/{ACCOUNT_ID}/statuses", Fault.server_error())
    pub = MastodonPublisher(config(net), client=client, clock=clock)
    text = "@kasia@other.example sorry & thanks, <fixed> now"
    with pytest.raises(PublishError):
        await pub.publish(text, reply_to="mastodon:42", idempotency_key="A-1:h")
    result = await pub.publish(text, reply_to="mastodon:42", idempotency_key="A-1:h")
    assert len(server.statuses) == 1
    assert result.id == server.statuses[0]["id"]
    assert len(net.requests_to("/api/v1/statuses", "POST")) == 1  # looked, found, no repost
    # a lost answer whose look works at once is simply a success
    other = await pub.publish("second", reply_to=None, idempotency_key="A-2:h")
    assert other.id == server.statuses[1]["id"] and len(server.statuses) == 2


async def test_a_failure_that_posted_nothing_is_retried_and_other_replies_do_not_count(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    server = FakeMastodon(net, idempotency=False)
    pub = MastodonPublisher(config(net), client=client, clock=clock)
    await pub.publish("first answer", reply_to="mastodon:42", idempotency_key="A-1:h")
    net.fault("POST", "/api/v1/statuses", Fault.server_error())  # refused before posting
    with pytest.raises(PublishError):
        await pub.publish("second answer", reply_to="mastodon:42", idempotency_key="A-2:h")
    await pub.publish("second answer", reply_to="mastodon:42", idempotency_key="A-2:h")
    assert [s["content"] for s in server.statuses] == ["<p>first answer</p>",
                                                       "<p>second answer</p>"]


class Sleeps:
    def __init__(self) -> None:
        self.asked: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await asyncio.sleep(0)


@pytest.mark.parametrize("kind", ["instance-without-streaming-url", "endpoint-404"])
async def test_no_streaming_api_means_polling_with_one_notice(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture, kind: str) -> None:
    FakeMastodon(net, streaming=False)
    net.json("GET", "/api/v1/timelines/tag/acme", [])
    if kind == "endpoint-404":  # an older server: no instance v2 at all
        net.json("GET", "/api/v2/instance", {"error": "Not Found"}, status=404)
    source = MastodonSource(config(net, notifications=True), store=Cursors(), client=client,
                            clock=clock)
    sleeps = Sleeps()
    streamer = MastodonStreamer(source, sleep=sleeps)
    caplog.set_level(logging.INFO, logger="integrations.social.mastodon.stream")
    reading = asyncio.ensure_future(anext(streamer.run()))
    try:
        await asyncio.wait_for(streamer.parked.wait(), timeout=5)
        for _ in range(20):
            await asyncio.sleep(0)  # room for any reconnect to show itself
        assert not reading.done()  # idle, not ended: the runtime does not reconnect it
        connects = [r for r in net.requests if r.path.startswith("/api/v1/streaming/")]
        assert len(connects) <= 2  # at most one try per endpoint, never a retry
        assert sleeps.asked == []  # no backoff loop
        notices = [r for r in caplog.records if "no streaming API" in r.getMessage()]
        assert len(notices) == 1 and "polling every 30s" in notices[0].getMessage()
    finally:
        reading.cancel()
        await asyncio.gather(reading, return_exceptions=True)
    assert await source.poll() == []  # the poll carries on


async def test_a_retry_finds_its_earlier_status_past_what_the_account_posted_since(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The process that posted died; while its publishing lease ran, the account posted 50
    more replies. The next attempt (a new process, so nothing in memory) pages back to it."""
    server = FakeMastodon(net, idempotency=False)
    first = await MastodonPublisher(config(net), client=client, clock=clock).publish(
        "Fixed now, see https://status.acme.test/incidents/42-login-failures-eu",
        reply_to="mastodon:42", idempotency_key="A-1:h")
    busy = MastodonPublisher(config(net), client=client, clock=clock)
    for n in range(50):
        await busy.publish(f"reply {n}", reply_to=f"mastodon:{n}", idempotency_key=f"B-{n}:h")
    again = await MastodonPublisher(config(net), client=client, clock=clock).publish(
        "Fixed now, see https://status.acme.test/incidents/42-login-failures-eu",
        reply_to="mastodon:42", idempotency_key="A-1:h", maybe_published=True)
    assert again == first and len(server.statuses) == 51
