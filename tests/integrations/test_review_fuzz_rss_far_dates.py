"""An RSS date past what Python's datetime holds once read as UTC (``Fri, 31 Dec 9999
23:00:00 -0500``: a "never" sentinel some CMSs write, a year typed 9999), over real HTTP (the
local feed server of test_rss.py). feedparser leaves such a date unread, and the RFC 822
fallback (e981e84c) raised OverflowError converting it to UTC, so the entry was skipped as
'unreadable item (OverflowError: date value out of range)' and never routed. A date that
cannot be a real one is as any date too far ahead: the entry is dated when first seen."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.conftest import FakeClock
from tests.integrations.test_review_rss_zoneless_dates import rss
from tests.integrations.test_rss import FeedServer, source

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
async def feeds() -> AsyncIterator[FeedServer]:
    served = FeedServer()
    app = web.Application()
    app.router.add_get("/feeds/{name}", served.handle)
    served.server = TestServer(app, host="127.0.0.1", port=0)
    await served.server.start_server()
    yield served
    await served.server.close()


@pytest.mark.parametrize("date", ["Fri, 31 Dec 9999 23:00:00 -0500",
                                  "Fri, 31 Dec 9999 23:59:59 -0001",
                                  "Fri, 31 Dec 9999 23:59:59"])
async def test_an_entry_dated_past_the_last_year_is_read_and_dated_when_seen(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock, date: str) -> None:
    feeds.files["f"] = rss((1, "Mon, 30 Nov 2026 11:40:00 +0000"))
    clock.now = NOW
    src = source([feeds.url("f")], client, clock)
    assert [m.text for m in await src.poll()] == ["Post 1"]
    feeds.files["f"] = rss((2, date), (1, "Mon, 30 Nov 2026 11:40:00 +0000"))
    clock.advance(minutes=5)
    later = await src.poll()
    assert [(m.text, m.created_at) for m in later] == [("Post 2", clock.now)], src.skipped
    assert not [r for r in src.skipped if "unreadable" in r], src.skipped
