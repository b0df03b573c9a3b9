"""A feed whose guids change at every fetch while its entries do not (a feed reader operator's
review, 2026-12-07, test failing before): forum and status-page software that puts a session
or the build's time in each ``<guid>`` (``...?p=77&sid=<session>``), served by a real nginx.

Every id was new at every poll: the document was read as a site that rewrote its ids, and each
poll read again every entry dated within ``backfill_minutes`` of the read before (a feed polled
every five minutes posted each entry twelve times), and said the rest "taken as read" in one
more warning and skip count a poll. An entry whose link and words are those of an entry read
before (the same digest the cursor keeps to tell edits by) is that entry: taken as read, said
once a process; an entry with new words under an old link (a daily status at one address) is
new, and read."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest

from tests.interop.test_feeds_real import NOW, Site, site, texts

__all__ = ["site"]


def item(title: str, link: str, when: datetime, session: int) -> str:
    return (f"<item><title>{title}</title><link>{link}</link>"
            f"<guid isPermaLink=\"false\">{link}?sid={session:08x}</guid>"
            f"<pubDate>{when.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
            f"<description>What happened: {title}.</description></item>")


def feed(session: int, *extra: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            "<title>Acme forum</title><link>https://forum.acme.example/</link>"
            + "".join(extra)
            + item("Checkout is slow", "https://forum.acme.example/t/77", NOW.replace(minute=0)
                   .replace(hour=8, minute=50), session)
            + item("Refund never came", "https://forum.acme.example/t/76",
                   NOW.replace(hour=8, minute=30), session)
            + item("Welcome", "https://forum.acme.example/t/1", NOW.replace(month=1), session)
            + "</channel></rss>").encode()


async def test_entries_whose_guids_change_at_each_fetch_are_read_once(
        site: Site, caplog: pytest.LogCaptureFixture) -> None:
    url = site.put("feed.rss", feed(1))
    source = site.source([url])
    assert texts(await source.poll()) == ["Refund never came", "Checkout is slow"]

    with caplog.at_level(logging.INFO, logger="integrations.social.rss.source"):
        for session in (2, 3):
            site.clock.advance(minutes=5)
            site.put("feed.rss", feed(session), mtime_step=60)
            assert await source.poll() == []
    # no skip either: the first read's history ("Welcome") was counted as such a poll
    assert source.skipped.total == 0
    said = [r.getMessage() for r in caplog.records]
    assert said == [
        f"rss source feeds: {url}: 3 entries came back under new ids with the links and words "
        "of entries read before (its guids change between fetches): taken as read"]

    # a new entry is read, and so is new words at an old link (a status page's one address)
    site.clock.advance(minutes=5)
    site.put("feed.rss", feed(4, item("Checkout is fast again", "https://forum.acme.example/t/78",
                                      site.clock().replace(second=0), 4),
                              item("Refund came after all", "https://forum.acme.example/t/76",
                                   site.clock().replace(second=0), 4)), mtime_step=60)
    assert sorted(texts(await source.poll())) == ["Checkout is fast again",
                                                  "Refund came after all"]
    assert source.skipped.total == 0
