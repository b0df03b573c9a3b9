"""What X and Mastodon may answer a post with, and the post made once whatever it was (an X and
Mastodon integration review, 2026-12-07; no defect found here, these pin it).

After the post landed: the connection dropped mid-answer, a ``200`` whose body is no JSON (a
proxy's page), a ``503`` with X's or Mastodon's error body and one without a body. Each may
have posted, so the publisher looks (at once, or at the next try after a restart) and takes
the post that landed: one post. Before it landed (the answer a proxy's ``503``, with a body or
without): the look finds nothing, and the next try posts it, once. A ``429`` posts nothing and
names its wait: X's ``x-rate-limit-reset`` (epoch seconds) before a proxy's ``Retry-After``,
Mastodon's ``Retry-After`` before its ``X-RateLimit-Reset`` (an ISO 8601 time), as each
documents; the try after the wait posts it once, without looking. Against the local servers
of ``test_publish_same_text_again`` (Mastodon ignoring ``Idempotency-Key``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from aiohttp import web

from bot.core.errors import PublishUncertain, RateLimited
from bot.core.ports import PublishResult
from tests.conftest import FakeClock
from tests.integrations.test_publish_same_text_again import TEXT, WORLDS, World
from tests.support.netserver import Fault, NetServer

NETWORKS = ["x", "mastodon"]
AFTER_LANDING: dict[str, Callable[[], web.StreamResponse]] = {
    "200-not-json": lambda: web.Response(status=200, text="<html>upstream</html>",
                                         content_type="text/html"),
    "503-with-body": lambda: web.json_response({"title": "Service Unavailable",
                                                "error": "Service Unavailable"}, status=503),
    "503-no-body": lambda: web.Response(status=503),
}


def made(net: NetServer, client: httpx.AsyncClient, clock: FakeClock, network: str) -> World:
    return WORLDS[network](net, client, clock)


def answer_after_landing(net: NetServer, world: World, answer: web.StreamResponse) -> None:
    """The next post lands, and its answer is ``answer``."""
    real = net._routes[("POST", world.post_path)]
    once = [answer]

    async def landed(request: web.Request) -> web.StreamResponse:
        made_it = await real(request)  # type: ignore[operator]
        return once.pop() if once else made_it

    net.handler("POST", world.post_path, landed)


async def published_once(world: World, clock: FakeClock, first: PublishResult | None,
                         since: object) -> PublishResult:
    """The publish's result: the first try's, else a restarted process's try (the store
    saying an earlier try may have posted, and since when)."""
    if first is not None:
        return first
    clock.advance(minutes=1)
    return await world.new_publisher().publish(
        TEXT, reply_to=world.reply_to, idempotency_key="A-1", maybe_published=True,
        attempted_since=since)  # type: ignore[arg-type]


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("answer", [*AFTER_LANDING, "connection-dropped"])
async def test_an_answer_lost_after_the_post_landed_is_that_post(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, network: str,
        answer: str) -> None:
    world = made(net, client, clock, network)
    if answer == "connection-dropped":
        net.fault("POST", world.post_path, Fault.truncated())
    else:
        answer_after_landing(net, world, AFTER_LANDING[answer]())
    start = clock()
    try:
        first: PublishResult | None = await world.new_publisher().publish(
            TEXT, reply_to=world.reply_to, idempotency_key="A-1")
    except PublishUncertain:
        first = None
    result = await published_once(world, clock, first, start)
    assert world.ids() == [result.id]
    assert len(net.requests_to(world.post_path, "POST")) == 1


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("body", [b'{"title": "Service Unavailable", "status": 503}', b""],
                         ids=["with-body", "no-body"])
async def test_a_503_before_the_post_landed_is_posted_once_by_the_next_try(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, network: str,
        body: bytes) -> None:
    world = made(net, client, clock, network)
    net.fault("POST", world.post_path, Fault.http(
        503, {"Content-Type": "application/json"} if body else {}, body))
    start = clock()
    with pytest.raises(PublishUncertain):
        await world.new_publisher().publish(TEXT, reply_to=world.reply_to,
                                            idempotency_key="A-1")
    assert world.ids() == []
    result = await published_once(world, clock, None, start)
    assert world.ids() == [result.id]
    assert len(net.requests_to(world.post_path, "POST")) == 2


@pytest.mark.parametrize(("network", "headers", "wait"), [
    ("x", {"x-rate-limit-reset": 600}, 600),
    ("x", {"Retry-After": "120"}, 120),  # a proxy's: no reset of X's
    ("x", {"x-rate-limit-reset": 600, "Retry-After": "120"}, 600),
    ("mastodon", {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": 600}, 600),
    ("mastodon", {"Retry-After": "120", "X-RateLimit-Reset": 600}, 120),
], ids=["x-reset", "x-retry-after", "x-both", "mastodon-reset", "mastodon-both"])
async def test_a_429_posts_nothing_names_its_wait_and_the_next_try_posts_once(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, network: str,
        headers: dict[str, object], wait: float) -> None:
    world = made(net, client, clock, network)
    reset = clock() + timedelta(seconds=600)
    said = {k: (str(int(reset.timestamp())) if network == "x"
                else reset.strftime("%Y-%m-%dT%H:%M:%S.000Z")) if v == 600 else str(v)
            for k, v in headers.items()}
    net.fault("POST", world.post_path, Fault.rate_limited(said))
    publisher = world.new_publisher()
    with pytest.raises(RateLimited) as refused:
        await publisher.publish(TEXT, reply_to=world.reply_to, idempotency_key="A-1")
    assert refused.value.retry_after == pytest.approx(wait, abs=1)
    assert world.ids() == []
    clock.advance(seconds=wait + 1)
    result = await publisher.publish(TEXT, reply_to=world.reply_to, idempotency_key="A-1")
    assert world.ids() == [result.id]
    looked = "/2/users/" if network == "x" else "/api/v1/accounts/"
    assert not [r for r in net.requests if r.path.startswith(looked)
                and r.path.endswith(("/tweets", "/statuses"))]  # a 429 is certain: no look
