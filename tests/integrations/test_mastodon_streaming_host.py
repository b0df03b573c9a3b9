"""The streaming host a Mastodon instance names (``/api/v2/instance``,
``configuration.urls.streaming``) is the server's answer, read as such: one on a path of its
own (a proxy's ``wss://gov.example/streaming/``) or in upper case is streamed from under that
path; one that is no ws/wss (or http/https) URL with a host, or has a query, is not used: the
stream goes to ``base_url``, as for a server that names none. Such an answer made the stream
reconnect forever ('dropped: UnsupportedProtocol' at each try) or, with a query, ask '/' and
give up streaming for good."""

from __future__ import annotations

import logging

import httpx
import pytest

from integrations.social.mastodon.source import MastodonSource
from tests.conftest import FakeClock
from tests.integrations.test_mastodon import T0, Cursors, real_status
from tests.integrations.test_mastodon_stream import (
    HASHTAG_STREAM,
    Sleeps,
    config,
    frame,
    take,
)
from tests.support.netserver import NetServer


def instance(net: NetServer, streaming: object) -> None:
    net.json("GET", "/api/v2/instance", {"configuration": {"urls": {"streaming": streaming}}})


@pytest.mark.parametrize("named", ["ws://{host}/streaming", "WS://{host}/streaming/",
                                   "http://{host}/streaming"])
async def test_a_streaming_host_on_a_path_is_streamed_from_under_it(
        named: str, net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = T0
    status = real_status(1, at=T0)
    instance(net, named.format(host=net.base.split("://", 1)[1]))
    connects = net.sse("/streaming" + HASHTAG_STREAM, [[frame("update", status)]])
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock,
                         sleep=Sleeps(), rng=lambda: 0.5)
    [got] = await take(src.stream(), 1)
    assert got.native_id == status["id"] and len(connects) == 1


@pytest.mark.parametrize("named", ["streaming.example", "javascript:alert(1)",
                                   "ftp://{host}/", "wss://", "ws://{host}/?token=x",
                                   "ws://[zz]/", 42])
async def test_a_streaming_url_that_is_none_streams_from_base_url(
        named: object, net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    clock.now = T0
    status = real_status(1, at=T0)
    instance(net, named.format(host=net.base.split("://", 1)[1])
             if isinstance(named, str) else named)
    net.sse(HASHTAG_STREAM, [[frame("update", status)]])
    caplog.set_level(logging.INFO, logger="integrations.social.mastodon.stream")
    sleeps = Sleeps()
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock,
                         sleep=sleeps, rng=lambda: 0.5)
    [got] = await take(src.stream(), 1)
    assert got.native_id == status["id"] and sleeps.delays == []
    said = [r.getMessage() for r in caplog.records if "streaming URL" in r.getMessage()]
    assert len(said) == 1 and "streaming from base_url" in said[0], said
    assert "\n" not in said[0]


class _Https(httpx.AsyncBaseTransport):
    """https://gov.test as the local server (which speaks plain http): what the instance
    answers and what is asked of it are the real server's; only the address is mapped."""

    def __init__(self, net: NetServer) -> None:
        self.net = httpx.URL(net.base)
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "gov.test":
            request.url = request.url.copy_with(scheme="http", host=self.net.host,
                                                port=self.net.port)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.mark.parametrize("named", ["ws://{host}/streaming", "http://{host}/streaming"])
async def test_a_plain_streaming_host_of_an_https_instance_is_not_sent_the_token(
        named: str, net: NetServer, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """An instance on https naming a plain ws:// (or http://) streaming host had the stream
    send its access token there in the clear: it streams from base_url, saying why."""
    clock.now = T0
    status = real_status(1, at=T0)
    instance(net, named.format(host=net.base.split("://", 1)[1]))
    plain = net.sse("/streaming" + HASHTAG_STREAM, [[frame("update", status)]])
    https = net.sse(HASHTAG_STREAM, [[frame("update", status)]])
    caplog.set_level(logging.INFO, logger="integrations.social.mastodon.stream")
    async with httpx.AsyncClient(transport=_Https(net)) as client:
        src = MastodonSource(config(net, base_url="https://gov.test", token="tok123456"),
                             store=Cursors(), client=client, clock=clock, sleep=Sleeps(),
                             rng=lambda: 0.5)
        [got] = await take(src.stream(), 1)
    assert got.native_id == status["id"]
    assert (len(plain), len(https)) == (0, 1)
    said = [r.getMessage() for r in caplog.records if "streaming URL" in r.getMessage()]
    assert len(said) == 1 and "plain" in said[0] and "https" in said[0], said


@pytest.mark.parametrize("written", ["ws://{host}/streaming", "WS://{host}/streaming/",
                                     "http://{host}/streaming"])
async def test_a_streaming_url_written_as_the_instance_names_it_is_streamed_from(
        written: str, net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """streaming_url copied from the instance's answer (Mastodon names it wss://...) was asked
    as written: httpx takes no ws:// address, and the stream reconnected forever
    ('dropped: UnsupportedProtocol' at each try)."""
    clock.now = T0
    status = real_status(1, at=T0)
    connects = net.sse("/streaming" + HASHTAG_STREAM, [[frame("update", status)]])
    sleeps = Sleeps()
    src = MastodonSource(config(net, streaming_url=written.format(
        host=net.base.split("://", 1)[1])), store=Cursors(), client=client, clock=clock,
        sleep=sleeps, rng=lambda: 0.5)
    [got] = await take(src.stream(), 1)
    assert got.native_id == status["id"] and len(connects) == 1 and sleeps.delays == []
