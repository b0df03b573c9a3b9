"""RSS dates with a named zone RFC 822 does not define, over real HTTP (the local feed server of
test_rss.py).

RFC 822 (section 5.1) names UT, GMT, the US zones (EST, EDT, CST, CDT, MST, MDT, PST, PDT) and
the military letters; feedparser reads those. Feeds written outside the US put their own
abbreviation there (``Mon, 30 Nov 2026 20:40:00 JST``, ``CEST``, ``AEST``), which feedparser
and the RFC 822 reader both took for UTC: an entry of a Japanese feed posted at 11:40 UTC read
as posted at 20:40 UTC, nine hours ahead, so a wrong date (more than an hour ahead): the first
read of the feed left it out, and every later one dated it when first seen. Central European
Summer Time read two hours ahead, the same. Now the common abbreviations read as their offset;
IST (India, Ireland and Israel all write it) reads as India's +05:30, a choice said once per
feed in a warning line; an abbreviation not known reads as UTC, as before, said once too.
From a review of the feed source (2026-12-07); the first two tests failed before the fix."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import httpx
import pytest

from tests.conftest import FakeClock
from tests.integrations.test_review_rss_zoneless_dates import NOW, rss
from tests.integrations.test_rss import FeedServer, feeds, source

__all__ = ["feeds"]  # the fixture, used here

POSTED = datetime(2026, 11, 30, 11, 40, tzinfo=UTC)


@pytest.mark.parametrize("written", [
    "Mon, 30 Nov 2026 20:40:00 JST", "Mon, 30 Nov 2026 13:40:00 CEST",
    "Mon, 30 Nov 2026 22:40:00 AEDT", "Mon, 30 Nov 2026 12:40:00 cet",
    "Mon, 30 Nov 2026 17:10:00 IST", "Mon, 30 Nov 2026 12:40:00 BST",
    "30 Nov 2026 14:40 MSK",
])
async def test_a_named_zone_dates_its_entry_by_its_offset(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock, written: str) -> None:
    feeds.files["f"] = rss((2, written), (1, "Sun, 29 Nov 2026 09:00:00 GMT"))
    clock.now = NOW
    src = source([feeds.url("f")], client, clock)
    first = await src.poll()
    assert [(m.text, m.created_at) for m in first] == [("Post 2", POSTED)], src.skipped
    assert not [r for r in src.skipped if "ahead" in r or "undated" in r], src.skipped


async def test_the_choices_made_are_said_once_a_feed(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    feeds.files["f"] = rss((3, "Mon, 30 Nov 2026 11:50:00 XYZ"),
                           (2, "Mon, 30 Nov 2026 17:10:00 IST"))
    clock.now = NOW
    src = source([feeds.url("f")], client, clock)
    with caplog.at_level(logging.INFO):
        first = await src.poll()
        clock.advance(minutes=5)
        await src.poll()
    assert sorted((m.text, m.created_at) for m in first) == [
        ("Post 2", POSTED), ("Post 3", datetime(2026, 11, 30, 11, 50, tzinfo=UTC))]
    said = [r.getMessage() for r in caplog.records if "zone" in r.getMessage()]
    assert len(said) == 2, said  # one line a zone, not one a poll
    assert any("IST" in s and "+05:30" in s and "Ireland" in s for s in said), said
    assert any("XYZ" in s and "UTC" in s for s in said), said


async def test_rfc_822s_own_zones_read_as_before(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    feeds.files["f"] = rss((2, "Mon, 30 Nov 2026 06:40:00 EST"),
                           (3, "Mon, 30 Nov 2026 03:40:00 PST"),
                           (4, "Mon, 30 Nov 2026 11:40:00 GMT"),
                           (5, "Mon, 30 Nov"))  # no time: undated, and no zone ("Nov")
    clock.now = NOW
    src = source([feeds.url("f")], client, clock)
    with caplog.at_level(logging.INFO):
        first = await src.poll()
    assert {m.created_at for m in first} == {POSTED}
    assert not [r for r in caplog.records if "zone" in r.getMessage()]


@pytest.mark.parametrize("written", [
    "2026-11-30 11:40:00 GMT", "2026-11-30 11:40:00 UTC", "2026-11-30 20:40:00 JST",
    "2026/11/30 11:40:00", "2026/11/30 20:40 +0900", "2026-11-30 06:40:00 EST",
])
async def test_a_numeric_date_with_a_zone_keeps_its_time(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock, written: str) -> None:
    """Dates written year first with a space before the time (``2026-11-30 11:40:00 GMT``, as
    CMS templates of China, Japan and Korea write them) are no ISO 8601 and no RFC 822:
    feedparser kept their day and lost their time (midnight, twelve hours early: the entry of
    the last hour was history on a feed's first read), and read ``2026/11/30 11:40:00`` as
    the next day's midnight (ahead of the clock, a wrong date: left out). Read whole now."""
    feeds.files["f"] = rss((2, written), (1, "Sun, 29 Nov 2026 09:00:00 GMT"))
    clock.now = NOW
    src = source([feeds.url("f")], client, clock)
    first = await src.poll()
    assert [(m.text, m.created_at) for m in first] == [("Post 2", POSTED)], src.skipped
