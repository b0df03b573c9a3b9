"""A feed listed under its old address and its new one (a feed reader operator's review,
2026-12-07, test failing before), served by a real nginx whose old addresses answer 301.

The source says of a feed moved for good "put the new URL in urls"; an operator who adds the
new address and keeps the old one (or lists both from the start: ``http://`` and ``https://``,
a host name and its alias) had every entry read twice, once a configured URL, each under its
own mention ids, so every post alerted twice. A feed whose document is read from where another
of the source's URLs reads it is skipped, saying which to remove: feed readers refuse to
subscribe to one feed twice."""

from __future__ import annotations

import logging

import pytest

from tests.interop.test_feeds_real import Site, site, texts

__all__ = ["site"]

POST = "Postmortem: the checkout outage of 22 November"


@pytest.mark.parametrize("old_first", [True, False])
async def test_a_feed_listed_under_its_old_and_new_address_is_read_once(
        site: Site, caplog: pytest.LogCaptureFixture, old_first: bool) -> None:
    new = site.put("feed.rss", source="rss20-content-encoded.rss")
    old = site.url("moved/feed.rss")
    source = site.source([old, new] if old_first else [new, old])

    with caplog.at_level(logging.WARNING, logger="integrations.social.rss.source"):
        assert texts(await source.poll()) == [POST]
    why = (f"rss: {old} is read from {new}, as urls' {new} is: each entry would be read twice; "
           f"remove {old} from urls")
    assert source.failing_parts() == {old: why}
    assert [r.getMessage() for r in caplog.records] == [f"rss source feeds: {why}"]
    assert await source.poll() == []
    assert source.failing_parts() == {old: why}


async def test_two_old_addresses_of_one_feed_read_it_once(site: Site) -> None:
    """Neither listed address is where the feed is now: the first read it, the second is
    skipped (one host name and its alias both moved to the same place)."""
    site.put("feed.rss", source="rss20-content-encoded.rss")
    old, other = site.url("moved/feed.rss"), site.url("moved/moved/feed.rss")
    source = site.source([old, other])
    assert texts(await source.poll()) == [POST]
    [why] = source.failing_parts().values()
    assert set(source.failing_parts()) == {other}
    assert why == (f"rss: {other} is read from {site.url('feed.rss')}, as urls' {old} is: each "
                   f"entry would be read twice; remove {other} from urls")


async def test_a_feed_moved_to_another_host_name_is_said_with_it_and_read_once(
        site: Site, caplog: pytest.LogCaptureFixture) -> None:
    site.put("feed.rss", source="rss20-content-encoded.rss")
    old = site.url("elsewhere/feed.rss")
    source = site.source([old])
    with caplog.at_level(logging.WARNING, logger="integrations.social.rss.source"):
        assert texts(await source.poll()) == [POST]
        assert await source.poll() == []
    there = site.url("feed.rss").replace("127.0.0.1", "localhost")
    assert [r.getMessage() for r in caplog.records] == [
        f"rss source feeds: {old} has moved for good to {there} (301): put the new URL in urls"]
