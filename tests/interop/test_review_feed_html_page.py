"""A feed address that answers 200 with a web page (a site redesign moved the feed; a login
or consent wall; a CMS's 'not found' page sent as 200), served by a real nginx (review
2026-12-06, "never silent"): the source must not read it as an empty feed for ever. It is
said as a feed not read, with why, in ``failing_parts`` (source health, ``status``, ``why``)
at every poll, and the source's other feeds are read."""

from __future__ import annotations

from tests.interop.test_feeds_real import Site, site, texts  # noqa: F401


async def test_a_web_page_where_the_feed_was_is_said_not_read_as_empty(
        site: Site) -> None:  # noqa: F811
    page = site.put("feed.html", b"<!doctype html><html><head><title>Acme blog</title></head>"
                                 b"<body><h1>Our blog moved</h1><p>See /news</p></body></html>")
    feed = site.put("feed.rss", source="rss20-content-encoded.rss")
    source = site.source([page, feed])
    got = []
    for _ in range(2):
        got += await source.poll()
        assert set(source.failing_parts()) == {page}
        assert "not an RSS or Atom feed" in source.failing_parts()[page]
    assert texts(got) == ["Postmortem: the checkout outage of 22 November"]
    assert site.since(2)[0] == ("feed.html", 200)
