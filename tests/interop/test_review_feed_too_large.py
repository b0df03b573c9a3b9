"""A feed too large to read, said with what to do (a feed reader operator's review,
2026-12-07, test failing before), served by a real nginx.

A feed over the 10 MB a feed is read with was said ``is larger than 10485760 bytes``, and one
over what a response may hold (``capped.MAX_RESPONSE``; a podcast's every episode, a site's
whole archive, a file that is no feed) ``failed: ResponseTooLarge: response of ... bytes, over
the ... a response may hold``: neither said what to put in urls, as the feed guard's refusals
of a feed with too many tags do (``guard.SHORTER``)."""

from __future__ import annotations

import httpx
import pytest

from bot.core.errors import SourceError
from integrations.social.common.capped import capped_client
from integrations.social.rss.guard import SHORTER
from integrations.social.rss.source import MAX_BODY, RssSource
from tests.interop.test_feeds_real import FEEDS, Site, site, texts

__all__ = ["site"]


def _padded(size: int) -> bytes:
    good = (FEEDS / "rss20-content-encoded.rss").read_bytes()
    return good.replace(b"<channel>", b"<channel><!-- " + b"x" * size + b" -->", 1)


async def test_a_feed_over_what_a_feed_is_read_with_says_to_put_a_shorter_one(
        site: Site) -> None:
    body = _padded(MAX_BODY)
    big = site.put("big.rss", body)
    feed = site.put("feed.rss", source="rss20-content-encoded.rss")
    source = site.source([big, feed])
    assert texts(await source.poll()) == ["Postmortem: the checkout outage of 22 November"]
    assert source.failing_parts() == {
        big: f"rss: {big} is {len(body):,} bytes, more than the {MAX_BODY:,} a feed is "
             f"read with{SHORTER}"}


async def test_a_response_over_what_one_may_hold_says_to_put_a_shorter_feed(
        site: Site) -> None:
    body = _padded(2 * 1024 * 1024)
    big = site.put("huge.rss", body)
    source = site.source([big])
    async with capped_client(limit=1024 * 1024, timeout=httpx.Timeout(20.0)) as client:
        capped = RssSource(source.config, store=site.store, client=client, clock=site.clock)
        with pytest.raises(SourceError):  # its only feed failed: the poll fails
            await capped.poll()
    [(url, why)] = capped.failing_parts().items()
    assert url == big
    assert why == (f"rss: {big} failed: ResponseTooLarge: response of {len(body):,} "
                   f"bytes, over the {1024 * 1024:,} a response may hold{SHORTER}")
