"""A feed entry whose CDATA section is left unclosed, over real HTTP (the local feed server of
test_rss.py). The section runs to the next ``]]>``: the document stays well-formed, so
feedparser (and any XML reader) sees no damage and reads the entries after it as that one's
text, one entry where the feed has several; with no ``]]>`` after it they are lost. The
entries after it are recovered, and the feed is said damaged in one log line naming it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from integrations.social.rss.parse import close_runaway_cdata
from tests.conftest import FakeClock
from tests.integrations.test_rss import FeedServer, source

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
async def feeds() -> AsyncIterator[FeedServer]:
    served = FeedServer()
    app = web.Application()
    app.router.add_get("/feeds/{name}", served.handle)
    served.server = TestServer(app, host="127.0.0.1", port=0)
    await served.server.start_server()
    yield served
    await served.server.close()


def item(n: int, description: str) -> str:
    return (f"<item><title>Outage report {n}</title><link>https://acme.example/{n}</link>"
            f"<guid>https://acme.example/{n}</guid>"
            f"<pubDate>Mon, 23 Nov 2026 08:{n:02d}:00 GMT</pubDate>"
            f"<description>{description}</description></item>")


def document(*items: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            "<title>Acme status</title><link>https://acme.example/</link>"
            + "\n".join(items) + "</channel></rss>").encode()


@pytest.mark.parametrize("later_cdata", [True, False], ids=["merged", "lost"])
async def test_the_entries_after_an_unclosed_cdata_are_read(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture, later_cdata: bool) -> None:
    last = "<![CDATA[<p>four</p>]]>" if later_cdata else "four"
    feeds.files["status"] = document(item(1, "one"), item(2, "<![CDATA[<p>two"),
                                     item(3, "three"), item(4, last))
    clock.now = NOW
    src = source([feeds.url("status")], client, clock, backfill=120)
    with caplog.at_level(logging.INFO):
        got = await src.poll()
    assert sorted((m.raw["title"], m.text) for m in got) == [
        ("Outage report 1", "Outage report 1\n\none"),
        ("Outage report 2", "Outage report 2\n\ntwo"),
        ("Outage report 3", "Outage report 3\n\nthree"),
        ("Outage report 4", "Outage report 4\n\nfour")]
    said = [r.getMessage() for r in caplog.records if "CDATA" in r.getMessage()]
    assert said == [f"rss source feeds: {feeds.url('status')} is damaged but readable (1 CDATA "
                    "section(s) left unclosed, ended at their element's end (the entries after "
                    "each would have been its text, or lost))"]
    assert await src.poll() == []  # each read once


def test_a_cdata_quoting_an_entry_s_end_is_text() -> None:
    """Markup inside a closed section with no entry starting after it is the entry's text (a
    post about feeds), left as it is."""
    body = document(item(1, "<![CDATA[write </description></item> to end one]]>"),
                    item(2, "two"))
    assert close_runaway_cdata(body) == (body, 0)


def test_many_unclosed_sections_cost_linear_time() -> None:
    """Each section's end is looked for once, not once a section (20,000 unclosed sections
    of one document read in time quadratic in its size took 15 s)."""
    found = [0]
    body = document(*(item(n % 60, "<![CDATA[x") for n in range(20_000)))

    class Counting(bytes):
        def find(self, sub: bytes, *at: int) -> int:  # type: ignore[override]
            found[0] += 1
            return super().find(sub, *at)

    fixed, closed = close_runaway_cdata(Counting(body))
    assert closed == 20_000 and found[0] <= 2
    assert fixed.count(b"<![CDATA[x]]></description>") == 20_000
