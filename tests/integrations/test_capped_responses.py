"""Every response the bot reads from a network or a feed is bounded, decoded size included,
against a real local HTTP server: a declared size over the bound, a body that never ends, a
gzip bomb and a raw-deflate bomb each fail as a read error (what sources already handle) while
memory stays near the bound; a feed under the bound, compressed or not, reads as before."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from aiohttp import web

from bot.core.errors import SourceError
from integrations.social.common.capped import (
    ACCEPT_ENCODING,
    CappedTransport,
    ResponseTooLarge,
    capped_client,
)
from integrations.social.rss.config import RssSourceConfig
from integrations.social.rss.source import RssSource
from tests.support.netserver import NetServer

LIMIT = 1_000_000
FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b'<item><title>acme is down</title><link>https://e.example/1</link><guid>1</guid>'
        b'<description>acme is down again</description></item></channel></rss>')


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    """The app's client (``net`` is the shared local server of tests/integrations)."""
    async with capped_client(limit=LIMIT) as c:
        yield c


def bomb(size: int, encoding: str) -> bytes:
    """``size`` zero bytes compressed: about a thousandth of that on the wire."""
    if encoding == "gzip":
        return gzip.compress(b"\0" * size, compresslevel=9)
    raw = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate, no zlib header
    return raw.compress(b"\0" * size) + raw.flush()


async def endless(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
    await response.prepare(request)
    try:
        while True:
            await response.write(b"<item>" + b"x" * 65_536 + b"</item>")
    except (ConnectionResetError, RuntimeError):
        return response


async def test_a_declared_size_over_the_bound_is_refused_before_the_body(
        net: NetServer, client: httpx.AsyncClient) -> None:
    net.bytes("GET", "/big", b"x" * (LIMIT + 1))
    with pytest.raises(ResponseTooLarge, match="1,000,001 bytes"):
        await client.get(net.url("/big"))


async def test_a_body_that_never_ends_stops_at_the_bound(
        net: NetServer, client: httpx.AsyncClient) -> None:
    net.handler("GET", "/endless", endless)
    with pytest.raises(ResponseTooLarge, match="over the 1,000,000 bytes"):
        await client.get(net.url("/endless"))


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_a_compression_bomb_stops_at_the_bound_once_decoded(
        net: NetServer, client: httpx.AsyncClient, encoding: str) -> None:
    body = bomb(200 * LIMIT, encoding)  # 200 MB once decoded, a few hundred KB sent
    assert len(body) < LIMIT
    net.bytes("GET", "/bomb", body, headers={"Content-Encoding": encoding})
    with pytest.raises(ResponseTooLarge, match="once decoded"):
        await client.get(net.url("/bomb"))


async def test_an_encoding_not_asked_for_is_refused(
        net: NetServer, client: httpx.AsyncClient) -> None:
    net.bytes("GET", "/br", b"\x1b\x00", headers={"Content-Encoding": "br"})
    with pytest.raises(ResponseTooLarge, match="not asked for"):
        await client.get(net.url("/br"))


@pytest.mark.parametrize("encoding", [None, "gzip", "deflate"])
async def test_a_feed_under_the_bound_reads_as_before(
        net: NetServer, client: httpx.AsyncClient, encoding: str | None) -> None:
    body = FEED if encoding is None else gzip.compress(FEED) if encoding == "gzip" \
        else zlib.compress(FEED)
    net.bytes("GET", "/feed", body, headers={"Content-Type": "application/rss+xml",
                                             **({"Content-Encoding": encoding}
                                                if encoding else {})})
    response = await client.get(net.url("/feed"))
    assert response.content == FEED
    assert net.requests_to("/feed")[-1].headers["Accept-Encoding"] == ACCEPT_ENCODING


async def test_an_rss_source_reports_the_bomb_as_a_failed_feed(
        net: NetServer, client: httpx.AsyncClient) -> None:
    """Through a real source: the bomb is one failing feed, named with why, and the poll goes
    on to the next feed."""
    from tests.conftest import FakeClock

    net.bytes("GET", "/bomb.xml", bomb(200 * LIMIT, "gzip"),
              headers={"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"})
    net.bytes("GET", "/feed.xml", FEED, headers={"Content-Type": "application/rss+xml"})

    class Store:
        def __init__(self) -> None:
            self.cursors: dict[str, str] = {}

        async def get_cursor(self, key: str) -> str | None:
            return self.cursors.get(key)

        async def set_cursor(self, key: str, value: str) -> None:
            self.cursors[key] = value

    config = RssSourceConfig(id="feeds", type="rss",
                             urls=(net.url("/bomb.xml"), net.url("/feed.xml")))
    source = RssSource(config, store=Store(), client=client,
                       clock=FakeClock(datetime(2026, 11, 29, tzinfo=UTC)))
    try:
        await source.poll()
    except SourceError as exc:  # every feed failed: not expected here
        pytest.fail(str(exc))
    assert len(net.requests_to("/feed.xml")) == 1  # the other feed was read
    failing = source.failing_parts()
    assert list(failing) == [net.url("/bomb.xml")]
    assert "ResponseTooLarge" in failing[net.url("/bomb.xml")]


async def test_the_environment_proxies_stay_on_and_are_capped_too(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx turns the environment's proxies off for a client given its own transport; the
    capped client keeps them, each behind the same bound."""
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    monkeypatch.setenv("NO_PROXY", "internal.example")
    async with capped_client() as c:
        mounts = c._mounts
        assert any(t is not None for t in mounts.values())
        for transport in mounts.values():
            assert transport is None or isinstance(transport, CappedTransport)
        assert isinstance(c._transport, CappedTransport)
        proxied = c._transport_for_url(httpx.URL("https://feeds.example/rss"))
        direct = c._transport_for_url(httpx.URL("https://internal.example/rss"))
        assert isinstance(proxied, CappedTransport) and proxied is not c._transport
        assert direct is c._transport
