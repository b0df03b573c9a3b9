"""A feed's ``ETag`` or ``Last-Modified`` that cannot be sent back, over real HTTP (the local
aiohttp server of test_rss.py, which refuses a request header over 8 KB with 400 as nginx and
Apache do).

An ETag may hold bytes past ASCII (RFC 9110's obs-text: aiohttp writes text as UTF-8); httpx
reads them as text and cannot encode them in the next request's ``If-None-Match``: the poll
raised UnicodeEncodeError, no ``SourceError``, at every poll, and the source's other feeds
were not read either. An ETag of 10 KB, sent back, was answered 400 at every poll after the
first. Such a validator is neither kept nor sent: the feed is fetched whole and its entries
told apart by the ids seen."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from aiohttp import web

from integrations.social.common.capped import capped_client
from integrations.social.rss.parse import feed_key
from tests.conftest import FakeClock
from tests.integrations.test_rss import FeedServer, feeds, source
from tests.support.fakes import Cursors

__all__ = ["feeds"]  # the fixture, used here

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def feed(*guids: int) -> bytes:
    items = "".join(f"<item><title>acme {g}</title><link>https://e.example/{g}</link>"
                    f"<guid>{g}</guid><pubDate>Thu, 03 Dec 2026 07:{g:02d}:00 GMT</pubDate>"
                    "</item>" for g in guids)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
            "</channel></rss>").encode()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with capped_client(timeout=5) as c:
        yield c


def answer(body: bytes, header: str, value: str) -> web.Response:
    return web.Response(body=body, headers={"Content-Type": "application/rss+xml",
                                            header: value})


def sent_back(fs: FeedServer, name: str) -> list[str | None]:
    """The validators each request of ``name`` sent (If-None-Match or If-Modified-Since)."""
    return [r.headers.get("If-None-Match") or r.headers.get("If-Modified-Since")
            for r in fs.requests if r.match_info["name"] == name]


@pytest.mark.parametrize(("header", "value"), [
    ("ETag", '"café-1"'),  # obs-text, sent as UTF-8
    ("Last-Modified", "Thu, 03 Dec 2026 07:00:00 GMT\u00a0"),
    ("ETag", '"' + "e" * 10_000 + '"'),  # past the 8 KB a server takes in a header line
], ids=["etag past ascii", "last-modified past ascii", "etag of 10 KB"])
async def test_a_validator_that_cannot_be_sent_back_leaves_the_feed_read(
        feeds: FeedServer, client: httpx.AsyncClient, header: str, value: str) -> None:
    # the odd feed's two answers, each with the validator
    feeds.faults["odd.xml"] = [answer(feed(1), header, value), answer(feed(1, 2), header, value)]
    feeds.files["plain.xml"] = feed(1)
    cursors = Cursors()
    src = source([feeds.url("odd.xml"), feeds.url("plain.xml")], client, FakeClock(NOW),
                 cursors=cursors, backfill=120)
    first = await src.poll()
    assert len(first) == 2
    feeds.files["plain.xml"] = feed(1, 3)
    second = await src.poll()  # raised UnicodeEncodeError, or failed the feed on a 400
    assert sorted(m.url or "" for m in second) == ["https://e.example/2", "https://e.example/3"]
    assert src.failing_parts() == {}
    # nothing sent back, so nothing the server refuses
    assert sent_back(feeds, "odd.xml") == [None, None]
    kept = json.loads(cursors.values["feeds"])["feeds"][feed_key(feeds.url("odd.xml"))]
    assert kept["etag"] is None and kept["modified"] is None


async def test_a_validator_a_cursor_kept_before_is_not_sent(
        feeds: FeedServer, client: httpx.AsyncClient) -> None:
    """A cursor written by a release that kept any validator: the feed is still read."""
    feeds.files["plain.xml"] = feed(1, 2)
    url = feeds.url("plain.xml")
    cursors = Cursors()
    cursors.values["feeds"] = json.dumps({"feeds": {url: {
        "etag": '"café"', "modified": "x" * 20_000, "seen": [], "told_apart": []}}})
    src = source([url], client, FakeClock(NOW), cursors=cursors, backfill=120)
    got = await src.poll()
    assert sorted(m.url or "" for m in got) == ["https://e.example/1", "https://e.example/2"]
    assert sent_back(feeds, "plain.xml") == [None]
