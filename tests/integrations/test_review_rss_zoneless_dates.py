"""RSS dates written without a zone (``Mon, 30 Nov 2026 11:55:00``: RSS 2.0 asks for RFC 822,
whose zone some CMS templates leave out), over real HTTP (the local feed server of
test_rss.py). feedparser reads such a date only without its day name: with it, the entry was
undated, so a feed's first read left out its entries of the last hour (counted as undated), and
every later entry was dated when first seen rather than when published. Read as UTC, as
feedparser reads a date without a day name and a zone; a date that does not read at all is
still undated."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.conftest import FakeClock
from tests.integrations.test_rss import FeedServer, feeds, source

__all__ = ["feeds"]  # the fixture, used here

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def rss(*items: tuple[int, str]) -> bytes:
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>acme</title>'
            "<link>https://acme.test/</link><description>d</description>"
            + "".join(f"<item><guid>urn:acme:{n}</guid><title>Post {n}</title>"
                      f"<link>https://acme.test/{n}</link><pubDate>{date}</pubDate></item>"
                      for n, date in items)
            + "</channel></rss>").encode()


async def test_a_date_without_a_zone_dates_its_entry(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    feeds.files["f"] = rss((2, "Mon, 30 Nov 2026 11:40:00"), (1, "Sun, 29 Nov 2026 09:00:00"))
    clock.now = NOW
    src = source([feeds.url("f")], client, clock)
    first = await src.poll()
    assert [(m.text, m.created_at) for m in first] == [
        ("Post 2", datetime(2026, 11, 30, 11, 40, tzinfo=UTC))]
    assert not [r for r in src.skipped if "undated" in r]
    feeds.files["f"] = rss((3, "Mon, 30 Nov 2026 11:50:00"), (2, "Mon, 30 Nov 2026 11:40:00"),
                           (4, "Montag, 30. November 2026"))
    clock.advance(minutes=5)
    later = await src.poll()
    assert [(m.text, m.created_at) for m in later] == [
        ("Post 3", datetime(2026, 11, 30, 11, 50, tzinfo=UTC)), ("Post 4", clock.now)]


async def test_a_date_email_reads_but_no_post_has_is_no_date(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Dates feedparser leaves unread that the RFC 822 reader took wrong (a senior review):
    PHP's zero date as RSS writes it (``-0001``) and a year ``0000`` or ``0001`` were read as
    years of 2000 (two-digit years), the entry dated 26 years back; a year-9999 date in a zone
    west of UTC raised past the reader, and the entry was skipped as unreadable. Each is an
    entry without a date, dated when first seen, as before the zone-less reading."""
    feeds.files["f"] = rss((1, "Mon, 30 Nov 2026 11:40:00"))
    clock.now = NOW
    src = source([feeds.url("f")], client, clock)
    await src.poll()
    feeds.files["f"] = rss((1, "Mon, 30 Nov 2026 11:40:00"),
                           (2, "Wed, 30 Nov -0001 00:00:00 +0000"),
                           (3, "Sat, 01 Jan 0000 00:00:00"), (4, "Mon, 01 Jan 0001 00:00:00"),
                           (5, "Fri, 31 Dec 9999 23:59:59 PST"))
    clock.advance(minutes=5)
    later = await src.poll()
    assert sorted((m.text, m.created_at) for m in later) == [
        (f"Post {n}", clock.now) for n in (2, 3, 4, 5)], later
    assert not [r for r in src.skipped if "unreadable" in r or "Overflow" in r], src.skipped
