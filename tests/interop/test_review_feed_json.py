"""A JSON Feed (jsonfeed.org, version 1 or 1.1; WordPress, Ghost and Micro.blog offer one beside
their RSS) put in ``urls``, served by a real nginx as ``application/feed+json``. feedparser 6.0
reads no JSON Feed, and the feed was said ``not an RSS or Atom feed``, leaving the user to
guess what was wrong with a feed their browser shows: it is said as what it is, with what to
use instead, at every poll, and the source's other feeds are read."""

from __future__ import annotations

import json

from tests.interop.test_feeds_real import Site, site, texts

__all__ = ["site"]

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1", "title": "Acme blog",
    "home_page_url": "https://blog.example/", "feed_url": "https://blog.example/feed.json",
    "items": [{"id": "2", "url": "https://blog.example/2", "title": "We love acme",
               "content_html": "<p>We love acme</p>",
               "date_published": "2026-11-23T08:40:00Z"}]}


async def test_a_json_feed_is_said_to_be_one_with_what_to_use(
        site: Site) -> None:
    page = site.put("feed.json", json.dumps(JSON_FEED).encode())
    feed = site.put("feed.rss", source="rss20-content-encoded.rss")
    source = site.source([page, feed])
    got = []
    for _ in range(2):
        got += await source.poll()
        why = source.failing_parts()[page]
        assert "is a JSON Feed" in why and "RSS or Atom" in why
        assert "\n" not in why
    assert texts(got) == ["Postmortem: the checkout outage of 22 November"]
    assert site.since(0)[0] == ("feed.json", 200)
    assert site.exchanges[0].content_type == "application/feed+json"
