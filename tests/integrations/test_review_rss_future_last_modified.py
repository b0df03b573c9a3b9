"""A feed whose ``Last-Modified`` is ahead of the clock (a file with a future mtime: copied from
a machine whose clock ran ahead, unpacked from an archive, ``touch``ed), from a server that
sends no ETag and answers 304 when the file is not newer than ``If-Modified-Since`` (Python's
``http.server``, many static servers: RFC 9110 section 13.1.3, "last modification date is
earlier than or equal to the date provided"). Sent back, that date made every later version
"not modified" until the clock reached it: the entries published meanwhile were never read.
RFC 9110 section 8.8.2.1 says an origin "MUST NOT generate a Last-Modified date that is later
than the server's time of message origination": one more than an hour ahead of our clock is
not sent back; the feed is fetched whole, its entries told apart by their ids."""

from __future__ import annotations

import email.utils
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.conftest import FakeClock
from tests.integrations.test_rss import source

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@dataclass
class StaticFile:
    """One feed file with its mtime, served as a static server without ETags does."""

    body: bytes = b""
    mtime: datetime = NOW
    asked: list[str | None] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        since = request.headers.get("If-Modified-Since")
        self.asked.append(since)
        if since is not None:
            when = email.utils.parsedate_to_datetime(since)
            if self.mtime.replace(microsecond=0) <= when:
                return web.Response(status=304)
        return web.Response(body=self.body, headers={
            "Content-Type": "application/rss+xml",
            "Last-Modified": email.utils.format_datetime(self.mtime, usegmt=True)})


@pytest.fixture
async def served() -> AsyncIterator[tuple[StaticFile, str]]:
    file = StaticFile()
    app = web.Application()
    app.router.add_get("/feed.xml", file.handle)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    yield file, str(server.make_url("/feed.xml"))
    await server.close()


def rss(*items: int) -> bytes:
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>acme status</title>'
            "<link>https://status.acme.test/</link><description>d</description>"
            + "".join(f"<item><guid>urn:acme:{n}</guid><title>Incident {n}</title>"
                      f"<link>https://status.acme.test/{n}</link>"
                      f"<pubDate>Mon, 30 Nov 2026 11:5{n}:00 GMT</pubDate></item>"
                      for n in items)
            + "</channel></rss>").encode()


async def test_a_last_modified_days_ahead_hides_no_later_version(
        served: tuple[StaticFile, str], client: httpx.AsyncClient, clock: FakeClock) -> None:
    file, url = served
    clock.now = NOW
    file.body, file.mtime = rss(1), NOW + timedelta(days=3)
    src = source([url], client, clock)
    assert [m.text for m in await src.poll()] == ["Incident 1"]
    clock.now = NOW + timedelta(minutes=10)
    file.body, file.mtime = rss(2, 1), clock.now  # written again, by a right clock
    assert [m.text for m in await src.poll()] == ["Incident 2"]
    assert file.asked[-1] is None


async def test_a_last_modified_in_the_past_is_still_sent(
        served: tuple[StaticFile, str], client: httpx.AsyncClient, clock: FakeClock) -> None:
    file, url = served
    clock.now = NOW
    file.body, file.mtime = rss(1), NOW - timedelta(minutes=5)
    src = source([url], client, clock)
    assert [m.text for m in await src.poll()] == ["Incident 1"]
    assert await src.poll() == []
    assert file.asked[-1] == "Mon, 30 Nov 2026 11:55:00 GMT"
    clock.now = NOW + timedelta(minutes=10)
    file.body, file.mtime = rss(2, 1), clock.now
    assert [m.text for m in await src.poll()] == ["Incident 2"]
