"""A feed address that answers 200 with a web page, said with what to put in urls instead (a
feed reader operator's review, 2026-12-07, test failing before), served by a real nginx.

A login or captive portal's page (a hotel's or an office proxy's: 200, ``text/html``) and a
blog's home page put in urls for its feed were each said ``is not an RSS or Atom feed`` and
nothing more: the line did not say that a web page came back, which page, nor what to do. Feed
readers find a page's feed from its ``<link rel="alternate" type="application/rss+xml">``
(RSS autodiscovery, rssboard.org/rss-autodiscovery): the line names that address when the page
gives one, and says the page's title either way."""

from __future__ import annotations

from tests.interop.test_feeds_real import Site, site, texts

__all__ = ["site"]

LOGIN = (b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Wi-Fi &amp; guest access "
         b"- sign in</title></head><body><form action='/login' method='post'><input "
         b"name='user'><input name='password' type='password'></form></body></html>")
HOME = (b"<!doctype html>\n<html lang='en'><head><title>Acme Engineering</title>"
        b"<link rel='stylesheet' href='/style.css'>"
        b"<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Acme Engineering "
        b"&raquo; Feed\" href=\"feed/\">"
        b"</head><body><h1>Acme Engineering</h1><p>How we build Acme Cloud</p></body></html>")


async def test_a_web_page_is_said_with_its_title_and_the_feed_it_names(site: Site) -> None:
    login = site.put("login.html", LOGIN)
    home = site.put("index.html", HOME)
    feed = site.put("feed.rss", source="rss20-content-encoded.rss")
    source = site.source([login, home, feed])

    assert texts(await source.poll()) == ["Postmortem: the checkout outage of 22 November"]
    assert source.failing_parts() == {
        login: f"rss: {login} is a web page ('Wi-Fi & guest access - sign in'), not an RSS or "
               "Atom feed: a login or captive page, or the feed has moved; put the feed's own "
               "URL in urls",
        home: f"rss: {home} is a web page ('Acme Engineering'), not an RSS or Atom feed; it "
              f"names its feed: put {site.url('feed/')} in urls",
    }
