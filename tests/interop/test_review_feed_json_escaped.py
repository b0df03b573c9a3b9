"""Review (rv_cr2): a JSON Feed written by PHP's ``json_encode`` (WordPress's REST API, which
serves felixarntz/wp-api-json-feed's feed, encodes without ``JSON_UNESCAPED_SLASHES``) writes its
``version`` as ``"https:\\/\\/jsonfeed.org\\/version\\/1.1"``: JSON's own escape of ``/`` (RFC
8259 section 7), the same string. It was said ``not an RSS or Atom feed``, the JSON Feed line
(what to put in urls instead) only for a document whose slashes were not escaped."""

from __future__ import annotations

import json

from tests.interop.test_feeds_real import Site, site
from tests.interop.test_review_feed_json import JSON_FEED

__all__ = ["site"]


async def test_a_json_feed_with_escaped_slashes_is_said_to_be_one(site: Site) -> None:
    body = json.dumps(JSON_FEED).replace("/", "\\/").encode()
    assert json.loads(body) == JSON_FEED  # the same document
    page = site.put("feed.json", body)
    feed = site.put("feed.rss", source="rss20-content-encoded.rss")
    source = site.source([page, feed])
    await source.poll()
    why = source.failing_parts()[page]
    assert "is a JSON Feed" in why and "RSS or Atom" in why, why


async def test_a_json_feed_whose_version_comes_last_is_said_to_be_one(site: Site) -> None:
    """JSON Feed's keys have no order (jsonfeed.org/version/1.1: an object); one written from a
    map with sorted keys (Go's encoding/json: feed2json's answer for jsonfeed.org's own RSS
    begins "description", "home_page_url", "items") has ``version`` after every item, past
    the 4,096 bytes it was looked for in."""
    doc = {**JSON_FEED, "items": [
        {**JSON_FEED["items"][0], "id": str(i), "url": f"https://blog.example/{i}",
         "content_html": "<p>" + "We love acme. " * 40 + "</p>"} for i in range(20)]}
    body = json.dumps(doc, sort_keys=True, indent=2).encode()
    assert body.index(b'"version"') > 4096
    page = site.put("feed.json", body)
    feed = site.put("feed.rss", source="rss20-content-encoded.rss")
    source = site.source([page, feed])
    await source.poll()
    why = source.failing_parts()[page]
    assert "is a JSON Feed" in why and "RSS or Atom" in why, why
